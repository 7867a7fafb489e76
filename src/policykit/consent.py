"""Image consent forms that come back as data, and the staff "do not photograph" list.

policykit writes the consent form with a Word tick box (a ``w14:checkbox`` content
control) for Yes and for No on each use, a plain-text content control for each field a
parent fills in (the child's name, class, their own name, relationship, date), and
custom document properties saying which school, document and version of the form it
is (:func:`form_properties`). :func:`read_form` reads a returned form, whether it was
ticked in Word or saved again by LibreOffice (which keeps the tick boxes and the
properties but drops the boxes' tags), and :func:`read_forms` checks each against what
the school issues now.

The forms are untrusted files from outside the school: they are read with size limits,
by the standard library's XML parser, and nothing in them is run.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO
from xml.etree import ElementTree

import attrs

from policykit.blocks import (
    Block,
    Cell,
    Checkbox,
    Column,
    Heading,
    Paragraph,
    ParagraphRole,
    Table,
    TableKind,
    Text,
    plain_text,
)
from policykit.document import Document
from policykit.errors import Location, PolicykitError, Problem, Problems, Severity
from policykit.model import SIGNATURE_FIELDS, ImageUse

__all__ = [
    "CONSENT_FORM",
    "USE_LABELS",
    "ConsentRow",
    "FormInfo",
    "content_version",
    "form_properties",
    "list_command",
    "read_command",
    "read_form",
    "read_forms",
    "write_csv",
    "write_list",
]

CONSENT_FORM = "image-consent-form"
LIST_FILE = "do-not-photograph.docx"

#: Short names of each use, for the CSV's readers and the staff list.
USE_LABELS: dict[str, str] = {
    ImageUse.DISPLAYS.value: "Displays",
    ImageUse.LEARNING_RECORDS.value: "Learning records",
    ImageUse.NEWSLETTER.value: "Newsletter and prospectus",
    ImageUse.WEBSITE.value: "Website",
    ImageUse.SOCIAL_MEDIA.value: "Social media",
    ImageUse.VIDEO.value: "Video and live streams",
    ImageUse.PRESS.value: "Press",
    ImageUse.PHOTOGRAPHER.value: "Official photographer",
    ImageUse.NAMES.value: "Name with photographs",
}

#: The CSV's columns before and after one column per use.
LEADING = ("child", "class", "parent_or_carer", "relationship", "date")
TRAILING = ("signed_by", "problems", "form", "school")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_MAX_PART = 20_000_000  # bytes: a consent form's document.xml is about 50 kB
_FIELD_OF_HEADER = {v: k for k, v in SIGNATURE_FIELDS.items()}
_CONSENT_HEADER = "Use of photographs and video"
_TICKED = "\u2612"


# --------------------------------------------------------------------------- writing


def content_version(document: Document) -> str:
    """A short hash of what a form says: changes when its wording or choices change."""
    text = "\n".join([document.title, *(plain_text(b) for b in document.blocks)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _consent_uses(blocks: Iterable[Block]) -> list[str]:
    uses: list[str] = []
    for block in blocks:
        if not isinstance(block, Table):
            continue
        for row in block.rows:
            for cell in row:
                for paragraph in cell.paragraphs:
                    for inline in paragraph:
                        tag = inline.tag if isinstance(inline, Checkbox) else None
                        if tag and tag.startswith("consent-") and tag.endswith("-yes"):
                            uses.append(tag[len("consent-") : -len("-yes")])
    return uses


def form_properties(document: Document) -> tuple[tuple[str, str], ...]:
    """Custom properties for a form: its content version and, for consent, its uses."""
    if document.kind != "form":
        return ()
    uses = _consent_uses(document.blocks)
    if not uses:
        return ()
    return (("policykit-form", content_version(document)), ("policykit-uses", ",".join(uses)))


# --------------------------------------------------------------------------- reading


@attrs.frozen
class FormInfo:
    """What a returned form says about itself and what its reader filled in."""

    path: Path
    school: str
    document: str
    version: str
    uses: tuple[str, ...]
    answers: dict[str, tuple[bool, bool]]  # use → (Yes ticked, No ticked)
    signers: tuple[dict[str, str], ...]  # one per signature row: label and fields


@attrs.frozen
class ConsentRow:
    """One child's choices, as a row of the CSV."""

    child: str
    class_: str
    parent: str
    relationship: str
    date: str
    answers: dict[str, str]  # use → "Yes", "No" or ""
    signed_by: str
    problems: tuple[str, ...]
    form: str
    school: str


def _problem(path: Path, message: str, hint: str | None = None) -> PolicykitError:
    return PolicykitError([Problem(message, Location(str(path)), hint)])


def _read_part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        raise _problem(path, f"{name} is too large for a consent form", "is this the right file?")
    return archive.read(info)


def _xml(data: bytes, path: Path, part: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise _problem(path, f"the form's {part} cannot be read ({exc})") from None


def _text(element: ElementTree.Element) -> str:
    """The text of an element, as Word shows it (placeholder text counts as empty)."""
    parts: list[str] = []
    for sdt in element.iter(f"{_W}sdt"):
        pr = sdt.find(f"{_W}sdtPr")
        if pr is not None and pr.find(f"{_W}showingPlcHdr") is not None:
            for t in sdt.iter(f"{_W}t"):
                t.set("policykit-placeholder", "1")
    for node in element.iter():
        if node.tag == f"{_W}t" and node.get("policykit-placeholder") is None:
            parts.append(node.text or "")
        elif node.tag in (f"{_W}tab", f"{_W}br"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _boxes(cell: ElementTree.Element) -> list[bool]:
    """The tick boxes in a cell: ticked or not (the w14 state, or the ☒ glyph)."""
    found: list[bool] = []
    for sdt in cell.iter(f"{_W}sdt"):
        pr = sdt.find(f"{_W}sdtPr")
        box = pr.find(f"{_W14}checkbox") if pr is not None else None
        if box is None:
            continue
        checked = box.find(f"{_W14}checked")
        value = checked.get(f"{_W14}val") if checked is not None else None
        if value is not None:
            found.append(value.lower() in ("1", "true", "on"))
        else:
            content = sdt.find(f"{_W}sdtContent")
            found.append(content is not None and _TICKED in "".join(content.itertext()))
    return found


def _tags(cell: ElementTree.Element) -> list[str]:
    tags: list[str] = []
    for sdt in cell.iter(f"{_W}sdt"):
        pr = sdt.find(f"{_W}sdtPr")
        tag = pr.find(f"{_W}tag") if pr is not None else None
        if tag is not None and tag.get(f"{_W}val"):
            tags.append(tag.get(f"{_W}val") or "")
    return tags


def _rows(table: ElementTree.Element) -> list[list[ElementTree.Element]]:
    return [
        list(row.iter(f"{_W}tc"))
        for row in table.iter(f"{_W}tr")
        if row.find(f"{_W}tc") is not None
    ]


def read_form(path: Path) -> FormInfo:
    """Read one returned form; raises PolicykitError if it is not a policykit form."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a .docx file"
        raise _problem(path, f"cannot read the form: {reason}", "give the returned .docx") from None
    with archive:
        custom = _read_part(archive, "docProps/custom.xml", path)
        document = _read_part(archive, "word/document.xml", path)
    if document is None:
        raise _problem(path, "this is not a Word document (no word/document.xml)")
    props: dict[str, str] = {}
    if custom is not None:
        for prop in _xml(custom, path, "properties"):
            if prop.tag == f"{_CUSTOM}property":
                props[prop.get("name", "")] = "".join(prop.itertext()).strip()
    if "policykit-school" not in props:
        raise _problem(
            path,
            "this form was not issued by policykit (it has no policykit properties)",
            "send families the image-consent-form.docx that policykit build wrote",
        )
    uses = tuple(u for u in props.get("policykit-uses", "").split(",") if u)
    body = _xml(document, path, "text")
    answers: dict[str, tuple[bool, bool]] = {}
    signers: list[dict[str, str]] = []
    for table in body.iter(f"{_W}tbl"):
        rows = _rows(table)
        if not rows:
            continue
        header = [_text(c) for c in rows[0]]
        if header[:1] == [_CONSENT_HEADER] and len(header) >= 3:
            for index, row in enumerate(rows[1:]):
                if len(row) < 3:
                    continue
                tags = _tags(row[1]) + _tags(row[2])
                use = next(
                    (t[len("consent-") : -len("-yes")] for t in tags if t.endswith("-yes")),
                    uses[index] if index < len(uses) else None,
                )
                if use is None:
                    raise _problem(path, f"row {index + 1} of the choices names no use")
                yes, no = _boxes(row[1]), _boxes(row[2])
                answers[use] = (any(yes), any(no))
        elif header[:1] == ["Signed by"]:
            fields = [_FIELD_OF_HEADER.get(h, h) for h in header]
            for row in rows[1:]:
                values = {"label": _text(row[0])}
                for field, cell in zip(fields[1:], row[1:], strict=False):
                    values[field] = _text(cell)
                signers.append(values)
    return FormInfo(
        path=path,
        school=props.get("policykit-school", ""),
        document=props.get("policykit-document", ""),
        version=props.get("policykit-form", ""),
        uses=uses,
        answers=answers,
        signers=tuple(signers),
    )


@attrs.frozen
class IssuedForm:
    """What the school issues now: for checking returned forms against."""

    school: str
    name: str
    version: str
    uses: tuple[str, ...]


def issued_form(school: Path) -> IssuedForm:
    """The consent form ``school`` issues now (composed in memory; nothing written)."""
    from policykit.api import Session, compose_pack, plan

    session = Session(writing=False)
    plans = plan(school, session=session)
    item = plans[0]
    if len(plans) != 1:
        raise PolicykitError.single(
            f"{school} is a trust; consent forms belong to one school",
            Location(str(school)),
            "give --school the folder of the school the forms came from",
        )
    wanted = [(r, f) for r, f in item.documents if r.id == CONSENT_FORM]
    if not wanted:
        raise PolicykitError.single(
            f"{item.facts.school.name}'s pack has no image consent form",
            Location(item.facts.origin),
            "check the profile's documents",
        )
    pack = compose_pack(attrs.evolve(item, documents=tuple(wanted)), session)
    document = pack.documents[0]
    return IssuedForm(
        item.facts.slug, item.facts.school.name, content_version(document), _uses_of(document)
    )


def _uses_of(document: Document) -> tuple[str, ...]:
    return tuple(_consent_uses(document.blocks))


def _files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*.docx")) if not p.name.startswith(("~$", "."))
            )
        else:
            found.append(path)
    return found


def _date(text: str) -> str:
    """A typed date as ISO when it can be read (15/09/2025, 15 September 2025, ...)."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip()).replace(",", " ")
    cleaned = " ".join(cleaned.split())
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    try:
        return dt.datetime.strptime(cleaned, "%d/%m/%y").date().isoformat()
    except ValueError:
        return text.strip()


def read_forms(forms: Sequence[Path], issued: IssuedForm) -> tuple[list[ConsentRow], Problems]:
    """Read every form; a row per form, and the problems found (errors and warnings).

    Errors (a file that is not a policykit consent form of this school) leave that form
    out; warnings (an answer missing or given both ways, no signature, an older version
    of the form) are kept in the row's ``problems``.
    """
    problems = Problems()
    rows: list[ConsentRow] = []
    files = _files(forms)
    if not files:
        problems.add("no forms found", None, "give .docx files, or folders that hold them")
    for path in files:
        try:
            form = read_form(path)
        except PolicykitError as exc:
            problems.extend(exc.problems)
            continue
        if form.document != CONSENT_FORM:
            problems.add(
                f"this is policykit's '{form.document}', not the image consent form",
                Location(str(path)),
            )
            continue
        if form.school != issued.school:
            problems.add(
                f"this form was issued by '{form.school}', not {issued.name} ('{issued.school}')",
                Location(str(path)),
                "read each school's forms with that school's --school",
            )
            continue
        rows.append(_row(form, issued, problems))
    _check_duplicates(rows, problems)
    return rows, problems


def _row(form: FormInfo, issued: IssuedForm, problems: Problems) -> ConsentRow:
    notes: list[str] = []
    if form.version != issued.version:
        notes.append("an older version of the form: check the choices it offered")
    answers: dict[str, str] = {}
    for use in issued.uses:
        label = USE_LABELS.get(use, use)
        yes, no = form.answers.get(use, (False, False))
        if use not in form.answers:
            notes.append(f"{label}: not on this version of the form")
            answers[use] = ""
        elif yes and no:
            notes.append(f"{label}: ticked both Yes and No")
            answers[use] = ""
        elif not yes and not no:
            notes.append(f"{label}: neither Yes nor No ticked")
            answers[use] = ""
        else:
            answers[use] = "Yes" if yes else "No"
    parent = form.signers[0] if form.signers else {}
    student = form.signers[1] if len(form.signers) > 1 else {}
    child = parent.get("child") or student.get("child", "")
    class_ = parent.get("class") or student.get("class", "")
    signed_by = ""
    if parent.get("name") and parent.get("date"):
        signed_by = parent.get("label", "parent or carer")
    elif student.get("child") and student.get("date"):
        signed_by = student.get("label", "student")
    if not signed_by:
        notes.append("unsigned: no name and date filled in")
    if not child:
        notes.append("no child's name")
    for note in notes:
        problems.add(note, Location(str(form.path)), None, Severity.WARNING)
    return ConsentRow(
        child=child,
        class_=class_,
        parent=parent.get("name", ""),
        relationship=parent.get("relationship", ""),
        date=_date(parent.get("date") or student.get("date", "")),
        answers=answers,
        signed_by=signed_by,
        problems=tuple(notes),
        form=form.path.name,
        school=issued.name,
    )


def _check_duplicates(rows: list[ConsentRow], problems: Problems) -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row.child.casefold(), row.class_.casefold())
        if row.child and key in seen:
            problems.add(
                f"{row.child} ({row.class_}) is also on {seen[key]}: both rows are kept",
                Location(row.form),
                "keep the newest form and remove the other",
                Severity.WARNING,
            )
        seen.setdefault(key, row.form)


def _cell(value: str) -> str:
    """A CSV value a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(rows: Sequence[ConsentRow], uses: Sequence[str], out: Path) -> None:
    """Write the rows as CSV (UTF-8 with a byte order mark, for spreadsheets), atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*LEADING, *uses, *TRAILING])
    for row in sorted(rows, key=lambda r: (r.class_.casefold(), r.child.casefold(), r.form)):
        writer.writerow(
            _cell(v)
            for v in (
                row.child,
                row.class_,
                row.parent,
                row.relationship,
                row.date,
                *(row.answers.get(u, "") for u in uses),
                row.signed_by,
                "; ".join(row.problems),
                row.form,
                row.school,
            )
        )
    _write_atomic(out, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        temp.replace(path)
    except OSError as exc:
        raise PolicykitError.single(
            f"cannot write {path}: {exc.strerror}", Location(str(path)), "choose another -o"
        ) from None


def read_command(
    forms: Sequence[Path],
    out: Path,
    school: Path,
    *,
    strict: bool,
    quiet: bool,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """``policykit consent read``: exit 0 with the CSV written; 1 if a form is not valid."""
    issued = issued_form(school)
    rows, problems = read_forms(forms, issued)
    if strict and problems.warnings:
        raise PolicykitError([attrs.evolve(p, severity=Severity.ERROR) for p in problems])
    problems.raise_if_errors()
    for problem in problems:
        print(problem, file=stderr)
    write_csv(rows, issued.uses, out)
    if not quiet:
        flagged = sum(1 for r in rows if r.problems)
        print(
            f"read {len(rows)} form{'s' if len(rows) != 1 else ''}"
            f" ({flagged} with problems to check) into {out}",
            file=stdout,
        )
    return 0


# --------------------------------------------------------------------------- the list


@attrs.frozen
class ListedChild:
    """A child staff must not photograph or publish in some way."""

    child: str
    class_: str
    refused: tuple[str, ...]
    notes: str


def read_csv(path: Path) -> tuple[list[ListedChild], tuple[str, ...], str, int]:
    """The children to list, the uses in the CSV, the school's name and the row count."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _problem(path, f"cannot read the CSV: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise _problem(path, "the CSV is not UTF-8 text", "save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or list(header[: len(LEADING)]) != list(LEADING):
        raise PolicykitError.single(
            "this is not a CSV written by 'policykit consent read'",
            Location(str(path), 1, 1),
            "its first columns are " + ", ".join(LEADING),
        )
    try:
        end = header.index(TRAILING[0])
    except ValueError:
        raise PolicykitError.single(
            f"the CSV has no '{TRAILING[0]}' column", Location(str(path), 1, 1)
        ) from None
    uses = tuple(header[len(LEADING) : end])
    listed: list[ListedChild] = []
    school = ""
    count = 0
    for number, record in enumerate(reader, 2):
        if not any(record):
            continue
        if len(record) != len(header):
            raise PolicykitError.single(
                f"row {number} has {len(record)} values, not {len(header)}",
                Location(str(path), number, 1),
                "write the CSV again with 'policykit consent read'",
            )
        count += 1
        values = dict(zip(header, (_uncell(v) for v in record), strict=True))
        school = values.get("school", school)
        refused = tuple(u for u in uses if values[u] != "Yes")
        if refused:
            listed.append(
                ListedChild(values["child"], values["class"], refused, values.get("problems", ""))
            )
    return listed, uses, school, count


def _uncell(value: str) -> str:
    return value[1:] if value[:2] in ("'=", "'+", "'-", "'@") else value


def list_document(
    listed: Sequence[ListedChild], uses: Sequence[str], school: str, forms: int, when: dt.date
) -> Document:
    """The staff list as a document: a table per class, marked confidential."""
    from policykit.edition import Edition

    blocks: list[Block] = [
        Paragraph(
            (
                Text("CONFIDENTIAL: for staff only.", bold=True),
                Text(
                    " Do not display, copy or share this list; keep it with safeguarding"
                    " records and destroy it when a new one is made."
                ),
            ),
            ParagraphRole.LEAD,
        ),
        Paragraph(
            (
                Text(
                    f"Made on {when.day} {when:%B %Y} from {forms} returned consent"
                    f" form{'s' if forms != 1 else ''}. A child is listed for every use their"
                    " form does not say Yes to. "
                ),
                Text("A child whose form has not come back is not on this list:", bold=True),
                Text(" treat them as No to every use until it does."),
            ),
            ParagraphRole.NOTE,
        ),
    ]
    by_class: dict[str, list[ListedChild]] = {}
    for child in listed:
        by_class.setdefault(child.class_ or "No class given", []).append(child)
    if not by_class:
        blocks.append(Paragraph((Text("Every returned form says Yes to every use."),)))
    for class_ in sorted(by_class, key=str.casefold):
        children = sorted(by_class[class_], key=lambda c: c.child.casefold())
        blocks.append(Heading(class_, 1, False))
        rows = tuple(
            (
                Cell.of(c.child or "(no name on the form)"),
                Cell.of(
                    "Every use"
                    if len(c.refused) == len(uses)
                    else ", ".join(USE_LABELS.get(u, u) for u in c.refused)
                ),
                Cell.of(c.notes),
            )
            for c in children
        )
        blocks.append(
            Table(
                (
                    Column("Child", 28),
                    Column("Do not photograph or publish for", 44),
                    Column("Check", 28),
                ),
                rows,
                TableKind.DATA,
                caption=f"Do not photograph or publish: {class_}",
            )
        )
    return Document(
        id="do-not-photograph",
        title="Confidential: do not photograph or publish",
        subject="Confidential: children whose photographs must not be taken or used",
        kind="confidential",
        edition=Edition.parse("1e"),
        school=school,
        approved=when,
        next_review=when,
        blocks=tuple(blocks),
        clauses=(),
        keywords=("confidential", "image consent"),
    )


def write_list(
    document: Document, out: Path, style_path: Path, school: dict[str, str], source: str
) -> Path:
    """Write the list as Word with the house style; returns the file written."""
    from policykit.word import CoreProperties, HouseStyle, TagContext

    style = HouseStyle(style_path)
    meta = CoreProperties(
        title=document.title,
        subject=document.subject,
        school=document.school,
        keywords=document.keywords,
        description="Confidential: for staff only. Made by policykit consent list.",
        category="confidential",
        date=document.approved,
        custom=(("policykit-document", document.id), ("confidential", "yes")),
    )
    tags = TagContext(
        school=school,
        document={
            "id": document.id,
            "title": document.title,
            "subject": document.subject,
            "edition": str(document.edition),
            "approved": f"{document.approved.day} {document.approved:%B %Y}",
            "next_review": "when more forms come back",
            "kind": document.kind,
        },
        provenance=source,
    )
    _write_atomic(out, style.write(document.blocks, meta, tags))
    return out


def list_command(
    csv_path: Path,
    out: Path,
    school: Path | None,
    *,
    pdf: bool,
    quiet: bool,
    stdout: TextIO,
    stderr: TextIO,
    today: dt.date | None = None,
) -> int:
    """``policykit consent list``: the Word list (and PDF with LibreOffice)."""
    from policykit.library import builtin_root

    listed, uses, school_name, forms = read_csv(csv_path)
    source = hashlib.sha256(csv_path.read_bytes()).hexdigest()[:12]  # which CSV made it
    style_path = builtin_root() / "templates" / "house-style.docx"
    tag_school = {"name": school_name, "website": "", "urn": "", "address": "", "trust": ""}
    if school is not None:
        from policykit.api import plan

        item = plan(school)[0]
        style_path = item.style_path
        school_name = item.facts.school.name
        tag_school = {
            "name": school_name,
            "website": item.facts.school.website or "",
            "urn": item.facts.school.urn or "",
            "address": item.facts.school.address or "",
            "trust": item.facts.trust.name if item.facts.trust else "",
        }
    target = out if out.suffix.lower() == ".docx" else out / LIST_FILE
    document = list_document(listed, uses, school_name, forms, today or dt.date.today())
    written = [write_list(document, target, style_path, tag_school, source)]
    if pdf:
        from policykit.pdf import convert_to_pdf, find_libreoffice

        if find_libreoffice() is not None:
            written.extend(convert_to_pdf([target]))
        elif not quiet:
            print("policykit: LibreOffice is not installed, so no PDF was made", file=stderr)
    if not quiet:
        names = " and ".join(str(p) for p in written)
        print(f"listed {len(listed)} of {forms} children in {names}", file=stdout)
    return 0
