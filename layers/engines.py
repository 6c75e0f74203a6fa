"""The engines :func:`layers.pipeline.build_layers` can run the per-document work on.

    engine = make_engine("dask", "tcp://scheduler:8786")   # None for "local"
    frames = build_layers(documents, engine=engine)

``local`` is this process and its forked workers (no engine object); ``dask`` a
:class:`layers.dask_engine.DaskEngine`, which needs the optional extra
(``pip install 'posture-mapper[dask]'``): it is imported only when asked for.
"""

from __future__ import annotations

from geo.errors import ConfigurationError
from layers.pipeline import Engine

__all__ = ["ENGINES", "make_engine"]

ENGINES = ("local", "dask")


def make_engine(
    name: str = "local",
    scheduler: str | None = None,
    *,
    workers: int | None = None,
    partition_size: int | None = None,
) -> Engine | None:
    """The engine ``name`` (one of :data:`ENGINES`): None for "local" (this process and its
    forked workers), else a :class:`layers.dask_engine.DaskEngine` on ``scheduler`` (None: a
    LocalCluster of ``workers`` processes), started by its first run and closed at its end."""
    if name == "local":
        if scheduler or partition_size:
            raise ConfigurationError("--scheduler and --partition-size go with --engine dask")
        return None
    if name != "dask":
        raise ConfigurationError(f"unknown engine {name!r} (expected one of {', '.join(ENGINES)})")
    # an optional dependency (the dask extra): a one-line ConfigurationError without it
    from layers.dask_engine import DEFAULT_PARTITION, DaskEngine

    size = partition_size or DEFAULT_PARTITION
    return DaskEngine(scheduler, workers=workers, partition_size=size)
