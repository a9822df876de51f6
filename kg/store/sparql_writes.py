"""Article writes as SPARQL Update: one request per article, which the store applies in
one transaction. Shared by the embedded store (:mod:`kg.store.oxigraph`, for
replacements) and SPARQL 1.1 endpoints (:mod:`kg.store.endpoint`, for every write).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import rdflib
from rdflib import BNode, Literal, URIRef

from kg import resources
from kg.store import page_index
from kg.store.base import ReadsStore, nt
from kg.terms import ACTORS_GRAPH, INDEX_GRAPH, KG, ONTOLOGY_GRAPH, ONTOLOGY_VERSION, SKOS
from kg.triples import ArticleWrite, Triple

__all__ = ["INSERT_CHUNK", "SparqlWrites"]


class SparqlWrites(ReadsStore):
    """Article writes as SPARQL Update, shared by the embedded and the endpoint stores.

    Every write is one Update request, which the store applies in one transaction.
    Subclasses provide ``location``, ``query``, ``_update`` (run one Update),
    ``_has_graph`` and ``_check_writable`` (called before every write).
    """

    def _update(self, update: str) -> None:
        raise NotImplementedError

    def _has_graph(self, graph: URIRef) -> bool:
        raise NotImplementedError

    def _check_writable(self) -> None:
        raise NotImplementedError

    def write_article(self, write: ArticleWrite) -> list[URIRef]:
        """Replace the article's graph in one transaction; return the graphs it replaced.

        Any other article with the same content hash is replaced too (same text
        ingested under another id), and shared actors no longer mentioned anywhere
        are dropped.
        """
        self._check_writable()
        existed = self._has_graph(write.graph)
        old = [g for g in self._graphs_with_hash(write.content_hash) if g != write.graph]
        candidates = self._mentioned_by([write.graph, *old])
        ops = [f"DROP SILENT GRAPH {nt(g)}" for g in {write.graph, *old}]
        ops.append(_insert_data(write.graph, write.triples))
        new_shared = self._new_shared_triples(write.shared)
        if new_shared:
            ops.append(_insert_data(ACTORS_GRAPH, new_shared))
        if candidates:
            ops.append(_drop_orphans(candidates))
        ops += self._index_ops([write.graph, *old], write)  # page index (kg.store.page_index)
        self._update(" ;\n".join(ops))
        return ([write.graph] if existed else []) + old

    def remove_article(self, graph: URIRef) -> bool:
        """Drop one article's graph (and actors only it mentioned). False if absent."""
        self._check_writable()
        if not self._has_graph(graph):
            return False
        candidates = self._mentioned_by([graph])
        ops = [f"DROP SILENT GRAPH {nt(graph)}"]  # Virtuoso: no DROP of graphs never CREATEd
        if candidates:
            ops.append(_drop_orphans(candidates))
        ops += self._index_ops([graph], None)  # page index (kg.store.page_index)
        self._update(" ;\n".join(ops))
        return True

    def update(self, operations: Sequence[str]) -> None:
        """Run SPARQL Update operations as one request, in one transaction (curation)."""
        self._check_writable()
        self._update(" ;\n".join([*operations, *self._index_ops(None, None)]))

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Replace any non-article graph (ontology, analysis results) in one transaction."""
        self._check_writable()
        self._update(f"DROP SILENT GRAPH {nt(graph)} ;\n{_insert_data(graph, list(triples))}")

    # -- internals

    def _index_ops(self, dropped: Sequence[URIRef] | None, write: ArticleWrite | None) -> list[str]:
        """Update operations that keep the page index (:mod:`kg.store.page_index`) in step with
        a write, after the write's own: the index triples of the ``dropped`` graphs out,
        those of ``write`` in; with ``dropped`` None (an update the index cannot follow),
        the index marked out of step."""
        if dropped is None:
            return [page_index.invalidate_update()]
        ops = page_index.removal_update(self, dropped)
        if write is not None:
            triples = page_index.index_triples(write.graph, write.triples)
            ops.append(_insert_data(INDEX_GRAPH, triples))
        return ops

    def _ensure_index(self) -> None:
        """A store without articles starts with a complete (empty) page index; one made
        before the index existed stays without (the queries read the articles)."""
        if self.query("ASK { GRAPH ?g { ?g a kg:Article } }") or self.query(
            "ASK { GRAPH ?g { ?g kg:indexFormat ?f } }", {"g": INDEX_GRAPH}
        ):
            return
        self._update(_insert_data(INDEX_GRAPH, [page_index.marker_triple()]))

    def _ensure_ontology(self) -> None:
        present = self.query(
            "ASK { GRAPH ?g { ?o owl:versionInfo ?v } }",
            {"g": ONTOLOGY_GRAPH, "o": ONTOLOGY_GRAPH, "v": Literal(ONTOLOGY_VERSION)},
        )
        if present:
            return
        graph = rdflib.Graph()
        graph.parse(resources.ontology_path(), format="turtle")
        self.replace_graph(ONTOLOGY_GRAPH, graph)

    def _graphs_with_hash(self, content_hash: str) -> list[URIRef]:
        result = self.select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g kg:contentHash ?h } }",
            {"h": Literal(content_hash)},
        )
        return [r[0] for r in result.rows if isinstance(r[0], URIRef)]

    def _mentioned_by(self, graphs: Sequence[URIRef]) -> list[URIRef]:
        found: set[URIRef] = set()
        for g in graphs:
            result = self.select("SELECT ?a WHERE { GRAPH ?g { ?g kg:mentions ?a } }", {"g": g})
            found.update(r[0] for r in result.rows if isinstance(r[0], URIRef))
        return sorted(found)

    def _new_shared_triples(self, shared: list[Triple]) -> list[Triple]:
        """Shared descriptions minus the labels of subjects that already have one.

        The first article to name an actor fixes its label, so an actor never gets
        two preferred labels from differently-cased mentions.
        """

        subjects = sorted({s for s, p, _ in shared if p == SKOS.prefLabel})
        if not subjects:
            return shared
        values = " ".join(nt(s) for s in subjects)
        result = self.select(
            f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} "
            f"GRAPH {nt(ACTORS_GRAPH)} {{ ?s skos:prefLabel ?l }} }}"
        )
        labelled = {r[0] for r in result.rows}
        return [t for t in shared if not (t[1] == SKOS.prefLabel and t[0] in labelled)]


# Triples per INSERT DATA operation: Virtuoso cannot compile much bigger ones.
INSERT_CHUNK = 500


def _insert_data(graph: URIRef, triples: Sequence[Triple]) -> str:
    """Update operations that insert ``triples`` into ``graph``, for one request.

    Ground triples go in INSERT DATA operations of at most :data:`INSERT_CHUNK`;
    triples with blank nodes (the ontology's OWL lists) go together in one
    ``INSERT {} WHERE {}``, since a blank node cannot span operations and Virtuoso
    refuses them in INSERT DATA. Either way the blank nodes are fresh.
    """
    ground = [t for t in triples if not any(isinstance(x, BNode) for x in t)]
    blank = [t for t in triples if any(isinstance(x, BNode) for x in t)]
    chunks = [ground[i : i + INSERT_CHUNK] for i in range(0, len(ground), INSERT_CHUNK)]
    ops = [f"INSERT DATA {{ {_graph_block(graph, chunk)} }}" for chunk in chunks or [ground]]
    if blank:
        ops.append(f"INSERT {{ {_graph_block(graph, blank)} }} WHERE {{}}")
    return " ;\n".join(ops)


def _graph_block(graph: URIRef, triples: Sequence[Triple]) -> str:
    body = "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in triples)
    return f"GRAPH {nt(graph)} {{\n{body}\n}}"


def _drop_orphans(candidates: Sequence[URIRef]) -> str:
    """Delete shared descriptions of candidates that no article graph mentions any more."""
    values = " ".join(nt(a) for a in candidates)
    shared = nt(ACTORS_GRAPH)
    orphan = (
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?g {nt(KG.mentions)} ?a }} }} "
        f"FILTER NOT EXISTS {{ GRAPH {shared} {{ ?x ?q ?a FILTER(?x != ?a) }} }}"
    )
    # An orphan's gazetteer roles (kg:Role nodes it holds) go with it.
    roles = (
        f"DELETE {{ GRAPH {shared} {{ ?r ?p ?o }} }} WHERE {{ VALUES ?a {{ {values} }} "
        f"GRAPH {shared} {{ ?a {nt(KG.holdsRole)} ?r . ?r ?p ?o }} {orphan} }} ;\n"
    )
    return roles + (
        f"DELETE {{ GRAPH {shared} {{ ?a ?p ?o }} }} WHERE {{ VALUES ?a {{ {values} }} "
        f"GRAPH {shared} {{ ?a ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?g {nt(KG.mentions)} ?a }} }} "
        f"FILTER NOT EXISTS {{ GRAPH {shared} {{ ?x ?q ?a FILTER(?x != ?a) }} }} }}"
    )
