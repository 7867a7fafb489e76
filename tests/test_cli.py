"""The command line: commands, exit codes, and what a new user sees."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import policykit
from conftest import EXAMPLES, run_cli, tree_snapshot


def test_version_prints_the_version() -> None:
    """--version answers at once."""
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.strip() == f"policykit {policykit.__version__}"


@pytest.mark.parametrize("command", ["build", "check", "coverage", "changes", "update"])
def test_every_command_has_help(command: str) -> None:
    """--help works on each command and exits 0."""
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    assert f"usage: policykit {command}" in out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["build"],
        ["build", "x", "--format", "odt"],
        ["build", "x", "--jobs", "0"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    """Wrong usage is exit 2, with argparse's message."""
    code, _, err = run_cli(*args)
    assert code == 2
    assert "usage:" in err


def test_build_writes_the_policy_and_manifest(chdir_tmp: Path) -> None:
    """The README's example: build writes out/online-safety-policy.docx and out/manifest.json."""
    code, out, err = run_cli(
        "build", str(EXAMPLES / "oakfield-primary"), "-o", "out", "--jobs", "1"
    )
    assert code == 0, err
    assert (chdir_tmp / "out" / "online-safety-policy.docx").is_file()
    manifest = json.loads((chdir_tmp / "out" / "manifest.json").read_text())
    assert manifest["policykit"] == policykit.__version__
    assert manifest["school"] == {
        "name": "Oakfield Primary School",
        "slug": "oakfield-primary",
        "setting": "primary",
    }
    assert manifest["library"]["source"] == "builtin"
    for entry in manifest["documents"]:
        assert set(entry) >= {"id", "file", "title", "sha256", "approved", "next_review", "clauses"}
        assert entry["approved"] == "2025-09-15" and entry["next_review"] == "2026-09-15"
        assert all(set(c) >= {"id", "edition", "sha256"} for c in entry["clauses"])
    assert "wrote 1 pack, 11 documents, to out" in out


def test_path_may_be_the_school_file_itself(tmp_path: Path) -> None:
    """PATH is a folder holding school.yml, or the file."""
    code, _, err = run_cli("check", str(EXAMPLES / "oakfield-primary" / "school.yml"))
    assert code == 0, err


def test_a_missing_path_is_a_clear_error() -> None:
    """A path that does not exist is exit 1 with a hint, not a traceback."""
    code, _, err = run_cli("check", "no/such/school")
    assert code == 1
    assert "no such file or folder: no/such/school" in err
    assert "hint:" in err and "Traceback" not in err


def test_errors_are_compiler_style_and_nothing_is_written(oakfield: Path, chdir_tmp: Path) -> None:
    """Several problems at once, path:line:col: error: ..., exit 1, no output folder."""
    text = (oakfield / "school.yml").read_text()
    text = text.replace("  setting: primary", "  setting: primry").replace(
        "review_months: 12", "review_months: twelve"
    )
    (oakfield / "school.yml").write_text(text)
    before = tree_snapshot(oakfield)
    code, _, err = run_cli("build", str(oakfield), "-o", "out")
    assert code == 1
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == 2
    assert all(line.startswith("oakfield-primary/school.yml:") for line in lines)
    assert "policykit: 2 problems found; nothing was written." in err
    assert not (chdir_tmp / "out").exists()
    assert tree_snapshot(oakfield) == before


def test_a_failed_build_keeps_the_previous_output(oakfield: Path, chdir_tmp: Path) -> None:
    """After a good build, a broken one leaves the output exactly as it was."""
    assert run_cli("build", str(oakfield), "-o", "out", "-q", "--jobs", "1")[0] == 0
    before = tree_snapshot(chdir_tmp / "out")
    school = oakfield / "school.yml"
    school.write_text(school.read_text().replace("date: 2025-09-15", "date: 2025-02-30"))
    code, _, err = run_cli("build", str(oakfield), "-o", "out", "-q")
    assert code == 1 and "is not a real date" in err
    assert tree_snapshot(chdir_tmp / "out") == before


def test_internal_errors_exit_70_without_a_bare_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug is reported as an internal error with exit 70."""
    import policykit.api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(policykit.api, "check", broken)
    code, _, err = run_cli("check", str(EXAMPLES / "oakfield-primary"))
    assert code == 70
    assert err.startswith("policykit: internal error: RuntimeError: simulated bug")


def test_check_prints_reading_grades_and_writes_nothing(chdir_tmp: Path) -> None:
    """check reports every pupil agreement's reading grade against its target."""
    code, out, err = run_cli("check", str(EXAMPLES / "oakfield-primary"))
    assert code == 0, err
    assert "Oakfield Primary School: 11 documents" in out
    for document, target in (
        ("pupil-acceptable-use-early-years", "2.5"),
        ("pupil-acceptable-use-ks2", "5"),
        ("pupil-acceptable-use-adapted", "2.5"),
    ):
        line = next(line for line in out.splitlines() if line.endswith(document))
        assert f"(target {target}, ok)" in line
    assert list(chdir_tmp.iterdir()) == []


def test_a_long_sentence_raises_a_reading_warning(copy_example: Callable[[str], Path]) -> None:
    """Making a pupil sentence long makes check warn, naming the document and sentence."""
    school = copy_example("oakfield-primary")
    local = school / "local" / "clauses" / "pupils-ey"
    local.mkdir(parents=True)
    original = (
        Path(__file__).resolve().parents[1] / "clauses" / "pupils-ey" / "promise.md"
    ).read_text()
    head, body = original.split("\n---\n", 1)
    long_line = (
        "- I understand that the technological environment of educational establishments"
        " necessitates comprehensive consideration of institutional responsibilities regarding"
        " information management and communication infrastructure."
    )
    (local / "promise.md").write_text(f"{head}\n---\n{body.rstrip()}\n{long_line}\n")
    text = (school / "school.yml").read_text().replace("local:\n", "local:\n  clauses: local\n")
    (school / "school.yml").write_text(text)
    code, out, err = run_cli("check", str(school))
    assert code == 0, err
    assert "pupil-acceptable-use-early-years: reading grade" in err
    assert "is above the target 2.5" in err
    assert "necessitates comprehensive consideration" in err
    assert "ABOVE TARGET" in out


def test_coverage_shows_no_gap_for_any_example() -> None:
    """Every required topic of every example is covered."""
    for name in (
        "oakfield-primary",
        "little-acorns-nursery",
        "riverside-academy",
        "northgate-learning-trust",
    ):
        code, out, err = run_cli("coverage", str(EXAMPLES / name))
        assert code == 0, err
        assert " 0 gaps" in out
        assert "GAP" not in out


def test_removing_a_clause_shows_the_gap_and_refuses_the_build(
    copy_example: Callable[[str], Path], chdir_tmp: Path
) -> None:
    """Omit the only clause on searching devices: coverage marks the gap and build fails."""
    school = copy_example("oakfield-primary")
    text = (
        (school / "school.yml")
        .read_text()
        .replace(
            "local:\n",
            "local:\n  omit: [{clause: searching/devices, reason: Staff never search pupils.}]\n",
        )
    )
    (school / "school.yml").write_text(text)
    code, out, _ = run_cli("coverage", str(school))
    assert code == 1
    gap = next(line for line in out.splitlines() if "searching-devices" in line)
    assert gap.lstrip().startswith("GAP") and "(none: Searching and examining devices)" in gap
    code, _, err = run_cli("build", str(school), "-o", "out")
    assert code == 1
    assert (
        "required topic 'searching-devices' (Searching and examining devices) is left uncovered"
        " because clause 'searching/devices' is omitted" in err
    )
    assert not (chdir_tmp / "out").exists()


def test_the_python_api_matches_the_cli(tmp_path: Path) -> None:
    """build_pack is pure; Pack.write writes what the CLI writes."""
    pack = policykit.build_pack(EXAMPLES / "oakfield-primary")
    assert next(d.id for d in pack.documents) == "online-safety-policy"
    policy = pack.document("online-safety-policy")
    assert str(policy.next_review) == "2026-09-15"
    assert not (tmp_path / "api").exists()
    pack.write(tmp_path / "api")
    document = docx.Document(str(tmp_path / "api" / "online-safety-policy.docx"))
    assert document.core_properties.title == "Online safety policy"
    report = policykit.check(EXAMPLES / "oakfield-primary")
    assert report.warnings == ()


def test_build_pack_refuses_a_trust_with_a_pointer() -> None:
    """A trust path given to build_pack says to use build_trust."""
    with pytest.raises(policykit.PolicykitError, match="build_trust"):
        policykit.build_pack(EXAMPLES / "northgate-learning-trust")


def test_check_on_a_clause_library_folder(tmp_path: Path) -> None:
    """A trust's library repository is checked on its own: clauses, specs, profiles."""
    library = tmp_path / "clauses-repo"
    clause = library / "clauses" / "policy" / "aims.md"
    clause.parent.mkdir(parents=True)
    clause.write_text(
        "---\ntitle: Aims\nedition: 1e\ntopics: [aims-scope]\n---\nWe are {{ school.name }}.\n"
    )
    code, out, err = run_cli("check", str(library))
    assert code == 0, err
    assert "a clause library of 1 clauses" in out
    clause.write_text("---\ntitle: Aims\nedition: 1e\n---\nAsk {{ people.dsl.name }}.\n")
    code, _, err = run_cli("check", str(library))
    assert code == 1
    assert (
        "aims.md:5: error: clause 'policy/aims' reads people.dsl.name but does not declare it"
        in err
    )


def test_the_pre_commit_hook_runs_policykit_check() -> None:
    """.pre-commit-hooks.yaml offers a hook that runs 'policykit check' on the repository."""
    import yaml

    hooks = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text()
    )
    (hook,) = hooks
    assert hook["id"] == "policykit-check"
    assert hook["entry"] == "policykit check" and hook["args"] == ["."]
    assert hook["pass_filenames"] is False and hook["language"] == "python"
