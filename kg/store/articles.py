"""Finding an article's graph from what a user knows of it: its id, IRI or URL."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.store import Store
from kg.triples import article_iri


def find_article(store: Store, ref: str) -> URIRef | None:
    """The graph of the article with this id, IRI or URL, or None."""
    result = store.select(
        "SELECT ?g WHERE { GRAPH ?g { ?g a kg:Article . "
        "{ ?g dcterms:identifier ?ref } UNION { ?g schema:url ?url FILTER (STR(?url) = ?ref) } "
        "UNION { FILTER (STR(?g) = ?ref) } } } LIMIT 1",
        {"ref": Literal(ref)},
    )
    if result.rows:
        return URIRef(str(result.rows[0][0]))
    candidate = article_iri(ref)
    exists = store.query("ASK { GRAPH ?g { ?g a kg:Article } }", {"g": candidate})
    return candidate if exists else None
