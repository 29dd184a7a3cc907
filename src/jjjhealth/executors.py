"""A function over sources → its results, in order, run here or on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from jjjhealth.errors import JJJError

EXECUTORS = ("local", "dask")


def map_ordered(fn: Callable, items: Iterable, executor: str = "local",
                scheduler: str | None = None) -> Iterator:
    """fn over items → results in input order; 'local' streams one at a time, 'dask' spreads
    the items over a LocalCluster (or the cluster at `scheduler`)."""
    if executor == "local":
        return map(fn, items)
    if executor == "dask":
        return _dask_map(fn, list(items), scheduler)
    raise JJJError(f"--executor {executor!r}: choose one of {EXECUTORS}")


def _dask_map(fn: Callable, items: list, scheduler: str | None) -> Iterator:
    """items → fn(item) on Dask workers, gathered back in order (the optional 'dask' extra)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise JJJError("--executor dask needs the dask extra: pip install 'jjjhealth[dask]'") from None
    cluster = None if scheduler else LocalCluster(processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = client.map(fn, items, pure=False)
        # as_completed would lose the order; gathering in order keeps facts.csv deterministic.
        for fut in futures:
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
