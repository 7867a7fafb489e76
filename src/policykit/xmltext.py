"""Characters that XML 1.0, and so Word, cannot hold."""

from __future__ import annotations

import re

__all__ = ["FORBIDDEN", "forbidden_character"]

#: Control characters other than tab, newline and carriage return; lone surrogates;
#: and the two non-characters U+FFFE and U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` a Word file cannot hold, as ``U+0007``; or None."""
    match = FORBIDDEN.search(text)
    return None if match is None else f"U+{ord(match.group(0)):04X}"
