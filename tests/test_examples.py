"""Every example builds, end to end, into documents a school could publish.

The packs are built once per session with the CLI and read back with python-docx and
docx2python.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx2python import docx2python

from conftest import EXAMPLES, SCHOOL_EXAMPLES, TRUST_EXAMPLE, all_text, part_xml, style_name

Build = Callable[[str], Path]
LEFTOVERS = re.compile(
    r"\{\{|\{%|\[insert|insert name|delete as appropriate|\bNone\b|TODO|XXX", re.I
)

EXPECTED_DOCUMENTS = {
    "oakfield-primary": {
        "online-safety-policy",
        "staff-acceptable-use",
        "visitor-volunteer-agreement",
        "pupil-acceptable-use-early-years",
        "pupil-acceptable-use-ks2",
        "pupil-acceptable-use-adapted",
        "parent-carer-agreement",
        "image-consent-form",
        "online-safety-incident-log",
        "filtering-monitoring-check-log",
        "staff-training-audit",
    },
    "little-acorns-nursery": {
        "online-safety-policy",
        "staff-acceptable-use",
        "visitor-volunteer-agreement",
        "pupil-acceptable-use-early-years",
        "parent-carer-agreement",
        "image-consent-form",
        "online-safety-incident-log",
        "filtering-monitoring-check-log",
        "staff-training-audit",
    },
    "riverside-academy": {
        "online-safety-policy",
        "staff-acceptable-use",
        "visitor-volunteer-agreement",
        "pupil-acceptable-use-secondary",
        "student-acceptable-use-sixth-form",
        "pupil-acceptable-use-adapted",
        "parent-carer-agreement",
        "image-consent-form",
        "online-safety-incident-log",
        "filtering-monitoring-check-log",
        "staff-training-audit",
    },
}


def school_file(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / name / "school.yml").read_text())
    return data


def trust_schools() -> list[str]:
    data = yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / "trust.yml").read_text())
    return list(data["schools"])


def packs_of(built: Build, name: str) -> list[Path]:
    out = built(name)
    if (out / "packs.json").is_file():
        index = json.loads((out / "packs.json").read_text())
        return [out / p["folder"] for p in index["packs"]]
    return [out]


def all_documents(built: Build) -> list[Path]:
    return [
        doc
        for name in (*SCHOOL_EXAMPLES, TRUST_EXAMPLE)
        for pack in packs_of(built, name)
        for doc in sorted(pack.glob("*.docx"))
    ]


@pytest.mark.parametrize("name", SCHOOL_EXAMPLES)
def test_each_pack_holds_exactly_the_documents_its_profile_asks_for(
    built: Build, name: str
) -> None:
    """Early years, primary and secondary packs hold their own set of documents."""
    out = built(name)
    assert {p.stem for p in out.glob("*.docx")} == EXPECTED_DOCUMENTS[name]
    manifest = json.loads((out / "manifest.json").read_text())
    assert {d["id"] for d in manifest["documents"]} == EXPECTED_DOCUMENTS[name]


def test_trust_schools_follow_their_phases(built: Build) -> None:
    """In a trust, each school's pupil agreements follow the phases it teaches."""
    out = built(TRUST_EXAMPLE)
    for folder in trust_schools():
        data = yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / folder / "school.yml").read_text())
        phases = set(data["school"]["phases"])
        slug = data["school"].get("slug") or Path(folder).name
        pack = out / slug
        assert pack.is_dir(), f"no pack folder for {folder}"
        names = {p.stem for p in pack.glob("*.docx")}
        assert ("pupil-acceptable-use-early-years" in names) == bool(
            phases & {"early-years", "reception", "ks1"}
        )
        assert ("pupil-acceptable-use-ks2" in names) == ("ks2" in phases)
        assert ("pupil-acceptable-use-secondary" in names) == bool(phases & {"ks3", "ks4"})
        assert ("student-acceptable-use-sixth-form" in names) == ("sixth-form" in phases)


def test_trust_output_layout(built: Build) -> None:
    """A trust build writes out/<trust-slug>/ and out/<school-slug>/ with manifests."""
    out = built(TRUST_EXAMPLE)
    index = json.loads((out / "packs.json").read_text())
    folders = [p["folder"] for p in index["packs"]]
    assert folders[0] == "northgate-learning-trust"
    assert len(folders) == 1 + len(trust_schools())
    for folder in folders:
        manifest = json.loads((out / folder / "manifest.json").read_text())
        assert manifest["school"]["slug"] == folder
        for entry in manifest["documents"]:
            data = (out / folder / entry["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_no_leftover_placeholders_anywhere(built: Build) -> None:
    """No {{, {%, [insert ...], 'delete as appropriate' or 'None' in any document."""
    documents = all_documents(built)
    assert len(documents) > 40
    for path in documents:
        text = all_text(path)
        match = LEFTOVERS.search(text)
        if match is not None:
            context = text[max(0, match.start() - 60) : match.end() + 60]
            pytest.fail(f"{path.parent.name}/{path.name}: {context!r}")


def test_sections_use_heading_styles_and_never_skip_levels(built: Build) -> None:
    """Headings are real Heading 1/2 paragraphs and never jump a level."""
    for path in all_documents(built):
        document = docx.Document(str(path))
        levels = [
            int(style_name(p).split()[-1])
            for p in document.paragraphs
            if style_name(p).startswith("Heading ")
        ]
        assert levels and levels[0] == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), path
        styles = [style_name(p) for p in document.paragraphs]
        # A template's cover may come first; the title precedes every heading.
        assert styles.index("Title") < styles.index("Heading 1"), path


@pytest.mark.parametrize("name", SCHOOL_EXAMPLES)
def test_policy_front_matter_holds_the_key_facts(built: Build, name: str) -> None:
    """Key people table with the DSL, the review block with the computed next review date."""
    facts = school_file(name)
    dsl = facts["people"]["dsl"]["name"]
    approved = facts["approval"]["date"]
    months = facts["approval"].get("review_months", 12)
    document = docx.Document(str(built(name) / "online-safety-policy.docx"))
    key_people = document.tables[0]
    assert [c.text for c in key_people.rows[0].cells] == ["Role", "Name", "Contact"]
    dsl_row = next(r for r in key_people.rows if r.cells[0].text == "Designated safeguarding lead")
    assert dsl_row.cells[1].text.startswith(dsl)
    review = {r.cells[0].text: r.cells[1].text for r in document.tables[1].rows[1:]}
    next_year = approved.replace(year=approved.year + months // 12)
    assert review["Next review"] == f"{next_year.day} {next_year:%B} {next_year.year}"
    assert review["Date approved"] == f"{approved.day} {approved:%B} {approved.year}"
    props = document.core_properties
    assert props.title == "Online safety policy" and props.language == "en-GB"
    assert props.author == facts["school"]["name"]


def test_the_policy_signature_block_is_a_table_naming_the_signatories(built: Build) -> None:
    """The headteacher and chair sign the policy in a table."""
    facts = school_file("oakfield-primary")
    document = docx.Document(str(built("oakfield-primary") / "online-safety-policy.docx"))
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Signed by",
        "Printed name",
        "Signature",
        "Date",
    ]
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert rows["Headteacher"] == facts["people"]["headteacher"]["name"]
    assert rows["Chair of governors"] == facts["people"]["chair"]["name"]


@pytest.mark.parametrize("name", SCHOOL_EXAMPLES)
def test_the_dsl_is_named_identically_wherever_a_contact_is_named(built: Build, name: str) -> None:
    """One fact, one place: wherever the DSL is a contact, the same full name is printed."""
    dsl = school_file(name)["people"]["dsl"]
    first, surname = dsl["name"].split()[0], dsl["name"].split()[-1]
    naming = 0
    for path in sorted(built(name).glob("*.docx")):
        text = all_text(path)
        contacts = [c for c in (dsl.get("email"), dsl.get("phone")) if c and c in text]
        if contacts:
            assert dsl["name"] in text, f"{path.name} gives the DSL's contact but not {dsl['name']}"
        naming += dsl["name"] in text
        # The surname never appears in another form (Mr Patel, S. Patel, Patel's office...).
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            before = text[max(0, match.start() - len(first) - 1) : match.start()]
            assert before == f"{first} ", (
                f"{path.name}: {text[max(0, match.start() - 30) : match.end() + 10]!r}"
            )
    assert naming >= 5


def test_staff_and_visitor_agreements_are_signed_separately(built: Build) -> None:
    """Staff sign the staff agreement; visitors and volunteers sign their own, shorter one."""
    for name, label in (
        ("staff-acceptable-use", "Staff member"),
        ("visitor-volunteer-agreement", "Visitor or volunteer"),
    ):
        document = docx.Document(str(built("oakfield-primary") / f"{name}.docx"))
        headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
        assert headers == [["Signed by", "Printed name", "Role", "Signature", "Date"]]
        assert [t.rows[1].cells[0].text for t in document.tables] == [label]


def test_early_years_agreement_is_signed_by_a_parent_with_a_space_for_the_mark(
    built: Build,
) -> None:
    """The child makes a mark; a parent or carer signs."""
    document = docx.Document(
        str(built("little-acorns-nursery") / "pupil-acceptable-use-early-years.docx")
    )
    tables = {t.rows[1].cells[0].text: [c.text for c in t.rows[0].cells] for t in document.tables}
    assert "Child's mark" in tables["Child"]
    assert tables["Parent or carer"] == [
        "Signed by",
        "Printed name",
        "Relationship to the child",
        "Signature",
        "Date",
    ]


def test_ks2_agreement_is_signed_by_pupil_and_parent(built: Build) -> None:
    """KS2 pupils and a parent or carer sign in one table, so the agreement fits a page."""
    document = docx.Document(str(built("oakfield-primary") / "pupil-acceptable-use-ks2.docx"))
    labels = [r.cells[0].text for t in document.tables for r in t.rows[1:]]
    assert labels == ["Pupil", "Parent or carer"]
    assert len(document.tables) == 1


def test_secondary_agreement_is_signed_by_the_student(built: Build) -> None:
    """Students sign; parents sign where the school asks."""
    document = docx.Document(
        str(built("riverside-academy") / "pupil-acceptable-use-secondary.docx")
    )
    labels = [r.cells[0].text for t in document.tables for r in t.rows[1:]]
    assert labels[0] == "Student" and labels[1].startswith("Parent or carer")


@pytest.mark.parametrize("name", SCHOOL_EXAMPLES)
def test_image_consent_has_a_tick_box_pair_for_each_configured_use(built: Build, name: str) -> None:
    """One Yes and one No check box per use in images.uses, and no others."""
    uses = school_file(name)["images"]["uses"]
    path = built(name) / "image-consent-form.docx"
    body = part_xml(path, "word/document.xml")
    tags = re.findall(r'<w:tag w:val="consent-([a-z-]+)-(yes|no)"/>', body)
    assert sorted(tags) == sorted((u, a) for u in uses for a in ("yes", "no"))
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[1].text == "Yes")
    assert len(table.rows) == 1 + len(uses)
    signer = next(
        t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "Signed by"
    )
    headers = [c.text for c in signer.rows[0].cells]
    # Only primary schools have classes; nurseries and secondary tutor groups do not.
    group = ["Class"] if school_file(name)["school"]["setting"] == "primary" else []
    assert headers == [
        "Signed by",
        "Child's name",
        *group,
        "Printed name",
        "Relationship to the child",
        "Signature",
        "Date",
    ]
    text = all_text(path)
    dpo = school_file(name)["people"]["dpo"]
    assert dpo["name"] in text


def test_secondary_image_consent_lets_older_students_sign(built: Build) -> None:
    """In a secondary school, students of the self-consent age sign for themselves."""
    text = all_text(built("riverside-academy") / "image-consent-form.docx")
    assert "Student (giving consent for themselves)" in text
    assert "13" in text


def test_logs_have_header_rows_and_rows_to_fill_in(built: Build) -> None:
    """Incident and filtering check logs are tables with repeated headers and blank rows."""
    for name, first in (
        ("online-safety-incident-log", "Date and time"),
        ("filtering-monitoring-check-log", "Date"),
    ):
        path = built("oakfield-primary") / f"{name}.docx"
        table = docx.Document(str(path)).tables[-1]
        assert table.rows[0].cells[0].text == first
        assert len(table.rows) >= 10
        assert all(not c.text for r in table.rows[1:] for c in r.cells)
        assert "<w:tblHeader/>" in part_xml(path, "word/document.xml")


def test_early_years_policy_carries_what_is_distinctive(built: Build) -> None:
    """Devices stored away from children, the manager's role, children supervised online."""
    text = all_text(built("little-acorns-nursery") / "online-safety-policy.docx")
    facts = school_file("little-acorns-nursery")
    assert "Personal devices stay away from the children" in text
    assert "Children are always supervised online" in text
    assert f"The manager, {facts['people']['manager']['name']}" in text
    assert "Headteacher" not in text and "governing board" not in text
    assert "Management committee" in text


def test_secondary_policy_carries_what_is_distinctive(built: Build) -> None:
    """Searching devices, nudes and sexual harassment procedures, older students' voice."""
    document = docx.Document(str(built("riverside-academy") / "online-safety-policy.docx"))
    headings = [p.text for p in document.paragraphs if style_name(p).startswith("Heading")]
    text = all_text(built("riverside-academy") / "online-safety-policy.docx")
    assert "Searching and examining devices" in headings
    assert any("nude" in h.lower() for h in headings)
    assert "sexual harassment" in text.lower()
    assert "student council" in text.lower() and "sixth-form" in text.lower()
    primary = all_text(built("oakfield-primary") / "online-safety-policy.docx")
    assert "sixth-form" not in primary.lower()


def test_trust_policy_carries_what_is_distinctive(built: Build) -> None:
    """Trust board approval, trust roles, and a school annex per school."""
    path = built(TRUST_EXAMPLE) / "northgate-learning-trust" / "online-safety-policy.docx"
    document = docx.Document(str(path))
    review = {r.cells[0].text: r.cells[1].text for r in document.tables[1].rows[1:]}
    assert review["Approved by"] == "Trust board"
    text = all_text(path)
    assert "Chief executive officer" in text and "Trust safeguarding lead" in text
    annexes = [p.text for p in document.paragraphs if p.text.startswith("Annex ")]
    names = [
        yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / f / "school.yml").read_text())["school"]["name"]
        for f in trust_schools()
    ]
    assert annexes == [f"Annex {chr(65 + i)}: {n}" for i, n in enumerate(names)]
    for folder in trust_schools():
        dsl = yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / folder / "school.yml").read_text())[
            "people"
        ]["dsl"]["name"]
        assert dsl in text


def test_a_trust_school_publishes_the_trust_policy_with_its_own_annex(built: Build) -> None:
    """A school's copy of the trust policy holds only its own annex."""
    out = built(TRUST_EXAMPLE)
    first = trust_schools()[0]
    data = yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / first / "school.yml").read_text())
    slug = data["school"].get("slug") or Path(first).name
    document = docx.Document(str(out / slug / "online-safety-policy.docx"))
    annexes = [p.text for p in document.paragraphs if p.text.startswith("Annex ")]
    assert annexes == [f"Annex A: {data['school']['name']}"]


def test_the_trust_house_style_is_used(built: Build) -> None:
    """Northgate's template: its font and its header text appear in every trust document."""
    path = built(TRUST_EXAMPLE) / "northgate-learning-trust" / "online-safety-policy.docx"
    document = docx.Document(str(path))
    assert "Georgia" in part_xml(path, "word/styles.xml")
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Northgate Learning Trust" in header
    school = next(
        p
        for p in (built(TRUST_EXAMPLE)).iterdir()
        if p.is_dir() and p.name != "northgate-learning-trust"
    )
    assert "Georgia" in part_xml(school / "staff-acceptable-use.docx", "word/styles.xml")


def test_docx2python_reads_every_document(built: Build) -> None:
    """An independent reader opens every document and finds the school's name."""
    for path in all_documents(built)[:12]:
        with docx2python(str(path)) as read:
            assert read.text.strip()


@pytest.mark.parametrize("name", [*SCHOOL_EXAMPLES, TRUST_EXAMPLE])
def test_building_twice_gives_identical_bytes(name: str, tmp_path: Path) -> None:
    """Two cold builds of the same inputs give the same SHA-256 for every file."""
    from conftest import run_cli

    digests = []
    for attempt in ("a", "b"):
        out = tmp_path / attempt
        code, _, err = run_cli("build", str(EXAMPLES / name), "-o", str(out), "-q", "--jobs", "1")
        assert code == 0, err
        digests.append(
            {
                str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
        )
    assert digests[0] == digests[1]
    assert len(digests[0]) > 5
