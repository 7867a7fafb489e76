"""Dates and folder names derived from a school's facts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykit.facts import add_months, check_slug, slugify


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2025, 9, 15), 12, dt.date(2026, 9, 15)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2025, 12, 1), 1, dt.date(2026, 1, 1)),
        (dt.date(2025, 3, 10), 24, dt.date(2027, 3, 10)),
    ],
)
def test_next_review_is_the_same_day_months_later(
    start: dt.date, months: int, expected: dt.date
) -> None:
    """Review dates move by calendar months, clamped to the end of short months."""
    assert add_months(start, months) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(1, 60))
def test_add_months_lands_in_the_right_month(start: dt.date, months: int) -> None:
    """The result is always in the month ``months`` on, never before the start."""
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result > start
    assert result.day == start.day or (
        result.day < start.day and (result + dt.timedelta(days=1)).day == 1
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Oakfield Primary School", "oakfield-primary-school"),
        ("St Aidan's C of E Infant School", "st-aidan-s-c-of-e-infant-school"),
        ("École Saint-Étienne", "ecole-saint-etienne"),
        ("../../etc", "etc"),
        ("/absolute/path", "absolute-path"),
    ],
)
def test_slugs_are_safe_folder_names(name: str, slug: str) -> None:
    """Slugs hold only lower-case letters, digits and hyphens."""
    assert slugify(name) == slug
    assert check_slug(slug) is None


@given(st.text())
def test_no_name_makes_a_slug_that_leaves_the_folder(name: str) -> None:
    """Whatever the name, the slug is empty (refused) or a plain folder name."""
    slug = slugify(name)
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slug)


@pytest.mark.parametrize("slug", ["", "CON", "con", "a/b", "-x", "x--y", "x" * 81])
def test_bad_slugs_are_explained(slug: str) -> None:
    """Empty, reserved or malformed slugs get a reason."""
    assert check_slug(slug) is not None
