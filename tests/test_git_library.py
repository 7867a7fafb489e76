"""Trust clause libraries in real git repositories: pins, updates, layers, what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from conftest import EXAMPLES, all_text, run_cli

AIMS_V1 = """---
title: Aims of this policy
edition: 1e
topics: [aims-scope, kent-safeguarding-not-ict]
changes:
  - {edition: 1e, date: 2025-06-01, summary: The trust's own aims.}
---
Across our trust, {{ school.name }} keeps every one of its {{ roles.pupils }} safe online.
Online safety is part of safeguarding and everyone's responsibility.
"""

AIMS_V2 = (
    AIMS_V1.replace("edition: 1e\n", "edition: 1e1u\n")
    .replace(
        "  - {edition: 1e, date: 2025-06-01, summary: The trust's own aims.}",
        "  - {edition: 1e, date: 2025-06-01, summary: The trust's own aims.}\n"
        "  - {edition: 1e1u, date: 2026-06-01, summary: Adds pupils' use of AI at home.}",
    )
    .replace("responsibility.", "responsibility, at school and at home.")
)

SCOPE_LOCKED = """---
title: Scope
edition: 2e
locked: true
topics: [aims-scope]
changes:
  - {edition: 2e, date: 2025-06-01, summary: Trust-wide scope.}
---
This policy covers everyone in {{ school.name }} and every device they use for school.
"""

SCOPE_V2 = (
    SCOPE_LOCKED.replace("edition: 2e\n", "edition: 2e1c\n")
    .replace(
        "  - {edition: 2e, date: 2025-06-01, summary: Trust-wide scope.}",
        "  - {edition: 2e, date: 2025-06-01, summary: Trust-wide scope.}\n"
        "  - {edition: 2e1c, date: 2026-06-02, summary: Corrects a typing error.}",
    )
    .replace("use for school", "use for schoolwork")
)


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout.strip()


def commit_all(repo: Path, message: str, tag: str | None = None) -> str:
    git("add", "-A", cwd=repo)
    git(
        "-c",
        "user.name=Trust",
        "-c",
        "user.email=it@trust.example.org",
        "commit",
        "-qm",
        message,
        cwd=repo,
    )
    if tag:
        git("tag", tag, cwd=repo)
    return git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture
def trust_repo(tmp_path: Path) -> dict[str, Any]:
    """A clause library in git: v1 with two clauses, v2 with an update and a correction."""
    repo = tmp_path / "trust-clauses"
    (repo / "clauses" / "policy").mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=repo)
    (repo / "clauses" / "policy" / "aims.md").write_text(AIMS_V1)
    (repo / "clauses" / "policy" / "scope.md").write_text(SCOPE_LOCKED)
    v1 = commit_all(repo, "v1", "v1")
    (repo / "clauses" / "policy" / "aims.md").write_text(AIMS_V2)
    (repo / "clauses" / "policy" / "scope.md").write_text(SCOPE_V2)
    v2 = commit_all(repo, "v2", "v2")
    return {"path": repo, "v1": v1, "v2": v2}


@pytest.fixture
def pinned_school(copy_example: Callable[[str], Path], trust_repo: dict[str, Any]) -> Path:
    """Oakfield, building from the trust library pinned at v1."""
    school = copy_example("oakfield-primary")
    data = yaml.safe_load((school / "school.yml").read_text())
    data["library"] = {"git": str(trust_repo["path"]), "ref": "v1"}
    (school / "school.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return school


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text())
    return data


def test_a_school_pinned_to_v1_builds_from_v1(
    pinned_school: Path, trust_repo: dict[str, Any], tmp_path: Path
) -> None:
    """The manifest records the git source, ref and commit, and the library layer's clauses."""
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(pinned_school), "-o", str(out), "-q", "--jobs", "1")
    assert code == 0, err
    data = manifest(out)
    assert data["library"] == {
        "source": str(trust_repo["path"]),
        "ref": "v1",
        "commit": trust_repo["v1"],
    }
    policy = next(d for d in data["documents"] if d["id"] == "online-safety-policy")
    clauses = {c["id"]: c for c in policy["clauses"]}
    assert (
        clauses["policy/aims"]["edition"] == "1e" and clauses["policy/aims"]["layer"] == "library"
    )
    assert clauses["policy/legislation"]["layer"] == "builtin"
    assert "Across our trust, Oakfield Primary School" in all_text(
        out / "online-safety-policy.docx"
    )


def test_update_to_v2_rewrites_the_lock_and_reports_changes(
    pinned_school: Path, trust_repo: dict[str, Any]
) -> None:
    """update --to v2 pins v2 in policykit.lock and lists the two edited clauses."""
    code, out, err = run_cli("update", str(pinned_school), "--to", "v1")
    assert code == 0, err
    lock = json.loads((pinned_school / "policykit.lock").read_text())
    assert lock["library"]["ref"] == "v1" and lock["library"]["commit"] == trust_repo["v1"]
    code, out, err = run_cli("update", str(pinned_school), "--to", "v2")
    assert code == 0, err
    lock = json.loads((pinned_school / "policykit.lock").read_text())
    assert lock["library"] == {
        "source": str(trust_repo["path"]),
        "ref": "v2",
        "commit": trust_repo["v2"],
    }
    assert lock["clauses"]["policy/aims"]["edition"] == "1e1u"
    assert lock["approvals"][0]["ref"] == "v1"
    assert "policy/aims" in out and "1e -> 1e1u" in out and "policy/scope" in out


def test_changes_lists_exactly_the_clauses_edited_between_tags(pinned_school: Path) -> None:
    """changes --since v1 on a school at v2: the two edited clauses, levels and summaries."""
    assert run_cli("update", str(pinned_school), "--to", "v2")[0] == 0
    code, out, err = run_cli("changes", str(pinned_school), "--since", "v1")
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("  online-safety-policy")]
    assert len(rows) == 2
    aims = next(r for r in rows if "policy/aims" in r)
    scope = next(r for r in rows if "policy/scope" in r)
    assert "1e -> 1e1u" in aims and "update: read the change" in aims
    assert "Adds pupils' use of AI at home." in aims
    assert "2e -> 2e1c" in scope and "correction" in scope and "Corrects a typing error." in scope


def test_the_documents_change_table_matches(pinned_school: Path, tmp_path: Path) -> None:
    """After updating from v1 to v2 the policy's change table shows the same rows."""
    assert run_cli("update", str(pinned_school), "--to", "v1")[0] == 0
    assert run_cli("update", str(pinned_school), "--to", "v2")[0] == 0
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(pinned_school), "-o", str(out), "-q", "--jobs", "1")
    assert code == 0, err
    document = docx.Document(str(out / "online-safety-policy.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Clause")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert sorted(r[0] for r in rows) == ["Aims of this policy", "Scope"]
    aims = next(r for r in rows if r[0] == "Aims of this policy")
    assert aims[1] == "1e → 1e1u" and aims[2] == "read the change"
    _, changes_out, _ = run_cli("changes", str(pinned_school))
    assert "1e -> 1e1u" in changes_out and "2e -> 2e1c" in changes_out


def test_the_lock_is_used_when_the_file_asks_for_another_ref(
    pinned_school: Path, tmp_path: Path
) -> None:
    """build follows policykit.lock, and warns that the school file disagrees."""
    assert run_cli("update", str(pinned_school), "--to", "v1")[0] == 0
    text = (pinned_school / "school.yml").read_text().replace("ref: v1", "ref: v2")
    (pinned_school / "school.yml").write_text(text)
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(pinned_school), "-o", str(out), "-q", "--jobs", "1")
    assert code == 0
    assert manifest(out)["library"]["ref"] == "v1"
    assert "the lock pins v1" in err


def test_check_outdated_returns_its_code(pinned_school: Path) -> None:
    """A school on v1 when v2 exists: check --outdated exits 3; at v2 it exits 0."""
    code, out, _ = run_cli("check", str(pinned_school), "--outdated")
    assert code == 3
    assert "pinned to v1, but v2 is the newest tag" in out
    assert run_cli("update", str(pinned_school))[0] == 0  # default: the newest tag
    assert run_cli("check", str(pinned_school), "--outdated")[0] == 0


def test_replacing_a_locked_clause_names_both_files(pinned_school: Path) -> None:
    """A school's local copy of a locked trust clause is refused."""
    local = pinned_school / "local" / "clauses" / "policy"
    local.mkdir(parents=True)
    (local / "scope.md").write_text(SCOPE_LOCKED.replace("locked: true\n", ""))
    text = (
        (pinned_school / "school.yml").read_text().replace("local:\n", "local:\n  clauses: local\n")
    )
    (pinned_school / "school.yml").write_text(text)
    code, _, err = run_cli("check", str(pinned_school))
    assert code == 1
    assert "local/clauses/policy/scope.md" in err
    assert (
        "which the trust has locked in" in err
        and "clauses/policy/scope.md" in err.split("locked in")[1]
    )


def test_replacing_a_trust_clause_needs_a_recorded_deviation(pinned_school: Path) -> None:
    """Without a deviation the check fails naming both files; with one it passes."""
    local = pinned_school / "local" / "clauses" / "policy"
    local.mkdir(parents=True)
    (local / "aims.md").write_text(AIMS_V1.replace("Across our trust", "At our school"))
    text = (
        (pinned_school / "school.yml").read_text().replace("local:\n", "local:\n  clauses: local\n")
    )
    (pinned_school / "school.yml").write_text(text)
    code, _, err = run_cli("check", str(pinned_school))
    assert code == 1
    assert (
        "replaces the trust's clause 'policy/aims'" in err and "without a recorded deviation" in err
    )
    text = text.replace(
        "local:\n",
        "local:\n  deviations:\n    - {clause: policy/aims, reason: Our own aims,"
        " approved_by: Trust board, date: 2025-09-01}\n",
    )
    (pinned_school / "school.yml").write_text(text)
    code, _, err = run_cli("check", str(pinned_school))
    assert code == 0, err


def test_builds_work_offline_from_the_cache(
    pinned_school: Path, trust_repo: dict[str, Any], tmp_path: Path
) -> None:
    """Once fetched, a tag builds even when the repository is gone."""
    assert run_cli("check", str(pinned_school))[0] == 0
    shutil.rmtree(trust_repo["path"])
    code, _, err = run_cli(
        "build", str(pinned_school), "-o", str(tmp_path / "out"), "-q", "--jobs", "1"
    )
    assert code == 0, err


def test_a_ref_that_does_not_exist_is_a_clear_error(pinned_school: Path) -> None:
    """An unknown ref lists the tags that do exist."""
    text = (pinned_school / "school.yml").read_text().replace("ref: v1", "ref: v9")
    (pinned_school / "school.yml").write_text(text)
    code, _, err = run_cli("check", str(pinned_school))
    assert code == 1
    assert "ref 'v9' does not exist" in err and "v2, v1" in err
    assert "Traceback" not in err


def test_an_unreachable_url_is_a_clear_error(pinned_school: Path, tmp_path: Path) -> None:
    """A repository that cannot be fetched is reported with the URL."""
    text = (pinned_school / "school.yml").read_text()
    data = yaml.safe_load(text)
    data["library"]["git"] = (tmp_path / "no-such-repo").as_uri()
    (pinned_school / "school.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    code, _, err = run_cli("check", str(pinned_school))
    assert code == 1
    assert "cannot fetch the git library" in err and "no-such-repo" in err


def test_the_trust_example_builds_from_its_library_in_git(
    copy_example: Callable[[str], Path], tmp_path: Path
) -> None:
    """The Northgate trust's library, put into git from the example's files, builds every school."""
    trust = copy_example("northgate-learning-trust")
    repo = tmp_path / "northgate-clauses.git-src"
    shutil.copytree(EXAMPLES / "northgate-learning-trust" / "library", repo)
    git("init", "-q", "-b", "main", cwd=repo)
    commit = commit_all(repo, "Northgate clauses 2025.1", "v2025.1")
    text = (
        (trust / "trust.yml")
        .read_text()
        .replace("library: {path: library}", f"library: {{git: {repo.as_uri()}, ref: v2025.1}}")
    )
    assert "git:" in text
    (trust / "trust.yml").write_text(text)
    shutil.rmtree(trust / "library")
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(trust), "-o", str(out), "-q", "--jobs", "2")
    assert code == 0, err
    index = json.loads((out / "packs.json").read_text())
    assert len(index["packs"]) >= 4
    for pack in index["packs"]:
        data = manifest(out / pack["folder"])
        assert data["library"]["commit"] == commit
