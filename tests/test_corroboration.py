"""Corroboration of statements: same fact = same subject, place and time; status classes,
denials (disputed), historical and hypothetical statements, wire copies, determinism.

Scenario articles are hand-written; they run through the real pipeline (module-scoped).
"""

from __future__ import annotations

import json
import pickle
import random

import pytest
from _features import feature
from shapely.geometry import Point

from geo.model import Document
from layers.copies import copy_clusters, fingerprint, similarity
from layers.export import write_layers
from layers.facts import fact_subject_key, same_time
from layers.frames import features_to_frames
from layers.model import STATUSES
from layers.pipeline import build_layers, extract_all
from layers.store import store_files

LASK_DOCS = [
    Document(
        "lask-a",
        "The United States deployed six F-35 fighter jets to the Łask air base in Poland on "
        "Monday, officials said.",
        title="Outlet A",
        published="2024-03-04",
    ),
    Document(
        "lask-b",
        "Six F-35 stealth fighters arrived at Łask air base in central Poland, the Polish "
        "defence ministry said on Tuesday.",
        title="Outlet B",
        published="2024-03-05",
    ),
    Document(
        "lask-c",
        "American F-35s landed at Łask air base this week as NATO reinforced its eastern flank.",
        title="Outlet C",
        published="2024-03-06",
    ),
]
LASK_DENIAL = Document(
    "lask-d",
    "The Pentagon denied that F-35 fighter jets had been deployed to Łask air base.",
    title="Outlet D",
    published="2024-03-06",
)
HISTORICAL = [
    Document(
        "hist-1",
        "In 2018, American F-35 fighter jets visited Łask air base during a NATO exercise.",
        title="History 1",
        published="2024-03-06",
    ),
    Document(
        "hist-2",
        "Back in 2018 F-35 jets flew into Łask air base for a short NATO drill.",
        title="History 2",
        published="2024-03-07",
    ),
]
HYPOTHETICAL = Document(
    "maybe-1",
    "Washington could deploy F-35 fighter jets to Łask air base if tensions rise.",
    title="Maybe",
    published="2024-03-06",
)
_WIRE = (
    "Russia moved S-400 air defence systems to Kaliningrad on Thursday, the Lithuanian "
    "defence ministry said, adding that the batteries were seen near the city of Kaliningrad "
    "late in the evening. Officials in Vilnius called the move a provocation and said they "
    "had informed their NATO allies. Moscow did not comment on the report. The deployment "
    "comes weeks after a large exercise in the region that involved warships of the Baltic "
    "Fleet and several thousand troops."
)
WIRE = [
    Document("wire-1", _WIRE, title="Wire in paper 1", published="2024-06-06"),
    Document(
        "wire-2",
        "VILNIUS (Wire) - " + _WIRE + " Reporting by a staff writer.",
        title="Wire in paper 2",
        published="2024-06-06",
    ),
    Document(
        "wire-own",
        "Lithuanian officials told our correspondent that S-400 batteries had been brought to "
        "Kaliningrad on Thursday.",
        title="Own report",
        published="2024-06-07",
    ),
]


@pytest.fixture(scope="module")
def lexicon():
    from layers.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="module")
def build(geoparser, lexicon):
    cache = {}

    def _build(docs):
        key = tuple(d.doc_id for d in docs)
        if key not in cache:
            # every status: these tests are about how statements group into facts
            cache[key] = build_layers(
                docs, geoparser=geoparser, lexicon=lexicon, workers=1, statuses=None
            )
        return cache[key]

    return _build


def _fact(frames, doc_id, subject_part="", layer="assets"):
    """The fact (a row of its layer) that a statement of ``doc_id`` about ``subject_part``
    belongs to, and that statement."""
    sts = [
        st
        for st in frames.statements
        if st["doc_id"] == doc_id and subject_part in st["subject"] and st["layer"] == layer
    ]
    assert len(sts) == 1, f"{len(sts)} {layer} statements of {doc_id} with {subject_part!r}"
    (row,) = [r for r in frames[layer].itertuples() if r.fact_id == sts[0]["fact_id"]]
    return row, sts[0]


def _others(row):
    return {(o["doc_id"], o["stance"]) for o in json.loads(row.corroborated_by)}


def _docs(row):
    return {row.doc_id} | {o["doc_id"] for o in json.loads(row.corroborated_by)}


# --------------------------------------------------------------------------- subjects


@pytest.mark.parametrize(
    "subject", ["F-35 stealth fighters", "F-35s", "F-35A", "two F-35 jets", "the F-35 aircraft"]
)
def test_named_system_paraphrases_are_one_subject(subject):
    assert fact_subject_key(subject) == fact_subject_key("F-35 fighter jets")


def test_subject_keys_keep_systems_and_force_words_apart():
    assert fact_subject_key("F-35 fighter jets") != fact_subject_key("F-16 fighter jets")
    assert fact_subject_key("S-300 batteries") != fact_subject_key("S-400 batteries")
    assert fact_subject_key("two destroyers") == fact_subject_key("Destroyer") == "destroyer"
    assert fact_subject_key("USS Gerald R. Ford") == "uss gerald r ford"
    # the extractor's system wins over the subject text
    assert fact_subject_key("the jets", "F-35") == fact_subject_key("F-35s")


def test_paraphrased_reports_of_one_deployment_are_one_fact(build):
    frames = build(LASK_DOCS)
    facts = {_fact(frames, doc.doc_id, "F-35")[0] for doc in LASK_DOCS}
    (fact,) = facts
    assert fact.status == "reported"
    assert (fact.sources, fact.corroboration, fact.statements) == (3, 3, 3)
    assert (fact.first_reported, fact.last_reported) == ("2024-03-04", "2024-03-06")
    assert _docs(fact) == {d.doc_id for d in LASK_DOCS}
    assert {s for _, s in _others(fact)} == {"reports"}


# --------------------------------------------------------------------------- denials


def test_a_denial_disputes_the_fact_and_does_not_corroborate(build):
    frames = build([*LASK_DOCS, LASK_DENIAL])
    (fact,) = {_fact(frames, doc.doc_id, "F-35")[0] for doc in LASK_DOCS}
    denied, statement = _fact(frames, "lask-d", "F-35")
    assert denied == fact  # the denial is a statement of the fact
    assert statement["status"] == "denied" and statement["stance"] == "denies"
    assert fact.status == "disputed"
    assert fact.sources == 3 and fact.statements == 4  # the denial is not a supporting source
    assert ("lask-d", "denies") in _others(fact)
    assert fact.doc_id != "lask-d"  # the fact is drawn from a report


def test_a_denial_alone_is_a_denied_fact(build):
    frames = build([LASK_DENIAL])
    fact, _ = _fact(frames, "lask-d", "F-35")
    assert fact.status == "denied" and fact.sources == 1


def test_by_default_facts_only_denied_or_possible_are_not_mapped(geoparser, lexicon):
    # what the sources say did not happen, or might, is no posture; its statements stay
    docs = [LASK_DENIAL, HYPOTHETICAL, *LASK_DOCS[:1]]
    frames = build_layers(docs, geoparser=geoparser, lexicon=lexicon, workers=1)
    statuses = {st["doc_id"]: st["status"] for st in frames.statements}
    assert statuses["lask-d"] == "denied" and statuses["maybe-1"] == "possible"
    mapped = {r.doc_id: r.status for r in frames["assets"].itertuples()}
    assert set(mapped.values()) == {"disputed"}, mapped  # a denied report still counts
    assert "maybe-1" not in mapped
    alone = build_layers([LASK_DENIAL, HYPOTHETICAL], geoparser=geoparser, lexicon=lexicon)
    assert all(len(frame) == 0 for frame in alone.values())
    kept = {(st["doc_id"], st["status"]) for st in alone.statements}
    assert kept == {("lask-d", "denied"), ("maybe-1", "possible")}


def test_an_unknown_status_is_refused_before_any_work():
    with pytest.raises(ValueError, match="unknown status 'rumoured'"):
        build_layers(iter(()), statuses=("reported", "rumoured"))


def test_disputed_is_a_status():
    assert "disputed" in STATUSES


# --------------------------------------------------------------------------- other statuses


def test_historical_statements_do_not_corroborate_present_ones(build):
    frames = build([*LASK_DOCS[:1], *HISTORICAL])
    present, _ = _fact(frames, "lask-a", "F-35")
    assert present.sources == 1 and present.corroborated_by == "[]"
    assert present.status == "reported"
    # historical statements corroborate each other only (same year)
    h1, _ = _fact(frames, "hist-1", "F-35")
    h2, _ = _fact(frames, "hist-2", "F-35")
    assert h1 == h2 and h1 != present
    assert h1.status == "historical" and h1.sources == 2


def test_hypothetical_and_reported_deployment_stay_apart(build):
    frames = build([LASK_DOCS[0], HYPOTHETICAL])
    reported, _ = _fact(frames, "lask-a", "F-35")
    maybe, _ = _fact(frames, "maybe-1", "F-35")
    assert maybe != reported and maybe.status == "possible"
    for row in (reported, maybe):
        assert row.sources == 1 and row.corroborated_by == "[]"


# --------------------------------------------------------------------------- wire copies


def test_wire_copies_count_as_one_source(build):
    frames = build(WIRE)
    (fact,) = {_fact(frames, d.doc_id, "S-400")[0] for d in WIRE}
    assert fact.sources == 2 and fact.statements == 3
    listed = {o["doc_id"]: o for o in json.loads(fact.corroborated_by)}
    assert set(listed) | {fact.doc_id} == {"wire-1", "wire-2", "wire-own"}
    if "wire-2" in listed:
        assert listed["wire-2"]["copy_of"] == "wire-1"
    assert all("copy_of" not in o for d, o in listed.items() if d != "wire-2")


def test_fingerprints_find_near_copies_only():
    a, b, own = (fingerprint(d.text) for d in WIRE)
    assert similarity(a["minhash"], b["minhash"]) >= 0.8
    assert similarity(a["minhash"], own["minhash"]) < 0.3
    assert pickle.loads(pickle.dumps(a)) == a and fingerprint(WIRE[0].text) == a
    canon = copy_clusters({"x": a, "y": b, "z": own, "w": None})
    assert canon == {"w": "w", "x": "x", "y": "x", "z": "z"}
    # the earliest published document stands for the cluster
    assert copy_clusters({"x": a, "y": b}, {"x": "2024-06-07", "y": "2024-06-06"})["x"] == "y"
    # same first 300 normalised characters, different endings: still a copy
    long = _WIRE + " " + " ".join(f"extra{i}" for i in range(200))
    assert copy_clusters({"p": fingerprint(_WIRE), "q": fingerprint(long)})["q"] == "p"


def test_pipeline_features_carry_the_fingerprint_and_are_picklable(geoparser, lexicon):
    feats = list(extract_all(WIRE[:1], geoparser=geoparser, lexicon=lexicon, workers=1))
    assert feats and all(f.extra["doc_fingerprint"] == fingerprint(WIRE[0].text) for f in feats)
    assert pickle.loads(pickle.dumps(feats))[0].extra == feats[0].extra


# --------------------------------------------------------------------------- place and time


@pytest.mark.parametrize(
    "point, precision, gid, same",
    [
        (Point(33.7, 44.6), "exact", "geonames:2", True),  # ~16 km
        (Point(33.5, 44.95), "exact", "geonames:2", False),  # ~39 km
        (Point(33.5, 44.95), "offset", "geonames:2", True),  # offset: 50 km
        (Point(33.5, 44.6), "country", "country:UA", False),  # same point, area-like precision
        (Point(40.0, 50.0), "country", "geonames:694423", True),  # same gazetteer id
    ],
)
def test_place_matching_depends_on_location_precision(point, precision, gid, same):
    fs = [
        feature(doc_id="d1"),
        feature(doc_id="d2", geometry=point, gazetteer_id=gid, location_precision=precision),
    ]
    assets = features_to_frames(fs)["assets"]
    assert list(assets.sources) == ([2] if same else [1, 1])


@pytest.mark.parametrize(
    "a, b, same",
    [
        (("2024-04-30", "day"), ("2024-05-03", "day"), True),
        (("2024-04-30", "day"), ("2024-05-04", "day"), False),
        (("2024-04-30", "day"), ("2024-04", "month"), True),
        (("2024-05-02", "day"), ("2024-04", "month"), False),
        (("2024-12-30", "day"), ("2024", "year"), True),
        (("2023-12-30", "day"), ("2024", "year"), False),
        (("", "unknown"), ("", "unknown"), True),
        (("", "unknown"), ("2024-04-30", "day"), False),
    ],
)
def test_dates_must_be_compatible(a, b, same):
    fs = [
        feature(doc_id="d1", date=a[0], date_precision=a[1]),
        feature(doc_id="d2", date=b[0], date_precision=b[1]),
    ]
    assets = features_to_frames(fs)["assets"]
    assert list(assets.sources) == ([2] if same else [1, 1])
    rank = {"day": 0, "month": 1, "year": 2, "unknown": -1}
    assert same_time((a[0], rank[a[1]]), (b[0], rank[b[1]])) is same


def test_planned_and_reported_support_each_other_and_denial_disputes_both():
    fs = [
        feature(doc_id="d1", status="reported"),
        feature(doc_id="d2", status="planned"),
        feature(doc_id="d3", status="denied"),
        feature(doc_id="d4", status="possible"),
    ]
    frames = features_to_frames(fs)
    facts = {r.fact_id: r for r in frames["assets"].itertuples()}
    by_doc = {st["doc_id"]: facts[st["fact_id"]] for st in frames.statements}
    assert by_doc["d1"] == by_doc["d2"] == by_doc["d3"] != by_doc["d4"]
    assert by_doc["d1"].status == "disputed" and by_doc["d1"].sources == 2
    assert by_doc["d4"].status == "possible" and by_doc["d4"].corroborated_by == "[]"


def test_planned_only_fact_stays_planned():
    frames = features_to_frames([feature(doc_id="d1", status="planned")])
    assert list(frames["assets"].status) == ["planned"]


# --------------------------------------------------------------------------- determinism


def test_output_is_byte_identical_whatever_the_document_order(geoparser, lexicon, tmp_path):
    docs = [*LASK_DOCS, LASK_DENIAL, *HISTORICAL, HYPOTHETICAL, *WIRE]
    outputs = []
    for seed in range(3):
        order = list(docs)
        random.Random(seed).shuffle(order)
        frames = build_layers(order, geoparser=geoparser, lexicon=lexicon, workers=1)
        out = tmp_path / f"out{seed}"
        paths = write_layers(frames, out, extra=store_files(frames))
        outputs.append({p.name: p.read_bytes() for p in paths})
    assert outputs[0] == outputs[1] == outputs[2]
    assert set(outputs[0]) >= {"statements.jsonl", "manifest.json"}
    assert b"disputed" in outputs[0]["assets.geojson"]


def test_copy_clusters_of_many_stories():
    # three stories, each copied with a word changed here and there, dated out of order;
    # the banded signatures put each story's copies together and nothing else
    rng = random.Random(7)
    words = [f"word{i}" for i in range(400)]
    fps, published = {}, {}
    for story in range(3):
        base = [rng.choice(words) for _ in range(120)]
        for copy in range(15):
            text = list(base)
            text[rng.randrange(len(text))] = "changed"
            doc = f"s{story}-{copy:02d}"
            fps[doc] = fingerprint(" ".join(text))
            published[doc] = f"2024-01-{28 - copy - story:02d}"
    fps["alone"] = fingerprint(" ".join(rng.choice(words) for _ in range(120)))
    fps["empty"] = {"prefix": "", "minhash": b""}
    canon = copy_clusters(fps, published)
    for story in range(3):
        # the earliest published copy stands for the story
        assert {canon[f"s{story}-{c:02d}"] for c in range(15)} == {f"s{story}-14"}
    assert canon["alone"] == "alone" and canon["empty"] == "empty"
    assert copy_clusters(dict(reversed(list(fps.items()))), published) == canon


def test_corroborated_by_does_not_grow_with_the_corpus(monkeypatch):
    import layers.facts as facts_mod

    monkeypatch.setattr(facts_mod, "CORROBORATION_LIMIT", 2)
    docs = [*LASK_DOCS, LASK_DENIAL]
    frames = build_layers(docs, workers=1)
    fact, _ = _fact(frames, "lask-a", "F-35")
    entries = json.loads(fact.corroborated_by)
    listed, rest = entries[:-1], entries[-1]
    assert len(listed) == 2 and all("doc_id" in e for e in listed)
    assert ("lask-d", "denies") in {(e["doc_id"], e["stance"]) for e in listed}  # kept first
    # 3 other documents (two reports, one denial) beyond the fact's own: one report is counted
    assert rest == {"more_reports": 1, "more_denials": 0}
    assert fact.sources == 3 and fact.statements == 4  # the counts stay exact
