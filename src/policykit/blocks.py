"""Document blocks: what rendering produces and the Word writer consumes.

A small, closed vocabulary (headings, paragraphs, lists, tables) so that any writer
(Word today, perhaps HTML later) can render a document without knowing about clauses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from typing import overload

import attrs

__all__ = [
    "Block",
    "BlockStream",
    "Cell",
    "Checkbox",
    "Column",
    "Field",
    "Heading",
    "Inline",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "ParagraphRole",
    "Table",
    "TableKind",
    "Text",
    "plain_text",
]


@attrs.frozen
class Text:
    """A run of text, optionally bold, italic or a hyperlink."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@attrs.frozen
class Checkbox:
    """A tick box a reader fills in (a real Word check box content control)."""

    label: str
    checked: bool = False
    tag: str | None = None


@attrs.frozen
class Field:
    """A box a reader types into (a plain-text content control): a name, a class, a date.

    ``tag`` names the field so that a returned form can be read back as data.
    """

    label: str
    tag: str
    text: str = ""


Inline = Text | Checkbox | Field


class ParagraphRole(StrEnum):
    """What a paragraph is for; the writer maps each to a style."""

    BODY = "body"
    LEAD = "lead"
    NOTE = "note"


@attrs.frozen
class Paragraph:
    """A paragraph of inline runs."""

    inlines: tuple[Inline, ...]
    role: ParagraphRole = ParagraphRole.BODY
    internal: bool = False  # from a clause's ``::: internal`` block: left out of public outputs


@attrs.frozen
class ListItem:
    """One list item: its text, and optionally a nested list."""

    inlines: tuple[Inline, ...]
    children: tuple[ListBlock, ...] = ()


@attrs.frozen
class ListBlock:
    """A bullet or numbered list; each list restarts its numbering."""

    ordered: bool
    items: tuple[ListItem, ...]
    internal: bool = False  # from a clause's ``::: internal`` block: left out of public outputs


@attrs.frozen
class Heading:
    """A heading; ``numbered`` headings take part in the 1, 1.1, 1.1.1 numbering."""

    text: str
    level: int
    numbered: bool = True


@attrs.frozen
class Cell:
    """A table cell: one or more paragraphs of inline runs."""

    paragraphs: tuple[tuple[Inline, ...], ...]

    @classmethod
    def of(cls, *lines: str | None) -> Cell:
        """A cell holding one paragraph per non-empty line of plain text."""
        kept = tuple((Text(line),) for line in lines if line)
        return cls(kept or ((),))


class TableKind(StrEnum):
    """How a table is laid out: data to read, or a form to fill in by hand."""

    DATA = "data"
    FORM = "form"


@attrs.frozen
class Column:
    """A table column: its header text and its share of the width (percent)."""

    header: str
    width: int


@attrs.frozen
class Table:
    """A table with a header row that repeats across pages."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    kind: TableKind = TableKind.DATA
    caption: str | None = None


Block = Heading | Paragraph | ListBlock | Table

#: A part of a :class:`BlockStream`: blocks, or a function that makes them again.
Part = tuple[Block, ...] | Callable[[], tuple[Block, ...]]


class BlockStream(Sequence[Block]):
    """A document's blocks, made part by part each time they are read.

    A trust's policy holds an annex for every school; kept whole, its blocks would grow
    with the trust. Annexes are parts that are made again on each pass (the same blocks
    every time: rendering is pure), so writing a document holds one annex at a time.
    """

    def __init__(self, parts: Iterable[Part]) -> None:
        self._parts = tuple(parts)

    def __iter__(self) -> Iterator[Block]:
        for part in self._parts:
            yield from (part() if callable(part) else part)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Block, ...]: ...
    def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"BlockStream({len(self._parts)} parts)"


def plain_text(block: Block) -> str:
    """The text a block shows, without formatting (for reading grades and checks)."""
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Paragraph):
        return _inline_text(block.inlines)
    if isinstance(block, ListBlock):
        lines: list[str] = []
        for item in block.items:
            lines.append(_inline_text(item.inlines))
            lines.extend(plain_text(child) for child in item.children)
        return "\n".join(lines)
    return "\n".join(
        " ".join(_inline_text(p) for p in cell.paragraphs) for row in block.rows for cell in row
    )


def _inline_text(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.label if isinstance(i, Checkbox) else i.text for i in inlines)
