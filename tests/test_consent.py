"""Image consent forms back as data: forms filled as Word fills them, and saved again by
LibreOffice, read into a CSV; the CSV into the staff "do not photograph" list.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import docx
import pytest
from docx2python import docx2python
from lxml import etree

from conftest import all_text, part_xml, run_cli, style_name
from policykit.pdf import find_libreoffice

Build = Callable[[str], Path]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
USES = [
    "displays",
    "learning-records",
    "newsletter",
    "website",
    "social-media",
    "video",
    "press",
    "photographer",
    "names",
]
needs_libreoffice = pytest.mark.skipif(
    find_libreoffice() is None, reason="LibreOffice is not installed"
)


def fill(
    form: Path,
    out: Path,
    ticks: Mapping[str, str],
    fields: Mapping[str, str],
    *,
    both: tuple[str, ...] = (),
) -> Path:
    """Fill a form as Word does: tick boxes (w14:checked and the ☒ glyph) and the text of
    the field content controls (placeholder flag removed)."""
    with zipfile.ZipFile(form) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = sdt.find("w:sdtPr/w:tag", NS)
        name = tag.get(f"{{{W}}}val") if tag is not None else ""
        box = sdt.find("w:sdtPr/w14:checkbox", NS)
        if box is not None and name.startswith("consent-"):
            use, answer = name[len("consent-") :].rsplit("-", 1)
            tick = ticks.get(use) == answer.capitalize() or use in both
            if tick:
                box.find("w14:checked", NS).set(f"{{{W14}}}val", "1")
                sdt.find("w:sdtContent//w:t", NS).text = "\u2612"
        elif name in fields:
            placeholder = sdt.find("w:sdtPr/w:showingPlcHdr", NS)
            if placeholder is not None:
                placeholder.getparent().remove(placeholder)
            sdt.find("w:sdtContent//w:t", NS).text = fields[name]
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


def resave_with_libreoffice(form: Path, folder: Path) -> Path:
    """Open and save the form again with LibreOffice (headless), as a school office might."""
    folder.mkdir(parents=True, exist_ok=True)
    soffice = find_libreoffice()
    assert soffice is not None
    profile = folder / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(form),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / form.name


PARENT = "field-parent-or-carer-"


def parent_fields(
    child: str, klass: str, name: str = "Jo Bloggs", date: str = "17/09/2025"
) -> dict[str, str]:
    return {
        f"{PARENT}child": child,
        f"{PARENT}class": klass,
        f"{PARENT}name": name,
        f"{PARENT}relationship": "Mother",
        f"{PARENT}date": date,
    }


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def oak_form(built: Build) -> Path:
    return built("oakfield-primary") / "image-consent-form.docx"


def test_form_is_identified_and_fillable(oak_form: Path) -> None:
    custom = part_xml(oak_form, "docProps/custom.xml")
    assert '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2"' in custom
    assert "<vt:lpwstr>oakfield-primary</vt:lpwstr>" in custom
    assert "<vt:lpwstr>image-consent-form</vt:lpwstr>" in custom
    assert ",".join(USES) in custom
    types = part_xml(oak_form, "[Content_Types].xml")
    assert 'PartName="/docProps/custom.xml"' in types
    body = part_xml(oak_form, "word/document.xml")
    for field in ("child", "class", "name", "relationship", "date"):
        assert f'<w:tag w:val="{PARENT}{field}"/>' in body
    assert body.count("<w:text/>") == 5  # the five typed fields; the signature is by hand
    # python-docx and docx2python still read it; the empty fields print as blank space.
    assert "Child's name" in all_text(oak_form)
    assert docx2python(oak_form).text
    props = docx.Document(str(oak_form)).core_properties
    assert props.title == "Photographs and video consent form"


def test_word_filled_forms_to_csv(oak_form: Path, tmp_path: Path) -> None:
    yes_all = dict.fromkeys(USES, "Yes")
    forms = tmp_path / "returned"
    forms.mkdir()
    fill(oak_form, forms / "amira.docx", yes_all, parent_fields("Amira Hussain", "Oak"))
    fill(
        oak_form,
        forms / "ben.docx",
        yes_all | {"website": "No", "social-media": "No", "press": "No"},
        parent_fields("Ben Carter", "Ash", date="3rd September 2025"),
    )
    fill(  # one use left unanswered, one ticked both ways, no date: unsigned
        oak_form,
        forms / "cara.docx",
        {u: "Yes" for u in USES if u != "video"},
        parent_fields("Cara Lewis", "Oak", date=""),
        both=("names",),
    )
    out = tmp_path / "consent.csv"
    code, stdout, stderr = run_cli(
        "consent",
        "read",
        str(forms),
        "-o",
        str(out),
        "--school",
        "examples/oakfield-primary",
    )
    assert code == 0, stderr
    assert "read 3 forms (1 with problems to check)" in stdout
    assert "cara.docx: warning: Video and live streams: neither Yes nor No ticked" in stderr
    assert "cara.docx: warning: Name with photographs: ticked both Yes and No" in stderr
    assert "cara.docx: warning: unsigned: no name and date filled in" in stderr
    rows = {r["child"]: r for r in read_csv(out)}
    assert list(read_csv(out)[0])[:6] == [
        "child",
        "class",
        "parent_or_carer",
        "relationship",
        "date",
        "displays",
    ]
    ben = rows["Ben Carter"]
    assert (ben["class"], ben["parent_or_carer"], ben["relationship"]) == (
        "Ash",
        "Jo Bloggs",
        "Mother",
    )
    assert ben["date"] == "2025-09-03"
    assert [ben[u] for u in USES] == ["Yes", "Yes", "Yes", "No", "No", "Yes", "No", "Yes", "Yes"]
    assert ben["problems"] == "" and ben["signed_by"] == "Parent or carer"
    cara = rows["Cara Lewis"]
    assert cara["video"] == "" and cara["names"] == "" and cara["displays"] == "Yes"
    assert cara["signed_by"] == ""
    assert rows["Amira Hussain"]["date"] == "2025-09-17"

    # The staff list: Ben for three uses, Cara for the two not answered clearly.
    listing = tmp_path / "staff"
    code, stdout, stderr = run_cli(
        "consent",
        "list",
        str(out),
        "-o",
        str(listing),
        "--no-pdf",
        "--school",
        "examples/oakfield-primary",
    )
    assert code == 0, stderr
    assert "listed 2 of 3 children" in stdout
    document = docx.Document(str(listing / "do-not-photograph.docx"))
    text = all_text(listing / "do-not-photograph.docx")
    assert "CONFIDENTIAL: for staff only." in text
    headings = [p.text for p in document.paragraphs if style_name(p) == "Heading 1"]
    assert headings == ["Ash", "Oak"]  # grouped by class, in order
    tables = {t.rows[1].cells[0].text: t for t in document.tables}
    assert tables["Ben Carter"].rows[1].cells[1].text == "Website, Social media, Press"
    assert (
        tables["Cara Lewis"].rows[1].cells[1].text
        == "Video and live streams, Name with photographs"
    )
    assert "Amira Hussain" not in text
    assert document.core_properties.category == "confidential"


@needs_libreoffice
@pytest.mark.libreoffice
def test_forms_saved_by_libreoffice_read_back(oak_form: Path, tmp_path: Path) -> None:
    choices = {u: ("No" if u in ("press", "names") else "Yes") for u in USES}
    filled = fill(oak_form, tmp_path / "dev.docx", choices, parent_fields("Dev Sharma", "Elm"))
    blank = shutil.copy(oak_form, tmp_path / "blank.docx")
    saved = [
        resave_with_libreoffice(filled, tmp_path / "lo"),
        resave_with_libreoffice(Path(blank), tmp_path / "lo"),
    ]
    # LibreOffice rewrote the document: the boxes' tags are gone, the states are not.
    assert "consent-press-no" not in part_xml(saved[0], "word/document.xml")
    out = tmp_path / "consent.csv"
    code, _, stderr = run_cli(
        "consent",
        "read",
        *map(str, saved),
        "-o",
        str(out),
        "--school",
        "examples/oakfield-primary",
    )
    assert code == 0, stderr
    rows = {r["form"]: r for r in read_csv(out)}
    dev = rows["dev.docx"]
    assert (dev["child"], dev["class"], dev["parent_or_carer"]) == (
        "Dev Sharma",
        "Elm",
        "Jo Bloggs",
    )
    assert [dev[u] for u in USES] == [choices[u] for u in USES]
    assert dev["problems"] == ""
    empty = rows["blank.docx"]
    assert all(empty[u] == "" for u in USES)
    assert "unsigned" in empty["problems"] and "no child's name" in empty["problems"]


def test_forms_that_are_not_this_schools(oak_form: Path, built: Build, tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    other = built("riverside-academy") / "image-consent-form.docx"
    shutil.copy(other, forms / "riverside.docx")
    shutil.copy(built("oakfield-primary") / "parent-carer-agreement.docx", forms / "agree.docx")
    (forms / "notes.docx").write_bytes(b"not a zip")
    plain = docx.Document()
    plain.add_paragraph("A form someone typed")
    plain.save(str(forms / "typed.docx"))
    out = tmp_path / "consent.csv"
    code, _, stderr = run_cli(
        "consent", "read", str(forms), "-o", str(out), "--school", "examples/oakfield-primary"
    )
    assert code == 1
    assert (
        "riverside.docx: error: this form was issued by 'riverside-academy', not Oakfield" in stderr
    )
    assert "agree.docx: error: this is policykit's 'parent-carer-agreement'" in stderr
    assert "notes.docx: error: cannot read the form: not a .docx file" in stderr
    assert "typed.docx: error: this form was not issued by policykit" in stderr
    assert "nothing was written" in stderr
    assert not out.exists()


def test_older_version_of_the_form(oakfield: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    assert run_cli("build", str(oakfield), "-o", str(old), "-q")[0] == 0
    filled = fill(
        old / "image-consent-form.docx",
        tmp_path / "eve.docx",
        dict.fromkeys(USES, "Yes"),
        parent_fields("Eve Adams", "Oak"),
    )
    school = oakfield / "school.yml"
    # A change elsewhere in the school file leaves the form as it was: not "older".
    school.write_text(
        school.read_text().replace("name: Helen Marsh}", "name: Helen Marsh-Jones}"),
        encoding="utf-8",
    )
    code, _, stderr = run_cli(
        "consent", "read", str(filled), "-o", str(tmp_path / "a.csv"), "--school", str(oakfield)
    )
    assert code == 0 and "older version" not in stderr
    school.write_text(
        school.read_text().replace("press, photographer, names]", "photographer, names]"),
        encoding="utf-8",
    )
    code, _, stderr = run_cli(
        "consent", "read", str(filled), "-o", str(tmp_path / "b.csv"), "--school", str(oakfield)
    )
    assert code == 0
    assert "eve.docx: warning: an older version of the form" in stderr
    (row,) = read_csv(tmp_path / "b.csv")
    assert "press" not in row and row["displays"] == "Yes"
    code, _, stderr = run_cli(
        "consent",
        "read",
        str(filled),
        "-o",
        str(tmp_path / "c.csv"),
        "--school",
        str(oakfield),
        "--strict",
    )
    assert code == 1 and not (tmp_path / "c.csv").exists()


def test_csv_cells_are_never_formulas(oak_form: Path, tmp_path: Path) -> None:
    filled = fill(
        oak_form,
        tmp_path / "f.docx",
        dict.fromkeys(USES, "Yes"),
        parent_fields('=HYPERLINK("http://x")', "Oak"),
    )
    out = tmp_path / "c.csv"
    assert (
        run_cli(
            "consent", "read", str(filled), "-o", str(out), "--school", "examples/oakfield-primary"
        )[0]
        == 0
    )
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")


@needs_libreoffice
@pytest.mark.libreoffice
def test_list_as_pdf(tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    out.write_text(
        "child,class,parent_or_carer,relationship,date,displays,website,signed_by,problems,"
        "form,school\r\nZed Young,7B,A,Father,2025-09-01,Yes,No,Parent or carer,,z.docx,"
        "Riverside Academy\r\n",
        encoding="utf-8",
    )
    code, _stdout, stderr = run_cli("consent", "list", str(out), "-o", str(tmp_path / "l.docx"))
    assert code == 0, stderr
    pdf = tmp_path / "l.pdf"
    assert pdf.is_file()
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "CONFIDENTIAL" in text and "Zed Young" in text and "Website" in text
    assert "Riverside Academy" in all_text(tmp_path / "l.docx")


def test_list_refuses_other_csv(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("name,class\r\nA,B\r\n", encoding="utf-8")
    code, _, stderr = run_cli("consent", "list", str(bad), "-o", str(tmp_path / "o"))
    assert code == 1
    assert "x.csv:1:1: error: this is not a CSV written by 'policykit consent read'" in stderr
