"""PDF copies through LibreOffice: every example document converts, in one run per build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, SCHOOL_EXAMPLES, TRUST_EXAMPLE, run_cli
from policykit.pdf import find_libreoffice

HAVE_TOOLS = find_libreoffice() is not None and shutil.which("pdftotext") is not None
# Locally the PDF tests skip without LibreOffice; in CI they must run (.ci/run installs it).
needs_libreoffice = pytest.mark.skipif(
    not HAVE_TOOLS and not os.environ.get("CI"), reason="LibreOffice or pdftotext not installed"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def long_date(iso: str) -> str:
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B} {day.year}"


@needs_libreoffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("name", [*SCHOOL_EXAMPLES, TRUST_EXAMPLE])
def test_every_document_converts_to_pdf(name: str, tmp_path: Path) -> None:
    """--format docx,pdf: a PDF beside each document, holding the school name and next review."""
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", str(EXAMPLES / name), "-o", str(out), "--format", "docx,pdf", "-q", "--jobs", "1"
    )
    assert code == 0, err
    packs = (
        [out / p["folder"] for p in json.loads((out / "packs.json").read_text())["packs"]]
        if (out / "packs.json").exists()
        else [out]
    )
    converted = 0
    for pack in packs:
        manifest = json.loads((pack / "manifest.json").read_text())
        for entry in manifest["documents"]:
            pdf = pack / entry["pdf"]
            text = pdf_text(pdf)
            flat = " ".join(text.split())
            assert manifest["school"]["name"] in flat, pdf
            assert long_date(entry["next_review"]) in flat, pdf
            converted += 1
    assert converted == sum(len(list(p.glob("*.docx"))) for p in packs)


def test_a_clear_error_when_libreoffice_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without LibreOffice, --format pdf fails with a hint and writes nothing."""
    monkeypatch.setenv("POLICYKIT_SOFFICE", "no-such-libreoffice-program")
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", str(EXAMPLES / "oakfield-primary"), "-o", str(out), "--format", "pdf"
    )
    assert code == 1
    assert "PDF output needs LibreOffice, which is not installed" in err
    assert "apt-get install libreoffice-writer-nogui" in err
    assert not out.exists()
