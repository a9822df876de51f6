"""``kg serve``: a real server process, queried by clients nobody here wrote (SPARQLWrapper,
curl, rdflib's SPARQLStore), answering what ``kg query`` answers."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from kg.errors import KgError
from kg.ingest import ingest
from kg.server.serve import SERVE_FILE, make_server, refused
from kg.store import OxigraphStore, open_store, python_value
from kg.store.endpoint import _json_term
from tests.conftest import ROOT, SAMPLES, run_kg
from tests.servers import free_port

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

pytestmark = pytest.mark.slow  # kg serve and its clients

ONE_ARTICLE = SAMPLES / "canada-us-digital-tax-dispute-2025-07.txt"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ARTICLE_IDS = (
    "SELECT ?id WHERE { GRAPH ?a { ?a a kg:Article ; dcterms:identifier ?id } } ORDER BY ?id"
)


@dataclass
class Served:
    url: str  # base, ends in /
    store: Path
    process: subprocess.Popen[str]

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


def start_serve(store: Path, *options: str) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), "-q",
         *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    served = Served(f"http://127.0.0.1:{port}/", store, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(served.url + "queries", timeout=2).ok:
                return served
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"kg serve did not start: {process.communicate()[1][-2000:]}")


def stop_serve(served: Served) -> None:
    served.process.terminate()  # SIGTERM: the server closes cleanly
    served.process.wait(30)
    assert served.process.returncode == 0, served.process.stderr.read()  # type: ignore[union-attr]
    assert not (served.store / SERVE_FILE).exists()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[Served]:
    """The sample articles, served read-only with a 2 s timeout and a 500-row limit."""
    path = tmp_path_factory.mktemp("served") / "store"
    store = OxigraphStore(path)
    assert ingest([SAMPLES], store, extractor=extractor).ok
    store.close()
    running = start_serve(path, "--timeout", "2", "--max-results", "500")
    yield running
    stop_serve(running)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """An empty store served with --allow-update."""
    running = start_serve(tmp_path_factory.mktemp("writable") / "store", "--allow-update")
    yield running
    stop_serve(running)


def kg_json(*args: str) -> Any:
    result = run_kg(*args, "-f", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def values(bindings: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """A SPARQL JSON solution as ``kg query -f json`` writes it."""
    return {n: python_value(_json_term(bindings.get(n))) for n in names}


# --- real clients ----------------------------------------------------------------------------


def test_sparqlwrapper_gets_what_kg_query_gets(served: Served) -> None:
    text = (ROOT / "kg" / "queries" / "articles.rq").read_text()
    client = SPARQLWrapper(served.sparql)
    client.setQuery(text)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    result = client.queryAndConvert()
    names = result["head"]["vars"]
    ours = [values(b, names) for b in result["results"]["bindings"]]
    assert ours == kg_json("query", "articles", "--store", str(served.store))
    assert len(ours) == 10

    client = SPARQLWrapper(served.sparql)  # GET, ASK, kg prefixes predeclared
    client.setQuery("ASK { ?c a kg:AccuseClaim }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct_as_turtle(served: Served) -> None:
    query = (
        "CONSTRUCT { ?a dcterms:identifier ?id } WHERE { ?a a kg:Article ; dcterms:identifier ?id }"
    )
    client = SPARQLWrapper(served.sparql)
    client.setQuery(query)
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    result = run_kg("query", query, "-f", "json", "--store", str(served.store))
    expected = rdflib.Graph().parse(data=result.stdout, format="json-ld")
    # kg writes xsd:string literals with their datatype, Turtle without: the same RDF 1.1 terms
    assert len(graph) == 10 and lexical(graph) == lexical(expected)


def lexical(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in graph}


def test_rdflib_sparqlstore_gets_what_kg_query_gets(served: Served) -> None:
    graph = rdflib.Graph(store=SPARQLStore(served.sparql, returnFormat="json", method="POST_FORM"))
    rows = graph.query(ARTICLE_IDS)
    assert [str(r[0]) for r in rows] == [
        r["id"] for r in kg_json("query", ARTICLE_IDS, "--store", str(served.store))
    ]
    triples = graph.query("CONSTRUCT WHERE { ?a a kg:Article }")
    assert len(triples) == 10


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_and_content_negotiation(served: Served) -> None:
    expected = kg_json("query", ARTICLE_IDS, "--store", str(served.store))
    ids = [r["id"] for r in expected]

    def curl(accept: str, query: str = ARTICLE_IDS) -> tuple[str, bytes]:
        result = subprocess.run(
            ["curl", "-sS", "-D", "-", "-H", f"Accept: {accept}", "--data-urlencode",
             f"query={query}", served.sparql],
            capture_output=True, check=True, timeout=30,
        )  # fmt: skip
        head, _, body = result.stdout.partition(b"\r\n\r\n")
        content_type = re.search(rb"(?im)^content-type: ([^;\r\n]+)", head)
        assert content_type, head
        return content_type.group(1).decode(), body

    for accept, fmt in [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/csv", ox.QueryResultsFormat.CSV),
    ]:
        media_type, body = curl(accept)
        assert media_type == accept
        if fmt == ox.QueryResultsFormat.CSV:  # pyoxigraph reads no CSV: it is for people
            assert [r["id"] for r in csv.DictReader(io.StringIO(body.decode()))] == ids
            continue
        assert [s["id"].value for s in ox.parse_query_results(body, fmt)] == ids

    construct = "CONSTRUCT WHERE { ?a a kg:Article }"
    graphs = []
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ]:
        media_type, body = curl(accept, construct)
        assert media_type == accept
        graphs.append(rdflib.Graph().parse(data=body, format=fmt))
    assert all(len(g) == 10 and isomorphic(g, graphs[0]) for g in graphs)
    assert curl("image/png")[0] == "text/plain"  # 406, said in words


def test_canned_queries_are_listed_and_run_by_name(served: Served) -> None:
    listed = requests.get(served.url + "queries", timeout=10).json()
    assert {q["name"] for q in listed} >= {"accusations", "articles", "tariff-history"}
    accusations = next(q for q in listed if q["name"] == "accusations")
    assert [p["name"] for p in accusations["params"]] == ["actor"]

    response = requests.get(
        served.url + "queries/accusations",
        params={"actor": "China"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    data = response.json()
    ours = [values(b, data["head"]["vars"]) for b in data["results"]["bindings"]]
    expected = kg_json("query", "accusations", "-p", "actor=China", "--store", str(served.store))
    assert ours == expected and ours

    unknown = requests.get(served.url + "queries/accusations?actor=Atlantis", timeout=10)
    assert unknown.status_code == 400 and "no actor named 'Atlantis'" in unknown.text
    assert requests.get(served.url + "queries/nope", timeout=10).status_code == 404


# --- safe by default ----------------------------------------------------------------------------


def test_a_bad_query_gets_the_parsers_message(served: Served) -> None:
    response = requests.post(served.sparql, data={"query": "SELECT * WHERE { ?s ?p "}, timeout=10)
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error at line 1, column 24: at the end")
    assert "..=" not in response.text  # no character classes


def test_service_is_refused_before_any_call_out(served: Served) -> None:
    calls: list[str] = []

    class Listener(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            calls.append(self.path)

        do_POST = do_GET

    listener = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    try:
        target = f"http://127.0.0.1:{listener.server_address[1]}/sparql"
        for query in [
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ service silent <{target}> {{ ?s ?p ?o }} }}",
            "SELECT * WHERE { BIND (<" + target + "> AS ?x) SERVICE ?x { ?s ?p ?o } }",
        ]:
            response = requests.post(served.sparql, data={"query": query}, timeout=10)
            assert response.status_code == 400 and "SERVICE is not allowed" in response.text
    finally:
        listener.shutdown()
        listener.server_close()
    assert calls == []


def test_what_refused_looks_for() -> None:
    assert (
        refused('SELECT ("SERVICE" AS ?x) { ?service <http://e/SERVICE> ?o }', update=False) is None
    )
    assert refused("SELECT * { ?s ?p ?o } # SERVICE in a comment", update=False) is None
    assert refused("LOAD <http://e/x.ttl>", update=True)
    assert refused("SELECT*{SERVICE<http://e/>{?s ?p ?o}}", update=False)


def test_read_only_refuses_updates(served: Served) -> None:
    for url in (served.url + "update", served.sparql):
        response = requests.post(url, data={"update": "DROP ALL"}, timeout=10)
        assert response.status_code == 403 and "--allow-update" in response.text
    assert requests.post(served.sparql, data={"query": ARTICLE_IDS}, timeout=10).ok


def test_a_runaway_query_is_stopped_at_the_timeout(served: Served) -> None:
    started = time.monotonic()
    response = requests.post(served.sparql, data={"query": RUNAWAY}, timeout=30)
    took = time.monotonic() - started
    assert response.status_code == 503 and "timed out after 2 s" in response.text
    assert 1.9 < took < 6
    follow = requests.post(served.sparql, data={"query": ARTICLE_IDS}, timeout=30)
    assert follow.ok  # another worker answers; the stopped one is being replaced


def test_results_are_capped(served: Served) -> None:
    everything = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = requests.post(served.sparql, data={"query": everything}, timeout=30)
    assert response.status_code == 413 and "more than 500 rows" in response.text
    capped = requests.post(served.sparql, data={"query": everything + " LIMIT 500"}, timeout=30)
    assert capped.ok and len(capped.json()["results"]["bindings"]) == 500


def test_the_page_works_offline(served: Served) -> None:
    response = requests.get(served.url, timeout=10)
    assert response.ok and response.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<textarea" in page and "queries" in page


def test_foreign_host_names_are_refused(served: Served) -> None:
    response = requests.get(served.url, headers={"Host": "attacker.example"}, timeout=10)
    assert response.status_code == 403


# --- serve and ingest together -------------------------------------------------------------------


def test_ingest_while_serving_says_what_to_do(served: Served) -> None:
    before = requests.post(served.sparql, data={"query": ARTICLE_IDS}, timeout=10).json()
    result = run_kg("ingest", str(ONE_ARTICLE), "--store", str(served.store))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "'kg serve'" in result.stderr and f"--store {served.sparql}" in result.stderr
    assert "--allow-update" in result.stderr
    after = requests.post(served.sparql, data={"query": ARTICLE_IDS}, timeout=10).json()
    assert after == before
    reading = run_kg("query", ARTICLE_IDS, "-f", "json", "--store", str(served.store))
    assert reading.returncode == 0 and len(json.loads(reading.stdout)) == 10


def test_ingest_and_remove_through_the_server(writable: Served) -> None:
    result = run_kg("ingest", str(ONE_ARTICLE), "--store", writable.sparql)
    assert result.returncode == 0, result.stderr
    ids = requests.post(writable.sparql, data={"query": ARTICLE_IDS}, timeout=10).json()
    assert [b["id"]["value"] for b in ids["results"]["bindings"]] == [ONE_ARTICLE.stem]
    locked = run_kg("ingest", str(ONE_ARTICLE), "--store", str(writable.store))
    assert locked.returncode == 1 and f"use --store {writable.sparql}" in locked.stderr

    removed = run_kg("remove", ONE_ARTICLE.stem, "--store", writable.sparql)
    assert removed.returncode == 0, removed.stderr
    ids = requests.post(writable.sparql, data={"query": ARTICLE_IDS}, timeout=10).json()
    assert ids["results"]["bindings"] == []


def test_cross_site_updates_are_refused(writable: Served) -> None:
    response = requests.post(
        writable.url + "update",
        data={"update": "DROP ALL"},
        headers={"Origin": "http://attacker.example"},
        timeout=10,
    )
    assert response.status_code == 403
    assert refused("LOAD <http://e/x>", update=True)
    load = requests.post(writable.url + "update", data={"update": "LOAD <http://e/x>"}, timeout=10)
    assert load.status_code == 400 and "LOAD is not allowed" in load.text


# --- the library ---------------------------------------------------------------------------------


def test_make_server_holds_the_store_until_closed(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no kg store at"):  # read-only: it must exist
        make_server(tmp_path / "store", port=0, timeout=5, max_results=100, workers=1)
    open_store(tmp_path / "store").close()
    server = make_server(tmp_path / "store", port=0, timeout=5, max_results=100, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        response = requests.get(
            server.url + "sparql", params={"query": "ASK { ?s owl:versionInfo ?v }"}, timeout=10
        )
        assert response.json() == {"head": {}, "boolean": True}
        with pytest.raises(Exception, match="serves it read-only at " + re.escape(server.url)):
            open_store(tmp_path / "store")
    finally:
        server.shutdown()
        server.close()
    open_store(tmp_path / "store").close()  # the lock is free again


def test_canned_queries_page_with_limit_and_offset(served: Served) -> None:
    def rows(**params: str) -> list[dict[str, Any]]:
        response = requests.get(
            served.url + "queries/articles",
            params=params,
            headers={"Accept": "application/sparql-results+json"},
            timeout=10,
        )
        assert response.ok, response.text
        data = response.json()
        return [values(b, data["head"]["vars"]) for b in data["results"]["bindings"]]

    everything = rows()
    assert len(everything) >= 9
    assert rows(limit="3", offset="2") == everything[2:5]
    assert rows(limit="3") == kg_json("query", "articles", "-n", "3", "--store", str(served.store))
    bad = requests.get(served.url + "queries/articles?limit=-1", timeout=10)
    assert bad.status_code == 400 and "limit must be a whole number" in bad.text


def test_canned_lists_come_in_pages_with_a_link_to_the_next(tmp_path: Path) -> None:
    """Without ``limit`` a canned list is one page of PAGE_SIZE rows, most recent first;
    the Link header leads through the rest, in any format, to what ``limit=0`` gives."""
    from urllib.parse import urljoin

    from bench import corpus, rdfgen
    from kg.sparql import PAGE_SIZE
    from kg.triples import article_write

    store = OxigraphStore(tmp_path / "store")
    for i in range(PAGE_SIZE + 12):
        store.write_article(article_write(rdfgen.extraction(corpus.article(2, i))))
    store.close()
    server = make_server(tmp_path / "store", port=0, timeout=20, max_results=1000, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:

        def page(url: str) -> tuple[list[list[str]], str | None]:
            response = requests.get(url, timeout=20)
            assert response.ok, response.text
            rows = list(csv.reader(io.StringIO(response.text)))
            following = response.links.get("next", {}).get("url")
            return rows, urljoin(server.url, following) if following else None

        whole, more = page(server.url + "queries/articles?format=csv&limit=0")
        assert more is None and len(whole) == PAGE_SIZE + 12 + 1  # the header line
        rows, following = page(server.url + "queries/articles?format=csv")
        assert rows == whole[: PAGE_SIZE + 1] and following is not None
        assert "format=csv" in following and f"offset={PAGE_SIZE}" in following
        seen = rows[1:]
        while following:
            rows, following = page(following)
            assert rows[0] == whole[0]
            seen += rows[1:]
        assert seen == whole[1:]
        published = [r[whole[0].index("published")] for r in seen]
        assert published == sorted(published, reverse=True)
        exact, more = page(server.url + f"queries/articles?format=csv&limit={PAGE_SIZE + 12}")
        assert more is None and exact == whole  # a last page that is full links nowhere
        small, following = page(server.url + "queries/articles?format=csv&limit=5&offset=55")
        assert small == [whole[0], *whole[56:61]] and following is not None
        assert page(following)[0] == [whole[0], *whole[61:]]
    finally:
        server.shutdown()
        server.close()
