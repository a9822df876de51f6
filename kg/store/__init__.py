"""The store: the :class:`Store` interface, the embedded Oxigraph store and SPARQL endpoints.

>>> from kg.store import open_store
>>> with open_store(":memory:") as store:   # doctest: +SKIP
...     store.select("SELECT * { ?s ?p ?o } LIMIT 1")
"""

from __future__ import annotations

from kg.store.oxigraph import (
    ArticleWrite,
    OxigraphStore,
    QueryResult,
    SelectResult,
    SparqlWrites,
    Store,
    Triple,
    from_ox,
    is_endpoint,
    is_store,
    nt,
    open_store,
    python_value,
    to_ox,
)

__all__ = [
    "ArticleWrite",
    "OxigraphStore",
    "QueryResult",
    "SelectResult",
    "SparqlWrites",
    "Store",
    "Triple",
    "from_ox",
    "is_endpoint",
    "is_store",
    "nt",
    "open_store",
    "python_value",
    "to_ox",
]
