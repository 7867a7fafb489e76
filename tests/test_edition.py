"""Reviewers Edition numbers: parsing, printing, ordering and change levels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykit.edition import ChangeLevel, Edition, EditionError

editions = st.builds(
    Edition,
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=50),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3e", Edition(3)),
        ("3e2u", Edition(3, 2)),
        ("3e2u1c", Edition(3, 2, 1)),
        ("2e1c", Edition(2, 0, 1)),
        ("12e10u3c", Edition(12, 10, 3)),
    ],
)
def test_parse_reads_every_form(text: str, expected: Edition) -> None:
    """Editions, updates and corrections are read from their letters."""
    assert Edition.parse(text) == expected


@pytest.mark.parametrize("text", ["", "3", "e3", "0e", "3e0u", "3u", "3e2c1u", "v3", "3E", "3e 2u"])
def test_parse_refuses_other_text(text: str) -> None:
    """Anything that is not Reviewers Edition form is refused with a hint."""
    with pytest.raises(EditionError, match="3e2u1c"):
        Edition.parse(text)


@given(editions)
def test_printing_and_parsing_round_trip(edition: Edition) -> None:
    """Printing then parsing gives the same edition."""
    assert Edition.parse(str(edition)) == edition


@given(editions, editions)
def test_order_is_total_and_consistent_with_text(a: Edition, b: Edition) -> None:
    """Exactly one of <, ==, > holds, and it survives a trip through text."""
    assert (a < b) + (a == b) + (a > b) == 1
    pa, pb = Edition.parse(str(a)), Edition.parse(str(b))
    assert (a < b) == (pa < pb)
    assert (a == b) == (str(a) == str(b))


@given(editions, editions, editions)
def test_order_is_transitive(a: Edition, b: Edition, c: Edition) -> None:
    """If a <= b and b <= c then a <= c."""
    if a <= b and b <= c:
        assert a <= c


def test_later_edition_outranks_any_update() -> None:
    """A new edition is newer than every update or correction of the one before."""
    assert Edition.parse("3e") > Edition.parse("2e9u9c")
    assert Edition.parse("2e1u") > Edition.parse("2e9c")


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ("2e", "3e", ChangeLevel.EDITION),
        ("2e1u", "2e2u", ChangeLevel.UPDATE),
        ("2e1u", "2e1u1c", ChangeLevel.CORRECTION),
        ("2e1u", "2e1u", ChangeLevel.NONE),
    ],
)
def test_change_level_says_what_readers_must_do(old: str, new: str, level: ChangeLevel) -> None:
    """The level of a move decides the reader's action."""
    assert Edition.parse(new).change_from(Edition.parse(old)) is level


def test_reader_actions_are_plain_english() -> None:
    """New editions are re-read, updates read, corrections need nothing."""
    assert ChangeLevel.EDITION.reader_action == "re-read the clause"
    assert ChangeLevel.UPDATE.reader_action == "read the change"
    assert ChangeLevel.CORRECTION.reader_action.startswith("nothing")
