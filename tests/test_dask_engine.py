"""`posture layers --engine dask` on a distributed.LocalCluster (2 worker processes): the same
bytes as the single-machine run, even when a worker dies mid-run; bad documents reported."""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from geo.documents import read_documents  # noqa: E402
from layers.cli import layers_command  # noqa: E402
from layers.dask_engine import DaskEngine  # noqa: E402
from layers.export import write_layers  # noqa: E402
from layers.pipeline import build_layers  # noqa: E402
from layers.store import store_files  # noqa: E402

PLACES = ["Sevastopol", "Kaliningrad", "Tartus", "Djibouti", "Guam", "Odesa", "Kherson", "Aden"]
SENTENCES = [
    "Russia deployed S-400 air defence systems to {place}, officials said.",
    "The aircraft carrier USS Gerald R. Ford arrived in {place} on {day} March.",
    "A drone strike hit a fuel depot in {place} on {day} March, the ministry said.",
    "Chinese warships were spotted near {place} this week.",
    "Ukraine denied that its troops had withdrawn from {place}.",
    "About {n},000 troops massed near {place}, according to satellite images.",
]


def make_corpus(path: Path, n: int, seed: int = 10) -> Path:
    """``n`` news-like documents (JSON Lines); the same statements recur across documents,
    so facts group statements from different partitions."""
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            lines = [
                s.format(place=rnd.choice(PLACES), day=rnd.randint(1, 9), n=rnd.randint(2, 9))
                for s in rnd.sample(SENTENCES, 3)
            ]
            doc = {
                "id": f"d{i:04d}",
                "title": f"Report {i}",
                "text": " ".join(lines),
                "published": f"2025-03-{1 + i % 9:02d}",
            }
            fh.write(json.dumps(doc) + "\n")
    return path


def written(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def run_layers(docs, out: Path, engine=None, errors=None) -> dict[str, bytes]:
    frames = build_layers(docs, workers=1, engine=engine, on_error=errors)
    write_layers(frames, out, format="geojson", extra=store_files(frames, "geojson"))
    return written(out)


@pytest.fixture(scope="module")
def cluster():
    # the scheduler's HTTP routes on a free port, as the engine does: two suites (or a
    # cluster of the user's) running here at once must not collide on 8787
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as lc:
        yield lc


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("dask") / "docs.jsonl", 120)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The single-machine run's files."""
    out = tmp_path_factory.mktemp("dask") / "ref"
    res = CliRunner().invoke(layers_command, [str(corpus), "-o", str(out), "-q", "-j", "1"])
    assert res.exit_code == 0, res.output
    files = written(out)
    facts = json.loads(files["assets.geojson"])["features"]
    assert facts and max(f["properties"]["sources"] for f in facts) > 10  # across partitions
    return files


def test_cli_dask_engine_is_byte_identical(cluster, corpus, reference, tmp_path):
    out = tmp_path / "out"
    args = [str(corpus), "-o", str(out), "-q", "--engine", "dask"]
    args += ["--scheduler", cluster.scheduler_address, "--partition-size", "7"]
    res = CliRunner().invoke(layers_command, args)
    assert res.exit_code == 0, res.output
    assert written(out) == reference


def test_geoparquet_is_byte_identical_too(cluster, corpus, tmp_path):
    outs = []
    for engine in ([], ["--engine", "dask", "--scheduler", cluster.scheduler_address]):
        out = tmp_path / f"out{len(outs)}"
        args = [str(corpus), "-o", str(out), "-q", "-j", "1", "--format", "parquet", *engine]
        res = CliRunner().invoke(layers_command, args)
        assert res.exit_code == 0, res.output
        outs.append(written(out))
    assert outs[0] == outs[1] and "statements.parquet" in outs[0]


def test_a_worker_killed_mid_run_loses_nothing(client, corpus, reference, tmp_path):
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one(index: int) -> None:  # after the first partition came back
        if not killed:
            pid = sorted(pids.values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    engine = DaskEngine(client=client, partition_size=5, on_partition=kill_one)
    got = run_layers(read_documents([corpus]), tmp_path / "out", engine=engine)
    assert killed and got == reference
    client.wait_for_workers(2, timeout=30)  # the nanny restarted it
    assert killed[0] not in client.run(os.getpid).values()


def _fail_on_boom_documents() -> None:
    """Run on the workers: documents whose text says BOOM raise during extraction."""
    import layers.pipeline as pipeline

    real = pipeline._features

    def features(state, doc):
        if "BOOM" in doc.text:
            raise RuntimeError("kaboom")
        return real(state, doc)

    pipeline._features = features


def test_bad_documents_inside_partitions_are_reported_and_nothing_else_lost(
    client, corpus, reference, tmp_path
):
    import cloudpickle

    bad = tmp_path / "with_bad.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()
    for i in (3, 50, 51):
        lines.insert(i, json.dumps({"id": f"bad{i}", "text": "BOOM in Odesa."}))
    lines.insert(20, "{not json")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        client.run(_fail_on_boom_documents)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    errors: list[str] = []
    engine = DaskEngine(client=client, partition_size=8)
    got = run_layers(
        read_documents([bad], on_error=errors.append), tmp_path / "out", engine, errors.append
    )
    client.restart()  # workers without the patch for the next tests
    processing = sorted((e.line, str(e)) for e in errors if "kaboom" in str(e))
    assert [text for _, text in processing] == [
        f"{bad}:{line}: document 'bad{i}' could not be processed (RuntimeError: kaboom); skipped"
        for line, i in ((4, 3), (52, 50), (53, 51))
    ]
    reading = [str(e) for e in errors if "kaboom" not in str(e)]
    assert len(reading) == 1 and reading[0].startswith(f"{bad}:21: malformed JSON")
    assert got == reference  # nothing else lost (failed documents are not in the manifest)


@pytest.mark.parametrize("log_length", [None, 1000])
def test_the_clients_process_keeps_no_partition_once_taken(
    corpus, reference, tmp_path, monkeypatch, log_length
):
    """A LocalCluster's scheduler runs in the client's process; Dask's low-level logs keep
    the last messages of every comm stream, and a task's message carries its documents. With
    the engine's log length none of them stays (1000, Dask's default: they all do)."""
    import gc

    import dask

    from geo.model import Document

    if log_length is not None:
        monkeypatch.setattr("layers.dask_engine.LOW_LEVEL_LOG_LENGTH", log_length)
    before = dask.config.get("distributed.admin.low-level-log-length")
    # the corpus under other ids: documents of other tests' runs may still be held
    docs = [replace(d, doc_id=f"own-{d.doc_id}") for d in read_documents([corpus])]
    expected = 120 if log_length else 0  # the documents the logs hold

    def kept() -> int:
        gc.collect()
        return sum(
            1 for o in gc.get_objects() if isinstance(o, Document) and o.doc_id.startswith("own-")
        )

    with DaskEngine(workers=1, partition_size=10) as engine:
        got = run_layers(iter(docs), tmp_path / "out", engine=engine)
        del docs
        # a task the worker was running at its last heartbeat stays in the scheduler's view of
        # it until the next one (WorkerState.executing): a partition per thread at most
        deadline = time.monotonic() + 30
        while (n := kept()) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
    assert n == expected
    assert dask.config.get("distributed.admin.low-level-log-length") == before
    assert got.keys() == reference.keys()


def test_engines_closed_in_any_order_restore_the_log_length(cluster):
    import copy

    import dask

    key = "distributed.admin.low-level-log-length"
    before = dask.config.get(key)
    saved = copy.deepcopy(dask.config.config)
    a = DaskEngine(cluster.scheduler_address)
    b = DaskEngine(cluster.scheduler_address)
    try:
        a.start()
        b.start()
        assert dask.config.get(key) == 0
        a.close()  # b is still open
        assert dask.config.get(key) == 0
        b.close()
        assert dask.config.get(key) == before == 1000
    finally:
        # each distributed.Client sets "scheduler" while open and restores it on close: closed
        # out of order, the second restores the first's value; not for the next tests
        dask.config.config.clear()
        dask.config.config.update(saved)
