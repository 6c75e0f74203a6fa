#!/usr/bin/env python3
"""Fit the candidate ranker (geo/data/models/ranker.json) on labelled documents.

    python tools/fit_ranker.py DOCS.jsonl GOLD.jsonl [--folds 5] [--write]

DOCS: {"id", "text"} per line; GOLD: {"doc_id", "toponyms": [{"start", "end", "lat", "lon"}]}
(GeoWebNews' shape). The data is read where it lies, never copied into the project.

A candidate is right when it lies within 161 km of the gold point of a mention of its name.
Prints the cross-validated figures first: the documents are split into FOLDS folds (by their
position in DOCS); each fold is geoparsed end to end with weights fitted on the other folds,
and Acc@161 of those held-out predictions is reported, next to the hand-set weights' figure
and the in-sample one. --write stores the weights fitted on all documents.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import get_gazetteer, haversine_km  # noqa: E402
from geo.model import Document  # noqa: E402
from geo.parse import Geoparser  # noqa: E402
from geo.rank import FEATURES, Ranker, default_ranker, ranker_path  # noqa: E402
from geo.rankfit import fit  # noqa: E402
from geo.recognize import recognize  # noqa: E402
from geo.resolve import DocumentContext  # noqa: E402


def load(docs_path: str, gold_path: str) -> list[tuple[str, str, list[dict]]]:
    gold = {}
    for line in Path(gold_path).read_text("utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            gold[str(r["doc_id"])] = r.get("toponyms") or []
    out = []
    for line in Path(docs_path).read_text("utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append((str(r["id"]), r["text"], gold.get(str(r["id"]), [])))
    return out


def groups_of(gp: Geoparser, text: str, gold: list[dict], ranker: Ranker) -> list:
    gz = gp.gazetteer
    ix = gz.columns
    mentions = recognize(text, gz, lexicon=gp.lexicon)
    doc = DocumentContext(text, mentions, gz)
    anchors = doc.anchors(doc.rank(ranker))
    out = []
    for ks in doc.groups.values():
        points = [
            (g["lat"], g["lon"])
            for k in ks
            for g in gold
            if min(g["end"], mentions[k].end) > max(g["start"], mentions[k].start)
        ]
        if not points:
            continue
        glat, glon = points[0]
        cands = doc.candidates(ks)
        xs = [doc.features(i, ks, anchors) for i in cands]
        ys = [haversine_km(glat, glon, ix["lat"][i], ix["lon"][i]) <= 161 for i in cands]
        out.append((xs, ys, len(points)))
    return out


def acc161(gp: Geoparser, docs: list) -> tuple[int, int]:
    """(gold toponyms found and placed within 161 km, gold toponyms): one-to-one greedy
    matching by character overlap, like the benchmark's scorer."""
    good = total = 0
    for doc_id, text, gold in docs:
        pred = [t for t in gp.parse(Document(doc_id=doc_id, text=text)).toponyms if t.literal]
        pairs = sorted(
            (
                (min(g["end"], p.end) - max(g["start"], p.start), gi, pi)
                for gi, g in enumerate(gold)
                for pi, p in enumerate(pred)
                if min(g["end"], p.end) > max(g["start"], p.start)
            ),
            reverse=True,
        )
        ug, up = set(), set()
        for _, gi, pi in pairs:
            if gi in ug or pi in up:
                continue
            ug.add(gi)
            up.add(pi)
            g, p = gold[gi], pred[pi]
            good += haversine_km(g["lat"], g["lon"], p.lat, p.lon) <= 161
        total += len(gold)
    return good, total


def fit_on(gp: Geoparser, docs: list, rounds: int = 2) -> Ranker:
    ranker = default_ranker()
    for _ in range(rounds):  # the nearness features depend on the ranker's own anchors
        groups = [g for _, text, gold in docs for g in groups_of(gp, text, gold, ranker)]
        ranker = fit(
            [(x, y) for x, y, _ in groups], counts=[c for _, _, c in groups], init=default_ranker()
        )
    return ranker


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("gold")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    docs = load(a.docs, a.gold)
    gz = get_gazetteer()
    hand = Geoparser(gazetteer=gz, ranker=default_ranker())
    g, n = acc161(hand, docs)
    print(f"hand-set weights:           acc161_end_to_end {g / n:.4f} ({g}/{n})")
    good = 0
    for f in range(a.folds):
        train = [d for j, d in enumerate(docs) if j % a.folds != f]
        test = [d for j, d in enumerate(docs) if j % a.folds == f]
        r = fit_on(hand, train)
        g, n_f = acc161(Geoparser(gazetteer=gz, ranker=r), test)
        print(f"  fold {f}: held out {len(test)} documents, acc161 {g / n_f:.4f}")
        good += g
    print(f"cross-validated (held out): acc161_end_to_end {good / n:.4f} ({good}/{n})")
    final = fit_on(hand, docs)
    g, _ = acc161(Geoparser(gazetteer=gz, ranker=final), docs)
    print(f"fitted on all (in sample):  acc161_end_to_end {g / n:.4f} ({g}/{n})")
    print(json.dumps(final.as_dict(), indent=1))
    if a.write:
        data = {
            "about": "Candidate ranker weights (geo/rank.py FEATURES), a conditional logit "
            "fitted by tools/fit_ranker.py on GeoWebNews (200 documents, labels: candidates "
            f"within 161 km of the gold point); {a.folds}-fold cross-validated across "
            f"documents: end-to-end Acc@161 {good / n:.4f} held out.",
            "features": list(FEATURES),
            "weights": final.as_dict(),
        }
        ranker_path().write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {ranker_path()}")


if __name__ == "__main__":
    main()
