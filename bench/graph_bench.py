"""Views and analyses on claim graphs of a given size, built from generated facts.

The graphs carry the node and edge attributes :func:`kg.project.actor_graph` gives, so
the views (:mod:`kg.views`) and analyses (:mod:`kg.analysis`) see what they would see
after a projection. The analyses run on plain networkx, and again with each installed
networkx backend first in networkx's dispatch (:mod:`kg.analysis.backends`).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from bench import corpus
from kg import project
from kg.analysis import backends, balance, centrality, paths, reciprocity, timeline
from kg.extract.gazetteer import load as load_gazetteer
from kg.terms import COARSE_CLASS
from kg.triples import actor_iri, article_iri
from kg.views import network

ROOT = Path(__file__).resolve().parents[1]


def claims_graph(claims: int, seed: int = 0) -> nx.MultiDiGraph:
    """An actor graph with ``claims`` claim edges, from generated articles."""
    actors = load_gazetteer().actors
    graph = nx.MultiDiGraph()
    index = edges = 0
    while edges < claims:
        gen = corpus.article(seed, index)
        index += 1
        for n, f in enumerate(gen.facts):
            if f.kind != "claim" or len(f.actors) < 2:
                continue
            u, v = (str(actor_iri(k)) for k in f.actors)
            for key, node in zip(f.actors, (u, v)):
                known = actors.get(key)
                label = known.name if known else gen.unknown.get(key, key)
                graph.add_node(
                    node, kind="actor", label=label, type=known.type if known else "Person"
                )
            date = f.date if f.date and len(f.date) == 10 else gen.published.isoformat()
            graph.add_edge(
                u, v, key=f"{gen.id}#{n}", claim=f"{gen.id}#{n}", type=f.type,
                coarse=COARSE_CLASS[f.type], content=f.content, sentence=f.sentence,
                char_start=f.start, char_end=f.end, confidence=0.7, date=date, date_end=date,
                date_text=date, date_source="claim", article=str(article_iri(gen.id)),
                article_id=gen.id, article_title=gen.title, url=gen.url,
                published=gen.published.isoformat(), source=gen.source,
            )  # fmt: skip
            edges += 1
            if edges >= claims:
                break
    return graph


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# --- views ------------------------------------------------------------------------------


def time_view(graph: nx.MultiDiGraph, browser: bool) -> dict[str, Any]:
    """Seconds to build and write the who-accused-whom page; with ``browser``, whether a
    headless Chromium finds it stabilised, and how long that took."""
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp:
        path = Path(tmp) / "claims.html"
        build_s, view = _seconds(lambda: network.who_accused_whom(graph))
        write_s, _ = _seconds(lambda: network.write_html(view, path))
        out: dict[str, Any] = {
            "claims": graph.number_of_edges(),
            "build_s": build_s,
            "write_s": write_s,
            "total_s": build_s + write_s,
            "html_mb": path.stat().st_size / 2**20,
            "drawn_nodes": len(view.nodes),
            "drawn_edges": len(view.edges),
        }
        if browser:
            out |= _stabilises(path)
    return out


def _stabilises(path: Path) -> dict[str, Any]:
    """Open the page in headless Chromium (tests/cdp.py) and wait for its layout to stop."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"stabilised": None, "browser_note": "no chromium on PATH"}
    sys.path.insert(0, str(ROOT / "tests"))
    from cdp import Chromium

    with tempfile.TemporaryDirectory() as profile, Chromium.start(chromium, Path(profile)) as b:
        page = b.open(path.as_uri())
        waited = page.wait_until("window.kg && window.kg.status.ready", timeout=120)
        status = page.evaluate("kg.status")
        errors = page.console_errors()
    return {
        "stabilised": bool(status.get("ready")),
        "stabilised_s": (status.get("stabilizedMs") or 0) / 1000,
        "ready_after_s": waited,
        "console_errors": len(errors),
    }


# --- analyses ---------------------------------------------------------------------------


def _top_pair(graph: nx.MultiDiGraph) -> tuple[str, str]:
    counts: dict[tuple[str, str], int] = {}
    for u, v in graph.edges():
        if u != v:
            pair = (min(u, v), max(u, v))
            counts[pair] = counts.get(pair, 0) + 1
    return max(counts, key=lambda p: (counts[p], p))


def analyses(graph: nx.MultiDiGraph) -> dict[str, Callable[[], Any]]:
    """Every analysis of kg.analysis, ready to run on ``graph``."""
    interactions = project.interaction_graph(graph)
    a, b = _top_pair(graph)
    far = min(graph, key=lambda n: (graph.degree(n), n))
    return {
        "strength": lambda: centrality.strength(graph),
        "pagerank": lambda: centrality.pagerank(graph),
        "betweenness": lambda: centrality.betweenness(interactions),
        "betweenness (weighted)": lambda: centrality.betweenness(interactions, weighted=True),
        "reciprocity": lambda: reciprocity.reciprocal_pairs(graph),
        "balance": lambda: balance.pair_balance(graph),
        "communities": lambda: balance.communities(balance.cooperation_graph(graph)),
        "weekly timeline": lambda: timeline.weekly(graph, a, b),
        "shortest paths": lambda: paths.shortest_paths(interactions, a, far),
        "ego": lambda: paths.ego_rows(graph, a),
        "interaction graph": lambda: project.interaction_graph(graph),
        "aggregate": lambda: project.aggregate(graph),
    }


def time_analyses(graph: nx.MultiDiGraph, backend: str | None = None) -> dict[str, Any]:
    """Seconds of each analysis, on plain networkx or with ``backend`` first in networkx's
    dispatch (:func:`kg.analysis.backends.use`)."""
    runs = analyses(graph)
    backends.use([backend] if backend else [])
    try:
        return {name: {"s": _seconds(fn)[0]} for name, fn in runs.items()}
    finally:
        backends.use([])


def installed_backends() -> list[str]:
    """The networkx backends the benchmark compares with plain networkx."""
    return [b for b in ("parallel", "cugraph") if b in nx.utils.backends.backends]
