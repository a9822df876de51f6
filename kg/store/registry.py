"""Opening a store: a directory is the embedded Oxigraph store, an ``http(s)://`` URL a
SPARQL 1.1 endpoint (:mod:`kg.store.endpoint`), like rdflib's store plugins.

>>> from kg.store import open_store
>>> with open_store("/tmp/kg-doctest-store") as store:   # doctest: +SKIP
...     store.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from kg.config import default_store_location
from kg.errors import StoreError
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["STORES", "embedded", "is_endpoint", "is_store", "open_store"]

# Kind of location → "module:Class", imported on use (the endpoint store needs requests).
STORES = {
    "embedded": "kg.store.oxigraph:OxigraphStore",
    "endpoint": "kg.store.endpoint:EndpointStore",
}


def is_endpoint(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a directory that holds an embedded store (Oxigraph keeps
    its data in RocksDB, which always writes a ``CURRENT`` file)."""
    return (Path(path) / "CURRENT").is_file()


def open_store(
    location: str | Path | None = None, *, read_only: bool = False, create: bool | None = None
) -> Store:
    """Open the store at ``location`` (default: :func:`kg.config.default_store_location`).

    ``read_only`` opens an existing embedded store without taking its write lock,
    so reading commands work while another process writes or serves it.
    ``create`` (default: not ``read_only``) makes a new store where there is none;
    without it, a path that holds no store is an error, not a new empty store.
    """
    loc = str(location) if location is not None else default_store_location()
    if is_endpoint(loc):
        return _store_class("endpoint")(loc)
    path = Path(loc).expanduser()
    if create is None:
        create = not read_only
    if not create and not is_store(path):
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: cannot open store: it is a file, not a store directory")
        raise StoreError(f"no kg store at {path} (run kg ingest first)")
    if read_only and path.is_dir():
        return OxigraphStore(path, read_only=True)  # no lock taken, nothing written
    path.parent.mkdir(parents=True, exist_ok=True)
    return OxigraphStore(path)


def embedded(store: Store) -> OxigraphStore | None:
    """The embedded store behind ``store``, for what only it can do (dump its files,
    serve them); None for a store on a server."""
    return store if isinstance(store, OxigraphStore) else None


def _store_class(kind: str) -> type[Any]:
    module, _, name = STORES[kind].partition(":")
    return getattr(importlib.import_module(module), name)
