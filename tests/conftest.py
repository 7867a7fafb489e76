"""Shared fixtures: example folders copied to temporary places, built packs, readers."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHOOL_EXAMPLES = ("oakfield-primary", "little-acorns-nursery", "riverside-academy")
TRUST_EXAMPLE = "northgate-learning-trust"

# Property tests run at least 200 examples in CI (issue #7); 50 locally keeps runs short.
settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git libraries are cached in a per-session temporary folder, never the user's cache."""
    monkeypatch.setenv("POLICYKIT_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def copy_example(tmp_path: Path) -> Callable[[str], Path]:
    """Copy an example folder into the test's temporary folder; returns the copy."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        return target

    return copy


@pytest.fixture
def oakfield(copy_example: Callable[[str], Path]) -> Path:
    """A private copy of the Oakfield Primary example."""
    return copy_example("oakfield-primary")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build an example once per session with the CLI; returns the output folder."""
    from policykit.cli import main

    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            out = tmp_path_factory.mktemp("built") / name
            code = main(["build", str(EXAMPLES / name), "-o", str(out), "-q", "--jobs", "1"])
            assert code == 0, f"building {name} failed with exit code {code}"
            cache[name] = out
        return cache[name]

    return build


def all_text(path: Path) -> str:
    """Every piece of text in a .docx: body, tables, headers and footers."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def style_name(paragraph: Any) -> str:
    """A paragraph's style name ('' when it has none)."""
    style = paragraph.style
    return "" if style is None else str(style.name)


def part_xml(path: Path, name: str) -> str:
    """The XML text of one part of a .docx."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the policykit command in-process; returns (exit code, stdout, stderr)."""
    import io

    from policykit.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run the test from its temporary folder, so relative paths land there."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture(scope="session")
def built_public(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build an example once per session as public Word files plus the website section."""
    from policykit.cli import main

    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            out = tmp_path_factory.mktemp("public") / name
            code = main(
                [
                    "build",
                    str(EXAMPLES / name),
                    "-o",
                    str(out),
                    "-q",
                    "--jobs",
                    "1",
                    "--format",
                    "docx,html",
                    "--public",
                ]
            )
            assert code == 0, f"building {name} (public, html) failed with exit code {code}"
            cache[name] = out
        return cache[name]

    return build
