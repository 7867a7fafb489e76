"""Reviewers Edition version numbers for clauses: ``3e``, ``3e2u``, ``3e2u1c``.

An edition says what a reader must do when wording moves on: a new *edition* means
re-read the whole clause, an *update* means read what changed, a *correction* (typos,
links) needs no re-reading at all.
"""

from __future__ import annotations

import re
from enum import Enum

import attrs

__all__ = ["ChangeLevel", "Edition", "EditionError"]

_PATTERN = re.compile(r"(?P<e>[1-9][0-9]*)e(?:(?P<u>[1-9][0-9]*)u)?(?:(?P<c>[1-9][0-9]*)c)?")


class EditionError(ValueError):
    """Text that is not a Reviewers Edition."""


class ChangeLevel(Enum):
    """How much a move from one edition to another asks of readers."""

    EDITION = "new edition"
    UPDATE = "update"
    CORRECTION = "correction"
    NONE = "no change"

    @property
    def reader_action(self) -> str:
        """What a reader must do, in plain English."""
        return {
            ChangeLevel.EDITION: "re-read the clause",
            ChangeLevel.UPDATE: "read the change",
            ChangeLevel.CORRECTION: "nothing: wording corrected",
            ChangeLevel.NONE: "nothing",
        }[self]


@attrs.frozen(order=True)
class Edition:
    """A clause's version: edition, updates within it, corrections within that update."""

    edition: int = attrs.field(validator=attrs.validators.ge(1))
    update: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    correction: int = attrs.field(default=0, validator=attrs.validators.ge(0))

    @classmethod
    def parse(cls, text: str) -> Edition:
        """Read ``3e``, ``3e2u``, ``3e1c`` or ``3e2u1c``; raise :class:`EditionError` otherwise."""
        match = _PATTERN.fullmatch(text.strip())
        if match is None:
            raise EditionError(
                f"'{text}' is not a Reviewers Edition; write it like 3e, 3e2u or 3e2u1c"
            )
        return cls(int(match["e"]), int(match["u"] or 0), int(match["c"] or 0))

    def __str__(self) -> str:
        text = f"{self.edition}e"
        if self.update:
            text += f"{self.update}u"
        if self.correction:
            text += f"{self.correction}c"
        return text

    def next_correction(self) -> Edition:
        """The edition a correction to this one would have."""
        return Edition(self.edition, self.update, self.correction + 1)

    def change_from(self, older: Edition) -> ChangeLevel:
        """The level of change from ``older`` to this edition."""
        if self.edition != older.edition:
            return ChangeLevel.EDITION
        if self.update != older.update:
            return ChangeLevel.UPDATE
        if self.correction != older.correction:
            return ChangeLevel.CORRECTION
        return ChangeLevel.NONE
