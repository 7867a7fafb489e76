"""Document blocks as HTML: the same vocabulary the Word writer reads, as semantic markup.

Headings move one level down (the page's title is the ``h1``), numbered headings keep
the Word documents' 1, 1.1 numbers, tables get captions and column headers, and forms
that are filled in by hand (signature tables, logs) become a sentence saying so.
Everything printed is escaped; links keep only the schemes clause Markdown allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from policykit.blocks import (
    Block,
    Cell,
    Checkbox,
    Field,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    ParagraphRole,
    Table,
    TableKind,
    Text,
)

__all__ = ["HtmlWriter", "attr", "esc"]

_SCHEMES = ("https://", "http://", "mailto:", "tel:")


def esc(text: str) -> str:
    """``text`` escaped for HTML element content."""
    return escape(text, quote=False)


def attr(text: str) -> str:
    """``text`` escaped for a double-quoted attribute value."""
    return escape(text, quote=True)


class HtmlWriter:
    """Writes blocks as HTML, numbering headings as the Word writer does."""

    def __init__(self, *, form_note: str, ids: set[str] | None = None) -> None:
        self.form_note = form_note
        self._numbers = [0, 0, 0]
        self._ids = ids if ids is not None else set()
        self._labels: set[str] = set()
        self._section = ""

    def blocks(self, blocks: Iterable[Block]) -> str:
        """The HTML of ``blocks``."""
        return "".join(self.block(b) for b in blocks)

    def block(self, block: Block) -> str:
        """The HTML of one block."""
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, Paragraph):
            css = {ParagraphRole.LEAD: ' class="lead"', ParagraphRole.NOTE: ' class="note"'}
            return f"<p{css.get(block.role, '')}>{inlines(block.inlines)}</p>\n"
        if isinstance(block, ListBlock):
            return list_html(block)
        return self.table(block)

    def heading(self, heading: Heading) -> str:
        level = min(heading.level + 1, 6)
        number = ""
        if heading.numbered and heading.level <= 3:
            index = heading.level - 1
            self._numbers[index] += 1
            for deeper in range(index + 1, 3):
                self._numbers[deeper] = 0
            number = ".".join(str(n) for n in self._numbers[: index + 1])
        if heading.level == 1:
            self._section = heading.text
        anchor = self.anchor(heading.text)
        shown = f'<span class="num">{number}</span> ' if number else ""
        return f'<h{level} id="{attr(anchor)}">{shown}{esc(heading.text)}</h{level}>\n'

    def anchor(self, text: str) -> str:
        """A unique id made from ``text``, for links to a heading."""
        base = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
        base = "-".join(part for part in base.split("-") if part) or "section"
        anchor, n = base, 1
        while anchor in self._ids:
            n += 1
            anchor = f"{base}-{n}"
        self._ids.add(anchor)
        return anchor

    def label(self, caption: str) -> str:
        """A label for a table's scrolling region, unique on the page (axe: landmark-unique)."""
        label = caption
        if label in self._labels and self._section:
            label = f"{caption}: {self._section}"
        n = 1
        while label in self._labels:
            n += 1
            label = f"{caption} ({n})"
        self._labels.add(label)
        return label

    def table(self, table: Table) -> str:
        has_boxes = any(
            isinstance(i, Checkbox)
            for row in table.rows
            for c in row
            for p in c.paragraphs
            for i in p
        )
        if table.kind is TableKind.FORM and not has_boxes:
            return f'<p class="note">{esc(self.form_note)}</p>\n'
        label = self.label(table.caption or "Table")
        head = "".join(f'<th scope="col">{esc(c.header)}</th>' for c in table.columns)
        rows = []
        for row in table.rows:
            cells = []
            for index, cell in enumerate(row):
                tag = "th" if index == 0 and table.kind is TableKind.DATA else "td"
                scope = ' scope="row"' if tag == "th" else ""
                cells.append(f"<{tag}{scope}>{cell_html(cell)}</{tag}>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{esc(table.caption)}</caption>" if table.caption else ""
        return (
            f'<div class="table-wrap" role="region" aria-label="{attr(label)}" tabindex="0">'
            f"<table>{caption}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>\n"
        )


def list_html(block: ListBlock) -> str:
    """A list, with nested lists inside their items."""
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        children = "".join(list_html(child) for child in item.children)
        items.append(f"<li>{inlines(item.inlines)}{children}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>\n"


def cell_html(cell: Cell) -> str:
    """A table cell's paragraphs, one line each."""
    return "<br>".join(inlines(p) for p in cell.paragraphs)


def inlines(runs: Iterable[Inline]) -> str:
    """Inline runs: bold, italic, links; a tick box shows as an empty box and its label."""
    out: list[str] = []
    for run in runs:
        if isinstance(run, Checkbox):
            box = "\u2612" if run.checked else "\u2610"
            out.append(f'<span class="box" aria-hidden="true">{box}</span> {esc(run.label)}')
            continue
        if isinstance(run, Field):  # a typed field: its text (blank on the website)
            out.append(esc(run.text))
            continue
        out.append(text_html(run))
    return "".join(out)


def text_html(run: Text) -> str:
    """One run of text with its formatting."""
    html = esc(run.text)
    if run.italic:
        html = f"<em>{html}</em>"
    if run.bold:
        html = f"<strong>{html}</strong>"
    if run.link is not None and run.link.startswith(_SCHEMES):
        html = f'<a href="{attr(run.link)}">{html}</a>'
    return html
