"""The agreements and forms say what the law and guidance require, and fit their setting.

Each test pins one class of problem an independent review found in the 0.2 packs
(issue 12): a wrong statement in law, a sentence that does not fit the setting, a
helpline printed without its number, a paragraph pasted into several documents. The
examples are built once per session and read back with python-docx. The online safety
policy is left out of these checks: its wording is tested with the policy clauses.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from conftest import EXAMPLES, SCHOOL_EXAMPLES, TRUST_EXAMPLE, all_text, run_cli, style_name
from test_pdf import needs_libreoffice

Build = Callable[[str], Path]
POLICY = "online-safety-policy"


def packs(built: Build) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every pack of every example, with the facts of the school (or trust) it was built for."""
    for name in SCHOOL_EXAMPLES:
        yield built(name), yaml.safe_load((EXAMPLES / name / "school.yml").read_text())
    out = built(TRUST_EXAMPLE)
    trust = yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / "trust.yml").read_text())
    by_slug: dict[str, dict[str, Any]] = {}
    for folder in trust["schools"]:
        facts = yaml.safe_load((EXAMPLES / TRUST_EXAMPLE / folder / "school.yml").read_text())
        by_slug[facts["school"].get("slug") or Path(folder).name] = facts
    for entry in json.loads((out / "packs.json").read_text())["packs"]:
        pack = out / entry["folder"]
        if entry["folder"] in by_slug:
            yield pack, by_slug[entry["folder"]]
        else:
            yield pack, {**trust, "school": {**trust["trust"], "setting": "trust"}}


def agreements_and_forms(pack: Path) -> list[Path]:
    """Every document of a pack except the policy."""
    return [p for p in sorted(pack.glob("*.docx")) if p.stem != POLICY]


def paragraphs(path: Path) -> list[str]:
    """Body paragraphs with text, in order; headings, titles and tables left out."""
    return [
        p.text
        for p in docx.Document(str(path)).paragraphs
        if p.text.strip() and not style_name(p).startswith(("Heading", "Title", "Subtitle"))
    ]


def words(text: str) -> str:
    return " ".join(text.split())


def test_staff_agreements_name_the_legal_duty_to_refer_to_the_dbs(built: Build) -> None:
    """Beside the LADO, every staff agreement names the DBS referral duty; TRA only in schools."""
    seen = 0
    for pack, facts in packs(built):
        text = words(all_text(pack / "staff-acceptable-use.docx"))
        assert "Disclosure and Barring Service" in text, pack
        assert "Safeguarding Vulnerable Groups Act 2006" in text, pack
        assert "local authority designated officer" in text, pack
        early_years = facts["school"]["setting"] == "early-years"
        assert ("Teaching Regulation Agency" in text) == (not early_years), pack
        seen += 1
    assert seen == 8


def test_the_eyfs_is_not_said_to_require_lockers(built: Build) -> None:
    """The EYFS requires the safeguarding policy to cover phones and cameras; storage is chosen."""
    for pack, _ in packs(built):
        for path in agreements_and_forms(pack):
            text = words(all_text(path))
            assert "as the EYFS statutory framework requires" not in text, path
            for sentence in re.split(r"(?<=[.;])\s", text):
                if "EYFS" in sentence and "require" in sentence:
                    assert "locker" not in sentence.lower(), (path, sentence)
    nursery = words(all_text(built("little-acorns-nursery") / "staff-acceptable-use.docx"))
    assert "The EYFS requires our safeguarding policy to cover how phones, cameras" in nursery
    assert "where personal devices are kept is our choice" in nursery


def test_the_consent_form_does_not_present_13_as_the_law_for_photographs(built: Build) -> None:
    """13 is the age for online services (DPA 2018 s.9); the photo threshold is the school's."""
    for pack, facts in packs(built):
        path = pack / "image-consent-form.docx"
        if not path.exists():
            continue
        text = words(all_text(path))
        assert "UK law sets that age" not in text, path
        age = facts.get("images", {}).get("self_consent_age")
        if facts["school"]["setting"] == "secondary" and age:
            assert f"has chosen {age} as the age" in text, path
            assert "not a rule about school photographs" in text, path
            assert "understanding" in text, path


#: Wherever a document names one of these, the same paragraph prints its number or address.
CONTACTS = {
    "Professionals Online Safety Helpline": ("0344 381 4772",),
    "Childline": ("0800 1111",),
    "NSPCC": ("0808 800 5000", "0800 028 0285"),
    "Revenge Porn Helpline": ("0345 6000 459",),
    "StopNCII": ("stopncii.org",),
    "Report Harmful Content": ("reportharmfulcontent.com",),
    "Report Remove": ("childline.org.uk/remove",),
    "CEOP": ("ceop.police.uk",),
    "Internet Watch Foundation": ("iwf.org.uk", "childline.org.uk/remove"),
    "Internet Matters": ("internetmatters.org",),
    "PEGI": ("pegi.info",),
    "Information Commissioner's Office": ("ico.org.uk",),
}


def test_every_helpline_is_printed_with_its_number_or_address(built: Build) -> None:
    """Printed copies lose links, so a named organisation always comes with how to reach it."""
    named: Counter[str] = Counter()
    for pack, _ in packs(built):
        for path in agreements_and_forms(pack):
            for paragraph in paragraphs(path):
                assert "Professional Online Safety Helpline" not in paragraph, path
                for name, contacts in CONTACTS.items():
                    if name in paragraph:
                        named[name] += 1
                        assert any(c in paragraph for c in contacts), (path.name, paragraph)
    # The staff agreement points staff to POSH and the Revenge Porn Helpline; sixth formers too.
    assert named["Professionals Online Safety Helpline"] >= 8
    assert named["Revenge Porn Helpline"] >= 9


def test_early_years_documents_use_early_years_words(built: Build) -> None:
    """A nursery's agreements and forms speak of practitioners and rooms, not classes."""
    forbidden = re.compile(
        r"\bclass(es|room)?\b|\bgovernors?\b|\bthe board\b|report comment|such as a mark"
        r"|Teaching Regulation Agency|\bpupils?\b|\bteachers?\b|\blessons?\b|headteacher",
        re.I,
    )
    pack = built("little-acorns-nursery")
    for path in agreements_and_forms(pack):
        found = forbidden.findall(all_text(path))
        assert not found, (path.name, found)
    staff = words(all_text(pack / "staff-acceptable-use.docx"))
    for phrase in ("key person", "learning journal", "outings", "personal care"):
        assert phrase in staff


def test_secondary_documents_say_tutor_not_class(built: Build) -> None:
    """Secondary agreements and forms have no class column or class wording (a school's own
    product names, such as "Microsoft Teams class teams", are its own facts)."""
    checked = 0
    for pack, facts in packs(built):
        if facts["school"]["setting"] != "secondary":
            continue
        own = facts.get("technology", {}).get("remote_learning", "")
        for path in agreements_and_forms(pack):
            text = all_text(path).replace(own, "") if own else all_text(path)
            assert re.search(r"\bclass\b", text, re.I) is None, path
            checked += 1
    assert checked >= 16


def test_year_7_signs_no_sixth_form_lines(built: Build) -> None:
    """Sixth-form rules, with bringing their own device, are in their own agreement."""
    pack = built("riverside-academy")
    main = words(all_text(pack / "pupil-acceptable-use-secondary.docx"))
    assert re.search(r"sixth.form", main, re.I) is None
    assert "years 7 to 11" in main
    sixth = words(all_text(pack / "student-acceptable-use-sixth-form.docx"))
    for phrase in ("own laptop", "Revenge Porn Helpline", "18"):
        assert phrase in sixth


def test_the_easy_read_agreement_is_written_for_the_age_of_the_school(built: Build) -> None:
    """Secondary students get an easy-read agreement for teenagers, not the primary one."""
    primary = words(all_text(built("oakfield-primary") / "pupil-acceptable-use-adapted.docx"))
    secondary = words(all_text(built("riverside-academy") / "pupil-acceptable-use-adapted.docx"))
    assert "I ask an adult before I go online." in primary
    assert "I ask an adult before I go online." not in secondary
    assert "Nude photos of anyone under 18 are against the law." in secondary


def test_ks2_agreement_has_at_most_15_short_statements(built: Build) -> None:
    """LGfL and SWGfL run to 12-15 statements; each is a short first-person line."""
    for name in ("oakfield-primary",):
        document = docx.Document(str(built(name) / "pupil-acceptable-use-ks2.docx"))
        lines = [p.text for p in document.paragraphs if style_name(p) == "List Paragraph"]
        assert 10 <= len(lines) <= 15
        assert all(line.startswith("I") for line in lines), lines
        assert all(len(line.split()) <= 20 for line in lines), lines


def test_pupils_never_sign_rules_meant_for_staff(built: Build) -> None:
    """The school's whole phone rule (which names staff, visitors and lockers) is not pasted
    into anything pupils or parents sign, and no fact is pasted after a label."""
    for pack, facts in packs(built):
        phones = words(facts.get("technology", {}).get("phones", ""))
        for path in agreements_and_forms(pack):
            text = words(all_text(path))
            if phones:
                assert phones not in text, path
                assert phones[:40] not in text, path
            assert "Our rule on phones:" not in text, path
            assert re.search(r"Phones at [^.:]+:", text) is None, path
            assert re.search(r"After your child leaves [^.:]+:", text) is None, path


def test_no_heading_sits_directly_under_a_copy_of_itself(built: Build) -> None:
    """'Artificial intelligence' is never followed by 'Using artificial intelligence'."""
    for pack, _ in packs(built):
        for path in agreements_and_forms(pack):
            headings = [
                words(re.sub(r"^[\d.]+\s*", "", p.text)).lower()
                for p in docx.Document(str(path)).paragraphs
                if style_name(p).startswith("Heading") and p.text.strip()
            ]
            for first, second in itertools.pairwise(headings):
                assert first not in second and second not in first, (path.name, first, second)


def test_no_paragraph_is_pasted_into_two_documents_of_a_pack(built: Build) -> None:
    """Parents read the agreements together, so no sentence-long paragraph appears twice."""
    for pack, _ in packs(built):
        where: dict[str, str] = {}
        for path in agreements_and_forms(pack):
            for paragraph in paragraphs(path):
                text = words(paragraph)
                if len(text.split()) < 8:
                    continue
                assert text not in where, (pack.name, path.name, where.get(text), text)
                where[text] = path.name


def test_parents_sign_one_agreement_which_is_also_the_home_school_section(built: Build) -> None:
    """No separate home-school agreement: in schools, the parent agreement says it is that part."""
    for pack, facts in packs(built):
        assert not (pack / "home-school-agreement.docx").exists(), pack
        path = pack / "parent-carer-agreement.docx"
        if not path.exists():
            continue
        text = words(all_text(path))
        says = "online safety part of our home-school agreement" in text
        assert says == (facts["school"]["setting"] in {"primary", "secondary"}), pack
        assert facts["people"]["dsl"]["name"] in text


def test_the_parent_agreement_for_under_fives_covers_the_learning_journal(built: Build) -> None:
    """Parents of under-fives agree not to share pictures of other children from the journal."""
    text = words(all_text(built("little-acorns-nursery") / "parent-carer-agreement.docx"))
    assert "never download, screenshot, print or share a photograph or video" in text
    assert "other families may see your child in theirs" in text
    consent = words(all_text(built("little-acorns-nursery") / "image-consent-form.docx"))
    assert "my child may appear in group photographs in other children's journals" in consent


def test_the_incident_log_asks_for_what_the_policy_says_each_entry_records(built: Build) -> None:
    """Date and time, who reported, what happened, action, who was told (parents), outcome, name."""
    for pack, _ in packs(built):
        path = pack / "online-safety-incident-log.docx"
        if not path.exists():
            continue
        text = words(all_text(path))
        for phrase in (
            "the date and time it happened",
            "who reported it",
            "what happened",
            "what was done",
            "the parents or carers of the children involved (or why they were not told)",
            "the outcome",
            "your name and signature",
        ):
            assert phrase in text, (path, phrase)


def test_the_training_record_is_a_self_assessment(built: Build) -> None:
    """Statements to rate, not a blank log."""
    for pack, _ in packs(built):
        path = pack / "staff-training-audit.docx"
        if not path.exists():
            continue
        document = docx.Document(str(path))
        rated = [p.text for p in document.paragraphs if p.text.endswith("☐ Yes ☐ Partly ☐ No")]
        assert len(rated) >= 14, path
        headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
        assert not any("Training completed" in h for h in headers), path


def _pdf_pages(path: Path) -> int:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.count("\f")


@needs_libreoffice
@pytest.mark.libreoffice
def test_agreements_are_short_enough_to_be_read(tmp_path: Path) -> None:
    """KS2, early years and easy-read agreements fit one page; the staff agreement about two."""
    for name in SCHOOL_EXAMPLES:
        out = tmp_path / name
        code, _, err = run_cli(
            "build", str(EXAMPLES / name), "-o", str(out), "--format", "docx,pdf", "-q"
        )
        assert code == 0, err
        assert _pdf_pages(out / "staff-acceptable-use.pdf") <= 3
        assert _pdf_pages(out / "visitor-volunteer-agreement.pdf") == 1
        for one_page in ("pupil-acceptable-use-early-years", "pupil-acceptable-use-adapted"):
            if (out / f"{one_page}.pdf").exists():
                assert _pdf_pages(out / f"{one_page}.pdf") == 1, one_page
    assert _pdf_pages(tmp_path / "oakfield-primary" / "pupil-acceptable-use-ks2.pdf") == 1
