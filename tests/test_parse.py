"""Recognition, resolution and metonymy on small varied snippets (many theatres)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.model import Document


def by_mention(tops):
    return {t.mention: t for t in tops}


def test_offsets_always_match(parse):
    text = "Russian troops crossed into Kherson Oblast, while Venezuela's navy sailed from Caracas."
    tops = parse(text)
    assert tops
    for t in tops:
        assert text[t.start : t.end] == t.mention


def test_cities_countries_and_possessive(parse):
    tops = by_mention(parse("Ships left Caracas for Havana. Venezuela's coast was quiet."))
    assert tops["Caracas"].country_code == "VE"
    assert tops["Havana"].country_code == "CU"
    assert tops["Venezuela"].feature_code == "PCLI"


def test_city_state_pattern_disambiguates(parse):
    tops = by_mention(parse("The parade in Paris, Texas drew crowds."))
    assert tops["Paris"].country_code == "US"
    tops = by_mention(parse("Officials in Springfield, Ill. said roads were closed."))
    assert tops["Springfield"].country_code == "US"
    assert abs(tops["Springfield"].lat - 39.8) < 0.5


def test_document_country_context(parse):
    tops = by_mention(parse("Fighting in Ukraine spread as shells hit Kherson and Mykolaiv."))
    assert tops["Kherson"].country_code == "UA"
    assert tops["Mykolaiv"].country_code == "UA"


def test_person_and_ship_names_are_not_places(parse):
    text = (
        "President Donald Trump met Maria Machado. The USS Gerald R. Ford sailed on. "
        "Police said the March rally was calm."
    )
    mentions = {t.mention for t in parse(text)}
    assert "Ford" not in mentions
    assert "Machado" not in mentions
    assert "Police" not in mentions and "March" not in mentions


def test_one_sense_per_document(parse):
    tops = parse("Troops reached Kherson. Later Kherson was shelled again near the river.")
    ids = {t.gazetteer_id for t in tops if t.mention == "Kherson"}
    assert len(ids) == 1


def test_confidence_in_range(parse):
    for t in parse("Kyiv, Odesa and Lviv were hit; Springfield was quiet."):
        assert 0.0 <= t.confidence <= 1.0


def test_metonymic_capital(parse):
    tops = by_mention(parse("Moscow warned that it would respond. Troops arrived in Moscow."))
    moscow = [t for t in parse("Moscow warned that it would respond.") if t.mention == "Moscow"]
    assert moscow and moscow[0].literal is False
    lit = [t for t in parse("Troops arrived in Moscow on Friday.") if t.mention == "Moscow"]
    assert lit and lit[0].literal is True
    assert tops


def test_parse_rejects_wrong_type(geoparser):
    import pytest

    with pytest.raises(TypeError, match="Document"):
        geoparser.parse("plain text")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_offsets_hold_on_arbitrary_text(geoparser, text):
    doc = Document(doc_id="x", text="In Kyiv and Paris. " + text)
    for t in geoparser.parse(doc).toponyms:
        assert doc.text[t.start : t.end] == t.mention


def test_deterministic(geoparser):
    doc = Document(doc_id="d", text="Strikes hit Odesa and Kharkiv; Beijing sent ships to Manila.")
    assert geoparser.parse(doc).to_dict() == geoparser.parse(doc).to_dict()
