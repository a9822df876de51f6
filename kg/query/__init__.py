"""Reading the store: canned and user SPARQL (:mod:`kg.query.canned`), record and RDF
exports (:mod:`kg.query.export`), counts (:mod:`kg.query.stats`) and SHACL checks
(:mod:`kg.query.validate`).

>>> from kg import query
>>> query.canned("accusations").params[0].name
'actor'
"""

from __future__ import annotations

from kg.query.canned import (
    FORMATS,
    CannedQuery,
    Param,
    bind_params,
    canned,
    canned_queries,
    format_result,
    query_text,
    resolve_entity,
    run,
)

__all__ = [
    "FORMATS",
    "CannedQuery",
    "Param",
    "bind_params",
    "canned",
    "canned_queries",
    "format_result",
    "query_text",
    "resolve_entity",
    "run",
]
