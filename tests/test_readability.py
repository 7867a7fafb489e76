"""Reading grades: syllables and Flesch-Kincaid."""

from __future__ import annotations

import pytest

from policykit.blocks import ListBlock, ListItem, Paragraph, Text
from policykit.readability import count_syllables, grade_text, reading_of


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("I", 1),
        ("kind", 1),
        ("tell", 1),
        ("grown-up", 2),
        ("safely", 2),
        ("safety", 2),
        ("careful", 2),
        ("someone", 2),
        ("online", 2),
        ("password", 2),
        ("people", 2),
        ("device", 2),
        ("devices", 3),
        ("internet", 3),
        ("understand", 3),
        ("agreement", 3),
        ("equipment", 3),
        ("monitoring", 4),
        ("acceptable", 4),
        ("photographs", 3),
        ("table", 2),
        ("little", 2),
        ("asked", 1),
        ("wanted", 2),
        ("used", 1),
    ],
)
def test_syllables_of_words_agreements_use(word: str, syllables: int) -> None:
    """The heuristic counts the words of pupils' agreements correctly."""
    assert count_syllables(word) == syllables


def test_grade_of_a_known_sentence() -> None:
    """The grade is 0.39 x words per sentence + 11.8 x syllables per word - 15.59."""
    text = (
        "I use the school tablets and laptops only when a teacher or a grown-up"
        " says that I can use them now."
    )
    reading = grade_text([text])
    assert (reading.words, reading.sentences) == (21, 1)
    expected = 0.39 * 21 + 11.8 * reading.syllables / 21 - 15.59
    assert reading.grade == round(expected, 1)


def test_each_list_item_ends_a_sentence() -> None:
    """List items without full stops still count as sentences."""
    blocks = (
        ListBlock(False, (ListItem((Text("I am kind"),)), ListItem((Text("I tell a grown-up"),)))),
    )
    assert reading_of(blocks).sentences == 2


def test_long_sentences_raise_the_grade() -> None:
    """Joining short sentences into one long one makes the text harder."""
    short = [Paragraph((Text("I am kind. I tell a grown-up. I ask first."),))]
    long = [
        Paragraph(
            (
                Text(
                    "I am kind and I tell a grown-up and I always ask first before I do"
                    " anything at all."
                ),
            )
        )
    ]
    assert reading_of(long).grade > reading_of(short).grade + 2
