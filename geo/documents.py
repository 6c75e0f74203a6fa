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
not normalised) so that toponym offsets match what users see in the file.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import json
import logging
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.model import Document

__all__ = ["EXTENSIONS", "read_documents", "html_to_text", "normalize_date"]

logger = logging.getLogger(__name__)

#: File extensions read, lower case, mapped to their format.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
_EXPECTED = ", ".join(EXTENSIONS)
_SNIFF_BYTES = 8192
_OPTIONAL_FIELDS = ("title", "url", "published", "source")


def read_documents(
    sources: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Document]:
    """Yield a :class:`~geo.model.Document` for each document in ``sources``.

    Args:
        sources: files and directories, read in the order given.
        on_error: called with each :class:`~geo.errors.InputError`; the batch then
            goes on. ``None`` raises the first error instead.

    ``Document.source`` is the file the document was read from and, for JSON Lines,
    ``Document.line`` its 1-based line. A document whose ``doc_id`` was already seen
    is skipped with an error naming both places.
    """
    if isinstance(sources, (str, bytes, os.PathLike)):
        raise TypeError(
            f"sources must be an iterable of paths, not a single path: {sources!r} "
            "(wrap it in a list)"
        )
    reader = _Reader(on_error)
    for source in sources:
        yield from reader.source(source)


class _Reader:
    """One batch: error reporting and duplicate detection across all sources."""

    def __init__(self, on_error: Callable[[InputError], None] | None) -> None:
        self._on_error = on_error
        self._seen: dict[str, str] = {}  # doc_id -> "path" or "path:line"

    def error(self, err: InputError) -> None:
        if self._on_error is None:
            raise err
        self._on_error(err)

    def source(self, source: str | os.PathLike[str]) -> Iterator[Document]:
        try:
            path = Path(os.fspath(source))
        except TypeError:
            self.error(InputError(f"not a path: {source!r}"))
            return
        name = str(path)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as err:  # e.g. a name too long
            self.error(InputError(_os_reason(err), path=name))
            return
        if not exists:
            self.error(InputError("no such file or directory", path=name))
        elif is_dir:
            yield from self._directory(path)
        else:
            fmt = EXTENSIONS.get(path.suffix.lower())
            if fmt is None:
                suffix = path.suffix or "(none)"
                self.error(
                    InputError(
                        f"unsupported file type {suffix!r} (expected one of {_EXPECTED})",
                        path=name,
                    )
                )
                return
            yield from self._file(path, fmt)

    def _directory(self, root: Path) -> Iterator[Document]:
        count = 0
        files = 0

        def walk_error(err: OSError) -> None:
            self.error(InputError(_os_reason(err), path=str(err.filename or root)))

        for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fname in sorted(filenames):
                if fname.startswith("."):
                    continue
                fmt = EXTENSIONS.get(os.path.splitext(fname)[1].lower())
                if fmt is None:
                    logger.debug("skipping %s: not a known document type", fname)
                    continue
                files += 1
                for doc in self._file(Path(dirpath, fname), fmt):
                    count += 1
                    yield doc
        if count == 0:
            detail = (
                f"none of its {files} document file(s) could be read"
                if files
                else f"no files with extension {_EXPECTED}"
            )
            self.error(
                InputError(f"directory has no readable documents ({detail})", path=str(root))
            )

    def _file(self, path: Path, fmt: str) -> Iterator[Document]:
        logger.debug("reading %s", path)
        if fmt == "jsonl":
            yield from self._jsonl(path)
            return
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            self.error(InputError(_os_reason(err), path=name))
            return
        if b"\x00" in data:
            self.error(InputError("binary file (contains NUL bytes), not UTF-8 text", path=name))
            return
        try:
            text = _decode(data)
        except _DecodeError as err:
            self.error(InputError(err.reason, path=name, line=err.line))
            return
        if fmt == "html":
            title, text = html_to_text(text)
            if _breadcrumb(title):
                title = _clean_title(title, _lines(text, markdown=False), text)
        else:
            title = _first_line(text, markdown=fmt == "markdown")
        if not text.strip():
            self.error(InputError("empty document (no text)", path=name))
            return
        doc = Document(doc_id=path.stem, text=text, title=title, source=name)
        if self._claim(doc.doc_id, name):
            yield doc

    def _jsonl(self, path: Path) -> Iterator[Document]:
        name = str(path)
        records = 0
        try:
            fh = path.open("rb")
        except OSError as err:
            self.error(InputError(_os_reason(err), path=name))
            return
        with fh:
            try:
                head = fh.read(_SNIFF_BYTES)
                fh.seek(0)
            except OSError as err:
                self.error(InputError(_os_reason(err), path=name))
                return
            if b"\x00" in head:
                self.error(
                    InputError("binary file (contains NUL bytes), not UTF-8 JSON Lines", path=name)
                )
                return
            offset = 0
            lineno = 0
            while True:
                try:
                    raw = fh.readline()
                except OSError as err:
                    self.error(InputError(_os_reason(err), path=name, line=lineno + 1))
                    return
                if not raw:
                    break
                lineno += 1
                start = offset
                offset += len(raw)
                if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                    start += len(codecs.BOM_UTF8)
                if not raw.strip():
                    continue
                records += 1
                try:
                    doc = self._record(raw, start, name, lineno)
                except InputError as err:
                    self.error(err)
                    continue
                if self._claim(doc.doc_id, f"{name}:{lineno}", line=lineno, path=name):
                    yield doc
        if records == 0:
            self.error(InputError("empty document (no JSON Lines records)", path=name))

    def _record(self, raw: bytes, start: int, name: str, lineno: int) -> Document:
        def fail(reason: str) -> InputError:
            return InputError(reason, path=name, line=lineno)

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
        if not isinstance(rec, dict):
            raise fail(f"expected a JSON object, got {_json_type(rec)}")
        if "id" not in rec:
            raise fail("record has no 'id'")
        doc_id = rec["id"]
        if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
            raise fail(f"'id' must be a string or an integer, got {_json_type(doc_id)}")
        doc_id = str(doc_id)
        if not doc_id.strip():
            raise fail("'id' is empty")
        if "text" not in rec:
            raise fail(f"record {doc_id!r} has no 'text'")
        text = rec["text"]
        if not isinstance(text, str):
            raise fail(f"'text' of record {doc_id!r} must be a string, got {_json_type(text)}")
        if not text.strip():
            raise fail(f"empty document {doc_id!r} (blank 'text')")
        extra: dict[str, str] = {}
        for key in _OPTIONAL_FIELDS:
            value = rec.get(key)
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise fail(
                    f"'{key}' of record {doc_id!r} must be a string, got {_json_type(value)}"
                )
            extra[key] = value
        title = extra["title"].strip()
        if _breadcrumb(title):
            title = _clean_title(title, _lines(text, markdown=False), text)
        published = normalize_date(extra["published"])
        if extra["published"] and not published:
            logger.warning(
                "%s:%d: unparseable 'published' date %r ignored", name, lineno, extra["published"]
            )
        return Document(
            doc_id=doc_id,
            text=text,
            title=title,
            url=extra["url"].strip(),
            published=published,
            source=name,
            line=lineno,
        )

    def _claim(self, doc_id: str, where: str, *, line: int | None = None, path: str = "") -> bool:
        first = self._seen.get(doc_id)
        if first is not None:
            self.error(
                InputError(
                    f"duplicate document id {doc_id!r} (first seen at {first}); skipped",
                    path=path or where,
                    line=line,
                )
            )
            return False
        self._seen[doc_id] = where
        return True


class _DecodeError(Exception):
    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _decode(data: bytes) -> str:
    """UTF-8 (BOM dropped); an error says at which byte offset and line."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        pos = bom + err.start
        line = data.count(b"\n", 0, pos) + 1
        raise _DecodeError(
            f"invalid UTF-8 at byte offset {pos} (byte 0x{data[pos]:02x})", line
        ) from None


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
    from geo.text import sentence_spans

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
    from geo.text import sentence_spans

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


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return err.strerror or str(err)


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


def normalize_date(value: str) -> str:
    """ISO 8601 for a parseable date (``"2024-03-01"`` or a full datetime), else ``""``.

    A date without day, month or year ("March 2024", "Monday") is not guessed: ``""``.
    A time is kept only when the input has one.
    """
    value = value.strip()
    if not value:
        return ""
    from dateutil import parser  # imported lazily: importing geo stays fast

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. UnknownTimezoneWarning
            a = parser.parse(value, default=_DEFAULT_A)
            b = parser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return ""
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return ""  # part of the date is missing
    if a.hour != b.hour:
        return a.date().isoformat()  # no time of day given
    return a.isoformat()


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        elif tag == "h1" and not self.h1_done:
            self.h1_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in _PARAGRAPH else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
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
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip:
            return
        if self.h1_depth and not self.h1_done:
            self.h1_parts.append(data)
        self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> tuple[str, str]:
    """``(title, text)`` of an HTML page; never raises on broken markup.

    The title is ``<title>`` or else the first ``<h1>``. Scripts, styles and the like are
    dropped, block elements give line breaks (a blank line between paragraphs), entities
    are decoded and runs of spaces collapsed.
    """
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; be safe anyway
        logger.debug("HTML parser gave up; using the text extracted so far", exc_info=True)
    title = _tidy_inline("".join(parser.title_parts)) or _tidy_inline("".join(parser.h1_parts))
    lines = [_tidy_inline(line) for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return title, text


def _tidy_inline(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
