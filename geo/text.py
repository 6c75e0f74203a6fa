"""Sentence spans for English news text (rule based, offset preserving)."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt rep sen gov pres st mt ft
    jr sr inc corp co ltd no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s
    u.k u.n e.g i.e approx est dept univ rev hon fig al""".split()
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n(?=\s*[-*•#])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences, stripped of surrounding whitespace.

    Every character of non-blank text belongs to exactly one span.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        end = m.end()
        if m.group().startswith("."):
            word = re.search(r"([A-Za-z.]+)\.$", text[max(start, m.start() - 12) : m.start() + 1])
            token = word.group(1).lower() if word else ""
            if token.rstrip(".") in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue
            nxt = text[end : end + 3].lstrip()
            if nxt[:1].islower() or nxt[:1].isdigit():
                continue
        _add(text, start, end, spans)
        start = end
    if start < n:
        _add(text, start, n, spans)
    # Hard line breaks (titles, list items) also end sentences.
    out: list[tuple[int, int]] = []
    for s, e in spans:
        pos = s
        for lm in re.finditer(r"\n", text[s:e]):
            cut = s + lm.start()
            _add(text, pos, cut, out)
            pos = cut + 1
        _add(text, pos, e, out)
    return out


def _add(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


_START = re.compile(r"(?:[.!?][\"'”’)\]]*[ \t]+|\n\s*)(?=\S)")


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences (or lines) start: a cheap approximation of
    :func:`sentence_spans` for recognition, which only asks "is this word sentence-initial?"."""
    first = len(text) - len(text.lstrip())
    return [first, *(m.end() for m in _START.finditer(text))]
