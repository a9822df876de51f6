"""Counts: articles, triples, instances per class, the span of publication dates."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.store import Store, python_value

_BY_CLASS = """
SELECT ?class ?label (COUNT(DISTINCT ?s) AS ?n)
WHERE {
  GRAPH ?g { ?s a ?class . ?g a kg:Article }
  OPTIONAL { ?class rdfs:label ?label FILTER (LANG(?label) = "en" || LANG(?label) = "") }
}
GROUP BY ?class ?label ORDER BY DESC(?n) ?class
"""
_SHARED = """
SELECT ?class ?label (COUNT(DISTINCT ?s) AS ?n)
WHERE {
  GRAPH ?g { ?s a ?class } FILTER (?g = ?shared)
  OPTIONAL { ?class rdfs:label ?label FILTER (LANG(?label) = "en" || LANG(?label) = "") }
}
GROUP BY ?class ?label ORDER BY DESC(?n) ?class
"""
_ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a kg:Article } }"
_DATES = """
SELECT (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last)
WHERE { GRAPH ?a { ?a a kg:Article ; dcterms:issued ?d } }
"""
# The page index (kg.store.page_index) is derived, not data: it is not counted.
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != ?index) }"


@dataclass
class Stats:
    articles: int = 0
    triples: int = 0
    first_published: str | None = None
    last_published: str | None = None
    classes: list[tuple[str, str, int]] = field(default_factory=list)  # (iri, label, count)


def stats(store: Store) -> Stats:
    """What the store holds."""
    from kg.terms import ACTORS_GRAPH, INDEX_GRAPH

    out = Stats()
    out.articles = _select(store, _ARTICLES)[0][0] or 0
    out.first_published, out.last_published = _select(store, _DATES)[0]
    out.triples = _select(store, _TRIPLES, {"index": INDEX_GRAPH})[0][0]
    rows = _select(store, _BY_CLASS) + _select(store, _SHARED, {"shared": ACTORS_GRAPH})
    out.classes = [(str(c), label or str(c).rsplit("#", 1)[-1], n) for c, label, n in rows]
    return out


def _select(store: Store, query: str, bindings: dict | None = None) -> list[tuple]:
    result = store.select(query, bindings)
    return [tuple(python_value(v) for v in row) for row in result.rows]
