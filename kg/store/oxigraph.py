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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import URIRef
from rdflib.term import Identifier, Node

from kg.errors import QueryError, StoreError, one_line
from kg.sparql import syntax_message, with_values
from kg.store import page_index
from kg.store.base import QueryResult, convert_result, to_ox
from kg.store.lock import lock_reason
from kg.store.sparql_writes import SparqlWrites
from kg.terms import (
    ACTORS_GRAPH,
    INDEX_GRAPH,
    KG,
    PREFIXES,
    SKOS,
    XSD,
)
from kg.triples import ArticleWrite, Triple

__all__ = ["OxigraphStore"]

# --- the embedded store ------------------------------------------------------------------


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
        self._known = _Known()
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
        self._known.clear()  # what the caller writes there is not followed
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
            self._known.clear()
            return super().write_article(write)
        graph = to_ox(write.graph)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in write.triples]
        shared = [(ACTORS_GRAPH, t) for t in self._new_shared_triples(write.shared)]
        index = page_index.index_triples(write.graph, write.triples)  # in the same transaction
        # Members and claim rows name this new article's own items: new by construction.
        # The buckets above them and the shared descriptions recur from article to article.
        ix = to_ox(INDEX_GRAPH)
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ix) for s, p, o in index if p in _OWN]
        recurring = [(INDEX_GRAPH, t) for t in index if t[1] not in _OWN]
        fresh = self._known.unknown([*shared, *recurring])
        quads += self._missing(fresh)
        try:
            self._ox.extend(quads)
        except (OSError, RuntimeError) as e:
            raise StoreError(f"{self.location}: write failed: {one_line(e)}") from e
        self._known.add(fresh)
        return []

    def _graphs_with_hash(self, content_hash: str) -> list[URIRef]:
        """As the SPARQL form, read from the quad index: it runs for every article."""
        found = self._ox.quads_for_pattern(None, _CONTENT_HASH, ox.Literal(content_hash), None)
        return sorted({URIRef(q.subject.value) for q in found if q.subject == q.graph_name})

    def _new_shared_triples(self, shared: list[Triple]) -> list[Triple]:
        """As the SPARQL form (the first label an actor gets stays), from the quad index."""
        actors = to_ox(ACTORS_GRAPH)

        def labelled(subject: Node) -> bool:
            if subject in self._known.labelled:
                return True
            found = self._ox.quads_for_pattern(to_ox(subject), _PREF_LABEL, None, actors)
            return next(found, None) is not None

        known = {s for s, p, _ in shared if p == SKOS.prefLabel and labelled(s)}
        return [t for t in shared if not (t[1] == SKOS.prefLabel and t[0] in known)]

    def _missing(self, quads: Iterable[tuple[URIRef, Triple]]) -> list[ox.Quad]:
        """The quads, given as ``(graph, triple)``, that the store does not hold yet.

        Shared descriptions and the index's buckets recur from article to article, and
        Oxigraph writes a quad it already holds as dearly as a new one (every index
        again), while asking for it costs a tenth of that.
        """
        out = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for g, (s, p, o) in quads)
        return [q for q in out if q not in self._ox]

    def _update(self, update: str) -> None:
        self._known.clear()  # an update may drop what the cache says is there
        try:
            self._ox.update(update)
        except (OSError, SyntaxError, RuntimeError) as e:
            raise StoreError(f"{self.location}: write failed: {one_line(e)}") from e


class _Known:
    """Shared and index quads this store object has written or found present since its
    last other write, so that the next article neither builds nor asks for them again.

    Only :meth:`OxigraphStore.write_article`'s own ``extend`` adds here, and only
    after it succeeded; every other write clears it (the store's write lock keeps other
    processes out). Bounded: past :data:`KNOWN_MAX` quads it starts over.
    """

    def __init__(self) -> None:
        self.quads: set[tuple[URIRef, Triple]] = set()
        self.labelled: set[Node] = set()  # subjects with a preferred label in ACTORS_GRAPH

    def unknown(self, quads: Iterable[tuple[URIRef, Triple]]) -> list[tuple[URIRef, Triple]]:
        return [q for q in dict.fromkeys(quads) if q not in self.quads]

    def add(self, quads: list[tuple[URIRef, Triple]]) -> None:
        if len(self.quads) + len(quads) > KNOWN_MAX:
            self.clear()
        self.quads.update(quads)
        self.labelled.update(
            s for g, (s, p, _) in quads if p == SKOS.prefLabel and g == ACTORS_GRAPH
        )

    def clear(self) -> None:
        self.quads.clear()
        self.labelled.clear()


KNOWN_MAX = 200_000
_CONTENT_HASH, _PREF_LABEL = to_ox(KG.contentHash), to_ox(SKOS.prefLabel)
_OWN = frozenset({KG.indexMember, KG.indexClaims})
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
