"""layers.csvio: OWASP formula neutralisation undone exactly, fields with CR/LF quoted."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from layers.csvio import FORMULA_START, csvt, field, neutralise, prj, restore, row


def test_formula_cells_get_a_leading_quote():
    for cell in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0"):
        assert neutralise(cell) == "'" + cell
    for cell in ("plain", "", "1.5", " =not first", "'quoted"):
        assert neutralise(cell) == cell


def test_quotes_before_a_formula_are_kept_on_the_round_trip():
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert restore("'=x") == "=x"
    assert restore("'x") == "'x"


@given(st.text(alphabet=st.sampled_from(list(FORMULA_START) + ["'", "a", ",", '"', "\n"])))
def test_neutralise_round_trips_and_never_starts_a_formula(cell):
    out = neutralise(cell)
    assert out[:1] not in FORMULA_START or out == ""
    assert restore(out) == cell


def test_every_field_with_cr_or_lf_is_quoted():
    assert field("a\rb") == '"a\rb"'
    assert field("a\nb") == '"a\nb"'
    assert field('say "hi", then') == '"say ""hi"", then"'
    assert field("plain") == "plain"
    text = row(["a\rb", "c", "d\ne"]) + row(["x", "y", "z"])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a\rb", "c", "d\ne"], list("xyz")]


def test_csvt_and_prj():
    assert csvt(["O", "i", "f", "b"]) == '"String","Integer64","Real","String","WKT"\n'
    assert prj().startswith('GEOGCS["WGS 84"')
