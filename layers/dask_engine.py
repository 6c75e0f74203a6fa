"""`posture layers --engine dask`: the per-document work on a Dask cluster.

    with DaskEngine() as engine:                       # a LocalCluster sized to the machine
        frames = build_layers(read_documents(paths), engine=engine, on_error=errors)
    with DaskEngine("tcp://scheduler:8786") as engine:  # an existing cluster
        ...

The stages are those of the single-machine run, split at the same place:

- **read** here, on the client, exactly as without Dask (:func:`geo.documents.read_documents`:
  same ids, same duplicate and input-error reports), cut into partitions of
  ``partition_size`` documents;
- **map** one task per partition: on a worker, geoparse and extract each document with the
  geoparser, gazetteer and lexicon that worker process loaded once (:func:`worker_state`, a
  lazy per-process singleton: the index is read from the worker's own ``POSTURE_CACHE_DIR``,
  nothing big travels with the tasks); a task returns, per document, its statements and its
  manifest record, or the one-line reason it failed;
- **reduce** here: results are taken in partition order and the cross-document fact grouping
  (:func:`layers.facts.group_facts` over every statement, in
  :func:`layers.pipeline.build_layers`) runs once over all of them. It is the same code on
  the same rows in the same order, so facts, ids and every output file are byte-identical to
  the single-machine run.

At most a few partitions per worker thread are in flight, so the client's memory holds the
statements (what the reduction needs), not the corpus; and, while the engine's client is open,
Dask's low-level logs keep no message (:data:`LOW_LEVEL_LOG_LENGTH`), else every comm stream
would keep the last 1,000 tasks' documents. A client passed in keeps the logs it was made with,
and a scheduler of its own (``--scheduler``) its own configuration.

A worker that dies loses only its partitions not yet taken: the scheduler reruns them on
another worker (up to its ``distributed.scheduler.allowed-failures``; beyond that the run
stops with :class:`EngineError`).

Only this module imports dask (``pip install 'posture-mapper[dask]'``).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from types import TracebackType
from typing import Any

from geo.errors import ConfigurationError, PostureError
from geo.model import Document
from geo.rank import Region, default_region, set_default_region
from layers.pipeline import document_result, prepare

DASK_HINT = "pip install 'posture-mapper[dask]'"

try:
    import dask
    from distributed import Client, Future, LocalCluster
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker
except ImportError as _err:  # the optional extra is not installed
    raise ConfigurationError(
        f"the dask engine needs dask and distributed, which are not installed: {DASK_HINT}"
    ) from _err

__all__ = ["DEFAULT_PARTITION", "DaskEngine", "EngineError", "extract_partition", "worker_state"]

#: Documents per task. A news document costs a few milliseconds, so 200 make a task of about
#: a second: the scheduler's per-task overhead (about 1 ms) and the documents' transfer stay
#: small, and a lost worker loses little.
DEFAULT_PARTITION = 200
#: Partitions in flight per worker thread (the rest are not read yet).
IN_FLIGHT_PER_THREAD = 3
#: Entries Dask keeps of its low-level logs while the engine runs
#: (``distributed.admin.low-level-log-length``, default 1000): the last messages of every
#: batched comm stream, the scheduler's transitions and events, kept for debugging. A task's
#: message carries its partition's documents, so with the default the client's stream to the
#: scheduler (pickled) and a LocalCluster's scheduler, which lives in the client's process,
#: in its stream to each worker (unpickled) each keep up to 1,000 partitions: the client grew
#: by about 9 MB per 1,000 documents, up to 200,000 documents per stream.
LOW_LEVEL_LOG_LENGTH = 0


class EngineError(PostureError, RuntimeError):
    """The cluster could not run the work (unreachable scheduler, workers dying)."""


# --------------------------------------------------------------------------- on the workers

_STATE: tuple[Any, Any, Any] | None = None
_STATE_LOCK = threading.Lock()


def worker_state() -> tuple[Any, Any, Any]:
    """This process's geoparser, lexicon and gazetteer, loaded on first use and kept."""
    global _STATE
    with _STATE_LOCK:
        if _STATE is None:
            _STATE = prepare()
        return _STATE


def extract_partition(docs: list[Document], region: Region | None, guard: bool) -> list[Any]:
    """The task: :func:`layers.pipeline.document_result` of each document, in order."""
    state = worker_state()
    set_default_region(region)  # the client's --region
    return [document_result(state, doc, guard=guard) for doc in docs]


# --------------------------------------------------------------------------- on the client

_LOGS_LOCK = threading.Lock()
_LOGS_USERS = 0  # engines open now
_LOGS_SET: Any = None  # the first one's dask.config.set (its exit restores what was before)


def _short_logs(on: bool) -> None:
    """Dask's low-level log length is :data:`LOW_LEVEL_LOG_LENGTH` while any engine is open
    (``on``: one more, else one less), whatever order they close in: the last one to close
    restores what was there before the first."""
    global _LOGS_USERS, _LOGS_SET
    with _LOGS_LOCK:
        if on:
            if _LOGS_USERS == 0:
                _LOGS_SET = dask.config.set(
                    {"distributed.admin.low-level-log-length": LOW_LEVEL_LOG_LENGTH}
                )
            _LOGS_USERS += 1
        elif _LOGS_USERS > 0:
            _LOGS_USERS -= 1
            if _LOGS_USERS == 0:
                _LOGS_SET.__exit__(None, None, None)
                _LOGS_SET = None


def local_workers() -> int:
    """The CPUs this process may use (one single-threaded worker process each)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class DaskEngine:
    """Runs :func:`layers.pipeline.extract_all`'s per-document work on a Dask cluster.

    ``scheduler``: the address of an existing cluster's scheduler (``tcp://host:8786``);
    None starts a :class:`distributed.LocalCluster` of ``workers`` single-threaded processes
    (default :func:`local_workers`). Used in a ``with`` block, the client (and cluster) live
    as long as the block; else each :meth:`map_documents` starts them and closes them at its
    end. ``client``: use this
    client instead (not closed here). ``on_partition(i)`` is called as each partition's
    results are taken, in order.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int | None = None,
        partition_size: int = DEFAULT_PARTITION,
        client: Client | None = None,
        on_partition: Callable[[int], None] | None = None,
    ) -> None:
        if partition_size < 1:
            raise ConfigurationError(f"partition size must be at least 1, not {partition_size}")
        self.scheduler = scheduler
        self.workers = workers
        self.partition_size = partition_size
        self.on_partition = on_partition
        self.client: Client | None = client
        self._owned: list[Any] = []
        self._short_logs = False  # while this engine's own client is open

    def __enter__(self) -> DaskEngine:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> Client:
        if self.client is not None:
            return self.client
        # for the client, a LocalCluster's scheduler and nannies (and the workers they start,
        # restarted ones too): read where each comm stream or log is made, so it holds until
        # close()
        _short_logs(True)
        self._short_logs = True
        try:
            if self.scheduler:
                client = Client(self.scheduler, timeout="30s")
            else:
                cluster = LocalCluster(
                    n_workers=self.workers or local_workers(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # its HTTP routes (health, metrics) on a free port: the default, 8787,
                    # is taken when another cluster runs here (a warning, then another port)
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                )
                self._owned.append(cluster)
                client = Client(cluster)
        except (OSError, TimeoutError) as err:
            self.close()
            where = self.scheduler or "a local cluster"
            raise EngineError(f"cannot start the dask engine on {where}: {err}") from err
        except BaseException:
            self.close()
            raise
        self._owned.insert(0, client)
        self.client = client
        return client

    def close(self) -> None:
        """Close the client and cluster this engine started (a given client stays open)."""
        try:
            if not self._owned:
                return
            while self._owned:
                self._owned.pop(0).close()
            self.client = None
        finally:
            if self._short_logs:
                _short_logs(False)
                self._short_logs = False

    def map_documents(self, documents: Iterable[Document], *, guard: bool) -> Iterator[Any]:
        """Each document's result (see :func:`layers.pipeline.document_result`), in order."""
        started_here = self.client is None
        client = self.start()
        region = default_region()
        threads = sum(client.nthreads().values()) or 1
        window = max(2, IN_FLIGHT_PER_THREAD * threads)
        run = uuid.uuid4().hex[:12]
        pending: deque[tuple[int, Future[list[Any]]]] = deque()
        docs = iter(documents)
        try:
            index = 0
            while batch := list(islice(docs, self.partition_size)):
                key = f"posture-extract-{run}-{index}"
                pending.append(
                    (index, client.submit(extract_partition, batch, region, guard, key=key))
                )
                index += 1
                while len(pending) > window:
                    yield from self._take(*pending.popleft())
            while pending:
                yield from self._take(*pending.popleft())
        finally:
            if pending:  # stopped early (an error, the consumer gave up): cancel the rest
                client.cancel([f for _, f in pending])
            if started_here:  # a run of its own (the CLI's): its cluster goes with it
                self.close()

    def _take(self, index: int, future: Future[list[Any]]) -> list[Any]:
        try:
            results: list[Any] = future.result()
        except (KilledWorker, FutureCancelledError) as err:
            raise EngineError(
                f"partition {index} (documents {index * self.partition_size + 1}-"
                f"{(index + 1) * self.partition_size}) could not be run: {err}"
            ) from err
        finally:
            future.release()
        if self.on_partition is not None:
            self.on_partition(index)
        return results
