"""The triple store: one named graph per article, shared actors, queries on Oxigraph's engine.

:func:`kg.store.open_store` (:mod:`kg.store.registry`) picks an implementation from the location, like rdflib's store
plugins: a directory is the embedded Oxigraph store (through ``oxrdflib``), an
``http(s)://`` URL a SPARQL 1.1 endpoint (see :mod:`kg.store.endpoint`).

Two traps shape this module. oxrdflib's ``commit()``/``rollback()`` do nothing, so
every write here is a single pyoxigraph SPARQL Update, which Oxigraph applies in one
transaction: a crash never leaves half an article. And an rdflib query that is
already prepared runs on rdflib's own engine (about 100x slower), so queries go to
pyoxigraph directly, with user values passed as substitutions, never spliced in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg import resources
from kg.errors import QueryError, StoreError, one_line
from kg.sparql import syntax_message, with_values
from kg.store import page_index
from kg.store.base import QueryResult, ReadsStore, convert_result, nt, to_ox
from kg.store.lock import lock_reason
from kg.terms import (
    ACTORS_GRAPH,
    INDEX_GRAPH,
    KG,
    ONTOLOGY_GRAPH,
    ONTOLOGY_VERSION,
    PREFIXES,
    XSD,
)
from kg.triples import ArticleWrite, Triple

__all__ = ["INSERT_CHUNK", "OxigraphStore", "SparqlWrites"]

# --- the embedded store ------------------------------------------------------------------


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
        from rdflib.namespace import SKOS

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


class OxigraphStore(SparqlWrites):
    """The embedded, persistent Oxigraph store at a directory.

    >>> store = OxigraphStore(None)  # in memory, for tests and examples
    >>> store.query("ASK { ?s ?p ?o }")
    True
    """

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.location = str(path) if path is not None else ":memory:"
        self.read_only = read_only
        self._ox = self._open(path, read_only)
        if not read_only:
            self._ensure_ontology()
            self._ensure_index()

    @staticmethod
    def _open(path: str | Path | None, read_only: bool) -> ox.Store:
        if path is None:
            return ox.Store()
        p = Path(path)
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p}: cannot open store: it is a file, not a store directory")
        try:
            return _read_only(p) if read_only else ox.Store(str(p))
        except OSError as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            if "lock" in reason.lower():
                reason = lock_reason(p)  # a running 'kg serve' says where it listens
            raise StoreError(f"{p}: cannot open store: {reason}") from e

    @property
    def dataset(self) -> rdflib.Dataset:
        """An rdflib view of the store (oxrdflib), for rdflib users and serialisers."""
        from oxrdflib.store import OxigraphStore as RdflibOxigraphStore

        return rdflib.Dataset(store=RdflibOxigraphStore(store=self._ox), default_union=True)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self._ox

    # -- reading

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run SPARQL on Oxigraph's engine over the union of all graphs.

        ``bindings`` bind variables to values (see :mod:`kg.sparql`), the safe way to
        pass user input. The kg prefixes are predeclared.
        """
        text = with_values(sparql, bindings or {})
        try:
            result = self._ox.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(syntax_message(text, e)) from e
        except OSError as e:
            raise StoreError(f"{self.location}: query failed: {one_line(e)}") from e
        return convert_result(result)

    def rows(
        self, sparql: str, bindings: Mapping[str, Identifier] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """As :meth:`ReadsStore.rows`, read through pyoxigraph directly: turning every
        term into an rdflib term first costs about ten times the query itself."""
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            solutions = self._ox.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions,
            )
        except (OSError, SyntaxError) as e:
            raise StoreError(f"{self.location}: query failed: {one_line(e)}") from e
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"{self.location}: expected the rows of a SELECT query")
        names = [v.value for v in solutions.variables]
        return names, [tuple(_value(s[i]) for i in range(len(names))) for s in solutions]

    def count_triples(self) -> int:
        return len(self._ox)

    def article_graphs(self) -> list[URIRef]:
        result = self.select("SELECT ?g WHERE { GRAPH ?g { ?g a kg:Article } } ORDER BY ?g")
        return [row[0] for row in result.rows if isinstance(row[0], URIRef)]

    def close(self) -> None:
        if not self.read_only and self.location != ":memory:":
            self._ox.flush()
        del self._ox

    # -- internals

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: store is open read-only")

    def _has_graph(self, graph: URIRef) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(str(graph)))

    # -- page index hooks (kg.store.page_index)

    def _ensure_index(self) -> None:
        """A store without articles starts with a complete (empty) page index; one made
        before the index existed stays without, and its queries read the articles."""
        if page_index.has_index(self) or page_index.article_graphs(self, first=True):
            return
        marker = [to_ox(x) for x in page_index.marker_triple()]
        self._ox.add(ox.Quad(*marker, to_ox(INDEX_GRAPH)))  # type: ignore[arg-type]

    def write_article(self, write: ArticleWrite) -> list[URIRef]:
        """As :meth:`SparqlWrites.write_article`. A new article (no graph of its id, no
        article with its text) replaces nothing, and its quads go in as one atomic
        ``extend``: the same single transaction, without a SPARQL text to build and
        parse (a third of the time of writing)."""
        self._check_writable()
        if self._has_graph(write.graph) or self._graphs_with_hash(write.content_hash):
            return super().write_article(write)
        new_shared = self._new_shared_triples(write.shared)
        graph, actors = to_ox(write.graph), to_ox(ACTORS_GRAPH)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in write.triples]
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o), actors) for s, p, o in new_shared]
        index = to_ox(INDEX_GRAPH)  # the page index, in the same transaction
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o), index)
                  for s, p, o in page_index.index_triples(write.graph, write.triples)]  # fmt: skip
        try:
            self._ox.extend(quads)
        except (OSError, RuntimeError) as e:
            raise StoreError(f"{self.location}: write failed: {one_line(e)}") from e
        return []

    def _update(self, update: str) -> None:
        try:
            self._ox.update(update)
        except (OSError, SyntaxError, RuntimeError) as e:
            raise StoreError(f"{self.location}: write failed: {one_line(e)}") from e


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


# A writer that holds the store may compact it while a reader opens it: a file the
# reader's manifest names can vanish under it. Opening again sees the new manifest.
READ_ONLY_ATTEMPTS = 5


def _read_only(path: Path) -> ox.Store:
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as e:
            if "No such file" not in str(e) or attempt == READ_ONLY_ATTEMPTS - 1:
                raise StoreError(f"{path}: cannot open store: {one_line(e)}") from e
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


_NUMBERS: dict[str, type] = {
    str(XSD.integer): int, str(XSD.int): int, str(XSD.long): int, str(XSD.decimal): float,
    str(XSD.double): float, str(XSD.float): float,
}  # fmt: skip


def _value(term: Any) -> Any:
    """A pyoxigraph term as :func:`kg.store.python_value` would give it: numbers as
    numbers, dates as their ISO text, IRIs and other literals as strings."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _NUMBERS.get(term.datatype.value)
        return convert(term.value) if convert else term.value
    return term.value
