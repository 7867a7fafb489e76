"""Reading YAML with positions: syntax errors, duplicates, tabs, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from policykit.errors import PolicykitError
from policykit.yamlfile import load_yaml_text


def problems_of(text: str) -> list[str]:
    with pytest.raises(PolicykitError) as caught:
        load_yaml_text(text, "school.yml")
    return [str(p) for p in caught.value.problems]


def test_positions_of_values_and_keys_are_kept() -> None:
    """Every value and key has a 1-based line and column."""
    doc = load_yaml_text("school:\n  name: Oak\n  phases: [ks1, ks2]\n", "school.yml")
    assert str(doc.location(("school", "name"))) == "school.yml:2:9"
    assert str(doc.location(("school", "phases", 1))) == "school.yml:3:17"
    assert str(doc.location(("school", "phases"), key=True)) == "school.yml:3:3"


def test_missing_path_falls_back_to_nearest_parent() -> None:
    """A value that is absent is reported where its parent is."""
    doc = load_yaml_text("people:\n  dsl: {name: A}\n", "school.yml")
    assert str(doc.location(("people", "dsl", "email"))) == "school.yml:2:8"


def test_syntax_error_names_line_and_column() -> None:
    """Broken YAML is reported compiler-style."""
    (message,) = problems_of("school:\n  name: [Oak\n  urn: 1\n")
    assert message.startswith("school.yml:3:")
    assert "invalid YAML" in message


def test_tabs_are_explained() -> None:
    """A tab used for indentation gets its own message and hint."""
    (message,) = problems_of("school:\n\tname: Oak\n")
    assert "tab character" in message
    assert "replace the tab with spaces" in message


def test_duplicate_keys_are_refused_with_the_first_line() -> None:
    """YAML would keep the last of two equal keys silently; we refuse."""
    (message,) = problems_of("school:\n  name: A\n  name: B\n")
    assert "school.yml:3:3" in message
    assert "duplicate key 'name' (first given on line 2)" in message


def test_impossible_dates_are_refused() -> None:
    """30 February is not a date."""
    (message,) = problems_of("approval:\n  date: 2025-02-30\n")
    assert "school.yml:2:9" in message
    assert "'2025-02-30' is not a real date" in message


def test_dates_with_times_are_refused() -> None:
    """Approval dates are dates, not moments."""
    (message,) = problems_of("approval:\n  date: 2025-02-03 10:00:00\n")
    assert "has a time" in message


def test_yes_and_no_keep_their_raw_text() -> None:
    """The raw scalar is kept so messages can quote what was written."""
    doc = load_yaml_text("phones: no\n", "school.yml")
    assert doc.value == {"phones": False}
    assert doc.raw_text(("phones",)) == "no"


def test_line_offset_shifts_positions() -> None:
    """Front matter inside a clause file reports lines of the whole file."""
    doc = load_yaml_text("title: A\nedition: 1e\n", "c.md", line_offset=1)
    assert str(doc.location(("edition",))) == "c.md:3:10"


def test_values_are_plain_python() -> None:
    """Mappings, lists, numbers and dates come back as plain values."""
    doc = load_yaml_text("a: {b: [1, 2.5, true, null, 2025-09-01, text]}\n", "x.yml")
    assert doc.value == {"a": {"b": [1, 2.5, True, None, dt.date(2025, 9, 1), "text"]}}
