"""Store and query measurements on bulk-loaded stores of a given size.

* writes: ``article_write`` plus ``OxigraphStore.write_article`` per article, against
  pyoxigraph's own insertion of the same quads (``Store.extend``), the part's limit;
* canned queries as ``kg query`` runs them (:func:`kg.query.run`: actor names looked
  up, rows converted), p50/p95 over repeated runs, with actors present in the data;
* projection to networkx (:func:`kg.project.actor_graph`), against a plain SELECT of the
  claim edges into a MultiDiGraph and a bare scan of the quads a claim edge needs.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from bench import corpus, rdfgen
from kg import project, query
from kg.store import ArticleWrite, OxigraphStore, SelectResult, to_ox
from kg.terms import ACTORS_GRAPH, KG, PREFIXES, RDF
from kg.triples import article_write

# The predicates a claim edge of kg.project.actor_graph reads.
CLAIM_PREDICATES = (
    KG.speaker, KG.target, KG.content, KG.evidence, KG.confidence, KG.date, KG.sentence,
    KG.charStart, KG.charEnd, KG.quote,
)  # fmt: skip


def timed(fn: Callable[[], Any], budget_s: float, max_runs: int = 9) -> tuple[list[float], Any]:
    """Run ``fn`` once to warm the store's caches, then until ``max_runs`` runs or
    ``budget_s`` seconds. When the warm-up alone takes the budget, it is the one run."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    if first >= budget_s:
        return [first], result
    times: list[float] = []
    while len(times) < max_runs and (not times or sum(times) < budget_s):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * p95, "runs": len(times)}


# --- building ---------------------------------------------------------------------------


def build(workdir: Path, triples: int, seed: int = 0) -> tuple[Path, dict[str, Any]]:
    """A compacted store of about ``triples`` quads under ``workdir`` (reused if there)."""
    path = workdir / f"store-{triples}-seed{seed}"
    info_path = workdir / f"store-{triples}-seed{seed}.json"
    if info_path.exists() and path.is_dir():
        info = json.loads(info_path.read_text())
        if "index_s" not in info:  # built before the page index: add it, once
            info |= rdfgen.index(path)
            info_path.write_text(json.dumps(info))
        return path, info
    info = rdfgen.build_store(path, triples, seed)
    start = time.perf_counter()
    store = ox.Store(str(path))
    store.optimize()  # compaction, as a long-lived store gets it in the background
    del store
    info["optimize_s"] = time.perf_counter() - start
    info["disk_mb"] = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20
    info_path.write_text(json.dumps(info))
    return path, info


# --- writes -----------------------------------------------------------------------------


def write_rate(workdir: Path, articles: int, seed: int) -> dict[str, float]:
    """Triples per second through ``write_article`` into a fresh store on disk, one
    transaction per article as ``kg ingest`` writes, against pyoxigraph's ``extend`` of
    the same quads into another fresh store on disk, one call (one transaction) per
    article: the store's own limit for that pattern."""
    exs = [rdfgen.extraction(a) for a in corpus.articles(articles, seed)]
    start = time.perf_counter()
    writes = [article_write(e) for e in exs]
    triples_s = time.perf_counter() - start
    triples = sum(len(w.triples) + len(w.shared) for w in writes)
    per_article = [_quads(w) for w in writes]
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store = OxigraphStore(Path(tmp) / "kg")
        start = time.perf_counter()
        for w in writes:
            store.write_article(w)
        write_s = time.perf_counter() - start
        store.close()
        raw = ox.Store(str(Path(tmp) / "raw"))
        start = time.perf_counter()
        for quads in per_article:
            raw.extend(quads)
        raw.flush()
        extend_s = time.perf_counter() - start
        del raw
    return {
        "articles": articles,
        "triples": triples,
        "article_write_ms": 1000 * triples_s / articles,
        "write_article_ms": 1000 * write_s / articles,
        "extend_ms": 1000 * extend_s / articles,
        "triples_per_s": triples / write_s,
        "oxigraph_extend_triples_per_s": triples / extend_s,
    }


# --- queries ----------------------------------------------------------------------------


def _select(store: OxigraphStore, sparql: str) -> list[tuple[Any, ...]]:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return result.rows


def pick_params(store: OxigraphStore) -> dict[str, dict[str, str]]:
    """Parameters for every canned query: the most involved actor, a median one, and the
    pair with the most tariffs between them. Not timed."""
    ranked = _select(
        store,
        "SELECT ?a ?l (COUNT(?c) AS ?n) WHERE { ?c kg:speaker|kg:target ?a . "
        f"GRAPH <{ACTORS_GRAPH}> {{ ?a skos:prefLabel ?l }} }} GROUP BY ?a ?l ORDER BY DESC(?n) ?a",
    )
    pair = _select(
        store,
        "SELECT ?il ?tl (COUNT(?p) AS ?n) WHERE { ?p a kg:Tariff ; kg:imposer ?i ; kg:target ?t . "
        "?i skos:prefLabel ?il . ?t skos:prefLabel ?tl } GROUP BY ?il ?tl ORDER BY DESC(?n) LIMIT 1",
    )
    top = str(ranked[0][1]) if ranked else "China"
    median = str(ranked[len(ranked) // 2][1]) if ranked else top
    a, b = (str(pair[0][0]), str(pair[0][1])) if pair else (top, median)
    return {
        "accusations": {"actor": top},
        "accusations (median actor)": {"actor": median},
        "accusations (all)": {},
        "actor-profile": {"actor": top},
        "articles": {},
        "claims-about": {"policy": "tariff"},
        "tariff-history": {"a": a, "b": b},
    }


def time_queries(
    store: OxigraphStore, params: dict[str, dict[str, str]], budget_s: float
) -> dict[str, dict[str, Any]]:
    """p50/p95 of each canned query (and of resolving its actor names)."""
    out: dict[str, dict[str, Any]] = {}
    for label, values in params.items():
        name = label.split(" (")[0]
        times, result = timed(lambda n=name, v=values: query.run(store, n, v), budget_s)
        out[label] = percentiles(times) | {"rows": len(result), "params": values}
    actor = params["accusations"]["actor"]
    times, _ = timed(lambda: query.resolve_entity(store, actor), budget_s)
    out["(resolve an actor name)"] = percentiles(times) | {"rows": 1, "params": {"name": actor}}
    return out


# --- projection -------------------------------------------------------------------------


def _baseline(store: OxigraphStore) -> nx.MultiDiGraph:
    """A plain SELECT of claim edges (speaker, target, type, date) into a MultiDiGraph."""
    graph = nx.MultiDiGraph()
    solutions = store.oxigraph.query(
        "SELECT ?c ?s ?t ?type ?d WHERE { ?c kg:speaker ?s ; kg:target ?t ; a ?class . "
        "?class kg:claimType ?type OPTIONAL { ?c kg:date ?d } }",
        prefixes=PREFIXES,
        use_default_graph_as_union=True,
    )
    for c, s, t, kind, d in solutions:
        graph.add_edge(s.value, t.value, key=c.value, type=kind.value, date=d.value if d else None)
    return graph


def _scan(store: OxigraphStore) -> int:
    """Read every quad of the predicates a claim edge needs: Oxigraph's floor."""
    n = 0
    for p in CLAIM_PREDICATES:
        for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(p)), None, None):
            n += 1
            q.object.value  # noqa: B018  # decode the term, as any reader must
    for _ in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None):
        n += 1
    return n


def time_projection(store: OxigraphStore, budget_s: float) -> dict[str, Any]:
    """p50/p95 of :func:`kg.project.actor_graph` over the whole store, and of the two
    floors its SPARQL path was measured against (it reads the page index's claim rows,
    :mod:`kg.store.claim_index`, where the store has a complete index)."""
    out: dict[str, Any] = {}
    times, graph = timed(lambda: project.actor_graph(store), budget_s, max_runs=3)
    out["actor_graph"] = percentiles(times) | {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }
    times, graph = timed(lambda: _baseline(store), budget_s, max_runs=3)
    out["select_edges_baseline"] = percentiles(times) | {"edges": graph.number_of_edges()}
    times, n = timed(lambda: _scan(store), budget_s, max_runs=3)
    out["oxigraph_scan_floor"] = percentiles(times) | {"quads": n}
    return out


# --- memory -----------------------------------------------------------------------------


def write_memory(workdir: Path, articles: int, bare: bool) -> list[dict[str, float]]:
    """RSS of this process while ``articles`` generated articles are written to a fresh
    store on disk, at five checkpoints: through kg (``article_write`` and
    ``write_article``), or (``bare``) as pyoxigraph ``extend`` of the same quads, one call
    per article. Run each in a fresh process (``python -m bench.store_bench``): the bare
    figures are the store's own memory, what kg's ingest may not exceed by much."""
    import psutil

    me = psutil.Process()
    every = max(1, articles // 5)
    found: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store = ox.Store(tmp) if bare else OxigraphStore(Path(tmp))
        for i, gen in enumerate(corpus.articles(articles, seed=11), 1):
            write = article_write(rdfgen.extraction(gen))
            if isinstance(store, OxigraphStore):
                store.write_article(write)
            else:
                store.extend(_quads(write))
            if i % every == 0:
                found.append({"articles": i, "rss_mb": me.memory_info().rss / 2**20})
        del store
    return found


def _quads(write: ArticleWrite) -> list[ox.Quad]:
    return [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
        for g, ts in ((write.graph, write.triples), (ACTORS_GRAPH, write.shared))
        for s, p, o in ts
    ]


if __name__ == "__main__":  # python -m bench.store_bench WORKDIR ARTICLES kg|bare
    import sys

    folder, count, how = sys.argv[1:4]
    print(json.dumps(write_memory(Path(folder), int(count), how == "bare")))
