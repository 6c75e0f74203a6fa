"""Metonymy: a capital, country or seat of power standing for its government."""

from __future__ import annotations

import re

from geo._lexicon import RecognitionLexicon

_NEXT_WORDS = re.compile(r"[’']s\s+(\w+)|\s+(?:(?:has|had|have|also|now|then|on\s\w+day|,)\s+)*(\w+)")
_GOVERNMENTAL = ("PCLI", "PPLC")


def is_metonymic(text: str, start: int, end: int, fcode: str, lex: RecognitionLexicon) -> bool:
    """True when the mention at text[start:end] is used for a government, not a place.

    "Moscow warned", "Washington's tone", "the Kremlin said", "Beijing has repeatedly denied".
    """
    if fcode not in _GOVERNMENTAL and fcode != "SEAT":
        return False
    prev = text[max(0, start - 12) : start]
    if re.search(r"\b(in|to|from|near|at|into|across|over|outside|around)\s+(the\s+)?$", prev, re.I):
        return False  # a preposition makes it a location: "in Moscow said" is unusual
    m = _NEXT_WORDS.match(text, end)
    if not m:
        return fcode == "SEAT"
    if m.group(1):  # possessive
        return m.group(1).lower() in lex.possessed or fcode == "SEAT"
    word = (m.group(2) or "").lower()
    if word in lex.speech_verbs:
        return True
    return fcode == "SEAT"
