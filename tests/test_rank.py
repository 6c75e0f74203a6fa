"""The candidate ranker (geo/rank.py), the user prior (--region) and the point conventions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.gazetteer import haversine_km
from geo.model import Document
from geo.rank import (
    FEATURES,
    Ranker,
    Region,
    default_ranker,
    default_region,
    load_ranker,
    set_default_region,
    softmax,
)
from geo.rankfit import fit


def tops(geoparser, text, **kw):
    from geo.parse import Geoparser

    gp = (
        Geoparser(gazetteer=geoparser.gazetteer, lexicon=geoparser.lexicon, **kw)
        if kw
        else geoparser
    )
    return {t.mention: t for t in gp.parse(Document(doc_id="t", text=text)).toponyms}


# -- Region ---------------------------------------------------------------------------------------
def test_region_parse_codes_and_bbox():
    assert Region.parse("us, ve").countries == {"US", "VE"}
    r = Region.parse("-10,35,30,60")
    assert r.bbox == (-10.0, 35.0, 30.0, 60.0)
    assert r.contains("", 51.5, 0.0) and not r.contains("", 40.7, -74.0)
    assert Region.parse("170,-50,-170,-30").contains("", -40.0, 179.0)  # across 180°
    assert Region.parse(None) is None and Region.parse(" ") is None
    for bad in ("USA", "1,2,3", "0,50,10,40", "U1"):
        with pytest.raises(ValueError):
            Region.parse(bad)


def test_region_only_breaks_near_ties():
    r = Region.parse("US")
    ranked = [(5.0, 1), (4.6, 2), (1.0, 3)]
    assert r.prefer(ranked, [False, True, True]) == 1  # within the margin: the region wins
    assert r.prefer([(5.0, 1), (3.0, 2)], [False, True]) == 0  # a clear winner stays
    assert r.prefer(ranked, [True, False, False]) == 0


# -- Ranker ---------------------------------------------------------------------------------------
def test_ranker_weights_file_round_trip_and_validation():
    r = Ranker.from_dict({"weights": {"prior": 1.0, "country": 2.0}})
    assert len(r.weights) == len(FEATURES) and r.as_dict()["country"] == 2.0
    assert r.score([1.0] * len(FEATURES)) == 3.0
    with pytest.raises(ValueError):
        Ranker.from_dict({"weights": {"no_such_feature": 1.0}})
    assert isinstance(load_ranker(), Ranker)
    assert default_ranker().as_dict()["prior"] == 1.0
    assert abs(sum(softmax([1.0, 2.0, 3.0])) - 1.0) < 1e-12


def test_fit_learns_a_feature_that_separates():
    # synthetic groups: the right candidate always has feature "admin" = 1, the prior misleads
    k_prior, k_admin = FEATURES.index("prior"), FEATURES.index("admin")
    groups = []
    for n in range(40):
        right = [0.0] * len(FEATURES)
        wrong = [0.0] * len(FEATURES)
        right[k_prior], wrong[k_prior] = 5.0, 5.5 + (n % 3) * 0.1
        right[k_admin] = 1.0
        groups.append(([wrong, right], [False, True]))
    before = default_ranker()
    after = fit(groups, steps=500)
    assert after.as_dict()["admin"] > before.as_dict()["admin"]
    assert after.score(groups[0][0][1]) > after.score(groups[0][0][0])
    assert fit([], steps=10) == default_ranker()  # nothing to learn from: the prior weights
    assert fit(groups, steps=200) == fit(groups, steps=200)  # deterministic


# -- mechanisms on hand-made documents ------------------------------------------------------------
def test_region_breaks_a_tie_between_same_name_cities(geoparser):
    text = "The meeting was held in Cambridge on Tuesday."
    assert tops(geoparser, text)["Cambridge"].country_code == "GB"
    assert tops(geoparser, text, region="US")["Cambridge"].country_code == "US"
    assert (
        tops(geoparser, text, region=Region.parse("-6,49,2,59"))["Cambridge"].country_code == "GB"
    )
    # not a tie: the prior does not move a clear winner
    assert tops(geoparser, "Crowds gathered in Paris.", region="US")["Paris"].country_code == "FR"


def test_region_option_on_the_cli(tmp_path):
    from geo.cli import geoparse

    src = tmp_path / "a.txt"
    src.write_text("The meeting was held in Cambridge on Tuesday.", encoding="utf-8")
    try:
        out = CliRunner().invoke(geoparse, [str(src), "-q", "--region", "US"])
        assert out.exit_code == 0, out.output
        assert json.loads(out.output)["toponyms"][0]["country_code"] == "US"
        bad = CliRunner().invoke(geoparse, [str(src), "-q", "--region", "Texas"])
        assert bad.exit_code == 2 and "--region" in bad.output
    finally:
        set_default_region(None)
    assert default_region() is None


def test_british_county_named_without_type_word(geoparser):
    t = tops(geoparser, "Police in Kent said the A2 was closed near Canterbury, England.")
    assert t["Kent"].country_code == "GB" and t["Kent"].feature_code == "ADM2"


def test_first_level_divisions_at_representative_points(gazetteer):
    on = next(p for p in gazetteer.lookup("Ontario") if p.feature_code == "ADM1")
    bc = next(p for p in gazetteer.lookup("British Columbia") if p.feature_code == "ADM1")
    # a point in the middle of the province, not pulled south to where its towns are
    assert on.lat > 48.5 and haversine_km(on.lat, on.lon, 50.0, -86.0) < 100
    assert bc.lat > 53.0


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Wildfires spread across Wyoming this summer.", "Wyoming"),
        ("Farmers in Oregon and Idaho waited for rain.", "Oregon"),
    ],
)
def test_state_outranks_a_same_name_town_in_another_state(geoparser, text, mention):
    # a town named "Wyoming" in Michigan is no city the state is named after
    t = tops(geoparser, text)[mention]
    assert t.feature_code == "ADM1" and t.country_code == "US"


def test_division_named_after_its_own_city_is_the_city(geoparser):
    t = tops(geoparser, "She moved to New York last year.")["New York"]
    assert t.feature_code in ("PPL", "PPLA", "PPLC") and t.lon < -73.5


def test_world_region_is_not_outranked_by_a_namesake_neighbourhood(geoparser):
    text = (
        "Officials in Washington and Baltimore said the United States will keep troops in "
        "the Middle East, where the US has bases."
    )
    t = tops(geoparser, text)["Middle East"]
    assert t.country_code == "" and t.feature_code == "RGN"


def test_division_named_by_generic_words_needs_its_country(geoparser):
    text = "Tankers crossed the Gulf to Dubai as Saudi Arabia and Qatar watched."
    assert "Gulf" not in tops(geoparser, text)  # not Gulf Province, Papua New Guinea
    t = tops(geoparser, "Floods hit Gulf, a province of Papua New Guinea.")
    assert t["Gulf"].country_code == "PG"


def test_a_clear_state_name_is_context_though_a_town_shares_it(geoparser):
    # "Virginia" is also a town in Minnesota (and Ireland): still the state, and context
    text = (
        "The Vienna town council met. Officials in Virginia said the Vienna budget would "
        "grow, and Virginia would help."
    )
    assert tops(geoparser, text)["Vienna"].country_code == "US"


def test_an_ambiguous_division_is_no_context_for_its_own_name(geoparser):
    text = "The Ramor Theatre in Virginia, County Cavan, reopened. Dublin and Ireland cheered."
    t = tops(geoparser, text)
    assert t["Virginia"].country_code == "IE"


def test_small_place_after_a_place_in_one_name_is_the_name(geoparser):
    assert "Purchase" not in tops(geoparser, "The Louisiana Purchase doubled the country.")
