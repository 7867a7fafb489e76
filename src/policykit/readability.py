"""Reading grade (Flesch-Kincaid) of a document's running text. Pure.

Our own small implementation rather than a dependency: the obvious package (textstat)
pulls in nltk and setuptools for one formula. Syllables are counted with the usual
vowel-group rules and a short list of exceptions; tests pin the counts of the words
pupils' agreements actually use, and the grade of known sentences.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

from policykit.blocks import Block, Inline, ListBlock, Paragraph, Text

__all__ = ["Reading", "count_syllables", "grade_text", "reading_of"]

_APOSTROPHES = "'\u2019"
_WORD = re.compile(rf"[A-Za-z]+(?:[{_APOSTROPHES}-][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_EXCEPTIONS = {
    "the": 1,
    "every": 2,
    "everyone": 3,
    "everything": 3,
    "people": 2,
    "area": 3,
    "idea": 3,
    "being": 2,
    "doing": 2,
    "going": 2,
    "really": 2,
    "science": 2,
    "quiet": 2,
    "create": 2,
    "created": 3,
    "video": 3,
    "videos": 3,
    "radio": 3,
    "ipad": 2,
    "ipads": 2,
    "wifi": 2,
    "online": 2,
    "someone": 2,
    "sometimes": 2,
    "something": 2,
    "somewhere": 2,
    "anyone": 3,
    "themselves": 2,
    "yourself": 2,
    "business": 2,
    "different": 3,
    "interesting": 4,
    "favourite": 3,
    "usually": 4,
    "area's": 3,
    "naive": 2,
    "ai": 2,
    "alive": 2,
    "agree": 2,
}


_SUFFIXES = (
    ("fully", 2),
    ("ful", 1),
    ("ly", 1),
    ("ty", 1),
    ("ness", 1),
    ("less", 1),
    ("ments", 1),
    ("ment", 1),
)


@functools.lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables in one English word (a hyphenated word counts each part)."""
    parts = [p for p in re.split(rf"[-{_APOSTROPHES}]", word.lower()) if p]
    if len(parts) > 1:
        return sum(count_syllables(p) for p in parts)
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    for suffix, extra in _SUFFIXES:
        base = w[: -len(suffix)]
        # A silent e before a suffix: safe-ty, care-ful, like-ly, state-ment.
        if w.endswith(suffix) and len(base) > 2 and base.endswith("e") and base[-2] not in "aeiouy":
            return count_syllables(base) + extra
    trimmed = w
    if trimmed.endswith("e") and not trimmed.endswith(("le", "ee", "ye")):
        trimmed = trimmed[:-1]
    elif (
        trimmed.endswith("es")
        and not trimmed.endswith(("ses", "zes", "ches", "shes", "ges", "ces", "xes"))
    ) or (trimmed.endswith("ed") and not trimmed.endswith(("ted", "ded"))):
        trimmed = trimmed[:-2]
    groups = re.findall(r"[aeiouy]+", trimmed)
    count = len(groups)
    if trimmed.startswith("y") and groups and groups[0].startswith("y"):
        count -= 0 if len(groups[0]) > 1 else 1
    if w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy":
        count = max(count, 1)
    return max(count, 1)


@attrs.frozen
class Reading:
    """The reading grade of some text, with the counts it came from."""

    grade: float
    words: int
    sentences: int
    syllables: int
    longest_sentence: str = ""


def grade_text(units: Iterable[str]) -> Reading:
    """Flesch-Kincaid grade of ``units``; each unit (a paragraph or list item) ends a sentence."""
    words = sentences = syllables = 0
    longest = ""
    longest_words = 0
    for unit in units:
        for sentence in _SENTENCE_END.split(unit):
            found = _WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            syllables += sum(count_syllables(w) for w in found)
            if len(found) > longest_words:
                longest_words, longest = len(found), sentence.strip()
    if words == 0:
        return Reading(0.0, 0, 0, 0)
    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
    return Reading(round(grade, 1), words, sentences, syllables, longest)


def _inline_text(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.text for i in inlines if isinstance(i, Text))


def _units(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield _inline_text(block.inlines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield _inline_text(item.inlines)
                yield from _units(item.children)


def reading_of(blocks: Iterable[Block]) -> Reading:
    """The reading grade of a document's paragraphs and list items (not headings or tables)."""
    return grade_text(_units(blocks))
