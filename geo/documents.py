"""Reading source documents: plain text, Markdown, HTML and JSON Lines.

    from geo.documents import read_documents
    for doc in read_documents(["articles/", "feed.jsonl"], on_error=print):
        ...

Sources are files and directories. Directories are walked recursively in sorted
order; hidden files and directories (name starting with ".") are skipped and only
files with a known extension (:data:`EXTENSIONS`) are taken. A file named
explicitly must have a known extension.

Every problem with one input (missing path, unreadable or binary file, invalid
UTF-8, a malformed JSON line, an empty document, a duplicate ``doc_id``...) is an
:class:`~geo.errors.InputError` naming the file (and line). It is passed to
``on_error`` and reading goes on with the next document; without ``on_error`` it
is raised.

Text is kept exactly as decoded (a UTF-8 byte order mark is dropped, newlines are
not normalised) so that toponym offsets match what users see in the file. An HTML
page's text is its article body (:func:`article_body`: no navigation, header, footer
or sidebar), else every visible text node (:func:`html_to_text`); offsets refer to
that extracted text.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import logging
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from typing import Any, NamedTuple

from geo import _readers
from geo._files import (
    DEFAULT_MAX_BYTES,
    valid_text,
)
from geo._readers import EXTENSIONS
from geo.errors import InputError
from geo.lazy import lazy_module
from geo.model import Document
from geo.text import sentence_spans

#: Only dated inputs parse dates, only HTML pages need an article extractor (0.2 s to import).
dateutil_parser = lazy_module("dateutil.parser")
trafilatura = lazy_module("trafilatura")

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "STDIN",
    "blank",
    "read_documents",
    "html_to_text",
    "article_body",
    "normalize_date",
    "check_published",
]

logger = logging.getLogger(__name__)

_OPTIONAL_FIELDS = ("title", "url", "published", "source")
STDIN = _readers.STDIN


def read_documents(
    sources: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[InputError], None] | None = None,
    default_published: str = "",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Yield a :class:`~geo.model.Document` for each document in ``sources``.

    Parameters
    ----------
    sources : iterable of str or PathLike
        Files and directories, read in the order given; ``"-"`` is standard input (JSON
        Lines when it starts with ``{``, HTML with ``<``, else plain text).
    on_error : callable, optional
        Called with each :class:`~geo.errors.InputError`; the batch then goes on. ``None``
        raises the first error instead.
    default_published : str
        The publication date of documents that give none (any form :func:`normalize_date`
        reads).
    max_bytes : int or None
        The most bytes read of one document (a file, or a JSON Lines record); the rest of a
        longer file is left out with a warning, a longer record is skipped. ``None``: no
        limit.

    Yields
    ------
    Document
        One per document, lazily, in the order read.

    Raises
    ------
    ValueError
        ``default_published`` is no plausible date.

    Notes
    -----
    Only regular files are read (a FIFO or a device named as a document is an error, never
    a hang); directories are walked iteratively, without following symlinked directories.
    File names in messages, ``Document.source`` and ``doc_id`` have control characters and
    undecodable bytes escaped (:func:`geo._files.printable`); lone surrogates in JSON strings
    become U+FFFD (offsets unchanged). A document whose text has no visible character
    (only white space or zero-width characters) is an error, not a document.

    ``Document.source`` is the file the document was read from and, for JSON Lines,
    ``Document.line`` its 1-based line. A document whose ``doc_id`` was already seen
    is skipped with an error naming both places.

    ``Document.published`` (ISO 8601, see :func:`normalize_date`) comes from the JSON Lines
    ``published`` field; from a text or Markdown file's front matter (``published:`` or
    ``date:`` in a ``---`` block at the top), else a line among its first five that dates
    it ("Published: Nov. 3, 2025", "30 October 2025", "WASHINGTON, Nov. 3, 2025 --"); from
    an HTML page's metadata (``article:published_time``, JSON-LD ``datePublished``, date
    ``<meta>``, ``<time datetime>`` in the article), else its text like a text file's (the
    whole page's, bylines included). An HTML page's ``Document.url`` is its canonical URL
    (``<link rel="canonical">``, else ``og:url``). A date
    before 1900, after next year or otherwise invalid is ignored with a warning naming the
    file (and line).
    """
    if isinstance(sources, (str, bytes, os.PathLike)):
        raise TypeError(
            f"sources must be an iterable of paths, not a single path: {sources!r} "
            "(wrap it in a list)"
        )
    if max_bytes is not None and max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, got {max_bytes!r}")
    default = check_published(default_published) if default_published.strip() else ""
    return _readers.read(
        sources,
        _readers.Batch(on_error, default, max_bytes, _whole_document, _jsonl_record),
    )


# -- documents by input kind (the converters geo._readers calls) ------------------------


def _whole_document(
    batch: _readers.Batch, text: str, name: str, doc_id: str, fmt: str
) -> Document | None:
    """The document of one whole stream (a file, standard input) of format ``fmt``."""
    if fmt == "html":
        return _html_document(batch, text, name, doc_id)
    return _text_document(batch, text, name, doc_id, markdown=fmt == "markdown")


def _text_document(
    batch: _readers.Batch, text: str, name: str, doc_id: str, *, markdown: bool
) -> Document | None:
    """A text or Markdown document: its title follows any front matter (which is kept in the
    text)."""
    title = _first_line(text[_front_matter(text)[1] :], markdown=markdown)
    if blank(text):
        batch.error(InputError("empty document (no visible text)", path=name))
        return None
    published = _text_published(text, name, batch.default)
    return Document(
        doc_id=doc_id,
        text=text,
        title=title,
        url="",
        published=published or batch.default,
        source=name,
    )


def _html_document(batch: _readers.Batch, html: str, name: str, doc_id: str) -> Document | None:
    """An HTML page: its article body, else every visible text node."""
    page = _parse_page(html)
    title, page_text, dates, url = page.title, page.text, page.dates, page.url
    body = article_body(html)
    text = body if body is not None and not blank(body) else page_text
    if _breadcrumb(title):
        title = _clean_title(title, _lines(text, markdown=False), text)
    if blank(text):
        batch.error(InputError("empty document (no visible text)", path=name))
        return None
    # a date line may stand outside the article (a byline): the whole page's
    published = _html_published(dates, page_text, name, batch.default)
    return Document(
        doc_id=doc_id,
        text=text,
        title=title,
        url=url,
        published=published or batch.default,
        source=name,
    )


# -- JSON Lines: one record, one document -------------------------------------------------


def _jsonl_record(raw: bytes, start: int, name: str, lineno: int, default: str) -> Document:
    """One JSON Lines record as a document; raises InputError naming the line."""

    def fail(reason: str) -> InputError:
        return InputError(reason, path=name, line=lineno)

    rec = _json_object(raw, start, fail)
    doc_id = _record_id(rec, fail)
    text = _record_text(rec, doc_id, fail)
    extra = _record_fields(rec, doc_id, fail)
    title = extra["title"].strip()
    if _breadcrumb(title):
        title = _clean_title(title, _lines(text, markdown=False), text)
    raw_date = extra["published"].strip()
    published = _accept(raw_date, normalize_date(raw_date), f"{name}:{lineno}") if raw_date else ""
    return Document(
        doc_id=doc_id,
        text=text,
        title=title,
        url=extra["url"].strip(),
        published=published or default,
        source=name,
        line=lineno,
    )


_Fail = Callable[[str], InputError]


def _json_object(raw: bytes, start: int, fail: _Fail) -> dict[str, Any]:
    if b"\x00" in raw:
        raise fail("binary data (NUL bytes) in line")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise fail(
            f"invalid UTF-8 at byte offset {start + err.start} (byte 0x{raw[err.start]:02x})"
        ) from None
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        raise fail(f"malformed JSON: {err.msg} (column {err.colno})") from None
    except RecursionError:
        raise fail("malformed JSON: nested too deeply") from None
    except ValueError:  # an integer of more than sys.get_int_max_str_digits() digits
        raise fail("malformed JSON: a number too long to read") from None
    if not isinstance(rec, dict):
        raise fail(f"expected a JSON object, got {_json_type(rec)}")
    return rec


def _record_id(rec: dict[str, Any], fail: _Fail) -> str:
    if "id" not in rec:
        raise fail("record has no 'id'")
    doc_id = rec["id"]
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        raise fail(f"'id' must be a string or an integer, got {_json_type(doc_id)}")
    doc_id = valid_text(str(doc_id))
    if not doc_id.strip():
        raise fail("'id' is empty")
    return doc_id


def _record_text(rec: dict[str, Any], doc_id: str, fail: _Fail) -> str:
    if "text" not in rec:
        raise fail(f"record {doc_id!r} has no 'text'")
    text = rec["text"]
    if not isinstance(text, str):
        raise fail(f"'text' of record {doc_id!r} must be a string, got {_json_type(text)}")
    if blank(text):
        raise fail(f"empty document {doc_id!r} (blank 'text')")
    return valid_text(text)


def _record_fields(rec: dict[str, Any], doc_id: str, fail: _Fail) -> dict[str, str]:
    """The optional string fields (title, url, published, source), "" when absent."""
    extra: dict[str, str] = {}
    for key in _OPTIONAL_FIELDS:
        value = rec.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise fail(f"'{key}' of record {doc_id!r} must be a string, got {_json_type(value)}")
        extra[key] = valid_text(value)
    return extra


# Anything but white space, controls and invisible format characters (zero-width space,
# joiners, word joiner, BOM, soft hyphen, bidirectional marks, variation selectors...).
_VISIBLE = re.compile(
    r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]"
)


def blank(text: str) -> bool:
    """Whether ``text`` has no visible character: only white space, controls and
    zero-width or other invisible format characters."""
    return _VISIBLE.search(text) is None


def _lines(text: str, *, markdown: bool) -> Iterator[str]:
    """Non-empty lines of ``text``, stripped (and of Markdown heading marks)."""
    for line in text.splitlines():
        line = line.strip()
        if markdown:
            line = re.sub(r"^#{1,6}\s+", "", line).rstrip("#").strip()
        if line:
            yield line


def _first_line(text: str, *, markdown: bool) -> str:
    """The title of a text or Markdown file: its first non-empty line, cleaned by
    :func:`_clean_title` when that line is a breadcrumb or a whole paragraph."""
    lines = _lines(text, markdown=markdown)
    first = next(lines, "")
    if not first or not (_breadcrumb(first) or _paragraph(first)):
        return first
    return _clean_title(first, lines, text)


# --- titles ------------------------------------------------------------------------------------

#: Longest title made from a sentence of the text (longer ones are cut, with an ellipsis).
TITLE_SENTENCE_MAX = 120
_PARAGRAPH_CHARS = 200  # a first line longer than this is a paragraph, not a headline
_LOOKAHEAD = 5  # lines searched for a headline after a breadcrumb or paragraph
_CRUMB_SEP = re.compile(r"\s*[»›→]\s*|\s+[>|/\\]\s+")
_CRUMB_ROOTS = frozenset("home homepage news start main index".split())
_NOT_HEADLINE = re.compile(
    r"(?:by|published|updated|posted|photo|image|video|credit|share|advertisement|"
    r"read more|related|listen)\b",
    re.IGNORECASE,
)


def _crumbs(line: str) -> list[str] | None:
    """The parts of a breadcrumb line ("Home » World » Asia"), else ``None``.

    Separators used at least twice, or once after a root such as "Home"; every part but
    the last is a short section name (the first at most two words, the others three)."""
    matches = list(_CRUMB_SEP.finditer(line))
    # All separators together, then each alone (in order of appearance).
    for sep in dict.fromkeys(["", *(m.group().strip() for m in matches)]):
        parts, pos = [], 0
        for m in matches:
            if not sep or m.group().strip() == sep:
                parts.append(line[pos : m.start()].strip())
                pos = m.end()
        parts = [p for p in (*parts, line[pos:].strip()) if p]
        if len(parts) < 2:
            continue
        if len(parts) == 2 and parts[0].lower() not in _CRUMB_ROOTS:
            continue
        sections = parts[:-1]
        if len(sections[0].split()) > 2:
            continue
        if all(len(p.split()) <= 3 and len(p) <= 30 for p in sections):
            return parts
    return None


def _breadcrumb(line: str) -> bool:
    return _crumbs(line) is not None


def _sentences(line: str) -> int:
    return len(sentence_spans(line))


def _paragraph(line: str) -> bool:
    """Too long to be a headline: over 200 characters, three sentences or more, or two
    sentences making a long line."""
    if len(line) > _PARAGRAPH_CHARS:
        return True
    n = _sentences(line)
    return n >= 3 or (n == 2 and len(line) > 100)


def _headline(line: str, *, strict: bool = True) -> bool:
    """Looks like a headline: three words or more, one or two sentences, not a paragraph nor
    a breadcrumb. ``strict`` (a line of the text, not a breadcrumb's last part) also rejects
    a line ending with a full stop or colon (the lead sentence, "Photos:") and by-lines."""
    if len(line.split()) < 3 or not any(c.isalpha() for c in line):
        return False
    if _paragraph(line) or _breadcrumb(line):
        return False
    if strict and (line.endswith((".", ":")) or _NOT_HEADLINE.match(line)):
        return False
    return True


def _clean_title(title: str, following: Iterable[str], text: str) -> str:
    """A better title for a breadcrumb or paragraph ``title``: the breadcrumb's last part if
    it reads as a headline, else the first of the next few ``following`` lines that does,
    else the first sentence of ``text`` (cut to :data:`TITLE_SENTENCE_MAX` with "…")."""
    crumbs = _crumbs(title)
    if crumbs is not None and _headline(crumbs[-1], strict=False):
        return crumbs[-1]
    for i, line in enumerate(following):
        if i >= _LOOKAHEAD:
            break
        if _headline(line):
            return line
    sentence = ""
    for s, e in sentence_spans(text):
        candidate = re.sub(r"^#{1,6}\s+", "", text[s:e]).strip()
        if any(c.isalpha() for c in candidate) and not _breadcrumb(candidate):
            sentence = candidate
            break
    if not sentence:
        return crumbs[-1] if crumbs else _shorten(title)
    return _shorten(sentence)


def _shorten(sentence: str) -> str:
    sentence = _SPACES.sub(" ", sentence)
    if len(sentence) <= TITLE_SENTENCE_MAX:
        return sentence
    cut = sentence.rfind(" ", 0, TITLE_SENTENCE_MAX)
    if cut < TITLE_SENTENCE_MAX // 2:
        cut = TITLE_SENTENCE_MAX
    return sentence[:cut].rstrip(" ,;:-\u2013\u2014") + "\u2026"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


# --- dates -----------------------------------------------------------------------------------

_DEFAULT_A = _dt.datetime(2001, 1, 1, 0, 0, 0, 0)
_DEFAULT_B = _dt.datetime(2002, 2, 2, 1, 1, 1, 1)
_H = 3600
#: Time zone abbreviations news sites print after a time ("10:42 AM EST"); CST is US Central.
_TZINFOS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H,
    "MST": -7 * _H, "MDT": -6 * _H, "PST": -8 * _H, "PDT": -7 * _H,
    "BST": _H, "CET": _H, "CEST": 2 * _H, "EET": 2 * _H, "EEST": 3 * _H, "MSK": 3 * _H,
    "JST": 9 * _H, "KST": 9 * _H, "AEST": 10 * _H, "AEDT": 11 * _H,
}  # fmt: skip
_MAX_DATE_CHARS = 100  # a longer "date" value is not parsed at all


def normalize_date(value: str) -> str:
    """ISO 8601 for a parseable date (``"2024-03-01"`` or a full datetime), else ``""``.

    A date without day, month or year ("March 2024", "Monday") is not guessed: ``""``.
    A time is kept only when the input has one; its offset only when the input has one
    (a numeric offset or a common abbreviation such as EST or CET). An offset of 24 hours
    or more is no date: ``""``.
    """
    value = value.strip()
    if not value or len(value) > _MAX_DATE_CHARS:
        return ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. UnknownTimezoneWarning
            a: _dt.datetime = dateutil_parser.parse(value, default=_DEFAULT_A, tzinfos=_TZINFOS)
            b: _dt.datetime = dateutil_parser.parse(value, default=_DEFAULT_B, tzinfos=_TZINFOS)
        if (a.year, a.month, a.day) != (b.year, b.month, b.day):
            return ""  # part of the date is missing
        if a.hour != b.hour:
            return a.date().isoformat()  # no time of day given
        return a.isoformat()  # raises ValueError for an offset of 24 h or more
    except (ValueError, OverflowError, TypeError):
        return ""


def check_published(value: str) -> str:
    """A batch's default publication date (``--published``) as ISO 8601.

    Raises :class:`ValueError` naming the value when it is no date or not a plausible
    publication date (see :func:`read_documents`)."""
    iso = normalize_date(value)
    if not iso:
        raise ValueError(f"{value!r} is not a date (e.g. 2025-11-03 or '3 Nov 2025')")
    reason = _implausible(iso)
    if reason:
        raise ValueError(f"{value!r} is not a plausible publication date ({reason})")
    return iso


def _implausible(iso: str) -> str:
    """Why an ISO date cannot be a publication date, else ``""``."""
    year = int(iso[:4])
    last = _dt.date.today().year + 1
    if not 1900 <= year <= last:
        return f"year {year} outside 1900-{last}"
    return ""


def _accept(raw: str, iso: str, where: str) -> str:
    """``iso`` when it is a plausible publication date; else ``""`` and one warning line."""
    if iso:
        reason = _implausible(iso)
        if not reason:
            return iso
    else:
        reason = "not a date"
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    shown = " ".join(shown.split())
    logger.warning("%s: publication date %r ignored (%s)", where, shown, reason)
    return ""


def _default_year(default: str) -> Callable[[int, int], int | None]:
    """The year of a month and day printed without one: the default date's year (the year
    before when that would put the day more than a month after the default), else None."""

    def year(month: int, day: int) -> int | None:
        if not default:
            return None
        ref = _dt.date.fromisoformat(default[:10])
        try:
            if _dt.date(ref.year, month, day) > ref + _dt.timedelta(days=31):
                return ref.year - 1
        except ValueError:
            return None
        return ref.year

    return year


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "jan january", "feb february", "mar march", "apr april", "may", "jun june",
            "jul july", "aug august", "sep sept september", "oct october", "nov november",
            "dec december",
        ),
        start=1,
    )
    for m in names.split()
}  # fmt: skip
_MON = (
    r"(?P<mon>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\b\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_RES = (
    # 2025-10-30, 2025-10-30T10:42:00Z
    re.compile(
        r"(?<![\d-])(?P<iso>\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?"
        r"(?:Z|[+-]\d\d:?\d\d)?)?)(?![\d-])"
    ),
    # October 30, 2025 / Oct. 30, 2025 / Jan. 5 (no year)
    re.compile(
        rf"(?<![\w.]){_MON}\s{{1,3}}{_DAY}(?:(?:,\s{{0,3}}|\s{{1,3}})(?P<year>\d{{4}}))?(?!\d)"
    ),
    # 30 October 2025 / 3 Nov 2025
    re.compile(rf"(?<![\w.]){_DAY}\s{{1,3}}{_MON},?\s{{1,3}}(?P<year>\d{{4}})(?!\d)"),
)
_TIME = re.compile(
    r",?\s{0,3}(?:at\s{1,3})?(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\s{0,2}(?P<ampm>[AaPp])\.?\s?[Mm]\b\.?)?"
    r"(?:\s{0,2}\(?(?P<tz>[A-Z]{1,5}\b)?(?P<off>[+-]\d{1,2}(?::?\d\d)?)?\)?)?"
)
_WORDS = re.compile(r"[^\W\d_]+|\d+")
#: Words that may stand beside the date on a line that only dates the article.
_DATE_LINE_WORDS = frozenset(
    """published posted updated last modified date dated first on at publication released
    mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday
    sun sunday""".split()
)
_BYLINE = re.compile(r"(?i)^\s*(?:by|von|par|por)\s")
_LINE_SEP = re.compile(r"\s[|•·]\s|\s[-–—]\s")
# "WASHINGTON, ", "KYIV, Ukraine, " before the date; "(UPI) --" or a dash after it.
_DATELINE_PLACE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s{0,3}[A-Z][\w.'’ -]{0,30}){0,2},?\s{0,3}$"
)
_DATELINE_END = re.compile(r"^\s{0,3}(?:\([^()\n]{1,30}\)\s{0,3})?(?:—|–|--|-|:)")
_LABELLED = re.compile(
    r"(?i)^(?:published|publication date|date published|pubdate|date|posted|published on|"
    r"posted on)\s{0,3}:\s{0,3}(?P<value>.{1,100})$"
)
_FRONT_KEYS = (
    "published", "published_at", "publishdate", "publish_date", "pubdate", "date_published",
    "datepublished", "date",
)  # fmt: skip
_FRONT_CHARS = 8000  # front matter is looked for within the first characters only
_HEAD_LINES = 5  # a date line is one of the first non-empty lines (after any front matter)
_HEAD_CHARS = 600
_LINE_CHARS = 300  # only the start of a long line is searched


class _Found:
    """A date found in the text: its ISO form (``""`` when invalid) and the raw text."""

    __slots__ = ("iso", "raw", "end")

    def __init__(self, iso: str, raw: str, end: int) -> None:
        self.iso, self.raw, self.end = iso, raw, end


def _match_date(
    m: re.Match[str], line: str, year_of: Callable[[int, int], int | None]
) -> _Found | None:
    """The date of a match of one of :data:`_DATE_RES`, with the time that follows it;
    ``None`` for a month and day whose year is unknown."""
    g = m.groupdict()
    if g.get("iso"):
        return _Found(normalize_date(g["iso"]), g["iso"], m.end())
    month = _MONTHS[g["mon"].lower()]
    day = int(g["day"])
    year = int(g["year"]) if g["year"] else year_of(month, day)
    if year is None:
        return None
    end = m.end()
    raw = m.group()
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return _Found("", raw, end)
    iso = date.isoformat()
    t = _TIME.match(line, end) if g["year"] else None
    if t:
        end = t.end()
        hour, minute, second = int(t["hour"]), int(t["minute"]), int(t["second"] or 0)
        if t["ampm"]:
            if not 1 <= hour <= 12:
                return _Found(iso, raw, end)
            hour = hour % 12 + (12 if t["ampm"] in "Pp" else 0)
        offset = _offset(t["tz"], t["off"])
        if hour < 24 and offset is not None:
            try:
                tz = _dt.timezone(_dt.timedelta(seconds=offset))
            except ValueError:  # 24 hours or more
                return _Found("", line[m.start() : end], end)
            iso = _dt.datetime(year, month, day, hour, minute, second, tzinfo=tz).isoformat()
    return _Found(iso, line[m.start() : end], end)


def _offset(tz: str | None, off: str | None) -> int | None:
    """Seconds east of UTC for "EST", "UTC+3", "+05:30", else None (no or unknown zone)."""
    base = 0
    if tz:
        if tz not in _TZINFOS:
            return None
        base = _TZINFOS[tz]
    elif not off:
        return None
    if off:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
        base += sign * (int(hours) * _H + int(minutes) * 60)
    return base


def _line_date(line: str, year_of: Callable[[int, int], int | None]) -> _Found | None:
    """The date of a line that dates the article: the date alone or with words such as
    "Published", a weekday or a byline; or a dateline ("WASHINGTON, Nov. 3, 2025 —")."""
    line = line[:_LINE_CHARS]
    label = _LABELLED.match(line.strip())
    matches = sorted(
        (m for regex in _DATE_RES for m in regex.finditer(line)), key=lambda m: m.start()
    )
    for m in matches[:3]:
        found = _match_date(m, line, year_of)
        if found is None:
            continue
        before, after = line[: m.start()], line[found.end :]
        if _DATELINE_PLACE.match(before) or not before.strip():
            if _DATELINE_END.match(after):
                return found
        if _only_date_words(before) and _only_date_words(after):
            return found
    if label:
        value = label["value"].strip()
        return _Found(normalize_date(value), value, len(line))
    return None


def _only_date_words(part: str) -> bool:
    for piece in _LINE_SEP.split(part):
        if _BYLINE.match(piece):
            continue
        if any(w.lower() not in _DATE_LINE_WORDS for w in _WORDS.findall(piece)):
            return False
    return True


def _front_matter(text: str) -> tuple[list[tuple[int, str]], int]:
    """The publication values of a ``---`` front matter block at the top, as
    ``(line number, value)`` in order of preference, and where the block ends (0: none)."""
    head = text[:_FRONT_CHARS]
    lines = head.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return [], 0
    found: dict[str, tuple[int, str]] = {}
    pos = len(lines[0])
    for number, line in enumerate(lines[1:], start=2):
        pos += len(line)
        stripped = line.strip()
        if stripped in ("---", "..."):
            ranked = [found[k] for k in _FRONT_KEYS if k in found]
            return ranked, pos
        key, sep, value = stripped.partition(":")
        key = key.strip().lower().replace("-", "_")
        if sep and key in _FRONT_KEYS and key not in found:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            found[key] = (number, value.strip())
    return [], 0  # not closed: no front matter


def _text_published(text: str, name: str, default: str) -> str:
    """The publication date of a text or Markdown file: front matter, else a labelled
    ("Published: ...") or date line or a dateline among the first lines."""
    values, end = _front_matter(text)
    for number, value in values:
        iso = _accept(value, normalize_date(value), f"{name}:{number}")
        if iso:
            return iso
    return _head_published(text, name, default, start=end)


def _head_published(
    text: str, name: str, default: str, *, start: int = 0, lines: bool = True
) -> str:
    """A date line among the first non-empty lines of ``text`` from ``start`` (bounded)."""
    year_of = _default_year(default)
    number = text.count("\n", 0, start)
    seen = 0
    for line in text[start : start + _HEAD_CHARS].splitlines():
        number += 1
        if not line.strip():
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        found = _line_date(line.strip(), year_of)
        if found is None:
            continue
        iso = _accept(found.raw, found.iso, f"{name}:{number}" if lines else name)
        if iso:
            return iso
    return ""


def _html_published(candidates: list[str], text: str, name: str, default: str) -> str:
    """Explicit metadata first (in :class:`_TextExtractor`'s order), then the text."""
    for raw in candidates:
        iso = _accept(raw, normalize_date(raw), name)
        if iso:
            return iso
    return _head_published(text, name, default, lines=False)  # lines of the extracted text


# --- HTML ------------------------------------------------------------------------------------

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_BLOCK = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre
    section summary table tbody td tfoot th thead tr ul option legend""".split()
)
_PARAGRAPH = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl section article".split())
_SPACES = re.compile(r"[ \t\f\v\r\u00a0\u200b]+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_depth = 0
        self.h1_parts: list[str] = []
        self.h1_done = False
        # publication date candidates, by rank (see _META_RANK); JSON-LD blocks as text
        self.dates: list[tuple[int, int, str]] = []
        self.ld_blocks: list[str] = []
        self.ld_parts: list[str] | None = None
        self.ld_chars = 0
        self.article_depth = 0
        self.canonical = ""  # <link rel="canonical">
        self.og_url = ""  # <meta property="og:url">

    def _date(self, rank: int, value: str | None) -> None:
        if value and value.strip() and len(self.dates) < _MAX_DATE_CANDIDATES:
            self.dates.append((rank, len(self.dates), value.strip()))

    def _metadata(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "link":
            if not self.canonical and "canonical" in a.get("rel", "").lower().split():
                self.canonical = _absolute_url(a.get("href", ""))
            return
        if tag == "meta":
            if not self.og_url and a.get("property", "").strip().lower() == "og:url":
                self.og_url = _absolute_url(a.get("content", ""))
            for key in ("property", "name", "itemprop"):
                rank = _META_RANK.get(a.get(key, "").strip().lower())
                if rank is not None:
                    self._date(rank, a.get("content"))
                    break
        elif a.get("itemprop", "").strip().lower() == "datepublished":
            self._date(_META_RANK["datepublished"], a.get("datetime") or a.get("content"))
        if tag == "time" and (self.article_depth or "pubdate" in a):
            self._date(_TIME_RANK, a.get("datetime"))
        elif tag in ("article", "header"):
            self.article_depth += 1
        elif tag == "script" and "ld+json" in a.get("type", "").lower():
            self.ld_parts = []
            self.ld_chars = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._metadata(tag, attrs)
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        elif tag == "h1" and not self.h1_done:
            self.h1_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in _PARAGRAPH else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "time", "link"):
            self._metadata(tag, attrs)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("article", "header") and self.article_depth:
            self.article_depth -= 1
        elif tag == "script" and self.ld_parts is not None:
            if len(self.ld_blocks) < _MAX_LD_BLOCKS and self.ld_chars <= _MAX_LD_CHARS:
                self.ld_blocks.append("".join(self.ld_parts))
            self.ld_parts = None
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "h1" and self.h1_depth:
            self.h1_depth -= 1
            if not self.h1_depth and "".join(self.h1_parts).strip():
                self.h1_done = True
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in _PARAGRAPH else "\n")

    def handle_data(self, data: str) -> None:
        if self.ld_parts is not None:
            self.ld_chars += len(data)
            if self.ld_chars <= _MAX_LD_CHARS:
                self.ld_parts.append(data)
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip:
            return
        if self.h1_depth and not self.h1_done:
            self.h1_parts.append(data)
        self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> tuple[str, str]:
    """``(title, text)`` of an HTML page, every visible text node; never raises on broken
    markup. (The reader takes the article body, :func:`article_body`, when it finds one.)

    The title is ``<title>`` or else the first ``<h1>``. Scripts, styles and the like are
    dropped, block elements give line breaks (a blank line between paragraphs), entities
    are decoded and runs of spaces collapsed.
    """
    page = _parse_page(html)
    return page.title, page.text


class _Page(NamedTuple):
    title: str
    text: str  # every visible text node (html_to_text)
    dates: list[str]  # publication date candidates, best first
    url: str  # canonical URL ("" when the page declares none)


def _absolute_url(value: str) -> str:
    value = value.strip()
    return value if re.match(r"(?i)https?://[^\s/]", value) and valid_text(value) else ""


def _parse_page(html: str) -> _Page:
    """:func:`html_to_text` plus the publication dates the page declares, best first
    (``article:published_time``, JSON-LD ``datePublished``, ``itemprop="datePublished"``,
    other date ``<meta>``, ``<time>``) and its canonical URL (``<link rel="canonical">``,
    else ``og:url``; absolute http(s) URLs only)."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; be safe anyway
        logger.debug("HTML parser gave up; using the text extracted so far", exc_info=True)
    title = _tidy_inline("".join(parser.title_parts)) or _tidy_inline("".join(parser.h1_parts))
    lines = [_tidy_inline(line) for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    dates = parser.dates + [
        (_LD_RANK, i, value) for i, value in enumerate(_ld_dates(parser.ld_blocks))
    ]
    url = parser.canonical or parser.og_url
    return _Page(title, text, [value for _, _, value in sorted(dates)], url)


def article_body(html: str) -> str | None:
    """The article body of an HTML page, without its navigation, headers, footers, sidebars
    and link lists (trafilatura); ``None`` when none is found or extraction fails.

    Blocks (paragraphs, headings, quotes) are separated by a blank line, list items and
    table rows by a line break (as :func:`html_to_text` does); spaces are collapsed.
    """
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,  # a process-wide cache: results would depend on earlier pages
            config=_trafilatura_config(),
        )
    except Exception:  # noqa: BLE001 - any failure falls back to the whole page's text
        logger.debug("article extraction failed; using the whole page", exc_info=True)
        return None
    body = getattr(result, "body", None)
    if body is None:
        return None
    blocks = []
    for el in body:
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        if el.tag == "list":
            lines = [_element_text(item) for item in el if item.tag == "item"]
        elif el.tag == "table":
            lines = [
                " ".join(_element_text(cell) for cell in row if cell.tag == "cell")
                for row in el
                if row.tag == "row"
            ]
        else:
            lines = _element_text(el, breaks=True).split("\n")
        block = "\n".join(t for t in (_tidy_inline(line) for line in lines) if t)
        if block:
            blocks.append(block)
    return "\n\n".join(blocks) if blocks else None


@functools.cache
def _trafilatura_config() -> Any:
    """trafilatura's defaults, less its last-resort rescue: below MIN_EXTRACTED_SIZE
    characters it takes every text node of the page, run together line by line, which is
    worse than :func:`html_to_text`'s (the fallback here)."""
    config = trafilatura.settings.use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "0")
    return config


def _element_text(el: Any, breaks: bool = False) -> str:
    """Text of a trafilatura element; ``<lb/>`` is a line break when ``breaks``, else a space
    (nested lists inside an item are flattened into it)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n" if breaks else " ")
        elif isinstance(child.tag, str):
            parts.append(_element_text(child, breaks))
        parts.append(child.tail or "")
    return "".join(parts)


_MAX_DATE_CANDIDATES = 50
_MAX_LD_BLOCKS = 20
_MAX_LD_CHARS = 1_000_000  # a larger JSON-LD block is ignored
_MAX_LD_NODES = 10_000
_META_RANK = {
    "article:published_time": 0,
    "og:article:published_time": 0,
    "og:published_time": 0,
    # 1: JSON-LD datePublished
    "datepublished": 2,
    "pubdate": 3,
    "publish-date": 3,
    "publish_date": 3,
    "publishdate": 3,
    "date": 3,
    "dc.date": 3,
    "dc.date.issued": 3,
    "dcterms.date": 3,
    "dcterms.issued": 3,
}
_LD_RANK = 1
_TIME_RANK = 4
_ARTICLE_TYPES = re.compile(r"(?i)article|posting|report|news")


def _ld_dates(blocks: list[str]) -> list[str]:
    """``datePublished`` values of JSON-LD blocks (a list, ``@graph``...), those of article
    nodes first. Invalid JSON is ignored; the walk is bounded."""
    articles: list[str] = []
    others: list[str] = []
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            logger.debug("invalid JSON-LD ignored")
            continue
        stack = [data]
        nodes = 0
        while stack and nodes < _MAX_LD_NODES:
            node = stack.pop()
            nodes += 1
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                value = node.get("datePublished")
                if isinstance(value, str) and value.strip():
                    kind = node.get("@type")
                    kinds = kind if isinstance(kind, list) else [kind]
                    article = any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)
                    (articles if article else others).append(value.strip())
                stack.extend(reversed([v for v in node.values() if isinstance(v, (list, dict))]))
    return articles + others


def _tidy_inline(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
