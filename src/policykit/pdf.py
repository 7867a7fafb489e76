"""PDF copies of built documents, converted by LibreOffice in one headless run.

LibreOffice writes every output into one folder, so the documents of a whole build
(several packs, with the same file names) are staged under unique names, converted
together, and moved back beside their ``.docx``. A private LibreOffice profile keeps
the conversion independent of any LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from policykit.errors import Location, PolicykitError

__all__ = ["convert_to_pdf", "find_libreoffice"]

# Tagged PDF keeps headings, tables and alternative text for screen readers.
_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def find_libreoffice() -> str | None:
    """The LibreOffice program, if installed (``POLICYKIT_SOFFICE`` overrides)."""
    override = os.environ.get("POLICYKIT_SOFFICE")
    if override is not None:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(files: Sequence[Path]) -> list[Path]:
    """Convert ``files`` to PDF beside themselves; returns the PDFs in the same order."""
    if not files:
        return []
    program = find_libreoffice()
    if program is None:
        raise PolicykitError.single(
            "PDF output needs LibreOffice, which is not installed",
            None,
            "install it (e.g. 'apt-get install libreoffice-writer-nogui'), or build without"
            " --format pdf",
        )
    with tempfile.TemporaryDirectory(prefix="policykit-pdf-") as work:
        root = Path(work)
        staged = root / "in"
        converted = root / "out"
        staged.mkdir()
        names: list[str] = []
        for index, file in enumerate(files):
            name = f"{index:05d}-{file.stem}"
            shutil.copyfile(file, staged / f"{name}.docx")
            names.append(name)
        command = [
            program,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            _FILTER,
            "--outdir",
            str(converted),
            *(str(staged / f"{n}.docx") for n in names),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=120 + 15 * len(files),
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PolicykitError.single(
                "LibreOffice took too long to convert the documents to PDF",
                None,
                "close other LibreOffice windows and retry, or build without --format pdf",
            ) from None
        pdfs: list[Path] = []
        for name, file in zip(names, files, strict=True):
            made = converted / f"{name}.pdf"
            if not made.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise PolicykitError.single(
                    f"LibreOffice did not convert {file.name} to PDF"
                    + (f": {detail[-1]}" if detail else ""),
                    Location.of(file),
                    "open the document in LibreOffice to see what it reports",
                )
            target = file.with_suffix(".pdf")
            shutil.move(made, target)
            pdfs.append(target)
    return pdfs
