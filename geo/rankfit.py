"""Fitting the candidate ranker's weights (``tools/fit_ranker.py``), with NumPy.

Kept apart from :mod:`geo.rank` so that geoparsing, which only applies the weights, never
loads NumPy.
"""

from __future__ import annotations

import numpy as np

from geo.rank import Ranker, default_ranker

__all__ = ["fit"]


def fit(
    groups: list[tuple[list[list[float]], list[bool]]],
    *,
    counts: list[int] | None = None,
    l2: float = 0.001,
    steps: int = 3000,
    init: Ranker | None = None,
) -> Ranker:
    """Conditional logit: weights maximising, over the groups (each: its candidates' feature
    vectors and which of them are right), the log of the probability mass the softmax puts on
    the right candidates (each group counted ``counts[g]`` times: its mentions), with an L2
    penalty towards ``init`` (the hand-set weights: a prior, not zero). Deterministic
    (full-batch Adam from ``init``)."""
    counts = counts or [1] * len(groups)
    keep = [k for k, (_, y) in enumerate(groups) if len(y) >= 2 and any(y) and not all(y)]
    kept = [groups[k] for k in keep]
    c = np.asarray([counts[k] for k in keep], dtype=float)
    if not kept:
        return init or default_ranker()
    X = np.asarray([row for x, _ in kept for row in x], dtype=float)
    Y = np.asarray([v for _, y in kept for v in y], dtype=bool)
    gid = np.repeat(np.arange(len(kept)), [len(y) for _, y in kept])
    n = len(kept)
    w0 = np.asarray((init or default_ranker()).weights, dtype=float)
    w = w0.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        s = X @ w
        s = s - np.bincount(gid, weights=s, minlength=n)[gid] / np.bincount(gid)[gid]
        e = np.exp(np.clip(s, -50, 50))
        p = e / np.bincount(gid, weights=e, minlength=n)[gid]
        q = np.where(Y, p, 0.0)
        q = q / np.bincount(gid, weights=q, minlength=n)[gid]
        grad = 2 * l2 * (w - w0) - (((q - p) * c[gid]) @ X) / c.sum()
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return Ranker(tuple(round(float(a), 4) for a in w), "fitted")
