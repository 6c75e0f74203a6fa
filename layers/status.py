"""Status (reported, denied, historical, ...), date and quantity read from a clause."""

from __future__ import annotations

import re
from bisect import bisect_left

from layers._dates import find_dates
from layers._sentence import _Doc, _Sentence, _words
from layers.lexicon import ASSET, Match

_STATUS_ORDER = ("denied", "historical", "possible", "planned")
_TOKEN = re.compile(r"\S+")
_PRESENT = re.compile(
    r"\b(?:now|currently|today|tonight|this (?:week|month|year)|recent(?:ly)?|is|are|has|have|will"
    r"|would|may|might|could|can|plans?|intends?|says?)\b"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _carried_history(ctx: _Doc, sent: _Sentence) -> bool:
    """A sentence with no date and no present or future marker right after a historical one
    ("... led to the 1962 Cuban missile crisis. The standoff was resolved when ...")."""
    if sent._carry is not None:
        return sent._carry
    carry = False
    if sent.prev is not None:
        p0, p1 = sent.prev  # type: ignore[misc]
        hist = False
        if sent.cue_list is not None:
            cues, starts = sent.cue_list
            hist = any(
                c.term.kind == "historical"
                for c in cues[bisect_left(starts, p0) : bisect_left(starts, p1)]
            )
        if not hist and ctx.ref_year is not None:
            hist = any(
                int(y) <= ctx.ref_year - ctx.rules.historical_years
                for y in _YEAR.findall(ctx.text, p0, p1)
            )
        if hist:
            if sent.dates is None:
                sent.dates = find_dates(ctx.text[sent.start : sent.end], sent.start, ctx.published)
            carry = not sent.dates and not _PRESENT.search(ctx.norm, sent.start, sent.end)
    sent._carry = carry
    return carry


def _status(ctx: _Doc, sent: _Sentence, m: Match, date: tuple[int, str, str] | None) -> str:
    r = ctx.rules
    text = ctx.text
    clause = sent.clause(m.start)
    c0, _ = sent.clause_span(clause)
    left = text[c0 : m.start]
    starts = [w.start() for w in _TOKEN.finditer(left)]
    w0 = c0 + (starts[-r.window_words] if len(starts) > r.window_words else 0)
    found: set[str] = set()
    for cue in sent.cues:
        if cue.term.kind == "historical":
            found.add("historical")
            continue
        if not (w0 <= cue.start and cue.end <= m.start):
            continue
        if cue.term.name.lower() == "may" and text[cue.start] == "M" and cue.start != sent.start:
            continue  # the month
        found.add(cue.term.kind)
    if r.negator_re.search(left[-60:]) or r.post_negator_re.match(
        text[m.end : min(sent.end, m.end + 30)]
    ):
        found.add("denied")
    if date is not None and ctx.ref_year is not None:
        year_s = date[1][:4]
        if year_s.isdigit():
            year = int(year_s) + (9 if date[2] == "decade" else 0)
            if year <= ctx.ref_year - r.historical_years:
                found.add("historical")
    if sent.question:
        found.add("possible")
    if "historical" not in found and _carried_history(ctx, sent):
        found.add("historical")
    for status in _STATUS_ORDER:
        if status in found:
            return status
    return "reported"


def _quantity(ctx: _Doc, sent: _Sentence, m: Match) -> str:
    c0, _ = sent.clause_span(sent.clause(m.start))
    w0 = max(c0, m.start - 80)
    left = ctx.text[w0 : m.start]
    found = list(ctx.rules.quantity_re.finditer(left))
    if not found:
        return ""
    q = found[-1]
    if q is None:
        return ""
    fill = left[q.end() :]
    if re.search(r"[,;:!?()]\s|(?<![A-Z])\.\s|[\u2013\u2014]", fill + " ") or re.search(
        r"\d", fill
    ):
        return ""
    words = _words(ctx.norm[m.start - len(fill) : m.start])
    if len(words) > 4 or any(w in ctx.rules.quantity_stop for w in words):
        return ""
    qty = q.group("q").strip()
    if re.fullmatch(r"(?:19|20)\d\d", qty):
        return ""
    head = ctx.text[m.start : m.end].split()[-1] if m.end > m.start else ""
    return f"{qty} {head}".strip()


def _date_for(ctx: _Doc, sent: _Sentence, m: Match) -> tuple[int, str, str] | None:
    if sent.dates is None:
        sent.dates = find_dates(ctx.text[sent.start : sent.end], sent.start, ctx.published)
    if not sent.dates:
        return None
    clause = sent.clause(m.start)
    pool = [d for d in sent.dates if sent.clause(d[0]) == clause]
    if not pool:
        # A date in another clause that states its own event belongs to that event ("..., which
        # seized power in a coup last week, ... has 1,500 troops in Niger").
        busy = {sent.clause(c.start) for c in sent.core if c.term.channel != ASSET}
        pool = [d for d in sent.dates if sent.clause(d[0]) not in busy]
    if not pool:
        return None
    return min(pool, key=lambda d: (abs(d[0] - m.start), d[0]))
