"""Order-preserving parallel map over forked worker processes, for per-document work.

Workers are forked after the caller has loaded its state (gazetteer, lexicons), so they share
it without pickling; results come back in input order, so the output does not depend on the
number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items everything runs in this process (starting workers costs more).
PARALLEL_MIN_ITEMS = 200
BATCH = 32
MAX_WORKERS = 8

# What forked workers call: set in the parent just before the pool forks.
_FUNC: Callable[[Any], Any] | None = None


def default_workers() -> int:
    """CPUs this process may use, at most :data:`MAX_WORKERS`; 1 where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_WORKERS))


def _work(batch: list[Any]) -> list[Any]:
    func = _FUNC
    if func is None:  # only reachable if a worker outlives its pool
        raise RuntimeError("parallel worker started without a function")
    return [func(item) for item in batch]


def parallel_map(
    func: Callable[[T], R], items: Iterable[T], *, workers: int | None = None
) -> Iterator[R]:
    """``map(func, items)``, lazily and in order, over ``workers`` forked processes.

    Small inputs (under :data:`PARALLEL_MIN_ITEMS`), ``workers=1`` and platforms without
    fork run in this process. Items are read in this process, so callbacks of the item
    iterator (input error reporting) run here.
    """
    global _FUNC
    it = iter(items)
    head = list(islice(it, PARALLEL_MIN_ITEMS))
    n = default_workers() if workers is None else max(1, workers)
    if (
        n == 1
        or len(head) < PARALLEL_MIN_ITEMS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for item in chain(head, it):
            yield func(item)
        return
    _FUNC = func
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            pending: deque[Any] = deque()
            rest = chain(head, it)
            while batch := list(islice(rest, BATCH)):
                pending.append(pool.apply_async(_work, (batch,)))
                while len(pending) > 2 * n:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _FUNC = None
