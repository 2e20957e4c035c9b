"""Text hygiene for everything typed or imported: no NUL, no invisible direction or width marks."""

from __future__ import annotations

import re

# U+202A–U+202E and U+2066–U+2069 reverse or isolate the reading direction: "gnirtS" shows as
# "String" (a spoofed name in an audit trail). U+200B–U+200D and U+FEFF are invisible: two names
# that look alike would differ. Both are dropped; NUL is refused (PostgreSQL rejects it).
_INVISIBLE = "\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
suspect = re.compile(f"[\x00{_INVISIBLE}]").search  # a match: clean_text has work to do
_DROP = str.maketrans("", "", _INVISIBLE)


def clean_text(text: str) -> str:
    """`text` without the invisible characters; ValueError when it holds a NUL."""
    if not suspect(text):  # nearly every text: one scan, no copy
        return text
    if "\x00" in text:
        raise ValueError("NUL")
    return text.translate(_DROP)
