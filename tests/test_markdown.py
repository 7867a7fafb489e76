"""The clause Markdown subset: what it accepts, and what it refuses with a line."""

from __future__ import annotations

import pytest

from policykit.blocks import ListBlock, Paragraph, Text
from policykit.markdown import MarkdownProblem, escape, parse_markdown


def test_paragraphs_with_bold_italic_and_links() -> None:
    """Inline formatting becomes runs; soft line breaks become spaces."""
    (para,) = parse_markdown("We **always** tell\nthe [DSL](mailto:dsl@x.org), *at once*.")
    assert isinstance(para, Paragraph)
    assert para.inlines == (
        Text("We "),
        Text("always", bold=True),
        Text(" tell the "),
        Text("DSL", link="mailto:dsl@x.org"),
        Text(", "),
        Text("at once", italic=True),
        Text("."),
    )


def test_bullets_numbers_and_nesting() -> None:
    """Lists keep their kind, items and nested lists."""
    blocks = parse_markdown("- one\n- two\n  1. a\n  2. b\n\n1. first\n")
    first, second = blocks
    assert isinstance(first, ListBlock) and not first.ordered
    assert [i.inlines[0].text for i in first.items] == ["one", "two"]  # type: ignore[union-attr]
    nested = first.items[1].children[0]
    assert nested.ordered and len(nested.items) == 2
    assert isinstance(second, ListBlock) and second.ordered


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("# Heading\n", "headings"),
        ("> quoted\n", "block quotes"),
        ("    code\n", "code blocks"),
        ("```\ncode\n```\n", "code blocks"),
        ("---\n", "horizontal rules"),
        ("![logo](https://x.org/a.png)\n", "images"),
    ],
)
def test_other_markdown_is_refused_with_its_line(text: str, what: str) -> None:
    """Markdown the Word writer cannot show faithfully is an error, not a surprise."""
    with pytest.raises(MarkdownProblem) as caught:
        parse_markdown("Fine.\n\n" + text)
    assert what in caught.value.message
    assert caught.value.line == 2


def test_links_must_be_web_email_or_phone() -> None:
    """ftp: and other schemes are refused; javascript: never even becomes a link."""
    with pytest.raises(MarkdownProblem, match="not a web, email or phone address"):
        parse_markdown("[x](ftp://example.org/file)")
    (para,) = parse_markdown("[x](javascript:alert(1))")
    assert isinstance(para, Paragraph)
    assert all(i.link is None for i in para.inlines if isinstance(i, Text))


def test_numbered_lists_start_at_one() -> None:
    """Numbering restarts in every list, so a list must start at 1."""
    with pytest.raises(MarkdownProblem, match="start at 1"):
        parse_markdown("3. three\n4. four\n")


@pytest.mark.parametrize(
    "text",
    [
        "St Mary's *& Co*",
        "A_B_C",
        "[not a link](x)",
        "# not a heading",
        "1. not a list",
        "&copy; stays",
        "back\\slash",
        "<b>tag</b>",
    ],
)
def test_escaped_text_survives_exactly(text: str) -> None:
    """Escaping makes any text show exactly as written."""
    (para,) = parse_markdown(escape(text))
    assert isinstance(para, Paragraph)
    assert "".join(i.text for i in para.inlines if isinstance(i, Text)) == text
