"""Date expressions in a sentence, resolved to ISO 8601 (stdlib + dateutil only)."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as du_parser
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
    # "between 1991 and 2008", "from 2014 to 2016": a closed span, dated by the year it ended
    (
        "span",
        re.compile(
            r"(?i:\b(?:between|from)\s+)((?:19|20)\d\d)"
            r"(?i:\s+(?:and|to|until|till|through|thru)\s+)((?:19|20)\d\d)\b(?![-/]\d)"
        ),
    ),
    # "between 1991-2008", "the 2014–15 campaign": dated by the year it ended
    ("range", re.compile(r"\b((?:19|20)\d\d)\s?[-\u2013\u2014]\s?((?:19|20)?\d\d)\b(?![-/]\d)")),
    # "in 2018 troops ...": a year after a preposition is a year even before a force noun
    (
        "year_prep",
        re.compile(
            r"(?i:\b(?:in|since|by|until|till|during|from|before|after|of|between)\s+)"
            r"((?:19|20)\d\d)\b(?![\d,]\d|-\d|/\d)"
        ),
    ),
    (
        "year",
        re.compile(
            # "19"/"20" not after a word character, digit separator or currency sign: the
            # first digit comes first so that the scan skips to the 1s and 2s of the text
            r"((?:1(?<![\w,.$£€#/-].)9|2(?<![\w,.$£€#/-].)0)\d\d)"
            r"\b(?![\d,]\d|-\d|/\d|\s*(?:km|kilometres|kilometers|troops|soldiers|men|people))"
        ),
    ),
)
_REL = re.compile(
    r"\b(?:(yesterday|today|tonight|last night|overnight)"
    r"|(this|last|past|earlier this|late last|early last|earlier in the|over the)"
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


def says_recent(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` dates something relative to the story ("on Thursday", "last
    week", "yesterday"), even where no publication date lets us say which day."""
    return _REL.search(text, start, end) is not None or any(
        m.start() > start for m in _BARE_WEEKDAY.finditer(text, start, end)
    )


PRECISIONS = ("day", "month", "year", "unknown")
_ISO_PREFIX = re.compile(r"\s*((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?![\d/])")


def precision_of(iso: str) -> str:
    """ "day", "month" or "year" of an ISO 8601 date YYYY-MM-DD, YYYY-MM or YYYY; else "unknown"."""
    return {10: "day", 7: "month", 4: "year"}.get(len(iso), "unknown") if iso else "unknown"


def published_iso(published: str) -> tuple[str, str]:
    """The publication date as ``(ISO 8601, precision)``, as exact as it is given: "2024-06-12"
    or "Wed, 12 Jun 2024 08:30 GMT" -> day, "2024-06" or "June 2024" -> month, "2024" -> year;
    ``("", "unknown")`` when empty, unparsable or without a year."""
    if not published or not published.strip():
        return "", "unknown"
    m = _ISO_PREFIX.match(published)
    if m:
        y, mo, d = m.groups()
        if mo is None or not 1 <= int(mo) <= 12:
            return y, "year"
        if d is not None and _date(int(y), int(mo), int(d)):
            return f"{y}-{mo}-{d}", "day"
        return f"{y}-{mo}", "month"
    # parsed twice with different defaults: a part that follows the default was not given
    try:
        a = du_parser.parse(published, fuzzy=True, default=dt.datetime(2000, 1, 1))
        b = du_parser.parse(published, fuzzy=True, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return "", "unknown"
    if a.year != b.year:
        return "", "unknown"
    if a.month != b.month:
        return f"{a.year:04d}", "year"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}", "month"
    return a.date().isoformat(), "day"


def parse_published(published: str) -> dt.date | None:
    """The document's publication date, or None when unknown or unparsable. A publication
    date known only to the month or year is its first day (deterministic; a date resolved from
    it is cut back to that precision, see :func:`event_date`)."""
    iso, precision = published_iso(published)
    if precision == "unknown":
        return None
    if precision == "year":
        iso += "-01"
    if precision in ("year", "month"):
        iso += "-01"
    return dt.date.fromisoformat(iso)


def event_date(date: tuple[int, str, str] | None, published: str, status: str) -> tuple[str, str]:
    """A statement's ``(date, date_precision)``.

    - a date expression of the statement's clause (``date``, from :func:`find_dates`): that
      date, at its own precision; a relative one ("yesterday", "last month") no finer than the
      publication date it is counted from; a decade ("in the 1990s") is no date: unknown;
    - none, but a publication date: the publication date at its own precision (news reports
      what happened lately), except for history (status "historical": its own date or none)
      and plans (status "planned": the text must date them);
    - else ``("", "unknown")``.
    """
    pub, pub_precision = published_iso(published)
    if date is not None:
        _, iso, kind = date
        if kind == "decade" or not iso:
            return "", "unknown"
        if kind == "relative" and pub and len(iso) > len(pub):
            return pub, pub_precision
        return iso, precision_of(iso)
    if status in ("historical", "planned") or not pub:
        return "", "unknown"
    return pub, pub_precision


# "Yesterday, October 30, 2025, ...": a full date the text anchors to the day of writing.
_ANCHOR = re.compile(r"\b(yesterday|today|tomorrow|this morning|tonight|last night)\W{0,3}$", re.I)
_ANCHOR_SHIFT = {"yesterday": 1, "last night": 1, "tomorrow": -1}


def inferred_published(text: str, *, limit: int = 20000) -> tuple[str, str]:
    """A stand-in publication date, ``(ISO, precision)``, for a document that gives none:
    a full date the text anchors to the day of writing ("Yesterday, October 30, 2025" ->
    2025-10-31, day), else the latest full date it names, as its month (news reports what
    happened lately, and the month admits the doubt); ``("", "unknown")`` when it names no
    full date. Only the first ``limit`` characters are read."""
    head = text[:limit]
    found: list[tuple[int, dt.date]] = []
    for kind, rx in _PATTERNS[:3]:  # iso, dmy, mdy: full dates with a year
        for m in rx.finditer(head):
            g = m.groups()
            try:
                if kind == "iso":
                    day = dt.date(int(g[0]), int(g[1]), int(g[2]))
                elif kind == "dmy":
                    day = dt.date(int(g[2]), _MONTHS[g[1].lower().rstrip(".")], int(g[0]))
                else:
                    day = dt.date(int(g[2]), _MONTHS[g[0].lower().rstrip(".")], int(g[1]))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), day))
    if not found:
        return "", "unknown"
    for start, day in sorted(found):
        anchor = _ANCHOR.search(head, max(0, start - 20), start)
        if anchor is not None:
            shift = _ANCHOR_SHIFT.get(anchor.group(1).lower(), 0)
            return (day + dt.timedelta(days=shift)).isoformat(), "day"
    latest = max(day for _, day in found)
    return latest.isoformat()[:7], "month"


def reference_year(text: str, published: dt.date | None) -> int | None:
    """Publication year, else the latest plausible year the text mentions."""
    if published is not None:
        return published.year
    years = [
        int(m.group(1))
        for m in _PATTERNS[-1][1].finditer(text)
        if not _DEADLINE.search(text, max(0, m.start() - 12), m.start())
    ]
    return max(years) if years else None


# "plans to deploy air defences by 2026", "until 2030": a deadline ahead, not the story's year
_DEADLINE = re.compile(r"\b(?:by|until|till|through|before)\s+(?:(?:the\s+)?end\s+of\s+)?$", re.I)


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

    ``type`` is "explicit", "relative", "span" (a closed span of years, "between 1991 and
    2008", dated by its last year) or "decade" (a decade has iso "").
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
            elif name in ("range", "span"):
                end = int(g[1]) if len(g[1]) == 4 else int(g[0][:2] + g[1])
                taken.append((m.start(), m.end()))
                if end > int(g[0]):
                    out.append((offset + m.start(), f"{end:04d}", "span"))
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


def _week_month(day: dt.date) -> str:
    """A week ("last week", "this week") as the month holding most of its days: the month of
    its Thursday (as ISO 8601 weeks do for years). A day would be too exact for a week."""
    thursday = day + dt.timedelta(days=3 - day.weekday())
    return f"{thursday.year:04d}-{thursday.month:02d}"


def _relative(m: re.Match[str], pub: dt.date) -> str:
    """The ISO date of a relative expression: a day for days ("yesterday", "on Sunday", "over
    the weekend": its Saturday), the month for weeks and months, the year for years."""
    word, which, unit, on, weekday, nxt, nunit, count, cunit, way = (
        g.lower() if g else "" for g in m.groups()
    )
    if nxt:
        if nunit == "week":
            return _week_month(pub + dt.timedelta(days=7))
        if nunit == "month":
            d = pub + relativedelta(months=1)
            return f"{d.year:04d}-{d.month:02d}"
        return f"{pub.year + 1:04d}"
    if count:
        n = _COUNTS.get(count) or int(count)
        days = n * (7 if cunit.startswith("week") else 1)
        d = pub + dt.timedelta(days=days if way == "later" else -days)
        if cunit.startswith("week"):  # "two weeks ago": about then, known to the month
            return f"{d.year:04d}-{d.month:02d}"
        return d.isoformat()
    if word:
        if word in ("yesterday", "last night"):
            return (pub - dt.timedelta(days=1)).isoformat()
        return pub.isoformat()
    if unit:
        last = which in ("last", "past", "late last", "early last")
        if which == "over the" and unit != "weekend":
            return ""  # "over the year": a span, not a date
        if unit == "week":
            return _week_month(pub - dt.timedelta(days=7 if last else 0))
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
