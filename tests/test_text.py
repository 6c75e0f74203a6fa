"""Tests for geo.text: sentence spans and sentence starts on small hand-made sentences."""

from __future__ import annotations

import pytest

from geo.text import sentence_spans, sentence_starts


def sentences(text: str) -> list[str]:
    spans = sentence_spans(text)
    # Offsets index the original text; spans are ordered, disjoint and stripped.
    for k in range(1, len(spans)):
        assert spans[k - 1][1] <= spans[k][0]
    for s, e in spans:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
    return [text[s:e] for s, e in spans]


def test_plain_sentences() -> None:
    assert sentences("Troops left Kherson. They moved east! Why? Nobody knows.") == [
        "Troops left Kherson.",
        "They moved east!",
        "Why?",
        "Nobody knows.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shelling continued near the border.The ministry said two were hurt.",
            ["Shelling continued near the border.", "The ministry said two were hurt."],
        ),
        (
            "Strikes hit targets in Syria.Russian jets flew from Hmeimim.",
            ["Strikes hit targets in Syria.", "Russian jets flew from Hmeimim."],
        ),
        (
            'He said "we are ready."The brigade moved.',
            ['He said "we are ready."', "The brigade moved."],
        ),
        ("Was it Kyiv?Officials did not say.", ["Was it Kyiv?", "Officials did not say."]),
        (
            "Drills ended in 2024.Another round follows.",
            ["Drills ended in 2024.", "Another round follows."],
        ),
    ],
)
def test_full_stop_without_space_splits(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "U.S. troops arrived in Poland on Monday.",
        "The U.S.Navy sent a destroyer.",
        "The church of St. Nicholas was hit.",
        "St.Petersburg hosted the parade.",
        "Warship No. 5 left port.",
        "The convoy moved 3.5 km north.",
        "Gen. Smith met Lt. Col. Jones at the base.",
        "Several ports, e.g. Odesa, were closed.",
        "The claim appeared on example.com and news.example.org first.",
        "A map by J.R.R. Tolkien was shown.",
        "The ship was seen at 12.5N 45.2E on Monday.",
        "A report by J. Smith was cited.",
        "Mr.Smith and Dr.Jones spoke.",
        "Lenta.Ru and PanArmenian.Net reported it.",
    ],
)
def test_abbreviations_and_numbers_do_not_split(text: str) -> None:
    assert sentences(text) == [text]


def test_offsets_are_exact_with_newlines_and_bullets() -> None:
    text = "  Title line\n\nFirst sentence.Second one.\n- item one\n- item two.Next\n"
    got = sentences(text)
    assert got == [
        "Title line",
        "First sentence.",
        "Second one.",
        "- item one",
        "- item two.",
        "Next",
    ]


def test_every_non_blank_character_is_covered() -> None:
    text = "A.B c. Near the border.The ministry... said!? x\n\n\r\n  y.Z z"
    spans = sentence_spans(text)
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


def test_sentence_starts_after_missing_space() -> None:
    text = "Jets struck near the border.Russian jets left.  Then calm.\nNew line"
    starts = sentence_starts(text)
    assert starts[0] == 0
    for word in ("Russian", "Then", "New"):
        assert text.index(word) in starts
    # No start inside abbreviations, numbers or domain names.
    text = "U.S.Navy ships at 12.5N near example.com, St.Petersburg."
    assert sentence_starts(text) == [0]


@pytest.mark.parametrize(
    "text",
    [
        "." * 200_000,
        "\n" * 200_000,
        "!?" * 100_000,
        "!?" * 100_000 + "x",
        "\n" * 200_000 + "x",
        " \n" * 100_000,
        "a." * 100_000,
        ". " * 100_000,
        "\n-" * 100_000,
    ],
)
def test_long_runs_are_handled_in_linear_time(text: str) -> None:
    # Quadratic backtracking would take minutes here; a linear scan takes milliseconds.
    spans = sentence_spans(text)
    starts = sentence_starts(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(0 <= s <= len(text) for s in starts)


# --- hostile text: linear work, counted (issue 12) --------------------------------------------

_RUNS = {
    "newlines": lambda n: "Troops in Kyiv" + "\n" * n + "Ships in Odesa.",
    "dots": lambda n: "Troops in Kyiv" + "." * n + " Ships" + ". ." * n,
    "bangs": lambda n: "Troops in Kyiv" + "!?" * n + "Ships" + '?" ' * n,
    "closers": lambda n: "Kyiv." + '"' * n + "The" + ".)" * n,
    "initials": lambda n: "Gen. " + "J." * n + " Smith. U.S. " * 3,
}


@pytest.mark.parametrize("name", sorted(_RUNS))
def test_sentence_scans_take_linear_work(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    import geo.text as text_mod

    calls = 0

    def counting(func):  # type: ignore[no-untyped-def]
        def wrapper(*args):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            return func(*args)

        return wrapper

    for helper in ("_abbreviation", "_glued_start", "_add"):
        monkeypatch.setattr(text_mod, helper, counting(getattr(text_mod, helper)))

    def work(n: int) -> int:
        nonlocal calls
        calls = 0
        s = _RUNS[name](n)
        spans = text_mod.sentence_spans(s)
        starts = text_mod.sentence_starts(s)
        assert all(0 <= a < b <= len(s) for a, b in spans) and starts == sorted(starts)
        return calls + len(spans) + len(starts)

    small, large = work(2_000), work(8_000)
    assert large <= 4.4 * small + 10


def test_punctuation_runs_are_one_match_each() -> None:
    """Each match is maximal, so a run is scanned once, never from each of its characters."""
    from geo.text import _PUNCT, _START

    assert len(list(_PUNCT.finditer("." * 10_000))) == 1
    assert len(list(_PUNCT.finditer("!?" * 5_000 + '"' * 5_000))) == 1
    assert len(list(_START.finditer("\n" * 10_000 + "x"))) == 1


def test_a_decade_or_plural_number_ends_a_sentence() -> None:
    text = "The first visit since the 1980s. Seoul staged drills. They flew two F-16s. It ended."
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == [
        "The first visit since the 1980s.",
        "Seoul staged drills.",
        "They flew two F-16s.",
        "It ended.",
    ]
