"""A store behind a SPARQL 1.1 endpoint: Oxigraph server, Virtuoso, Fuseki, GraphDB, ``kg serve``.

The location is the query URL, optionally followed by ``|`` and the update URL::

    http://127.0.0.1:7878/query                       # Oxigraph server: updates at /update
    http://127.0.0.1:8890/sparql                      # Virtuoso: updates at the same URL
    "http://h:3030/ds/sparql|http://h:3030/ds/update" # both given

Without ``|`` the update URL is ``KG_STORE_UPDATE_URL`` if set, else derived: a path
ending in ``/query`` ends in ``/update``; ``/repositories/NAME`` (GraphDB, RDF4J) gets
``/statements``; any other URL takes updates itself. Credentials come from
``KG_STORE_USER`` and ``KG_STORE_PASSWORD`` (or ``user:password@`` in the URL); the
server's challenge picks HTTP Basic or Digest.

Same behaviour as the embedded store:

- **Union default graph.** kg's queries read the ontology and the shared actors
  without ``GRAPH``, so the default graph must be the union of all graphs. The
  ``union-default-graph`` parameter asks Oxigraph server for it (others ignore it);
  Virtuoso and GraphDB do it natively; Fuseki needs ``unionDefaultGraph`` in its
  dataset config. Before the first query kg checks that the ontology graph is seen
  without ``GRAPH`` and says what to configure if not. Virtuoso's own graphs (its
  RDF views, DAV and service description) are left out with ``DEFINE
  input:*-graph-exclude`` pragmas, so exports and counts hold kg's data only.
- **Prefixes** are declared on the query's first line, so line numbers in error
  messages are the user's.
- **Bindings** go into a ``VALUES`` block (no server implements SEP-0007
  substitution): each value is one term serialised by pyoxigraph, which rejects
  invalid IRIs and language tags and escapes quotes, so user text never becomes
  query syntax (see :mod:`kg.sparql`).
- **One Update request per article write** (drop, insert, orphan clean-up): each
  server runs one request in one transaction (see docs/remote-stores.md).
- **The ontology** is loaded before the first write, as the embedded store does on
  opening.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg import __version__
from kg.errors import QueryError, StoreError
from kg.sparql import scan, with_values
from kg.store.base import QueryResult, SelectResult, convert_result
from kg.store.sparql_writes import SparqlWrites
from kg.terms import ONTOLOGY_GRAPH, OWL, PREFIXES, XSD

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 600.0
SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
# Virtuoso's built-in graphs; its DAV and service-description graphs are found at run time.
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
)
SERVICE_DESCRIPTION = "http://www.w3.org/ns/sparql-service-description#Service"


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach a SPARQL endpoint."""

    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = None

    @property
    def display(self) -> str:
        """The location as shown to users: no credentials."""
        if self.update_url == derive_update_url(self.query_url):
            return self.query_url
        return f"{self.query_url}|{self.update_url}"


def parse_location(location: str, env: Mapping[str, str] | None = None) -> Endpoint:
    """The endpoint a ``--store`` location names (see the module docs for the syntax)."""
    env = os.environ if env is None else env
    query_part, sep, update_part = location.partition("|")
    query_url, user, password = _split_credentials(query_part.strip())
    update_url = update_part.strip() if sep else env.get("KG_STORE_UPDATE_URL", "")
    update_url, _, _ = _split_credentials(update_url) if update_url else ("", None, None)
    for url in (query_url, update_url):
        if url and not urlsplit(url).netloc:
            raise StoreError(f"{url}: not an endpoint URL (expected http(s)://host[:port]/path)")
    return Endpoint(
        query_url=query_url,
        update_url=update_url or derive_update_url(query_url),
        user=env.get("KG_STORE_USER") or user,
        password=env.get("KG_STORE_PASSWORD") or password,
    )


def derive_update_url(query_url: str) -> str:
    """The usual update URL for a query URL: Oxigraph/Fuseki, GraphDB/RDF4J, or itself."""
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        path = path.removesuffix("/query") + "/update"
    elif "/repositories/" in path and path.rsplit("/", 2)[-2] == "repositories":
        path = path + "/statements"
    else:
        return query_url
    return urlunsplit(parts._replace(path=path))


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), user or None, password or None


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings and IRIs."""
    for _, token in scan(sparql):
        upper = token.upper()
        if upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return upper
    return "SELECT"


def prefix_line() -> str:
    """Every kg prefix, on one line so the query's own line numbers stay right."""
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())


class EndpointStore(SparqlWrites):
    """The Store protocol over the SPARQL 1.1 Protocol (queries) and Update (writes)."""

    def __init__(self, location: str, *, read_only: bool = False) -> None:
        self.endpoint = parse_location(location)
        self.location = self.endpoint.display
        self.read_only = read_only
        self._http = _Http(self.endpoint, self.location)
        self._prologue: str | None = None  # DEFINE pragmas; None until the server is known
        self._union_checked = False
        self._ontology_checked = False

    # -- reading

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run SPARQL on the endpoint over the union of all graphs, values bound."""
        text = with_values(sparql, bindings or {})
        self._check_reads()
        return self._run(text)

    def close(self) -> None:
        self._http.close()

    # -- internals

    def _run(self, text: str) -> QueryResult:
        form = query_form(text)
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else SELECT_ACCEPT
        body = (self._prologue or "") + prefix_line() + text
        response = self._http.query(body, accept)
        return _parse_result(response, self.location)

    def _check_reads(self) -> None:
        """Learn the server's quirks, and check its default graph is the union."""
        if self._prologue is None:
            self._prologue = self._learn_server()
        if not self._union_checked:
            self._union_checked = self._check_union()

    def _learn_server(self) -> str:
        response = self._http.query(prefix_line() + "ASK {}", SELECT_ACCEPT)
        if "virtuoso" not in response.headers.get("Server", "").lower():
            return ""
        return "".join(
            f"DEFINE input:default-graph-exclude {g} DEFINE input:named-graph-exclude {g} "
            for g in self._virtuoso_own_graphs()
        )

    def _virtuoso_own_graphs(self) -> list[str]:
        """Virtuoso's built-in graphs, as N-Triples IRIs (validated by pyoxigraph)."""
        found = self._run(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{SERVICE_DESCRIPTION}> }} }}"
        )
        graphs = list(VIRTUOSO_SYSTEM_GRAPHS)
        for row in found.rows if isinstance(found, SelectResult) else []:
            described = str(row[0])  # http://HOST/sparql, beside it http://HOST/DAV/
            graphs += [described, described.rsplit("/", 1)[0] + "/DAV/"]
        return [str(ox.NamedNode(g)) for g in dict.fromkeys(graphs)]

    def _check_union(self) -> bool:
        """True once checked; False while there is no ontology graph to check with."""
        result = self._run(
            "SELECT ?named ?union WHERE { "
            f"OPTIONAL {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> <{OWL.versionInfo}> ?named }} }} "
            f"OPTIONAL {{ <{ONTOLOGY_GRAPH}> <{OWL.versionInfo}> ?union }} }}"
        )
        row = result.rows[0] if isinstance(result, SelectResult) and result.rows else (None, None)
        if row[0] is None:
            return False
        if row[1] is None:
            raise StoreError(
                f"{self.location}: the endpoint's default graph is not the union of its graphs, "
                "which kg needs (Fuseki: set unionDefaultGraph in the dataset; Oxigraph: "
                "--union-default-graph; see docs/remote-stores.md)"
            )
        return True

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: store is open read-only")
        if not self._ontology_checked:
            self._ontology_checked = True  # set first: loading it writes too
            self._ensure_ontology()
            self._ensure_index()  # the page index, kept as on the embedded store
            self._union_checked = False

    def _has_graph(self, graph: URIRef) -> bool:
        return bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": graph}))

    def _update(self, update: str) -> None:
        self._http.update(update)


class _Http:
    """POSTs to the endpoint, with the credentials the server's challenge asks for."""

    def __init__(self, endpoint: Endpoint, location: str) -> None:
        self.endpoint = endpoint
        self.location = location
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"kg/{__version__}"

    def query(self, text: str, accept: str) -> requests.Response:
        # union-default-graph: Oxigraph server's switch; other servers ignore it.
        return self._post(
            self.endpoint.query_url,
            {"query": text},
            accept,
            params={"union-default-graph": "true"},
            query=True,
        )

    def update(self, text: str) -> None:
        self._post(self.endpoint.update_url, {"update": text}, "*/*", query=False)

    def close(self) -> None:
        self.session.close()

    def _post(
        self,
        url: str,
        data: dict[str, str],
        accept: str,
        *,
        params: dict[str, str] | None = None,
        query: bool,
    ) -> requests.Response:
        response = self._send(url, data, accept, params)
        if response.status_code == 401 and self._choose_auth(response):
            response = self._send(url, data, accept, params)
        if response.status_code >= 400:
            raise _http_error(response, self.location, query)
        return response

    def _send(
        self, url: str, data: dict[str, str], accept: str, params: dict[str, str] | None
    ) -> requests.Response:
        try:
            return self.session.post(
                url,
                data={k: v.encode("utf-8") for k, v in data.items()},
                params=params,
                headers={"Accept": accept},
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
            )
        except requests.RequestException as e:
            reason = _one_line(getattr(e, "args", [e])[0] if e.args else e)
            raise StoreError(f"{self.location}: cannot reach the endpoint: {reason}") from e

    def _choose_auth(self, response: requests.Response) -> bool:
        """Basic or Digest, as the challenge says; False if already tried or no credentials."""
        if self.session.auth is not None:
            return False
        if not self.endpoint.user:
            raise StoreError(
                f"{self.location}: the endpoint wants credentials: "
                "set KG_STORE_USER and KG_STORE_PASSWORD"
            )
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        auth_class = (
            requests.auth.HTTPDigestAuth
            if challenge.startswith("digest")
            else requests.auth.HTTPBasicAuth
        )
        self.session.auth = auth_class(self.endpoint.user, self.endpoint.password or "")
        return True


def _http_error(response: requests.Response, location: str, query: bool) -> Exception:
    message = _server_message(response)
    status = response.status_code
    if status == 400 and query:
        return QueryError(f"SPARQL syntax error: {message} ({location})")
    if status == 401:
        return StoreError(f"{location}: the endpoint refused the credentials (401): {message}")
    if status in (403, 405) and not query:
        return StoreError(
            f"{location}: the endpoint refused the update ({status}): {message} "
            "(is it read-only? 'kg serve' takes updates with --allow-update)"
        )
    if status == 404:
        return StoreError(f"{location}: no SPARQL endpoint at {response.url} (404)")
    if "estimated execution time" in message:
        message += " (Virtuoso's cost estimate: set MaxQueryCostEstimationTime = 0 under [SPARQL])"
    what = "query" if query else "write"
    return StoreError(f"{location}: {what} failed ({status}): {message}")


def _server_message(response: requests.Response) -> str:
    """The server's reason, without the query that Virtuoso echoes back."""
    text = response.text.split("SPARQL query:", 1)[0]
    return _one_line(text)[:500] or response.reason or "no reason given"


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


def _parse_result(response: requests.Response, location: str) -> QueryResult:
    for header in ("X-SPARQL-MaxRows", "X-SQL-State"):
        if header in response.headers:
            raise StoreError(
                f"{location}: the endpoint returned a partial result ({header}: "
                f"{response.headers[header]}); raise Virtuoso's [SPARQL] ResultSetMaxRows "
                "and MaxQueryExecutionTime, or add LIMIT"
            )
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    try:
        if media_type in ("application/sparql-results+json", "application/json"):
            return _json_result(json.loads(response.content))
        rdf_format = ox.RdfFormat.from_media_type(
            "application/n-triples" if media_type == "text/plain" else media_type
        )
        if rdf_format is None:
            raise StoreError(f"{location}: unexpected result type {media_type or 'none'!r}")
        return convert_result(ox.parse(response.content, rdf_format))
    except (SyntaxError, ValueError, KeyError, TypeError) as e:
        raise StoreError(f"{location}: unreadable result ({media_type}): {_one_line(e)}") from e


def _json_result(data: dict[str, Any]) -> SelectResult | bool:
    """SPARQL JSON results as rdflib terms, the same terms the embedded store gives.

    Read here rather than by pyoxigraph, which rejects blank node labels such as
    Virtuoso's ``nodeID://b10006``.
    """
    if "boolean" in data:
        return bool(data["boolean"])
    names = list(data["head"]["vars"])
    rows = [
        tuple(_json_term(binding.get(name)) for name in names)
        for binding in data["results"]["bindings"]
    ]
    return SelectResult(names, rows)


def _json_term(term: dict[str, str] | None) -> Identifier | None:
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":  # Virtuoso's nodeID://b1 is no N-Triples label: keep b1
        return BNode(re.sub(r"\W", "_", value.removeprefix("nodeID://")))
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in term:
            return Literal(value, lang=term["xml:lang"])
        return Literal(value, datatype=URIRef(term.get("datatype") or XSD.string))
    raise ValueError(f"unsupported term type {kind!r}")
