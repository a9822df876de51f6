"""The page index: first pages of the canned lists without reading the whole store.

Oxigraph sorts every solution before it can return the first page of a list "most
recent first", so at 10 M triples the canned lists take seconds. The page index is a
small derived graph (:data:`~kg.terms.INDEX_GRAPH`) of *lists*, one per list a canned
query shows (all accusations, an actor's accusations, the articles, the claims about
tariffs, the tariffs between two actors, …). A list's items sit in buckets by the
date the query orders by: ``list kg:indexBucket year``, ``year kg:indexBucket month``,
``month kg:indexBucket day``, ``day kg:indexMember item``. The first page reads the
newest days until it has enough items, and the canned query then runs on those items
only (its own ORDER BY and LIMIT pick the page, so the rows are the same). An actor's
profile counts the members of its buckets by role and kind instead.

Every index triple of an item follows from its article's graph alone
(:func:`index_triples`), so the store writes them in the article's own transaction and
drops them, with any bucket left empty, when the article is replaced or removed. A
complete index carries ``kg:indexFormat`` on the index graph; without it (a store
made before the index, a bulk load, an update the index cannot follow) the queries
read the articles as before, and :func:`rebuild` makes it again.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore(None)
>>> has_index(store)
True
>>> check(store)
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.store import claim_index
from kg.store.base import from_ox, nt, to_ox
from kg.store.index_triples import LEVELS, index_triples, list_iri, pair_key, time_key
from kg.terms import (
    DCTERMS,
    INDEX_GRAPH,
    KG,
    RDF,
)

if TYPE_CHECKING:
    from kg.store.base import Store
    from kg.triples import Triple

__all__ = [
    "FORMAT",
    "READ_PREDICATES",
    "check",
    "has_index",
    "index_triples",
    "invalidate_update",
    "list_iri",
    "ox_term",
    "pair_key",
    "rebuild",
    "removal_update",
    "time_key",
]

# 2: with the claim rows of the accusation graph (kg.store.claim_index).
FORMAT = "2"
# The predicates of an article graph that its index triples follow from.
READ_PREDICATES: tuple[URIRef, ...] = (
    RDF.type, KG.speaker, KG.target, KG.imposer, KG.participant, KG.evidence, KG.about,
    KG.date, DCTERMS.issued, KG.mentions, *claim_index.READ_PREDICATES,
)  # fmt: skip

# --- keeping it in step -------------------------------------------------------------------


def has_index(store: Store) -> bool:
    """Whether ``store`` is an embedded store with a complete page index."""
    if not _embedded(store):
        return False
    marker = ox.Quad(
        ox_term(INDEX_GRAPH), ox_term(KG.indexFormat), ox.Literal(FORMAT), ox_term(INDEX_GRAPH)
    )
    return marker in store.oxigraph


def _embedded(store: Store) -> bool:
    """Whether ``store`` is the embedded store (it has the Oxigraph database at hand)."""
    return isinstance(getattr(store, "oxigraph", None), ox.Store)


def marker_triple() -> Triple:
    return (INDEX_GRAPH, KG.indexFormat, Literal(FORMAT))


def invalidate_update() -> str:
    """A SPARQL Update operation that marks the index out of step: for updates whose
    effect on the articles the index cannot follow (curation, ``kg serve --allow-update``)."""
    g = f"<{INDEX_GRAPH}>"
    return f"DELETE WHERE {{ GRAPH {g} {{ {g} <{KG.indexFormat}> ?format }} }}"


def read_graph(store: Store, graph: URIRef) -> list[Triple]:
    """The triples of an article graph that its index follows from."""

    if not _embedded(store):  # an endpoint: one query
        values = " ".join(f"<{p}>" for p in READ_PREDICATES)
        result = store.select(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }}",
            {"g": graph},
        )
        return [(s, p, o) for s, p, o in result.rows]  # type: ignore[misc]
    g = ox_term(graph)
    return [
        (from_ox(q.subject), p, from_ox(q.object))  # type: ignore[misc]
        for p in READ_PREDICATES
        for q in store.oxigraph.quads_for_pattern(None, ox_term(p), None, g)
    ]


def removal_update(store: Store, graphs: Sequence[URIRef]) -> list[str]:
    """Update operations that take the index triples of ``graphs`` out (run them before
    the graphs are dropped, in the same request): their claim rows, their members, then
    every bucket left with nothing under it, day, month and year."""
    ops = claim_index.removal_update(graphs)
    members: list[Triple] = []
    for graph in graphs:
        members += [t for t in index_triples(graph, read_graph(store, graph))
                    if t[1] == KG.indexMember]  # fmt: skip
    if not members:
        return ops
    g = nt(INDEX_GRAPH)
    body = "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in members)
    ops.append(f"DELETE DATA {{ GRAPH {g} {{\n{body}\n}} }}")
    buckets = sorted({s for s, _, _ in members})
    for _ in LEVELS:  # days (or profile buckets), then months, then years
        values = " ".join(nt(b) for b in buckets)
        ops.append(
            f"DELETE {{ GRAPH {g} {{ ?up {nt(KG.indexBucket)} ?b . ?b ?p ?o }} }} "
            f"WHERE {{ VALUES ?b {{ {values} }} GRAPH {g} {{ ?up {nt(KG.indexBucket)} ?b "
            f"OPTIONAL {{ ?b ?p ?o }} }} FILTER NOT EXISTS {{ GRAPH {g} {{ "
            f"?b {nt(KG.indexMember)}|{nt(KG.indexBucket)} ?x }} }} }}"
        )
        buckets = sorted({URIRef(_parent(b)) for b in buckets if _parent(b)})
        if not buckets:
            break
    return ops


def _parent(bucket: URIRef) -> str | None:
    """The month of a day bucket, the year of a month; None for a year or a profile bucket."""
    head, _, tail = str(bucket).rpartition("/")
    letter = tail[:1]
    if "/index/profile/" in head:
        return None
    if letter == "d":
        return f"{head}/m{tail[1:8]}" if len(tail) > 1 else f"{head}/m"
    if letter == "m":
        return f"{head}/y{tail[1:5]}" if len(tail) > 1 else f"{head}/y"
    return None


def article_graphs(store: Store, *, first: bool = False) -> list[URIRef]:
    """The article graphs (``first``: at most one, to see whether there is any)."""
    found = []
    for q in store.oxigraph.quads_for_pattern(None, ox_term(RDF.type), ox_term(KG.Article), None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == q.subject.value:
            found.append(URIRef(q.subject.value))
            if first:
                break
    return found


def expected(store: Store) -> set[str]:
    """The index the articles now in ``store`` make, from scratch, as N-Triples lines."""
    out: set[str] = {_line(marker_triple())}
    for graph in article_graphs(store):
        out.update(_line(t) for t in index_triples(graph, read_graph(store, graph)))
    return out


def current(store: Store) -> set[str]:
    """The index graph as it is, as N-Triples lines."""
    return {
        f"{q.subject} {q.predicate} {q.object} ."
        for q in store.oxigraph.quads_for_pattern(None, None, None, ox_term(INDEX_GRAPH))
    }


def _line(t: Triple) -> str:
    return f"{nt(t[0])} {nt(t[1])} {nt(t[2])} ."


def check(store: Store) -> list[str]:
    """What is wrong with the page index of an embedded store (empty: it is in step
    with the articles): a missing marker, and how many triples are missing or extra."""
    if not _embedded(store):
        return [f"{store.location}: only an embedded store keeps a page index"]
    problems = [] if has_index(store) else ["the index is missing or marked out of step"]
    want, have = expected(store), current(store)
    want.discard(_line(marker_triple()))
    have.discard(_line(marker_triple()))
    if want - have:
        problems.append(f"{len(want - have)} index triple(s) missing")
    if have - want:
        problems.append(f"{len(have - want)} index triple(s) too many")
    return problems


def rebuild(store: Store, batch: int = 200_000) -> int:
    """Make the index again from the articles; return its size in triples.

    The marker goes first and comes back last, so a rebuild cut short leaves a store
    whose queries read the articles, never a half index that looks whole.
    """
    store._check_writable()
    db, g = store.oxigraph, ox_term(INDEX_GRAPH)
    db.remove(ox.Quad(g, ox_term(KG.indexFormat), ox.Literal(FORMAT), g))
    db.remove_graph(g)
    quads: list[ox.Quad] = []
    total = 0
    seen: set[Triple] = set()
    for graph in article_graphs(store):
        for t in index_triples(graph, read_graph(store, graph)):
            if t in seen:
                continue
            if t[1] != KG.indexMember:  # members are unique; buckets are shared
                seen.add(t)
            quads.append(ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), g))  # type: ignore[arg-type]
        if len(quads) >= batch:
            db.bulk_extend(quads)
            total, quads = total + len(quads), []
    db.bulk_extend(quads)
    db.add(ox.Quad(g, ox_term(KG.indexFormat), ox.Literal(FORMAT), g))  # complete: say so
    return total + len(quads) + 1


def ox_term(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))
