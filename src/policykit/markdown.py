"""The clause Markdown subset, parsed with markdown-it-py into document blocks.

Allowed: paragraphs, bullet and numbered lists (nested), bold, italic and links. Any
other Markdown (headings, quotes, code, images, raw HTML, tables) is refused with the
line it is on, because the Word writer has no faithful way to show it.

One container is allowed: lines between ``::: internal`` and ``:::`` become blocks
marked internal, which public outputs (the website, ``--public`` documents) leave out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from policykit.blocks import Block, Inline, ListBlock, ListItem, Paragraph, Text

__all__ = ["MarkdownProblem", "escape", "parse_markdown"]

if TYPE_CHECKING:
    from markdown_it.token import Token

_PARSER: Any = None
_ALLOWED_SCHEMES = ("https://", "http://", "mailto:", "tel:")
_UNSUPPORTED = {
    "heading_open": "headings (the document spec gives sections their headings)",
    "blockquote_open": "block quotes",
    "code_block": "code blocks",
    "fence": "code blocks",
    "hr": "horizontal rules",
    "html_block": "raw HTML",
    "table_open": "tables",
}
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character


class MarkdownProblem(Exception):
    """Markdown outside the subset; ``line`` counts from 0 within the body."""

    def __init__(self, message: str, line: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


def escape(text: str) -> str:
    """Backslash-escape ``text`` so Markdown shows it exactly as written."""
    return _PUNCTUATION.sub(r"\\\g<0>", text)


_CONTAINER = re.compile(r"^:::[ \t]*(\S*)[ \t]*$")


def parse_markdown(text: str) -> tuple[Block, ...]:
    """Parse a rendered clause body into blocks; raise :class:`MarkdownProblem`.

    ``::: internal`` ... ``:::`` marks the blocks between as internal.
    """
    if ":::" not in text:
        return _parse_plain(text)
    blocks: list[Block] = []
    for segment, offset, internal in _segments(text):
        try:
            parsed = _parse_plain(segment)
        except MarkdownProblem as exc:
            if exc.line is not None:
                exc.line += offset
            raise
        if internal:
            parsed = tuple(
                attrs.evolve(b, internal=True) if isinstance(b, Paragraph | ListBlock) else b
                for b in parsed
            )
        blocks.extend(parsed)
    return tuple(blocks)


def _segments(text: str) -> list[tuple[str, int, bool]]:
    """The text split at container lines: (text, first line, inside ``::: internal``)."""
    segments: list[tuple[str, int, bool]] = []
    lines = text.split("\n")
    start, opened = 0, None
    for number, line in enumerate(lines):
        match = _CONTAINER.match(line)
        if match is None:
            continue
        name = match.group(1)
        if name and name != "internal":
            raise MarkdownProblem(
                f"'::: {name}' is not a container the clause Markdown knows",
                number,
                "the only container is '::: internal', closed by a line ':::'",
            )
        if name and opened is not None:
            raise MarkdownProblem(
                "'::: internal' inside another internal block",
                number,
                f"close the block opened on line {opened + 1} with ':::' first",
            )
        if not name and opened is None:
            raise MarkdownProblem(
                "':::' closes no '::: internal' block",
                number,
                "open internal text with a line '::: internal'",
            )
        segments.append(("\n".join(lines[start:number]), start, opened is not None))
        start, opened = number + 1, (number if name else None)
    if opened is not None:
        raise MarkdownProblem(
            "'::: internal' is never closed", opened, "end the internal text with a line ':::'"
        )
    segments.append(("\n".join(lines[start:]), start, False))
    return [s for s in segments if s[0].strip()]


def _parse_plain(text: str) -> tuple[Block, ...]:
    global _PARSER
    if _PARSER is None:  # loaded on first use: most runs find their blocks in the cache
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": False})
    tokens = _PARSER.parse(text)
    blocks, end = _blocks(tokens, 0, None)
    assert end == len(tokens)
    return tuple(blocks)


def _line(token: Token) -> int | None:
    return token.map[0] if token.map else None


def _blocks(tokens: Sequence[Token], i: int, closer: str | None) -> tuple[list[Block], int]:
    """Blocks from ``tokens[i:]`` up to the token of type ``closer``."""
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if closer is not None and token.type == closer:
            return blocks, i
        if token.type in _UNSUPPORTED:
            raise MarkdownProblem(
                f"{_UNSUPPORTED[token.type]} are not part of the clause Markdown subset",
                _line(token),
                "use paragraphs, bullet or numbered lists, **bold**, *italic* and [links](url)",
            )
        if token.type == "paragraph_open":
            inline = tokens[i + 1]
            blocks.append(Paragraph(_inlines(inline)))
            i += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            block, i = _list(tokens, i)
            blocks.append(block)
            continue
        raise MarkdownProblem(  # pragma: no cover - every commonmark block is handled above
            f"unexpected Markdown ({token.type})", _line(token)
        )
    return blocks, i


def _list(tokens: Sequence[Token], i: int) -> tuple[ListBlock, int]:
    opener = tokens[i]
    ordered = opener.type == "ordered_list_open"
    closer = "ordered_list_close" if ordered else "bullet_list_close"
    start = opener.attrGet("start")
    if ordered and start not in (None, 1, "1"):
        raise MarkdownProblem(
            "a numbered list must start at 1",
            _line(opener),
            "number lists from 1; each list restarts its numbering",
        )
    items: list[ListItem] = []
    i += 1
    while tokens[i].type != closer:
        assert tokens[i].type == "list_item_open"
        line = _line(tokens[i])
        content, i = _blocks(tokens, i + 1, "list_item_close")
        i += 1  # list_item_close
        items.append(_item(content, line))
    return ListBlock(ordered, tuple(items)), i + 1


def _item(content: list[Block], line: int | None) -> ListItem:
    paragraphs = [b for b in content if isinstance(b, Paragraph)]
    lists = tuple(b for b in content if isinstance(b, ListBlock))
    if len(paragraphs) > 1:
        raise MarkdownProblem(
            "a list item holds one paragraph",
            line,
            "remove the blank line inside the item, or make a new item",
        )
    if content and not isinstance(content[0], Paragraph):
        raise MarkdownProblem("a list item must start with text", line)
    inlines = paragraphs[0].inlines if paragraphs else ()
    return ListItem(inlines, lists)


def _inlines(inline: Token) -> tuple[Inline, ...]:
    runs: list[Inline] = []
    bold = italic = 0
    link: str | None = None
    for child in inline.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            _append(runs, Text(child.content, bold > 0, italic > 0, link))
        elif kind in ("softbreak", "hardbreak"):
            _append(runs, Text(" ", bold > 0, italic > 0, link))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(child.attrGet("href") or "")
            if not href.startswith(_ALLOWED_SCHEMES):
                raise MarkdownProblem(
                    f"link target '{href}' is not a web, email or phone address",
                    _line(inline),
                    "links start with https://, http://, mailto: or tel:",
                )
            link = href
        elif kind == "link_close":
            link = None
        elif kind == "image":
            raise MarkdownProblem(
                "images are not part of the clause Markdown subset",
                _line(inline),
                "images belong in the house-style template",
            )
        elif kind == "html_inline":  # pragma: no cover - html is off in the parser
            raise MarkdownProblem("raw HTML is not allowed", _line(inline))
    return tuple(runs)


def _append(runs: list[Inline], run: Text) -> None:
    """Add ``run``, merging it into the previous run when the formatting matches."""
    if runs:
        last = runs[-1]
        if isinstance(last, Text) and (last.bold, last.italic, last.link) == (
            run.bold,
            run.italic,
            run.link,
        ):
            runs[-1] = Text(last.text + run.text, last.bold, last.italic, last.link)
            return
    runs.append(run)
