"""kg: news → a knowledge graph of actors, policies and claims, with evidence for every edge.

The library in one namespace, in pipeline order; each name is imported on first use,
so ``import kg`` stays cheap (spaCy loads only when an :class:`Extractor` is made)::

    >>> import kg
    >>> with kg.open_store("/tmp/kg-store") as store:    # doctest: +SKIP
    ...     report = kg.run_ingest(["data/articles"], store)

Names: sources (:func:`read_articles`), extraction (:class:`Extractor`), the store
(:func:`open_store`, :class:`Store`), ingestion (:func:`run_ingest`), queries
(:func:`run_query`, :func:`canned_queries`, :func:`resolve_entity`), exports
(:func:`export_claims`, :func:`export_policies`, :func:`export_events`,
:func:`write_records`, :func:`write_rdf`), projections (:class:`Filters`,
:func:`actor_graph`, :func:`policy_graph`, :func:`event_graph`,
:func:`interaction_graph`), and the errors. The analyses and views are whole packages:
:mod:`kg.analysis` (``kg.analysis.pagerank``…) and :mod:`kg.views`
(``kg.views.write_html``…).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → "module:attribute" (the attribute defaults to the name).
_API: dict[str, str] = {
    "KgError": "kg.errors",
    "InputError": "kg.errors",
    "StoreError": "kg.errors",
    "QueryError": "kg.errors",
    "Article": "kg.model",
    "Extraction": "kg.model",
    "read_articles": "kg.sources",
    "Extractor": "kg.extract",
    "open_store": "kg.store",
    "Store": "kg.store",
    "run_ingest": "kg.ingest:ingest",
    "IngestReport": "kg.ingest",
    "run_query": "kg.query:run",
    "canned_queries": "kg.query",
    "resolve_entity": "kg.query",
    "export_claims": "kg.query.export:claims",
    "export_policies": "kg.query.export:policies",
    "export_events": "kg.query.export:events",
    "write_records": "kg.query.export",
    "write_rdf": "kg.query.export",
    "Filters": "kg.project",
    "actor_graph": "kg.project",
    "policy_graph": "kg.project",
    "event_graph": "kg.project",
    "interaction_graph": "kg.project",
    "analysis": "kg.analysis:",
    "views": "kg.views:",
}

__all__ = [
    "Article",
    "Extraction",
    "Extractor",
    "Filters",
    "IngestReport",
    "InputError",
    "KgError",
    "QueryError",
    "Store",
    "StoreError",
    "__version__",
    "actor_graph",
    "analysis",
    "canned_queries",
    "event_graph",
    "export_claims",
    "export_events",
    "export_policies",
    "interaction_graph",
    "open_store",
    "policy_graph",
    "read_articles",
    "resolve_entity",
    "run_ingest",
    "run_query",
    "views",
    "write_rdf",
    "write_records",
]

if TYPE_CHECKING:
    from kg import analysis, views
    from kg.errors import InputError, KgError, QueryError, StoreError
    from kg.extract import Extractor
    from kg.ingest import IngestReport
    from kg.ingest import ingest as run_ingest
    from kg.model import Article, Extraction
    from kg.project import (
        Filters,
        actor_graph,
        event_graph,
        interaction_graph,
        policy_graph,
    )
    from kg.query import canned_queries, resolve_entity
    from kg.query import run as run_query
    from kg.query.export import claims as export_claims
    from kg.query.export import events as export_events
    from kg.query.export import policies as export_policies
    from kg.query.export import write_rdf, write_records
    from kg.sources import read_articles
    from kg.store import Store, open_store


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module, colon, attribute = _API[name].partition(":")
    found = importlib.import_module(module)
    value = found if colon and not attribute else getattr(found, attribute or name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
