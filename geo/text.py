"""Sentence spans for English news text (rule based, offset preserving).

Everything here runs in linear time: no pattern can backtrack over a long run of dots,
newlines or ``!?`` (input is untrusted, scraped text).
"""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt rep sen gov pres st mt ft
    jr sr inc corp co ltd no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s
    u.k u.n e.g i.e approx est dept univ rev hon fig al""".split()
)
_CLOSERS = "\"'”’)\\]"
# A run of sentence-final punctuation and the quotes or brackets closing it. Matched without
# lookahead, so each match is maximal and the scan never revisits a character.
_PUNCT = re.compile(rf"[.!?]+[{_CLOSERS}]*")
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z.]+)\.$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")  # "j.r.r", "e.u"
_OPENERS = "\"“‘'("
# Capitalised domain endings that follow a dot without starting a sentence ("Lenta.Ru").
_DOMAINS = frozenset("com net org ru ua uk info gov edu io tv fm".split())
_LETTERS = re.compile(r"[A-Za-z]+")


def _abbreviation(text: str, lo: int, dot: int) -> bool:
    """Whether the word ending at the period ``text[dot]`` is an abbreviation or initials
    ("Gen.", "U.S.", "J.R.R.", "J."); ``lo`` bounds the look back (the sentence start)."""
    word = _WORD_BEFORE_DOT.search(text, max(lo, dot - 12), dot + 1)
    if word is not None and word.start(1) > 0 and text[word.start(1) - 1].isdigit():
        return False  # "since the 1980s.", "two F-16s.": a number's ending, no initial
    token = word.group(1).lower() if word else ""
    return (
        token.rstrip(".") in _ABBREV
        or (len(token) == 1 and token.isalpha())
        or _INITIALS.fullmatch(token) is not None
    )


def _glued_start(text: str, end: int, limit: int) -> bool:
    """Whether a sentence starts at ``end`` right after punctuation with no space between:
    a capitalised word ("border.The", "Syria.Russian") or a quote opening one. Lower case,
    digits, all-caps words and domain endings do not ("example.com", "12.5N", "ASP.NET",
    "Lenta.Ru")."""
    if end < limit and text[end] in _OPENERS:
        end += 1
    if not (end + 1 < limit and text[end].isupper() and text[end + 1].islower()):
        return False
    word = _LETTERS.match(text, end, min(limit, end + 6))
    return word is None or word.group().lower() not in _DOMAINS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences, stripped of surrounding whitespace.

    Every character of non-blank text belongs to exactly one span. Line breaks (titles,
    list items, paragraphs) always end a sentence. Within a line a sentence ends at ``.``,
    ``!`` or ``?`` (with any closing quotes) followed by white space or the end of the
    line, or directly followed by a capitalised word ("near the border.The ministry"),
    but not after an abbreviation or initials ("Gen.", "U.S.", "J.R.R.") nor before a
    lower-case word or a digit ("3.5 km", "example.com", "p.m. on Monday").
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    line_start = 0
    while line_start <= n:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = n
        start = line_start
        for m in _PUNCT.finditer(text, line_start, line_end):
            end = m.end()
            spaced = end == line_end or text[end].isspace()
            if not spaced and not _glued_start(text, end, line_end):
                continue
            if m.group().startswith("."):
                if _abbreviation(text, start, m.start()):
                    continue
                nxt = text[end : end + 3].lstrip()
                if nxt[:1].islower() or nxt[:1].isdigit():
                    continue
            _add(text, start, end, spans)
            start = end
        _add(text, start, line_end, spans)
        line_start = line_end + 1
    return spans


def _add(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


# A sentence may start after: punctuation and spaces; a line break and any white space;
# punctuation directly followed by a capitalised word (checked in code). No lookahead, so
# every character is scanned once.
_START = re.compile(rf"(?P<spaced>[.!?][{_CLOSERS}]*[ \t]+)|\n\s*|(?P<glued>[.!?][{_CLOSERS}]*)")


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences (or lines) start: a cheap approximation of
    :func:`sentence_spans` for recognition, which only asks "is this word sentence-initial?"."""
    n = len(text)
    first = n - len(text.lstrip())
    starts = [first]
    for m in _START.finditer(text):
        end = m.end()
        if end >= n or text[end].isspace():
            continue
        if m.group("glued") is not None:
            if not _glued_start(text, end, n):
                continue
            if text[m.start()] == "." and _abbreviation(text, 0, m.start()):
                continue
        starts.append(end)
    return starts
