"""The store: the :class:`Store` interface (:mod:`kg.store.base`), the embedded Oxigraph
store (:mod:`kg.store.oxigraph`), SPARQL endpoints (:mod:`kg.store.endpoint`), opening
one by location (:mod:`kg.store.registry`) and the write lock (:mod:`kg.store.lock`).

>>> from kg.store import OxigraphStore
>>> with OxigraphStore(None) as store:   # in memory
...     store.rows("SELECT (1 + 1 AS ?two) {}")
(['two'], [(2,)])
"""

from __future__ import annotations

from kg.store.base import (
    QueryResult,
    ReadsStore,
    SelectResult,
    Store,
    convert_result,
    from_ox,
    nt,
    python_value,
    to_ox,
)
from kg.store.oxigraph import OxigraphStore
from kg.store.registry import STORES, embedded, is_endpoint, is_store, open_store
from kg.store.sparql_writes import SparqlWrites
from kg.triples import ArticleWrite, Triple

__all__ = [
    "STORES",
    "ArticleWrite",
    "OxigraphStore",
    "QueryResult",
    "ReadsStore",
    "SelectResult",
    "SparqlWrites",
    "Store",
    "Triple",
    "convert_result",
    "embedded",
    "from_ox",
    "is_endpoint",
    "is_store",
    "nt",
    "open_store",
    "python_value",
    "to_ox",
]
