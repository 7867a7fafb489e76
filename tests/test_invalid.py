"""The corpus of bad inputs: every case fails cleanly, says where and why, writes nothing.

Each folder in tests/invalid/ holds ``case.yml`` and an ``input/`` folder. The case
names the command to run (``check`` by default; ``build`` writes to ``out/`` unless
``out`` says otherwise), optional ``setup`` steps, and the lines the error output must
contain. See tests/invalid/README.md.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import run_cli, tree_snapshot

CORPUS = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yml").is_file())


def test_the_corpus_is_large_enough() -> None:
    """Issue #7 asks for at least 40 kinds of bad input."""
    assert len(CASES) >= 40


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _setup(step: str, work: Path) -> None:
    """Named preparations a case can ask for."""
    if step == "git-repo":
        # input/library-repo/ becomes a git repository tagged v1, at work/repo.
        repo = work / "repo"
        shutil.move(str(work / "input" / "library-repo"), repo)
        _git("init", "-q", "-b", "main", cwd=repo)
        _git("add", "-A", cwd=repo)
        _git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "v1", cwd=repo)
        _git("tag", "v1", cwd=repo)
    else:  # pragma: no cover - a mistake in a case file
        raise AssertionError(f"unknown setup step {step!r}")


@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_cleanly(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 1, every expected line, a hint, no traceback, nothing written."""
    case = yaml.safe_load((CORPUS / name / "case.yml").read_text(encoding="utf-8"))
    work = tmp_path / name
    shutil.copytree(CORPUS / name, work)
    for step in case.get("setup", []):
        _setup(step, work)
    monkeypatch.chdir(work)
    before = tree_snapshot(work)
    out_existed = (work / case.get("out", "out")).exists()
    command = str(case.get("command", "check")).split()
    args = [*command, case.get("path", "input")]
    out = work / case.get("out", "out")
    if command[0] == "build":
        args += [
            "-o",
            str(out.relative_to(work)) if out.is_relative_to(work) else str(out),
            "--jobs",
            "1",
        ]
    code, stdout, stderr = run_cli(*args)
    assert code == 1, f"exit {code}\n{stdout}\n{stderr}"
    for line in case["expect"]:
        assert line in stderr, f"missing: {line!r}\n--- stderr ---\n{stderr}"
    assert "hint:" in stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert "nothing was written" in stderr
    assert tree_snapshot(work) == before, "the failed command changed files"
    if not out_existed:
        assert not out.exists(), "the failed build created its output folder"
