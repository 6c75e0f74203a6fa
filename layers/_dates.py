"""Date expressions in a sentence, resolved to ISO 8601 (stdlib + dateutil only)."""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_M = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"((?:19|20)\d\d)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b")),
    ("mdy", re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b")),
    ("my", re.compile(rf"\b{_M},?\s+(?:of\s+)?{_Y}\b")),
    ("md", re.compile(rf"\b{_M}\s+{_D}\b(?!\s*[:\d])")),
    ("dm", re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}\b")),
    ("decade", re.compile(r"\b((?:19|20)\d0)s\b")),
    # "in 2018 troops ...": a year after a preposition is a year even before a force noun
    (
        "year_prep",
        re.compile(
            r"(?i:\b(?:in|since|by|until|till|during|from|before|after|of)\s+)"
            r"((?:19|20)\d\d)\b(?![\d,]\d|-\d|/\d)"
        ),
    ),
    (
        "year",
        re.compile(
            r"(?<![\d,.$£€#/-])\b((?:19|20)\d\d)\b(?![\d,]\d|-\d|/\d|\s*(?:km|kilometres|kilometers|troops|soldiers|men|people))"
        ),
    ),
)
_REL = re.compile(
    r"\b(?:(yesterday|today|tonight|last night|overnight)"
    r"|(this|last|past|earlier this|late last|early last|earlier in the)"
    r"\s+(week|weekend|month|year)"
    r"|(?:(on|last|this|past|next)\s+)(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"|(next)\s+(week|month|year)"
    r"|(a|one|two|three|four|five|six|seven|\d)\s+(days?|weeks?)\s+(ago|earlier|before|later))\b",
    re.IGNORECASE,
)
# "in November", "since March": a month named alone, the latest such month not after publication.
# "May" counts only after such a word (elsewhere it is the modal verb).
_MONTH_ALONE = re.compile(
    r"\b(?i:in|since|during|by|until|late|early|mid|mid-|last)\s+"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"(?!\s*(?:\d|of\s+\d))"
)
# Wire style "struck Odesa Tuesday": a capitalised weekday with no preposition, not part of a
# name ("Bloody Sunday", "Sunday Times").
_BARE_WEEKDAY = re.compile(
    r"(?<![A-Za-z])(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?!\s+[A-Z])"
)
_NAME_BEFORE = re.compile(r"(?:^|[.!?]\s+|\b(?:the|a|an|on|The|A|An|On)\s+)[A-Z][\w'-]*\s+$")
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def parse_published(published: str) -> dt.date | None:
    """The document's publication date, or None when unknown or unparsable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as du_parser

        return du_parser.parse(published, fuzzy=True).date()
    except (ValueError, OverflowError, TypeError):
        return None


def reference_year(text: str, published: dt.date | None) -> int | None:
    """Publication year, else the latest plausible year the text mentions."""
    if published is not None:
        return published.year
    years = [int(m.group(1)) for m in _PATTERNS[-1][1].finditer(text)]
    return max(years) if years else None


def _date(y: int, m: int, d: int) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def _infer_year(month: int, day: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=31):
            year -= 1
    except ValueError:
        return None
    return year


def find_dates(sentence: str, offset: int, published: dt.date | None) -> list[tuple[int, str, str]]:
    """``(document offset, iso, type)`` of every date expression in ``sentence``.

    ``type`` is "explicit", "relative" or "decade" (a decade has iso "").
    """
    out: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for name, pat in _PATTERNS:
        for m in pat.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            iso = ""
            g = m.groups()
            if name == "iso":
                iso = _date(int(g[0]), int(g[1]), int(g[2]))
            elif name == "dmy":
                iso = _date(int(g[2]), _MONTHS[g[1].lower()], int(g[0]))
            elif name == "mdy":
                iso = _date(int(g[2]), _MONTHS[g[0].lower()], int(g[1]))
            elif name == "my":
                iso = f"{int(g[1]):04d}-{_MONTHS[g[0].lower()]:02d}"
            elif name in ("md", "dm"):
                mon, day = (g[0], g[1]) if name == "md" else (g[1], g[0])
                if mon == "May" and name == "md" and not re.match(r"\d", sentence[m.end(1) + 1 :]):
                    continue
                month, d = _MONTHS[mon.lower()], int(day)
                year = _infer_year(month, d, published)
                if year is None:
                    taken.append((m.start(), m.end()))
                    continue
                iso = _date(year, month, d)
            elif name == "year_prep":
                taken.append((m.start(1), m.end(1)))
                out.append((offset + m.start(1), g[0], "explicit"))
                continue
            elif name == "decade":
                taken.append((m.start(), m.end()))
                out.append((offset + m.start(), g[0], "decade"))
                continue
            else:
                iso = g[0]
            taken.append((m.start(), m.end()))
            if iso:
                out.append((offset + m.start(), iso, "explicit"))
    if published is not None:
        for m in _MONTH_ALONE.finditer(sentence):
            if not free(m.start(1), m.end(1)):
                continue
            month = _MONTHS[m.group(1).lower()]
            year = published.year - (1 if month > published.month else 0)
            taken.append((m.start(1), m.end(1)))
            out.append((offset + m.start(1), f"{year:04d}-{month:02d}", "relative"))
        for m in _REL.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            iso = _relative(m, published)
            taken.append((m.start(), m.end()))
            if iso:
                out.append((offset + m.start(), iso, "relative"))
        for m in _BARE_WEEKDAY.finditer(sentence):
            if not free(m.start(), m.end()) or m.start() == 0:
                continue
            if _NAME_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
                continue  # a name: "Bloody Sunday ...", "the Super Tuesday vote"
            back = (published.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
            out.append(
                (offset + m.start(), (published - dt.timedelta(days=back)).isoformat(), "relative")
            )
    out.sort()
    return out


def _relative(m: re.Match[str], pub: dt.date) -> str:
    word, which, unit, on, weekday, nxt, nunit, count, cunit, way = (
        g.lower() if g else "" for g in m.groups()
    )
    if nxt:
        if nunit == "week":
            return (pub + dt.timedelta(days=7)).isoformat()
        if nunit == "month":
            d = pub + relativedelta(months=1)
            return f"{d.year:04d}-{d.month:02d}"
        return f"{pub.year + 1:04d}"
    if count:
        n = _COUNTS.get(count) or int(count)
        days = n * (7 if cunit.startswith("week") else 1)
        return (pub + dt.timedelta(days=days if way == "later" else -days)).isoformat()
    if word:
        if word in ("yesterday", "last night"):
            return (pub - dt.timedelta(days=1)).isoformat()
        return pub.isoformat()
    if unit:
        last = which in ("last", "past", "late last", "early last")
        if unit == "week":
            return (pub - dt.timedelta(days=7 if last else 0)).isoformat()
        if unit == "weekend":
            back = (pub.weekday() - 5) % 7 if not last else (pub.weekday() - 5) % 7 + 7
            return (pub - dt.timedelta(days=back)).isoformat()
        if unit == "month":
            d = pub - relativedelta(months=1) if last else pub
            return f"{d.year:04d}-{d.month:02d}"
        return f"{pub.year - 1 if last else pub.year:04d}"
    if weekday:
        target = _WEEKDAYS.index(weekday)
        if on == "next":
            return (pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)).isoformat()
        back = (pub.weekday() - target) % 7
        if on == "last" and back == 0:
            back = 7
        return (pub - dt.timedelta(days=back)).isoformat()
    return ""
