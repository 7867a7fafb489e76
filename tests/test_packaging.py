"""The package ships its built-in library: `pip install .` alone can build a pack."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("policykit-*.whl")
    return built


def test_the_wheel_holds_the_library_and_py_typed(wheel: Path) -> None:
    """Clauses, specs, profiles, the template and py.typed are package data."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "policykit/py.typed" in names
    assert "policykit/_library/templates/house-style.docx" in names
    assert "policykit/_library/profiles/topics.yml" in names
    for setting in ("early-years", "primary", "secondary", "trust"):
        assert f"policykit/_library/profiles/{setting}.yml" in names
    shipped = {n for n in names if n.startswith("policykit/_library/clauses/")}
    on_disk = {
        f"policykit/_library/clauses/{p.relative_to(ROOT / 'clauses').as_posix()}"
        for p in (ROOT / "clauses").rglob("*.md")
    }
    assert shipped == on_disk
    assert len(on_disk) > 90


def test_the_installed_package_builds_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """Unpacked wheel, run from elsewhere: the built-in library comes from the package."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import policykit, policykit.library as lib;"
        "assert policykit.__file__.startswith(sys.argv[1]), policykit.__file__;"
        "assert str(lib.builtin_root()).startswith(sys.argv[1]), lib.builtin_root();"
        "from policykit.cli import main;"
        "sys.exit(main(['build', sys.argv[2], '-o', 'out', '-q', '--jobs', '1']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(site), str(ROOT / "examples" / "oakfield-primary")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "online-safety-policy.docx").is_file()
