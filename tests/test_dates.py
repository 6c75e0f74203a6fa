"""Event date and date_precision of every feature: a date the statement's clause gives, resolved
against the publication date, else the publication date itself (not for history or plans),
else nothing. Small invented sentences with hand-made toponyms (tests/_parsed.py)."""

from __future__ import annotations

import pytest
from _parsed import make

from layers._dates import inferred_published, published_iso, reference_year
from layers.extract import extract_features
from layers.model import COLUMNS, Feature

RU = ("Russian", "Russia", {"adjective": True})


def dated(text: str, spec: list, subject: str, published: str) -> set[tuple[str, str]]:
    fs = extract_features(make(text, spec, published=published))
    got = {(f.date, f.date_precision) for f in fs if f.subject == subject}
    assert got, (subject, [(f.subject, f.status, f.date) for f in fs])
    return got


# --- a date in the statement's clause --------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "published", "date", "precision"),
    [
        ("on Sunday", "2022-12-02", "2022-11-27", "day"),  # a Friday: the Sunday before
        ("yesterday", "2022-12-02", "2022-12-01", "day"),
        ("on October 26", "2025-10-30", "2025-10-26", "day"),
        ("on Oct. 26, 2025", "2025-11-30", "2025-10-26", "day"),
        ("over the weekend", "2022-12-05", "2022-12-03", "day"),  # a Monday: that Saturday
        ("last month", "2024-06-12", "2024-05", "month"),
        ("in March", "2024-06-12", "2024-03", "month"),
        ("in 2023", "2024-06-12", "2023", "year"),
        # a week is given as its month: the month of its Thursday (most of its days)
        ("last week", "2022-12-02", "2022-11", "month"),
        ("last week", "2025-10-08", "2025-10", "month"),  # Mon 29 Sep .. Sun 5 Oct
        ("last week", "2025-10-03", "2025-09", "month"),  # Mon 22 .. Sun 28 Sep
        ("two weeks ago", "2024-06-12", "2024-05", "month"),  # 29 May
        ("three days ago", "2024-06-12", "2024-06-09", "day"),
    ],
)
def test_event_date_in_the_clause(when, published, date, precision):
    text = f"Russian drones struck Odesa {when}."
    assert dated(text, [RU, "Odesa"], "drones", published) == {(date, precision)}


def test_explicit_date_needs_no_publication_date():
    text = "Russian drones struck Odesa on Oct. 26, 2025."
    assert dated(text, [RU, "Odesa"], "drones", "") == {("2025-10-26", "day")}


# --- no date in the text: the publication date -----------------------------------------------


@pytest.mark.parametrize(
    ("published", "date", "precision"),
    [
        ("2024-06-12", "2024-06-12", "day"),
        ("2024-06-12T08:30:00Z", "2024-06-12", "day"),
        ("Wed, 12 Jun 2024 08:30:00 GMT", "2024-06-12", "day"),
        ("June 2024", "2024-06", "month"),
        ("2024-06", "2024-06", "month"),
        ("2024", "2024", "year"),
        ("", "", "unknown"),
        ("not a date", "", "unknown"),
    ],
)
def test_undated_statement_gets_the_publication_date(published, date, precision):
    text = "Russian troops entered Kharkiv."
    assert dated(text, [RU, "Kharkiv"], "troops", published) == {(date, precision)}


def test_relative_date_is_no_finer_than_the_publication_date():
    # "yesterday" of a month-only publication date is only known to the month
    text = "Russian drones struck Odesa yesterday."
    assert dated(text, [RU, "Odesa"], "drones", "2024-06") == {("2024-06", "month")}
    text = "Russian drones struck Odesa last month."
    assert dated(text, [RU, "Odesa"], "drones", "2024-06") == {("2024-05", "month")}


def test_possible_and_denied_statements_get_the_publication_date():
    text = "Russian troops may deploy to Mali."
    assert dated(text, [RU, "Mali"], "troops", "2024-06-12") == {("2024-06-12", "day")}
    text = "Russian troops did not enter Kharkiv."
    assert dated(text, [RU, "Kharkiv"], "troops", "2024-06-12") == {("2024-06-12", "day")}


def test_history_keeps_its_own_date_or_none():
    text = "In 2018 troops were deployed to Mali."
    assert dated(text, ["Mali"], "troops", "2024-06-12") == {("2018", "year")}
    text = "A former Soviet air base in Armenia was reopened."
    fs = extract_features(make(text, ["Armenia"], published="2024-06-12"))
    base = [f for f in fs if f.subject == "air base"]
    assert base and {(f.status, f.date, f.date_precision) for f in base} == {
        ("historical", "", "unknown")
    }


def test_plans_get_no_publication_date():
    text = "Germany plans to deploy a brigade to Poland."
    assert dated(text, ["Poland"], "brigade", "2024-06-12") == {("", "unknown")}
    text = "Germany plans to deploy a brigade to Poland next month."
    assert dated(text, ["Poland"], "brigade", "2024-06-12") == {("2024-07", "month")}


def test_date_of_another_event_is_not_borrowed_and_publication_date_is_used():
    text = (
        "Niger's junta, which seized power in a coup last week, said it would end cooperation "
        "with France, which has about 1,500 troops in Niger."
    )
    spec = [("Niger", "Niger", {"literal": False}), ("Niger", "Niger", {"nth": 1})]
    assert dated(text, spec, "troops", "2023-08-03") == {("2023-08-03", "day")}


# --- the column ------------------------------------------------------------------------------


def test_date_precision_column_follows_date():
    assert COLUMNS[COLUMNS.index("date") + 1] == "date_precision"
    f = Feature("assets", "k", "s", None, "p", "g", "m", "d", "q", 0, 0, 1)
    assert f.date_precision == "unknown"


@pytest.mark.parametrize(
    ("published", "iso"),
    [
        ("2024-06-12", ("2024-06-12", "day")),
        ("2024-02-30", ("2024-02", "month")),  # an impossible day: the month is still known
        ("12 June 2024", ("2024-06-12", "day")),
        ("June 2024", ("2024-06", "month")),
        ("2024", ("2024", "year")),
        ("June 12", ("", "unknown")),  # no year: unknown
        ("", ("", "unknown")),
    ],
)
def test_published_iso(published, iso):
    assert published_iso(published) == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday, October 30, 2025, it became known that a plane left.", ("2025-10-31", "day")),
        ("Today, 3 March 2024, troops moved.", ("2024-03-03", "day")),
        ("Talks of 12 May 2019 and a vote on 3 March 2024.", ("2024-03", "month")),
        ("No date here, only 2024.", ("", "unknown")),
    ],
)
def test_inferred_publication_date(text, expected):
    assert inferred_published(text) == expected


def test_an_undated_document_is_dated_from_the_date_its_text_gives():
    from _parsed import make

    from layers.extract import extract_features

    text = "Yesterday, October 30, 2025, officials met. Russian troops are now in Kherson."
    fs = extract_features(make(text, [("Kherson", "Kherson")], published=""))
    assert fs and {(f.date, f.date_precision) for f in fs} == {("2025-10-31", "day")}


def test_a_deadline_ahead_is_not_the_storys_year():
    # "by 2026" is a plan's deadline; the story's latest year is 2024
    text = "Sweden joined NATO in March 2024. It plans to deploy air defences there by 2026."
    assert reference_year(text, None) == 2024
    assert reference_year("Troops left in 2019 and returned in 2021.", None) == 2021
