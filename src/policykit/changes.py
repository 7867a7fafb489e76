"""What changed: clause editions now against the last approved version. Pure.

Two sources of "the last approved version": a lock file, which records the exact
edition of every clause at approval (see :mod:`policykit.lockfile`), or, without one,
the clauses' own change entries dated after the previous approval in the version
history. Both give the same rows, which feed the documents' change tables and
``policykit changes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from policykit.edition import ChangeLevel, Edition
from policykit.model import Clause

__all__ = ["ChangeRow", "ChangeSet", "changes_between", "changes_since"]


@attrs.frozen
class ChangeRow:
    """One line of a "what changed" table."""

    document: str
    clause: str
    title: str
    old: Edition | None
    new: Edition | None
    summary: str

    @property
    def level(self) -> ChangeLevel:
        """How much the change asks of readers."""
        if self.old is None or self.new is None:
            return ChangeLevel.EDITION
        return self.new.change_from(self.old)

    @property
    def action(self) -> str:
        """What a reader should do about it."""
        if self.new is None:
            return "nothing: clause removed"
        if self.old is None:
            return "read the new clause"
        return self.level.reader_action


@attrs.frozen
class ChangeSet:
    """The changes to one document, and what they are measured against."""

    basis: str
    rows: tuple[ChangeRow, ...]


def _summaries(clause: Clause, after: Edition | None) -> str:
    entries = [c for c in clause.changes if after is None or c.edition > after]
    entries.sort(key=lambda c: c.edition)
    return " ".join(c.summary.strip() for c in entries) or "Wording revised."


def changes_since(
    document: str, clauses: Iterable[Clause], since: dt.date, basis: str
) -> ChangeSet:
    """Changes to ``clauses`` recorded in their change entries after ``since``."""
    rows: list[ChangeRow] = []
    for clause in clauses:
        later = [c for c in clause.changes if c.date > since]
        if not later:
            continue
        earlier = [c.edition for c in clause.changes if c.date <= since]
        old = max(earlier) if earlier else None
        rows.append(
            ChangeRow(
                document, clause.id, clause.title, old, clause.edition, _summaries(clause, old)
            )
        )
    return ChangeSet(basis, tuple(rows))


def changes_between(
    document: str,
    clauses: Iterable[Clause],
    locked: Mapping[str, Edition],
    basis: str,
    *,
    previous_titles: Mapping[str, str] | None = None,
) -> ChangeSet:
    """Changes to ``clauses`` against the editions ``locked`` at the last approval."""
    rows: list[ChangeRow] = []
    present: set[str] = set()
    for clause in clauses:
        present.add(clause.id)
        old = locked.get(clause.id)
        if old is not None and clause.edition.change_from(old) is ChangeLevel.NONE:
            continue
        rows.append(
            ChangeRow(
                document, clause.id, clause.title, old, clause.edition, _summaries(clause, old)
            )
        )
    for clause_id, old in sorted(locked.items()):
        if clause_id not in present:
            title = (previous_titles or {}).get(clause_id, clause_id)
            rows.append(
                ChangeRow(
                    document,
                    clause_id,
                    title,
                    old,
                    None,
                    "This clause is no longer part of the document.",
                )
            )
    return ChangeSet(basis, tuple(rows))
