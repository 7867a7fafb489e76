"""The strict converter: wrong shapes become located problems with our own words."""

from __future__ import annotations

import pytest

from policykit.convert import structure
from policykit.errors import PolicykitError
from policykit.model import SchoolFile
from policykit.yamlfile import load_yaml_text

GOOD = """\
school:
  name: Oak
  setting: primary
  phases: [ks1]
people:
  dsl: {name: Sam}
technology:
  filtering: {provider: P, monitoring: M, reviewed_by: R, frequency: weekly}
  phones: kept in the office
images:
  uses: [website]
  consent_lasts: a year
approval:
  date: 2025-09-15
"""


def problems(text: str) -> list[str]:
    doc = load_yaml_text(text, "school.yml")
    with pytest.raises(PolicykitError) as caught:
        structure(doc, doc.value, SchoolFile)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_structures() -> None:
    """A complete school file becomes typed values."""
    doc = load_yaml_text(GOOD, "school.yml")
    school = structure(doc, doc.value, SchoolFile)
    assert school.school.name == "Oak"
    assert school.school.phases[0].value == "ks1"
    assert school.people.dsl is not None and school.people.dsl.name == "Sam"


def test_unknown_key_gets_did_you_mean() -> None:
    """A misspelt key is refused at its own position with the nearest real key."""
    (message,) = problems(GOOD.replace("  name: Oak", "  nmae: Oak\n  name: Oak"))
    assert message.startswith("school.yml:2:3: error: unknown key 'nmae' in school")
    assert "did you mean 'name'?" in message


def test_missing_required_key_is_named() -> None:
    """A required key that is absent is named with its parent."""
    (message,) = problems(GOOD.replace("  phones: kept in the office\n", ""))
    assert "missing required key 'phones' in technology" in message
    assert message.startswith("school.yml:8:")


def test_a_word_is_not_a_list() -> None:
    """cattrs alone would turn 'ks1' into ('k', 's', '1'); we refuse it."""
    (message,) = problems(GOOD.replace("phases: [ks1]", "phases: ks1"))
    assert "school.phases: expected a list, found 'ks1'" in message
    assert "write a list, e.g. [ks1]" in message


def test_a_number_is_not_text() -> None:
    """cattrs alone would turn 123456 into '123456'; we ask for quotes."""
    (message,) = problems(GOOD.replace("  name: Oak", "  name: Oak\n  urn: 123456"))
    assert "school.urn: expected text, found the number 123456" in message
    assert 'put the value in quotes, e.g. "123456"' in message


def test_yes_no_words_get_a_yaml_hint() -> None:
    """YAML 1.1 reads 'no' as false; the hint quotes what was written."""
    (message,) = problems(GOOD.replace("phones: kept in the office", "phones: no"))
    assert "technology.phones: expected text" in message
    assert 'write "no" in quotes' in message


def test_unknown_setting_lists_the_choices() -> None:
    """An unknown setting is refused with did-you-mean and the allowed values."""
    (message,) = problems(GOOD.replace("setting: primary", "setting: primry"))
    assert "school.yml:3:12" in message
    assert "did you mean 'primary'?" in message
    assert "early-years, primary, secondary, trust" in message


def test_every_problem_is_reported_at_once() -> None:
    """Several mistakes give several problems, in file order."""
    text = GOOD.replace("phases: [ks1]", "phases: ks1").replace(
        "uses: [website]", "uses: [webstie]"
    )
    found = problems(text)
    assert len(found) == 2
    assert found[0].startswith("school.yml:4:") and found[1].startswith("school.yml:11:")


def test_mapping_expected_where_text_given() -> None:
    """A person written as a bare name gets a message listing the keys a person has."""
    (message,) = problems(GOOD.replace("dsl: {name: Sam}", "dsl: Sam Patel"))
    assert "people.dsl: expected a mapping with keys (name, role, email, phone, mobile)" in message


def test_control_characters_are_refused() -> None:
    """Characters Word files cannot hold are refused, naming the field."""
    (message,) = problems(GOOD.replace("name: Oak", 'name: "Oak\\x07"'))
    assert "school.name" in message
    assert "U+0007" in message
