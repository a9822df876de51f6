"""EndpointStore: the embedded store's behaviour over SPARQL 1.1, on real servers.

Every store test runs against Oxigraph server and Virtuoso 7, each started once on
loopback (tests/servers.py) and emptied before each test.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar

import pyoxigraph as ox
import pytest
from rdflib import Literal

from kg import query
from kg.errors import QueryError, StoreError
from kg.ingest import ingest
from kg.query import export, stats, validate
from kg.store import OxigraphStore, SelectResult, python_value
from kg.store import sparql_writes as store_module
from kg.store.endpoint import EndpointStore, _Http, parse_location, prefix_line, query_form
from kg.terms import ONTOLOGY_GRAPH
from kg.triples import actor_iri, article_iri, article_write
from tests.conftest import SAMPLES
from tests.servers import Server, free_port, oxigraph_server, virtuoso_server  # noqa: F401
from tests.test_store import ARTICLES, CLAIMS, SMITH, count, extraction

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

# --- the location ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "query_url", "update_url"),
    [
        ("http://h:7878/query", "http://h:7878/query", "http://h:7878/update"),
        ("http://h:3030/ds/query", "http://h:3030/ds/query", "http://h:3030/ds/update"),
        ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql"),
        ("https://h/repositories/kg", "https://h/repositories/kg", "https://h/repositories/kg/statements"),
        ("http://h/ds/sparql|http://h/ds/update", "http://h/ds/sparql", "http://h/ds/update"),
    ],
)  # fmt: skip
def test_location_names_query_and_update_urls(
    location: str, query_url: str, update_url: str
) -> None:
    endpoint = parse_location(location, env={})
    assert (endpoint.query_url, endpoint.update_url) == (query_url, update_url)
    assert endpoint.user is None


def test_update_url_and_credentials_from_the_environment() -> None:
    env = {"KG_STORE_UPDATE_URL": "http://h/up", "KG_STORE_USER": "u", "KG_STORE_PASSWORD": "p"}
    endpoint = parse_location("http://h/sparql", env=env)
    assert (endpoint.update_url, endpoint.user, endpoint.password) == ("http://h/up", "u", "p")
    assert endpoint.display == "http://h/sparql|http://h/up"


def test_credentials_in_the_url_are_used_but_never_shown() -> None:
    endpoint = parse_location("http://dba:secret@h:8890/sparql-auth", env={})
    assert (endpoint.user, endpoint.password) == ("dba", "secret")
    assert endpoint.display == "http://h:8890/sparql-auth"
    assert "secret" not in EndpointStore("http://dba:secret@h:8890/sparql-auth").location


def test_a_url_without_host_is_refused() -> None:
    with pytest.raises(StoreError, match="not an endpoint URL"):
        parse_location("http:///sparql", env={})


def test_query_form_and_prefixes() -> None:
    assert query_form("PREFIX a: <http://select/> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }") == (
        "CONSTRUCT"
    )
    assert query_form('ASK { ?s ?p "SELECT" }') == "ASK"
    assert "\n" not in prefix_line()  # the user's line numbers stay right


# --- on the servers -------------------------------------------------------------------------


@pytest.fixture(params=["oxigraph_server", "virtuoso_server"])
def server(request: pytest.FixtureRequest) -> Server:
    running: Server = request.getfixturevalue(request.param)
    running.reset()
    return running


@pytest.fixture
def remote(server: Server) -> Iterator[EndpointStore]:
    store = EndpointStore(server.location)
    yield store
    store.close()


def test_ontology_is_loaded_before_the_first_write(remote: EndpointStore) -> None:
    versions = "SELECT (COUNT(?v) AS ?n) WHERE { GRAPH ?g { ?o owl:versionInfo ?v } }"
    assert count(remote, versions, g=ONTOLOGY_GRAPH) == 0  # type: ignore[arg-type]
    remote.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    assert count(remote, versions, g=ONTOLOGY_GRAPH) == 1  # type: ignore[arg-type]


def test_reingest_same_id_replaces(remote: EndpointStore) -> None:
    remote.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    replaced = remote.write_article(article_write(extraction("a1", "China accused the US again.")))
    assert replaced == [article_iri("a1")]
    assert count(remote, CLAIMS) == 1  # type: ignore[arg-type]
    assert count(remote, ARTICLES) == 1  # type: ignore[arg-type]


def test_same_content_under_another_id_replaces(remote: EndpointStore) -> None:
    remote.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    replaced = remote.write_article(
        article_write(extraction("b2", "China  accused the US of cheating."))
    )
    assert replaced == [article_iri("a1")]
    assert count(remote, ARTICLES) == 1  # type: ignore[arg-type]


def test_shared_actor_has_one_label_and_survives_until_last_mention(
    remote: EndpointStore,
) -> None:
    remote.write_article(article_write(extraction("a1", "One.", speaker=SMITH)))
    remote.write_article(article_write(extraction("a2", "Two.", speaker=SMITH)))
    labels = "SELECT (COUNT(?l) AS ?n) WHERE { ?a skos:prefLabel ?l }"
    jane = actor_iri("jane-smith")
    assert count(remote, labels, a=jane) == 1  # type: ignore[arg-type]
    assert remote.remove_article(article_iri("a1"))
    assert count(remote, labels, a=jane) == 1  # type: ignore[arg-type]
    assert remote.remove_article(article_iri("a2"))
    assert count(remote, labels, a=jane) == 0  # type: ignore[arg-type]
    assert not remote.remove_article(article_iri("a2"))


def test_a_failed_write_leaves_the_old_article_whole(
    remote: EndpointStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    everything = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = count(remote, everything)  # type: ignore[arg-type]
    real = store_module._insert_data
    monkeypatch.setattr(
        store_module, "_insert_data", lambda g, t: real(g, t) + " THIS IS NOT SPARQL"
    )
    with pytest.raises(StoreError, match="write failed"):
        remote.write_article(article_write(extraction("a1", "A different text entirely.")))
    assert count(remote, everything) == before  # type: ignore[arg-type]


def test_bound_values_are_values_not_text(remote: EndpointStore) -> None:
    remote.write_article(article_write(extraction("a1", "China accused the US.")))
    hostile = 'x" } } ; DROP ALL ; #\n<http://evil/>'
    result = remote.query("SELECT ?t WHERE { BIND (?t AS ?t2) }", {"t": Literal(hostile)})
    assert isinstance(result, SelectResult)
    assert str(result.rows[0][0]) == hostile
    assert count(remote, CLAIMS) == 1  # type: ignore[arg-type]


def test_syntax_error_is_one_line_with_the_users_line_number(remote: EndpointStore) -> None:
    with pytest.raises(QueryError) as e:
        remote.query("SELECT ?x\nWHERE { ?x ?y }")
    message = str(e.value)
    assert "\n" not in message and message.startswith("SPARQL syntax error")
    assert "2" in message.split("(http")[0]  # line 2, as the user wrote it


def test_default_graph_is_the_union_of_kg_graphs_only(remote: EndpointStore) -> None:
    """Union as in the embedded store; Virtuoso's own graphs are not kg's data."""
    write = article_write(extraction("a1", "China accused the US of cheating."))
    remote.write_article(write)
    embedded = OxigraphStore(None)
    embedded.write_article(write)
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(remote, union) == count(embedded, union)  # type: ignore[arg-type]
    assert count(remote, named) == count(embedded, named)  # type: ignore[arg-type]


def test_a_default_graph_that_is_not_the_union_is_named(
    oxigraph_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    oxigraph_server.reset()
    monkeypatch.setattr(  # as if the server ignored union-default-graph (Fuseki as shipped)
        _Http,
        "query",
        lambda self, text, accept: self._post(
            self.endpoint.query_url, {"query": text}, accept, query=True
        ),
    )
    store = EndpointStore(oxigraph_server.location)
    with pytest.raises(StoreError, match=r"not the union of its graphs.*unionDefaultGraph"):
        store.write_article(article_write(extraction("a1", "China accused the US.")))


def test_results_equal_the_embedded_store(
    remote: EndpointStore, sample_store: OxigraphStore, extractor: Extractor
) -> None:
    """The sample articles, through every reader kg has, give what the embedded store gives."""
    report = ingest([SAMPLES], remote, extractor=extractor)
    assert report.ok, report.failures
    for name, params in [
        ("articles", {}),
        ("accusations", {}),
        ("accusations", {"actor": "China"}),
        ("actor-profile", {"actor": "Q148"}),
        ("claims-about", {"policy": "tariff"}),
        ("tariff-history", {"a": "United States", "b": "China"}),
    ]:
        ours = rows(query.run(remote, name, params))
        assert ours == rows(query.run(sample_store, name, params)), name
    assert by_iri(export.claims(remote)) == by_iri(export.claims(sample_store))
    assert by_iri(export.policies(remote)) == by_iri(export.policies(sample_store))
    assert stats.stats(remote) == stats.stats(sample_store)
    assert len(validate.data_graph(remote)) == len(validate.data_graph(sample_store))
    assert quads(remote) == quads(sample_store)


def rows(result: Any) -> list[tuple[Any, ...]]:
    assert isinstance(result, SelectResult)
    return sorted(
        (tuple(python_value(v) for v in row) for row in result.rows),
        key=lambda r: json.dumps(r, default=str),
    )


def quads(store: Any) -> set[str]:
    """The N-Quads export, blank node labels aside, each quad parsed back by pyoxigraph."""
    text = export.write_rdf_text(store, "nquads").encode()
    return {
        " ".join(re.sub(r"^_:.*", "_:b", str(term)) for term in quad)
        for quad in ox.parse(text, ox.RdfFormat.N_QUADS)
    }


def by_iri(records: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (r["iri"], json.dumps(r, default=str)))


def test_a_result_the_server_cut_short_is_an_error(virtuoso_server: Server) -> None:
    virtuoso_server.reset()
    store = EndpointStore(virtuoso_server.location)
    store.write_article(article_write(extraction("a1", "China accused the US.")))
    with pytest.raises(StoreError, match=r"partial result.*ResultSetMaxRows"):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")  # ~10^6 rows, Virtuoso keeps 10^4


# --- credentials and failures -----------------------------------------------------------------


def test_digest_credentials_from_the_environment(
    virtuoso_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    virtuoso_server.reset()
    location = virtuoso_server.base + "/sparql-auth"
    with pytest.raises(StoreError, match="wants credentials: set KG_STORE_USER"):
        EndpointStore(location).query("ASK {}")
    monkeypatch.setenv("KG_STORE_USER", "dba")
    monkeypatch.setenv("KG_STORE_PASSWORD", "wrong")
    with pytest.raises(StoreError, match="refused the credentials"):
        EndpointStore(location).query("ASK {}")
    monkeypatch.setenv("KG_STORE_PASSWORD", "dba")
    store = EndpointStore(location)
    store.write_article(article_write(extraction("a1", "China accused the US.")))
    assert count(store, CLAIMS) == 1  # type: ignore[arg-type]


class _BasicOnly(BaseHTTPRequestHandler):
    """A stand-in endpoint that wants HTTP Basic u:p and answers every query true."""

    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization")
        type(self).seen.append(auth or "")
        if auth != "Basic " + base64.b64encode(b"u:p").decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.slow
def test_basic_credentials_when_the_server_asks_for_them(monkeypatch: pytest.MonkeyPatch) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _BasicOnly)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("KG_STORE_USER", "u")
        monkeypatch.setenv("KG_STORE_PASSWORD", "p")
        store = EndpointStore(f"http://127.0.0.1:{httpd.server_address[1]}/sparql")
        assert store.query("ASK { ?s ?p ?o }") is True
        assert _BasicOnly.seen[0] == ""  # nothing sent before the server asked
        assert _BasicOnly.seen[-1].startswith("Basic ")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_unreachable_endpoint_is_one_line() -> None:
    store = EndpointStore(f"http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(StoreError) as e:
        store.query("ASK {}")
    assert "cannot reach the endpoint" in str(e.value) and "\n" not in str(e.value)
