"""A composed document: blocks, the clauses in them, and dates. A plain value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from policykit.blocks import Block
from policykit.edition import Edition

__all__ = ["ClauseRecord", "Document"]


@attrs.frozen
class ClauseRecord:
    """A clause as used in a built document (for the manifest and change tables)."""

    id: str
    title: str
    edition: Edition
    sha256: str
    layer: str


@attrs.frozen
class Document:
    """A composed document: its blocks, the clauses in it and its dates."""

    id: str
    title: str
    subject: str
    kind: str
    edition: Edition
    school: str
    approved: dt.date
    next_review: dt.date
    blocks: Sequence[Block]
    clauses: tuple[ClauseRecord, ...]
    keywords: tuple[str, ...] = ()
    audience: str | None = None
    reading_grade: float | None = None

    @property
    def file_name(self) -> str:
        """The Word file's name: the document id."""
        return f"{self.id}.docx"
