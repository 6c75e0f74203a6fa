"""layers.facts: grouping statements into facts compares only sites that may be the same
place, and finds exactly the groups that comparing every pair finds."""

from __future__ import annotations

import random

import pytest
from _features import feature
from shapely.geometry import Point

from layers.facts import _components, _meet, _site, _status_class, _when, same_place, same_time
from layers.frames import statement_row


def _brute(rows) -> list[list[int]]:
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    sigs = [(_site(r), _when(r), _status_class(str(r["status"]))) for r in rows]
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = sigs[i], sigs[j]
            same = (rows[i]["layer"], rows[i]["kind"]) == (rows[j]["layer"], rows[j]["kind"])
            if same and _meet(a[2], b[2]) and same_place(a[0], b[0]) and same_time(a[1], b[1]):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


@pytest.mark.parametrize("seed", range(4))
def test_grouping_equals_comparing_every_pair(seed):
    rnd = random.Random(seed)
    rows = []
    for i in range(120):
        # clustered points, some near the antimeridian and the poles, some far apart
        lat = rnd.choice([0.0, 60.0, 85.0, -30.0]) + rnd.uniform(-0.6, 0.6)
        lon = rnd.choice([179.8, -179.8, 10.0, 120.0]) + rnd.uniform(-0.6, 0.6)
        f = feature(
            doc_id=f"d{i}",
            start=i,
            geometry=Point(lon, lat),
            gazetteer_id=f"g:{rnd.randrange(40)}",
            location_precision=rnd.choice(["exact", "offset", "area"]),
            date=rnd.choice(["2024-04-30", "2024-05-02", "2024-06-20"]),
            date_precision="day",
            status=rnd.choice(["reported", "planned", "denied", "historical"]),
        )
        rows.append(statement_row(f))
    got = sorted(sorted(c) for c in _components(rows, {}))
    assert got == _brute(rows)
    assert len(got) < len(rows)  # some statements did meet


def test_a_statement_that_reports_and_denies_makes_a_disputed_fact():
    from layers.frames import features_to_frames

    said = feature(doc_id="a", status="disputed")  # "..., a charge Moscow denies"
    other = feature(doc_id="b", status="reported", quote="S-300 batteries reached Sevastopol.")
    frames = features_to_frames([said, other])
    (fact,) = frames["assets"].itertuples()
    assert fact.status == "disputed" and fact.statements == 2
    alone = features_to_frames([feature(status="reported")])
    assert next(alone["assets"].itertuples()).status == "reported"
