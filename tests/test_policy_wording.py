"""The online safety policy says what the law and guidance require, in words that fit the setting.

Each example's policy (and each trust school's copy of the trust policy) is built once
and read back with python-docx. These tests pin the classes of problem found in review
(issue 12): wrong or missing statutory statements, helplines printed without a number
or address, headings repeated under themselves, words that belong to another setting,
and facts a school wrote that no document used.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
import yaml

from conftest import EXAMPLES, SCHOOL_EXAMPLES, TRUST_EXAMPLE, style_name

Build = Callable[[str], Path]


def policies(built: Build) -> Iterator[tuple[str, Path]]:
    """(pack folder name, policy path) for every pack of every example."""
    for name in (*SCHOOL_EXAMPLES, TRUST_EXAMPLE):
        out = built(name)
        index = out / "packs.json"
        folders = (
            [out / p["folder"] for p in json.loads(index.read_text())["packs"]]
            if index.is_file()
            else [out]
        )
        for folder in folders:
            yield folder.name, folder / "online-safety-policy.docx"


def body_paragraphs(path: Path) -> list[str]:
    """The text of every body paragraph (tables, headers and footers left out)."""
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def headings(path: Path) -> list[tuple[int, str]]:
    """(level, text without its number) of every heading, in order."""
    found = []
    for p in docx.Document(str(path)).paragraphs:
        style = style_name(p)
        if style.startswith("Heading "):
            found.append((int(style.split()[-1]), re.sub(r"^[\d.]+\s+", "", p.text).strip()))
    return found


def policy_text(built: Build, pack: str) -> str:
    """The body text of one pack's policy, as one string."""
    path = dict(policies(built))[pack]
    return "\n".join(body_paragraphs(path))


def school_setting(pack: str) -> str:
    """The setting of an example school (or trust school) by its pack folder name."""
    for path in [*EXAMPLES.glob("*/school.yml"), *EXAMPLES.glob("*/schools/*/school.yml")]:
        data = yaml.safe_load(path.read_text())
        slug = data["school"].get("slug") or path.parent.name
        if slug == pack:
            return str(data["school"]["setting"])
    return "trust"


def test_no_heading_sits_directly_under_a_heading_of_the_same_name(built: Build) -> None:
    """A section whose only clause has the section's own title shows one heading, not two."""
    for pack, path in policies(built):
        found = headings(path)
        for (_, above), (_, below) in itertools.pairwise(found):
            assert above.lower() != below.lower(), f"{pack}: '{above}' repeated under itself"


def test_no_subheading_is_repeated_within_a_section(built: Build) -> None:
    """Within one numbered section no subheading appears twice (no clause said twice)."""
    for pack, path in policies(built):
        section = ""
        seen: set[str] = set()
        for level, text in headings(path):
            if level == 1:
                section, seen = text, set()
            elif level == 2:
                assert text not in seen, f"{pack}: '{text}' twice in section '{section}'"
                seen.add(text)


def test_searching_rules_say_must_and_name_the_only_exception(built: Build) -> None:
    """Same-sex searcher and a witness are required, save for an urgent risk of serious harm."""
    for pack, path in policies(built):
        if school_setting(pack) == "early-years":
            continue
        text = "\n".join(body_paragraphs(path))
        assert "must be the same sex" in text, pack
        assert "another member of staff must be present" in text, pack
        assert "risk of serious harm" in text, pack
        assert "where possible the search is by a member of staff of the same sex" not in (
            text.lower()
        ), pack
        # A device that may hold a nude image goes to the DSL, who follows the UKCIS advice.
        assert "handed to the DSL, who follows the UKCIS advice" in text, pack
        assert "who passes it to the police" not in text, pack


def test_the_ukcis_refer_at_once_list_is_complete(built: Build) -> None:
    """Every case the UKCIS advice refers at once is listed wherever pupils are taught."""
    for pack, path in policies(built):
        if school_setting(pack) == "early-years":
            continue
        text = "\n".join(body_paragraphs(path)).lower()
        for case in (
            "an adult is involved",
            "coerced, blackmailed or groomed",
            "capacity to consent",
            "special educational needs",
            "unusual for the child's stage of development, or are violent",
            "under 13",
            "immediate risk of harm",
        ):
            assert case in text, f"{pack}: UKCIS case missing: {case}"


@pytest.mark.parametrize(
    "statement",
    [
        "Disclosure and Barring Service",
        "Safeguarding Vulnerable Groups Act 2006",
        "Professionals Online Safety Helpline (0344 381 4772",
        "Revenge Porn Helpline (0345 6000 459",
        "StopNCII (stopncii.org)",
        "Online Safety Act 2023",
    ],
)
def test_every_policy_makes_the_statutory_statements(built: Build, statement: str) -> None:
    """The DBS duty, the helplines with numbers and the Online Safety Act appear in every policy."""
    for pack, path in policies(built):
        assert statement in "\n".join(body_paragraphs(path)), f"{pack}: missing {statement!r}"


def test_school_policies_name_the_newer_reporting_routes_and_guidance(built: Build) -> None:
    """Report Harmful Content, the hoaxes advice, threatening and false communications."""
    for pack, path in policies(built):
        if school_setting(pack) == "early-years":
            continue
        text = "\n".join(body_paragraphs(path))
        assert "Report Harmful Content (reportharmfulcontent.com)" in text, pack
        assert "Harmful online challenges and online hoaxes" in text, pack
        assert "threatening communication" in text and "false communication" in text, pack
        assert "comes into force on 1 September" in text, pack
        assert "published every September" not in text, pack


def test_professionals_online_safety_helpline_is_never_misnamed(built: Build) -> None:
    """'Professional Online Safety Helpline' (singular) appears nowhere."""
    for pack, path in policies(built):
        assert "Professional Online Safety Helpline" not in "\n".join(body_paragraphs(path)), pack


SERVICES = (
    "Professionals Online Safety Helpline",
    "Childline",
    "NSPCC",
    "CEOP",
    "Internet Watch Foundation",
    "Report Harmful Content",
    "Revenge Porn Helpline",
    "StopNCII",
    "Anti-Terrorist Hotline",
    "Information Commissioner",
    "Thinkuknow",
)
CONTACT = re.compile(r"\b0\d{3} ?\d{3,4} ?\d{3,4}\b|\b\d{3}\b|www\.|\.org\b|\.com\b|\.uk\b|@")


def test_every_service_named_in_the_text_prints_its_number_or_address(built: Build) -> None:
    """Printed copies lose links, so each paragraph naming a service gives its number or address."""
    for pack, path in policies(built):
        for paragraph in body_paragraphs(path):
            for service in SERVICES:
                if service not in paragraph:
                    continue
                if service == "Internet Watch Foundation" and "Foundation's list" in paragraph:
                    continue  # the filter's block list, not a place to report
                assert CONTACT.search(paragraph), f"{pack}: {service} without a number: {paragraph}"


def test_early_years_policy_uses_early_years_words(built: Build) -> None:
    """No governors, headteacher, pupils, class, report comments or TRA in a nursery's policy."""
    text = policy_text(built, "little-acorns-nursery")
    for word in (
        r"\bgovernors?\b",
        r"\bheadteacher",
        r"\bpupils?\b",
        r"\bclass\b",
        r"report comment",
        r"Teaching Regulation Agency",
        r"\bthe board\b",
        r"\bsixth\b",
    ):
        found = re.findall(word, text, re.IGNORECASE)
        assert not found, f"{found[:3]} in the nursery policy"
    assert "The management committee" in [
        t for _, t in headings(dict(policies(built))["little-acorns-nursery"])
    ]


def test_early_years_policy_is_proportionate(built: Build) -> None:
    """A 32-place pre-school's policy is well under half the length of a secondary school's."""
    nursery = len(policy_text(built, "little-acorns-nursery").split())
    secondary = len(policy_text(built, "riverside-academy").split())
    assert nursery < 6500, nursery
    assert nursery < secondary * 0.55, (nursery, secondary)


def test_the_eyfs_requirement_is_stated_rightly(built: Build) -> None:
    """The EYFS requires the policy to cover phones and cameras; where they are kept is a choice."""
    text = policy_text(built, "little-acorns-nursery")
    assert "The EYFS requires our safeguarding policy to cover" in text
    assert "How we do that is our own decision" in text
    assert "EYFS requires phone lockers" not in text


@pytest.mark.parametrize(
    "pack", ["oakfield-primary", "westfield-junior", "st-aidans-infant", "brookside-primary"]
)
def test_primary_policies_have_no_secondary_matter(built: Build, pack: str) -> None:
    """No sixth form, exam boards, tutor groups or students (other than on placement)."""
    text = policy_text(built, pack)
    for word in (r"sixth", r"exam board", r"\btutor", r"secondary students", r"Year 7"):
        assert re.search(word, text, re.IGNORECASE) is None, f"{pack}: {word}"
    assert re.search(r"\bstudents\b(?! on placement)", text) is None, pack


def test_an_infant_school_is_not_told_its_pupils_have_phones(built: Build) -> None:
    """St Aidan's teaches Reception to Year 2: no talk of its own pupils' mobile data."""
    text = policy_text(built, "st-aidans-infant")
    assert "Some of our pupils, especially the older ones, have phones" not in text
    assert "do not bring phones to school" in text


def test_secondary_policies_say_tutor_group_not_class(built: Build) -> None:
    """Secondary wording speaks of tutor groups, not classes (a product's own name aside)."""
    text = policy_text(built, "riverside-academy")
    assert "tutor group" in text
    assert re.search(r"\bclass\b(?! teams)", text) is None


def test_no_trust_text_claims_a_sixth_form_no_school_has(built: Build) -> None:
    """Northgate has no sixth form, so no copy of its policy says 'to the sixth form'."""
    for pack, path in policies(built):
        if pack in {"riverside-academy"}:
            continue
        assert "sixth form" not in "\n".join(body_paragraphs(path)).lower(), pack


def test_a_trust_scope_sentence_reads_for_one_school_and_for_many(built: Build) -> None:
    """The trust's own copy lists its schools; a school's copy says whom it is for."""
    trust = policy_text(built, "northgate-learning-trust")
    assert "in each of the schools of Northgate Learning Trust (" in trust
    school = policy_text(built, "brookside-primary")
    assert "This copy is for Brookside Primary School" in school
    assert "every one of its schools (Brookside Primary School)" not in school


def test_a_school_copy_of_a_trust_policy_agrees_with_the_school_facts(built: Build) -> None:
    """Brookside's copy names its own DSL, remote learning platform, AI tools and phone rules."""
    data = yaml.safe_load(
        (EXAMPLES / TRUST_EXAMPLE / "schools/brookside-primary/school.yml").read_text()
    )
    text = policy_text(built, "brookside-primary")
    assert f"the designated safeguarding lead (DSL) is {data['people']['dsl']['name']}" in text
    assert "they use Seesaw class journals" in text
    assert "The generative AI tools used at Brookside Primary School" in text
    assert "At Brookside Primary School: Pupils in years 5 and 6" in text
    assert "How urgent alerts reach the DSL" in text


def test_the_annex_never_claims_no_variation_without_saying_how_differences_are_agreed(
    built: Build,
) -> None:
    """'No local variations' only as a statement about the register, with the sign-off date."""
    text = policy_text(built, "northgate-learning-trust")
    assert "with no local variations" not in text
    assert "register of variations" in text
    assert "approved this annex on" in text


@pytest.mark.parametrize("name", SCHOOL_EXAMPLES)
def test_local_procedures_written_by_a_school_appear_in_its_policy(built: Build, name: str) -> None:
    """local.procedures is printed in a single school's own policy, not dropped."""
    data = yaml.safe_load((EXAMPLES / name / "school.yml").read_text())
    procedures = data["local"]["procedures"].rstrip(".")
    assert procedures in policy_text(built, name)


def test_a_concern_about_an_adult_is_not_left_with_the_reviewer(built: Build) -> None:
    """Where the manager reviews monitoring, a concern about an adult reaches the chair too."""
    text = policy_text(built, "little-acorns-nursery")
    assert "Because the manager also reviews monitoring, the chair of the management" in text
    assert "a concern about an adult is passed to the manager, never handled" not in text


def test_part_five_response_options_and_the_response_flow_are_set_out(built: Build) -> None:
    """KCSIE Part 5's four options, the numbered response flow, the grid and anonymous reporting."""
    text = policy_text(built, "riverside-academy")
    for option in (
        "managing it internally",
        "early help",
        "a referral to children's social care",
        "a report to the police",
    ):
        assert option in text, option
    found = [t for _, t in headings(dict(policies(built))["riverside-academy"])]
    assert "How we respond, step by step" in found
    assert "What is not allowed, and how we respond" in found
    assert "How students can tell us" in found
    assert "without giving their name" in text
