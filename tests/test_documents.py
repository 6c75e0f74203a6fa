"""Tests for geo.documents: every format and every per-input error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from geo.documents import html_to_text, normalize_date, read_documents
from geo.errors import InputError, PostureError


def collect(sources: list) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    docs = list(read_documents(sources, on_error=errors.append))
    return docs, errors


def write_jsonl(path: Path, lines: list) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


# --- plain text and Markdown ----------------------------------------------------------------


def test_txt_title_and_exact_text(tmp_path: Path) -> None:
    content = "\n\n  Troops move to Kherson  \r\nRussian forces left Kherson.\r\n"
    (tmp_path / "a1.txt").write_bytes(b"\xef\xbb\xbf" + content.encode())
    [doc], errors = collect([tmp_path / "a1.txt"])
    assert errors == []
    assert doc.doc_id == "a1"
    assert doc.title == "Troops move to Kherson"
    assert doc.text == content  # BOM dropped, \r\n kept, title included
    assert doc.source == str(tmp_path / "a1.txt")
    assert doc.line is None
    start = doc.text.index("Kherson.")
    assert doc.text[start : start + 7] == "Kherson"


def test_markdown_heading_title(tmp_path: Path) -> None:
    (tmp_path / "m.md").write_text("# Fleet in the *Baltic*\n\nBody.\n", encoding="utf-8")
    [doc], errors = collect([str(tmp_path / "m.md")])
    assert not errors
    assert doc.title == "Fleet in the *Baltic*"
    assert doc.text.startswith("# Fleet")


def test_uppercase_extension_is_known(tmp_path: Path) -> None:
    (tmp_path / "X.TXT").write_text("Hello Kyiv", encoding="utf-8")
    [doc], errors = collect([tmp_path / "X.TXT"])
    assert not errors and doc.doc_id == "X"


# --- titles: breadcrumbs and paragraphs are cleaned, the text is kept as is --------------------

BODY = "Russian forces left Kherson on Friday, officials said. Ukraine confirmed it."
LONG = (
    "Russian forces continued to shell the outskirts of Kherson on Friday as Ukrainian "
    "units pushed towards the river, regional officials said in a statement on Telegram "
    "late in the evening, adding that two civilians were wounded."
)


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Troops move to Kherson\n\n" + BODY, "Troops move to Kherson"),
        # A breadcrumb ending in a headline keeps the headline.
        (
            "News > Europe > Ukraine fighting rages near Bakhmut\n\n" + BODY,
            "Ukraine fighting rages near Bakhmut",
        ),
        (
            "Home \u00bb World \u00bb Russia moves troops to the border\n" + BODY,
            "Russia moves troops to the border",
        ),
        # A breadcrumb of sections only: the next line that looks like a headline...
        (
            "Home \u00bb World \u00bb Asia\n\nBy Staff Writer\n\n"
            "Russia moves troops to the border\n\n" + BODY,
            "Russia moves troops to the border",
        ),
        (
            "Home / World / Europe\n\nFleet leaves Sevastopol for Novorossiysk\n" + BODY,
            "Fleet leaves Sevastopol for Novorossiysk",
        ),
        # ...else the first sentence of the text.
        (
            "Home | Politics | World\n" + BODY,
            "Russian forces left Kherson on Friday, officials said.",
        ),
        # A whole paragraph as first line: its first sentence.
        (
            BODY + " More was expected. Nobody said when.\n\nSecond paragraph.",
            "Russian forces left Kherson on Friday, officials said.",
        ),
        # Not breadcrumbs: a single separator, a question headline.
        ("Home \u00bb World | Russia strikes Kyiv again\n" + BODY, "Russia strikes Kyiv again"),
        ("Kherson | Live updates\n\n" + BODY, "Kherson | Live updates"),
        (
            "Who shelled the dam? Kyiv and Moscow trade blame\n\n" + BODY,
            "Who shelled the dam? Kyiv and Moscow trade blame",
        ),
    ],
)
def test_txt_title_cleaning(tmp_path: Path, content: str, title: str) -> None:
    (tmp_path / "t.txt").write_text(content, encoding="utf-8")
    [doc], errors = collect([tmp_path / "t.txt"])
    assert not errors
    assert doc.title == title
    assert doc.text == content  # the title line stays in the text: offsets are unchanged


def test_paragraph_title_is_trimmed_with_ellipsis(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text(LONG + " Another sentence.\n", encoding="utf-8")
    [doc], _ = collect([tmp_path / "p.md"])
    assert doc.title.endswith("\u2026")
    assert 40 <= len(doc.title) <= 121
    assert LONG.startswith(doc.title[:-1].rstrip())
    assert doc.text == LONG + " Another sentence.\n"
    (tmp_path / "q.txt").write_text("Home \u00bb News \u00bb World\n" + LONG, encoding="utf-8")
    [doc], _ = collect([tmp_path / "q.txt"])
    assert doc.title.startswith("Russian forces continued") and doc.title.endswith("\u2026")


def test_markdown_breadcrumb_then_heading(tmp_path: Path) -> None:
    content = "Home > News > World\n\n# Navy drills in the *Baltic* Sea\n\nBody text.\n"
    (tmp_path / "m.md").write_text(content, encoding="utf-8")
    [doc], _ = collect([tmp_path / "m.md"])
    assert doc.title == "Navy drills in the *Baltic* Sea"
    assert doc.text == content


def test_jsonl_and_html_breadcrumb_titles(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {
                "id": "a",
                "text": BODY,
                "title": "Home \u00bb World \u00bb Russia says it left Kherson",
            },
            {"id": "b", "text": BODY, "title": "Home \u00bb World \u00bb Asia"},
            {"id": "c", "text": BODY, "title": "Kherson: what we know | World news"},
            {"id": "d", "text": BODY},
        ],
    )
    docs, errors = collect([path])
    assert not errors
    assert [d.title for d in docs] == [
        "Russia says it left Kherson",
        "Russian forces left Kherson on Friday, officials said.",
        "Kherson: what we know | World news",
        "",
    ]
    assert all(d.text == BODY for d in docs)
    html = (
        "<html><head><title>Home | News | Europe</title></head>"
        "<body><h1>Fleet leaves Sevastopol for Novorossiysk</h1><p>Body text.</p></body></html>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    [doc], _ = collect([tmp_path / "p.html"])
    assert doc.title == "Fleet leaves Sevastopol for Novorossiysk"


# --- HTML -------------------------------------------------------------------------------------


def test_html_extraction(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html><html><head><title>  Navy &amp; Army </title>"
        "<style>p {color: red}</style><script>var kyiv = 1;</script></head>"
        "<body><noscript>enable JS</noscript><template><p>hidden</p></template>"
        "<h1>Headline</h1><p>First   paragraph&nbsp;in <b>Odesa</b>.<br>Second line</p>"
        "<div>A div</div><ul><li>one<li>two</ul><p>unclosed &lt;tag&gt; &#8211; end"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [doc], errors = collect([tmp_path / "page.html"])
    assert not errors
    assert doc.doc_id == "page"
    assert doc.title == "Navy & Army"
    for dropped in ("color", "kyiv", "enable JS", "Navy"):
        assert dropped not in doc.text
    assert "First paragraph in Odesa.\nSecond line" in doc.text  # the article body
    title, text = html_to_text(html)  # every text node
    assert title == "Navy & Army"
    for dropped in ("color", "kyiv", "enable JS", "hidden", "Navy"):
        assert dropped not in text
    assert text.splitlines() == [
        "Headline",
        "",
        "First paragraph in Odesa.",
        "Second line",
        "",
        "A div",
        "",
        "one",
        "two",
        "",
        "unclosed <tag> \u2013 end",
    ]


_NEWS_PAGE = """<!doctype html><html lang="en"><head>
<title>Coast guard ships shadowed near the shoal | World News</title>
<link rel="stylesheet" href="/s.css"><link rel="canonical" href="https://news.example/asia/shoal">
<meta property="og:url" content="https://news.example/og/shoal">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<header><a href="/">World News</a><nav><ul>
<li><a href="/london">London</a></li><li><a href="/paris">Paris</a></li>
<li><a href="/sydney">Sydney</a></li><li><a href="/lagos">Lagos</a></li>
</ul></nav></header>
<main><article><h1>Coast guard ships shadowed near the shoal</h1>
<p class="byline">By A. Reporter</p>
<p>Two coast guard vessels were shadowed for several hours near Scarborough Shoal on
Tuesday, officials in Manila said, before both ships returned to port in Subic Bay.</p>
<p>The defence ministry in Taipei said separately that Chinese navy ships had gathered
off the coast of Fujian, and that its own patrol boats had sailed from Kaohsiung.</p>
<ul><li>Manila protested through diplomatic channels.</li>
<li>Beijing did not comment.</li></ul>
</article>
<aside><h2>Most read</h2><ul><li><a href="/j">Floods in Jakarta</a></li>
<li><a href="/b">Election day in Berlin</a></li></ul></aside></main>
<footer><p>Our bureaus: <a href="/t">Tokyo</a> | <a href="/n">Nairobi</a> |
<a href="/j">Jakarta</a></p><p>&copy; 2024 World News</p></footer>
</body></html>"""
_NAV_PLACES = ("London", "Paris", "Sydney", "Lagos", "Jakarta", "Berlin", "Tokyo", "Nairobi")


def test_html_article_body_without_navigation_and_footer(tmp_path: Path) -> None:
    (tmp_path / "shoal.html").write_text(_NEWS_PAGE, encoding="utf-8")
    [doc], errors = collect([tmp_path / "shoal.html"])
    assert not errors
    assert doc.title == "Coast guard ships shadowed near the shoal | World News"
    assert doc.url == "https://news.example/asia/shoal"  # <link rel=canonical> before og:url
    assert doc.published.startswith("2024-03-05")
    for place in _NAV_PLACES:
        assert place not in doc.text
    paragraphs = doc.text.split("\n\n")
    assert any(p.startswith("Two coast guard vessels were shadowed") for p in paragraphs)
    assert "Manila protested through diplomatic channels.\nBeijing did not comment." in doc.text
    _, whole = html_to_text(_NEWS_PAGE)
    assert all(place in whole for place in _NAV_PLACES)  # what the body extraction removed


def test_html_article_places_only(tmp_path: Path, geoparser) -> None:
    (tmp_path / "shoal.html").write_text(_NEWS_PAGE, encoding="utf-8")
    [doc], _ = collect([tmp_path / "shoal.html"])
    parsed = geoparser.parse(doc)
    names = {t.name for t in parsed.toponyms}
    assert {"Manila", "Taipei", "Kaohsiung"} <= names
    assert not names & set(_NAV_PLACES)
    for t in parsed.toponyms:
        assert doc.text[t.start : t.end] == t.mention


def test_html_body_extraction_failure_falls_back_to_the_whole_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def broken(*_a: object, **_k: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("trafilatura.bare_extraction", broken)
    (tmp_path / "shoal.html").write_text(_NEWS_PAGE, encoding="utf-8")
    [doc], errors = collect([tmp_path / "shoal.html"])
    assert not errors
    assert doc.text == html_to_text(_NEWS_PAGE)[1]
    assert doc.url == "https://news.example/asia/shoal"


def test_html_canonical_url_rules(tmp_path: Path) -> None:
    body = "<p>Troops moved through Kharkiv on Monday.</p>"
    cases = {
        '<meta property="og:url" content="https://news.example/og">': "https://news.example/og",
        '<link rel="canonical" href="/relative/path">': "",  # no base to resolve it against
        '<link rel="Canonical Alternate" href=" http://a.example/x ">': "http://a.example/x",
        '<link rel="canonical" href="javascript:alert(1)">': "",
        "": "",
    }
    for n, (head, url) in enumerate(cases.items()):
        path = tmp_path / f"p{n}.html"
        path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", "utf-8")
        [doc], _ = collect([path])
        assert doc.url == url, head


def test_html_title_falls_back_to_h1_and_broken_markup() -> None:
    title, text = html_to_text("<body><h1>The <i>Black</i> Sea</h1><p>x</p></div></span><p <<")
    assert title == "The Black Sea"
    assert text.startswith("The Black Sea\n\nx")
    assert html_to_text("<script>unterminated") == ("", "")


def test_htm_extension(tmp_path: Path) -> None:
    (tmp_path / "b.htm").write_text("<p>Text</p>", encoding="utf-8")
    [doc], errors = collect([tmp_path / "b.htm"])
    assert not errors and doc.text == "Text" and doc.title == ""


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    (tmp_path / "e.html").write_text("<html><script>x()</script></html>", encoding="utf-8")
    docs, [err] = collect([tmp_path / "e.html"])
    assert docs == []
    assert "empty document" in str(err) and str(tmp_path / "e.html") in str(err)


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_records(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {"id": "a", "text": "Text A", "title": " T ", "url": "http://x", "source": "Wire"},
            "",
            "   ",
            {"id": 7, "text": "Text 7", "published": "5 March 2024", "title": None},
            {"id": "c", "text": "Text C", "published": "sometime soon"},
        ],
    )
    docs, errors = collect([path])
    assert errors == []
    assert [d.doc_id for d in docs] == ["a", "7", "c"]
    assert [d.line for d in docs] == [1, 4, 5]
    assert docs[0].title == "T" and docs[0].url == "http://x"
    assert docs[0].source == str(path)
    assert docs[1].published == "2024-03-05"
    assert docs[1].title == ""
    assert docs[2].published == ""


def test_jsonl_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "x", "text": "Riga"}\r\n{"id": "y", "text": "Oslo"}\r\n')
    docs, errors = collect([path])
    assert not errors and [d.text for d in docs] == ["Riga", "Oslo"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "malformed JSON"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ('{"text": "no id"}', "no 'id'"),
        ('{"id": "n"}', "no 'text'"),
        ('{"id": true, "text": "x"}', "'id' must be a string or an integer, got a boolean"),
        ('{"id": 1.5, "text": "x"}', "'id' must be a string or an integer"),
        ('{"id": " ", "text": "x"}', "'id' is empty"),
        ('{"id": "n", "text": 3}', "'text' of record 'n' must be a string, got a number"),
        ('{"id": "n", "text": "  \\n "}', "empty document 'n'"),
        ('{"id": "n", "text": "x", "title": ["a"]}', "'title' of record 'n' must be a string"),
    ],
)
def test_jsonl_bad_record(tmp_path: Path, line: str, expected: str) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl", [{"id": "ok1", "text": "Kyiv"}, line, {"id": "ok2", "text": "Lviv"}]
    )
    docs, [err] = collect([path])
    assert [d.doc_id for d in docs] == ["ok1", "ok2"]  # the batch goes on
    assert expected in str(err)
    assert err.path == str(path) and err.line == 2
    assert str(err).startswith(f"{path}:2: ")


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n')
    docs, [err] = collect([path])
    assert [d.doc_id for d in docs] == ["a"]
    assert err.line == 2
    assert "invalid UTF-8 at byte offset 50" in str(err)


def test_jsonl_binary(tmp_path: Path) -> None:
    path = tmp_path / "bin.jsonl"
    path.write_bytes(b"\x00\x01\x02" * 100)
    docs, [err] = collect([path])
    assert docs == [] and "binary file" in str(err) and err.path == str(path)


def test_jsonl_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    docs, [err] = collect([path])
    assert docs == [] and "empty document" in str(err)


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [{"id": i, "text": f"t{i}"} for i in range(3)])
    it = read_documents([path])
    assert next(it).doc_id == "0"
    # Appending after the first record was read shows the file is read lazily.
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": 99, "text": "late"}) + "\n")
    assert [d.doc_id for d in it] == ["1", "2", "99"]


# --- errors on files --------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    docs, [err] = collect([tmp_path / "nope.txt", tmp_path / "ok.txt"])
    assert [d.doc_id for d in docs] == ["ok"]
    assert "no such file or directory" in str(err) and str(tmp_path / "nope.txt") in str(err)


def test_error_raised_without_on_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        list(read_documents([tmp_path / "nope.txt"]))
    assert isinstance(info.value, PostureError) and isinstance(info.value, ValueError)


def test_single_path_rejected(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="iterable of paths"):
        list(read_documents(str(tmp_path)))  # type: ignore[arg-type]


def test_unknown_extension_named_explicitly(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    docs, errors = collect([tmp_path / "report.pdf", tmp_path / "README"])
    assert docs == []
    assert "unsupported file type '.pdf'" in str(errors[0]) and ".jsonl" in str(errors[0])
    assert "unsupported file type '(none)'" in str(errors[1])
    assert errors[1].path == str(tmp_path / "README")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        docs, [err] = collect([path])
    finally:
        path.chmod(0o644)
    assert docs == [] and "permission denied" in str(err) and str(path) in str(err)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same as above, but also when running as root: reading raises PermissionError."""
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    feed = tmp_path / "secret.jsonl"
    feed.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    import geo._readers

    real_open = geo._readers.open_regular

    def open_(path):  # type: ignore[no-untyped-def]
        if Path(path).name.startswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(geo._readers, "open_regular", open_)
    docs, errors = collect([tmp_path])
    assert [d.doc_id for d in docs] == ["ok"]
    assert sorted(e.path for e in errors) == [str(feed), str(secret)]
    assert all("permission denied" in str(e) for e in errors)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    docs, [err] = collect([path])
    assert docs == [] and "binary file" in str(err) and err.path == str(path)


def test_invalid_utf8_names_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\nSecond line\nCaf\u00e9 Kyiv\n".encode("latin-1"))
    docs, [err] = collect([path])
    assert docs == []
    assert err.line == 3 and err.path == str(path)
    assert str(err) == f"{path}:3: invalid UTF-8 at byte offset 21 (byte 0xe9)"


def test_empty_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_text("  \n\t\n", encoding="utf-8")
    docs, [err] = collect([path])
    assert docs == [] and "empty document" in str(err) and str(path) in str(err)


def test_duplicate_doc_id(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("first", encoding="utf-8")
    (tmp_path / "b" / "story.md").write_text("second", encoding="utf-8")
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        [{"id": "x", "text": "1"}, {"id": "story", "text": "3"}, {"id": "x", "text": "2"}],
    )
    docs, errors = collect([tmp_path / "a", tmp_path / "b", feed])
    assert [(d.doc_id, d.text) for d in docs] == [("story", "first"), ("x", "1")]
    first = str(tmp_path / "a" / "story.txt")
    assert len(errors) == 4  # b/story.md, feed:2, feed:3 and "b has no readable documents"
    assert errors[0].path == str(tmp_path / "b" / "story.md")
    assert f"duplicate document id 'story' (first seen at {first})" in str(errors[0])
    assert "no readable documents" in str(errors[1]) and errors[1].path == str(tmp_path / "b")
    assert errors[2].line == 2 and first in str(errors[2])
    assert errors[3].line == 3 and f"first seen at {feed}:1" in str(errors[3])
    assert str(errors[3]).startswith(f"{feed}:3: ")


# --- directories ------------------------------------------------------------------------------


def test_directory_walk(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text("B", encoding="utf-8")
    (tmp_path / "a.md").write_text("A", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # unknown extension: silently skipped
    (tmp_path / ".secret.txt").write_text("S", encoding="utf-8")
    (tmp_path / ".hidden" / "h.txt").write_text("H", encoding="utf-8")
    (tmp_path / "sub" / "c.html").write_text("<p>C</p>", encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "d.jsonl").write_text(
        '{"id": "d", "text": "D"}\n', encoding="utf-8"
    )
    docs, errors = collect([tmp_path])
    assert errors == []
    assert [d.doc_id for d in docs] == ["a", "b", "c", "d"]


def test_directory_without_documents(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "x.csv").write_text("a,b", encoding="utf-8")
    docs, [err] = collect([tmp_path / "empty"])
    assert docs == []
    assert err.path == str(tmp_path / "empty")
    assert "directory has no readable documents" in str(err) and ".txt" in str(err)


def test_directory_with_only_bad_documents(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00")
    docs, errors = collect([tmp_path])
    assert docs == [] and len(errors) == 2
    assert "binary" in str(errors[0])
    assert "none of its 1 document file(s) could be read" in str(errors[1])


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", "2024-03-01"),
        ("2024-03-01T10:00:00Z", "2024-03-01T10:00:00+00:00"),
        ("Tue, 05 Mar 2024 14:30:00 GMT", "2024-03-05T14:30:00+00:00"),
        ("March 3, 2024", "2024-03-03"),
        ("Nov. 3, 2025 10:42 AM EST", "2025-11-03T10:42:00-05:00"),
        ("2025-01-01T10:00:00+25:00", ""),  # no offset of 24 h or more (used to raise)
        ("2" * 5000, ""),
        ("March 2024", ""),
        ("Monday", ""),
        ("not a date", ""),
        ("", ""),
    ],
)
def test_normalize_date(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


# --- publication dates ------------------------------------------------------------------------


def read_one(path: Path, content: str, **kwargs) -> tuple:
    path.write_text(content, encoding="utf-8")
    errors: list[InputError] = []
    docs = list(read_documents([path], on_error=errors.append, **kwargs))
    assert errors == []
    [doc] = docs
    return doc


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("---\ntitle: Kherson\npublished: 2025-10-30\n---\nTroops left Kherson.\n", "2025-10-30"),
        ("---\ndate: '30 October 2025'\n---\nTroops left Kherson.\n", "2025-10-30"),
        ('---\ndate: "2025-11-03T10:42:00Z"\n---\nText.\n', "2025-11-03T10:42:00+00:00"),
        # published wins over date
        ("---\ndate: 2025-01-01\npublished: 2025-02-02\n---\nText.\n", "2025-02-02"),
        (
            "Troops move to Kherson\nPublished: Oct. 30, 2025\n\nTroops left Kherson.\n",
            "2025-10-30",
        ),
        ("Troops move to Kherson\nDate: 2025-10-30\n\nText.\n", "2025-10-30"),
        ("Troops move to Kherson\n\nOctober 30, 2025\n\nTroops left Kherson.\n", "2025-10-30"),
        ("Troops move to Kherson\nOct. 30, 2025\nText.\n", "2025-10-30"),
        ("Troops move to Kherson\n30 October 2025\nText.\n", "2025-10-30"),
        ("Troops move to Kherson\n2025-10-30\nText.\n", "2025-10-30"),
        ("Headline\nNov. 3, 2025 10:42 AM EST\nText.\n", "2025-11-03T10:42:00-05:00"),
        ("Headline\nNov. 3, 2025 4:05 p.m. UTC\nText.\n", "2025-11-03T16:05:00+00:00"),
        ("Headline\nNov. 3, 2025 10:42 AM\nText.\n", "2025-11-03"),  # no zone: the day only
        ("Headline\nPublished 3 Nov 2025\nText.\n", "2025-11-03"),
        ("Headline\nby Jane Doe | Updated Monday, Nov. 3, 2025\nText.\n", "2025-11-03"),
        (
            "Headline\n\nWASHINGTON, Nov. 3, 2025 — The Pentagon moved ships to the Caribbean.\n",
            "2025-11-03",
        ),
        ("Headline\nKYIV, Ukraine, 30 October 2025 - Drones struck Odesa.\n", "2025-10-30"),
    ],
)
def test_txt_published(tmp_path: Path, content: str, expected: str) -> None:
    doc = read_one(tmp_path / "a.txt", content)
    assert doc.published == expected
    assert doc.text == content  # nothing removed: offsets stay valid


def test_markdown_front_matter_published(tmp_path: Path) -> None:
    content = "---\ntitle: x\ndate: 2024-03-05\n---\n\n# Drones hit Odesa\n\nText.\n"
    doc = read_one(tmp_path / "a.md", content)
    assert doc.published == "2024-03-05"
    assert doc.text == content
    assert doc.title == "Drones hit Odesa"  # not the front matter's "---"


@pytest.mark.parametrize(
    "content",
    [
        # a date inside a sentence of the headline or the body is no publication date
        "Talks set for October 30, 2025 collapse after strikes on Odesa\nText.\n",
        "Headline\nText one.\nText two.\nText three.\nText four.\nText five.\nOctober 30, 2025\n",
        "Headline\n" + "x" * 700 + "\nOctober 30, 2025\n",
        "Headline\nYesterday, October 30, 2025, a plane left for Caracas.\n",
        # month and day without a year: no year known
        "Headline\nWASHINGTON, Jan. 5 (UPI) -- Ships left Norfolk.\n",
        "Headline\nOctober 2025\nText.\n",
    ],
)
def test_txt_without_published(tmp_path: Path, content: str) -> None:
    assert read_one(tmp_path / "a.txt", content).published == ""


def test_upi_dateline_takes_the_default_year(tmp_path: Path) -> None:
    content = "Headline\nWASHINGTON, Jan. 5 (UPI) -- Ships left Norfolk.\n"
    doc = read_one(tmp_path / "a.txt", content, default_published="2026-01-06")
    assert doc.published == "2026-01-05"


@pytest.mark.parametrize(
    ("content", "bad"),
    [
        ("---\npublished: 1850-01-01\n---\nText.\n", "1850-01-01"),
        ("Headline\nPublished: March 3, 2999\nText.\n", "March 3, 2999"),
        ("---\npublished: someday\n---\nText.\n", "someday"),
        ("---\npublished: 2025-01-01T10:00:00+25:00\n---\nText.\n", "2025-01-01T10:00:00+25:00"),
    ],
)
def test_absurd_published_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str, bad: str
) -> None:
    path = tmp_path / "a.txt"
    with caplog.at_level("WARNING", logger="geo"):
        doc = read_one(path, content)
    assert doc.published == ""
    [record] = [r for r in caplog.records if r.levelname == "WARNING"]
    message = record.getMessage()
    assert str(path) in message and bad in message and "\n" not in message


def test_jsonl_absurd_published_names_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "text": "T", "published": "1066-10-14"}])
    with caplog.at_level("WARNING", logger="geo"):
        docs, errors = collect([path])
    assert errors == [] and docs[0].published == ""
    assert f"{path}:1" in caplog.text and "1066-10-14" in caplog.text


def test_default_published_only_for_documents_without_a_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\nOctober 30, 2025\nText.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\nText.\n", encoding="utf-8")
    write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "c1", "text": "T", "published": "2024-01-02"}, {"id": "c2", "text": "T"}],
    )
    errors: list[InputError] = []
    docs = list(read_documents([tmp_path], on_error=errors.append, default_published="3 Nov 2025"))
    assert errors == []
    assert {d.doc_id: d.published for d in docs} == {
        "a": "2025-10-30",
        "b": "2025-11-03",
        "c1": "2024-01-02",
        "c2": "2025-11-03",
    }


@pytest.mark.parametrize("value", ["someday", "1850-01-01", "3000-01-01"])
def test_default_published_invalid(tmp_path: Path, value: str) -> None:
    (tmp_path / "b.txt").write_text("Headline\nText.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=value):
        list(read_documents([tmp_path], default_published=value))


def test_default_published_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        read_documents([], None, "2025-01-01")  # type: ignore[misc]


_HEAD = "<html><head><title>Drones hit Odesa</title>{}</head><body>{}</body></html>"


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<meta property="article:published_time" content="2025-11-03T10:42:00-05:00">',
            "<p>Drones hit Odesa.</p>",
            "2025-11-03T10:42:00-05:00",
        ),
        ('<meta name="pubdate" content="2025-11-03">', "<p>Text.</p>", "2025-11-03"),
        ('<meta name="publish-date" content="2025-11-03">', "<p>Text.</p>", "2025-11-03"),
        ('<meta name="date" content="3 November 2025">', "<p>Text.</p>", "2025-11-03"),
        ('<meta name="dc.date" content="2025-11-03">', "<p>Text.</p>", "2025-11-03"),
        ('<meta name="DC.date.issued" content="2025-11-03">', "<p>Text.</p>", "2025-11-03"),
        ('<meta itemprop="datePublished" content="2025-11-03">', "<p>Text.</p>", "2025-11-03"),
        (
            "",
            '<aside><time datetime="2020-01-01">old</time></aside>'
            '<article><header><time datetime="2025-11-03T08:00Z">Nov 3</time></header>'
            "<p>Text.</p></article>",
            "2025-11-03T08:00:00+00:00",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2025-11-03T10:42:00+01:00"}</script>',
            "<p>Text.</p>",
            "2025-11-03T10:42:00+01:00",
        ),
        (
            '<script type="application/ld+json">[{"@type": "WebSite"}, '
            '{"@type": "NewsArticle", "datePublished": "2025-11-03"}]</script>',
            "<p>Text.</p>",
            "2025-11-03",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "WebPage"}, {"@type": "Article", "datePublished": "2025-11-03"}]}'
            "</script>",
            "<p>Text.</p>",
            "2025-11-03",
        ),
        # invalid JSON-LD is ignored; the next source (here the text) is used
        (
            '<script type="application/ld+json">{"datePublished": "2025-11-03",</script>',
            "<h1>Drones hit Odesa</h1><p>October 30, 2025</p><p>Text.</p>",
            "2025-10-30",
        ),
        # explicit metadata wins over the text and over <time>
        (
            '<meta property="article:published_time" content="2025-11-03">',
            '<article><time datetime="2025-11-01">x</time><p>October 30, 2025</p></article>',
            "2025-11-03",
        ),
        ("", "<h1>Drones hit Odesa</h1><p>Published: Oct. 30, 2025</p><p>Text.</p>", "2025-10-30"),
        ("", "<p>Text.</p>", ""),
    ],
)
def test_html_published(tmp_path: Path, head: str, body: str, expected: str) -> None:
    doc = read_one(tmp_path / "a.html", _HEAD.format(head, body))
    assert doc.published == expected
    assert "datePublished" not in doc.text


def test_html_bad_metadata_falls_through(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    head = (
        '<meta property="article:published_time" content="1700-01-01">'
        '<meta name="pubdate" content="2025-11-03">'
    )
    with caplog.at_level("WARNING", logger="geo"):
        doc = read_one(tmp_path / "a.html", _HEAD.format(head, "<p>Text.</p>"))
    assert doc.published == "2025-11-03"
    assert "1700-01-01" in caplog.text and "a.html" in caplog.text


def test_published_search_is_linear_on_hostile_input(tmp_path: Path) -> None:
    import time

    hostile = [
        "Oct. " * 40_000,
        "1 " * 50_000 + "\n",
        "---\n" + "date: " * 40_000 + "\n",
        "WASHINGTON, " * 20_000,
        "<html>" + '<meta name="date" content="' + "1" * 100_000 + '">' * 200 + "<p>x</p>",
        '<script type="application/ld+json">' + "[" * 100_000 + "</script><p>x</p>",
    ]
    for i, content in enumerate(hostile):
        suffix = ".html" if content.startswith("<") else ".txt"
        path = tmp_path / f"h{i}{suffix}"
        path.write_text(content, encoding="utf-8")
        start = time.perf_counter()
        list(read_documents([path], on_error=lambda err: None))
        assert time.perf_counter() - start < 1.0, i


# --- hostile records (issue 12) ---------------------------------------------------------------


def test_huge_json_integer_skips_only_its_record(tmp_path: Path) -> None:
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {"id": "a", "text": "Troops in Kyiv."},
            '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
            {"id": "c", "text": "Ships in Odesa."},
        ],
    )
    docs, [err] = collect([feed])
    assert [d.doc_id for d in docs] == ["a", "c"]
    assert err.line == 2 and "number too long" in str(err)


@pytest.mark.parametrize(
    "published", ["2025-01-01T10:00:00+24:00", "2025-01-01 10:00 UTC+25", "Nov 3, 2025 10:00 -2400"]
)
def test_timezone_offset_of_a_day_or_more_is_no_date(tmp_path: Path, published: str) -> None:
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        [{"id": "a", "text": "Troops in Kyiv.", "published": published}, {"id": "b", "text": "Z"}],
    )
    docs, errors = collect([feed])
    assert [d.doc_id for d in docs] == ["a", "b"] and errors == []
    assert docs[0].published == ""
    text = tmp_path / "t.txt"
    text.write_text(f"Title\n\nPublished: {published}\n\nTroops in Kyiv.\n", encoding="utf-8")
    [doc], _ = collect([text])
    assert doc.published == ""


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "x\\ud800", "text": "Troops in Lviv \\udc00 today.", "title": "T\\udfff"}\n'
        '{"id": "pair", "text": "ok \\ud83d\\ude00 in Kyiv"}\n',
        encoding="utf-8",
    )
    docs, errors = collect([feed])
    assert errors == []
    assert docs[0].doc_id == "x\ufffd" and docs[0].title == "T\ufffd"
    assert docs[0].text == "Troops in Lviv \ufffd today."  # one for one: offsets unchanged
    assert docs[1].text == "ok \U0001f600 in Kyiv"
    for d in docs:
        (d.doc_id + d.text + d.title).encode("utf-8")


@pytest.mark.parametrize("text", ["\u200b\u200b\u2060\ufeff  \u200d", "\u00ad\n\u200e\t\x01"])
def test_invisible_only_text_is_no_document(tmp_path: Path, text: str) -> None:
    feed = write_jsonl(
        tmp_path / "f.jsonl", [{"id": "zw", "text": text}, {"id": "ok", "text": "A"}]
    )
    (tmp_path / "zw.txt").write_text(text, encoding="utf-8")
    docs, errors = collect([feed, tmp_path / "zw.txt"])
    assert [d.doc_id for d in docs] == ["ok"]
    assert len(errors) == 2 and all("empty document" in str(e) for e in errors)


def test_max_bytes_cuts_a_file_and_skips_a_long_record(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "long.txt").write_text("Kyiv é " * 100, encoding="utf-8")
    write_jsonl(
        tmp_path / "f.jsonl",
        [{"id": "long", "text": "x" * 500}, {"id": "short", "text": "Troops in Kyiv."}],
    )
    errors: list[InputError] = []
    docs = list(read_documents([tmp_path], on_error=errors.append, max_bytes=101))
    assert [d.doc_id for d in docs] == ["short", "long"]
    assert len(docs[1].text.encode("utf-8")) <= 101  # cut at a character boundary
    assert "longer than 101 bytes" in caplog.text
    [err] = errors
    assert err.line == 1 and "--max-bytes" in str(err)
    with pytest.raises(ValueError, match="max_bytes"):
        read_documents([tmp_path], max_bytes=0)


def test_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    feed = b'{"id": "a", "text": "Troops in Kyiv."}\n{"id": "b", "text": "Ships in Odesa."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(feed)))
    docs, errors = collect(["-"])
    assert [(d.doc_id, d.source, d.line) for d in docs] == [
        ("a", "<stdin>", 1),
        ("b", "<stdin>", 2),
    ]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Title\n\nTroops in Kyiv.\n")))
    [doc], _ = collect(["-"])
    assert (doc.doc_id, doc.title, doc.text) == ("stdin", "Title", "Title\n\nTroops in Kyiv.\n")
    monkeypatch.setattr(sys, "stdin", None)
    docs, [err] = collect(["-"])
    assert docs == [] and str(err) == "<stdin>: standard input is not available"


_BAD_LINES = (
    '{"id": "x", "text": "a", "n": ' + "9" * 4400 + "}",  # too many digits
    '{"id": "x", "text": "\\u200b\\u2060 "}',  # nothing visible
    '{"id": "x"}',  # no text
    "{not json",
    '["a list"]',
    '{"id": "x", "text": 5}',
    '{"id": "x", "text": "ok", "title": 1e999999}',
)


def test_fuzz_mixed_batches_every_good_document_comes_out(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    good = st.fixed_dictionaries(
        {
            "text": st.text(min_size=1, max_size=40).filter(lambda t: not _blank(t)),
            "published": st.sampled_from(["", "2025-11-03", "2025-01-01 10:00 UTC+25", "+24:00"]),
        }
    )
    item = st.one_of(good, st.sampled_from(_BAD_LINES))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(item, max_size=12))
    def run(items: list) -> None:
        lines, want = [], []
        for k, it in enumerate(items):
            if isinstance(it, dict):
                rec = {"id": f"d{k}\ud800" if k % 3 == 0 else f"d{k}", **it}
                lines.append(json.dumps(rec))
                want.append(rec["id"].replace("\ud800", "\ufffd"))
            else:
                lines.append(it.replace('"x"', f'"x{k}"'))
        feed = tmp_path / "fuzz.jsonl"
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        docs, errors = collect([feed])
        assert [d.doc_id for d in docs] == want
        assert len(errors) == len(items) - len(want) + (not items)
        for d in docs:
            (d.doc_id + d.text + d.title + d.published).encode("utf-8")

    run()


def _blank(text: str) -> bool:
    from geo.documents import blank

    return blank(text)


def test_duplicate_ids_found_past_the_spill(tmp_path, monkeypatch):
    import tempfile

    import geo._readers as readers

    spills = tmp_path / "spills"
    spills.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spills))
    monkeypatch.setattr(readers, "SEEN_BATCH", 2)
    path = tmp_path / "docs.jsonl"
    ids = ["a", "b", "c", "d", "a", "e", "c"]
    path.write_text("".join(json.dumps({"id": i, "text": f"text {i}"}) + "\n" for i in ids))
    errors = []
    docs = read_documents([path], on_error=errors.append)
    first = next(docs)
    assert first.doc_id == "a"
    assert [d.doc_id for d in docs] == ["b", "c", "d", "e"]
    assert [e.line for e in errors] == [5, 7]
    assert "first seen at" in str(errors[0]) and ":1" in str(errors[0])
    assert list(spills.iterdir()) == []  # the spilled ids are gone with the batch
