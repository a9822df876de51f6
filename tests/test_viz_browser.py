"""kg's HTML pages in a real headless Chromium, driven over the DevTools protocol.

Skipped when no ``chromium`` binary is on PATH (Debian: ``apt-get install chromium``).
Checks that a page opens with no request leaving the machine and no console error,
holds the expected nodes and edges, filters, shows evidence, draws something, stops
its physics, and never runs script that came in with an article.

``KG_VIZ_BENCH=1`` also runs the large-graph measurements behind viz/README.md.
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from cdp import Chromium, Page, coloured_pixels, is_local
from graph_fixtures import CN, EVIL, HOSTILE, US, dispute_store, hostile_store

from kg import project
from kg.analysis import timeline
from kg.terms import CLAIM_TYPES
from kg.triples import actor_iri
from kg.views import network, svg
from kg.views.page import page_data

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH"),
    pytest.mark.browser,
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    assert CHROMIUM is not None
    with Chromium.start(CHROMIUM, tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages under test, written once."""
    folder = tmp_path_factory.mktemp("pages")
    store = dispute_store()
    claims, policies = project.actor_graph(store), project.policy_graph(store)
    chart = svg.timeline_svg(timeline.weekly(claims, US, CN), timeline.tariffs(policies, US, CN))
    hostile = project.actor_graph(hostile_store())
    views = {
        "claims": network.who_accused_whom(claims),
        "dispute": network.dispute_view(claims, policies, US, CN, chart),
        "policies": network.policies_view(policies),
        "hostile": network.who_accused_whom(hostile),
        "hostile-ego": network.ego_view(hostile, str(actor_iri(EVIL.key))),
    }
    paths = {
        name: network.write_html(view, folder / f"{name}.html") for name, view in views.items()
    }
    # A control: the same hostile text put on a page raw, as an unsafe template would.
    raw = folder / "unsafe.html"
    raw.write_text(f"<!DOCTYPE html><html><body><h1>{HOSTILE}</h1></body></html>")
    paths["unsafe"] = raw
    return paths


def open_page(browser: Chromium, path: Path) -> Page:
    page = browser.open(path.resolve().as_uri())
    page.wait_until("window.kg && window.kg.status.ready", timeout=60)
    return page


def page_graph(page: Page) -> tuple[list[str], list[tuple[str, str, str]]]:
    nodes = page.evaluate("kg.nodes.getIds()")
    edges = page.evaluate("kg.edges.get().map(function (e) { return [e.from, e.to, e.label]; })")
    return sorted(nodes), sorted(tuple(e) for e in edges)


# --- every page ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["claims", "dispute", "policies"])
def test_page_opens_offline_without_errors(
    browser: Chromium, pages: dict[str, Path], name: str
) -> None:
    page = open_page(browser, pages[name])
    requests = page.requests()
    assert requests[0] == pages[name].resolve().as_uri()
    assert [url for url in requests if not is_local(url)] == []
    assert page.console_errors() == []
    expected = page_data(pages[name].read_text())
    nodes, edges = page_graph(page)
    assert nodes == sorted(n["id"] for n in expected["nodes"])
    assert edges == sorted((e["from"], e["to"], e["label"]) for e in expected["edges"])


def test_claims_page_holds_the_dispute(browser: Chromium, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["claims"])
    nodes, edges = page_graph(page)
    assert len(nodes) == 6 and len(edges) == 10
    assert (US, CN, "accuse ×2") in edges and (CN, US, "criticize") in edges
    status = page.evaluate("kg.status")
    assert (status["shownNodes"], status["shownEdges"], status["shownClaims"]) == (6, 10, 11)
    assert page.evaluate("document.querySelectorAll('input.cat').length") == 6


def test_filters_by_claim_type_and_date(browser: Chromium, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["claims"])
    page.evaluate("document.querySelector('input.cat[data-cat=\"accuse\"]').click()")
    assert page.evaluate("kg.status.shownClaims") == 7
    assert page.evaluate(f"kg.edges.get({json.dumps(f'{US}|{CN}|accuse')}).hidden") is True
    page.evaluate(
        "var f = document.getElementById('date-from'); f.value = '2024-05-01';"
        " f.dispatchEvent(new Event('change'))"
    )
    # from May, without accusations: Xi's praise, the EU's rejection and praise
    assert page.evaluate("kg.status.shownClaims") == 3
    assert page.evaluate(f"kg.nodes.get({json.dumps(CN)}).hidden") is True
    page.evaluate("document.getElementById('no-cats').click()")
    status = page.evaluate("kg.status")
    assert (status["shownClaims"], status["shownNodes"], status["shownEdges"]) == (0, 0, 0)
    page.evaluate(
        "document.getElementById('reset-dates').click(); document.getElementById('all-cats').click()"
    )
    assert page.evaluate("kg.status.shownClaims") == 11


def test_filters_work_on_pair_edges(browser: Chromium, tmp_path: Path) -> None:
    graph = random_claims(200, 4000)
    view = network.who_accused_whom(graph, top=200)
    assert "cats" in view.edges[0]["kg"]  # more than MAX_TYPED_EDGES: one edge per pair
    page = open_page(browser, network.write_html(view, tmp_path / "pairs.html"))
    assert page.evaluate("kg.status.shownClaims") == graph.number_of_edges()
    page.evaluate("document.querySelector('input.cat[data-cat=\"accuse\"]').click()")
    accusations = sum(1 for _, _, d in graph.edges(data=True) if d["type"] == "accuse")
    assert page.evaluate("kg.status.shownClaims") == graph.number_of_edges() - accusations
    assert page.console_errors() == []


def test_details_list_claims_with_evidence_and_links(
    browser: Chromium, pages: dict[str, Path]
) -> None:
    page = open_page(browser, pages["claims"])
    page.evaluate(f"kg.showEdge({json.dumps(f'{CN}|{US}|accuse')})")
    text = page.evaluate("document.getElementById('details').innerText")
    assert "Government of China accuses United States government: bullying." in text
    assert "2024-03-04" in text and "Example News" in text
    links = page.evaluate("Array.from(document.querySelectorAll('#details a')).map(a => a.href)")
    assert links == ["https://news.example/a1"]
    page.evaluate(f"kg.showNode({json.dumps(CN)})")
    assert "Wikidata Q148" in page.evaluate("document.getElementById('details').innerText")


def test_empty_graph_and_dispute_chart(
    browser: Chromium, pages: dict[str, Path], tmp_path: Path
) -> None:
    empty = open_page(
        browser,
        network.write_html(network.who_accused_whom(nx.MultiDiGraph()), tmp_path / "e.html"),
    )
    assert empty.evaluate("kg.status.shownNodes") == 0 and empty.console_errors() == []
    page = open_page(browser, pages["dispute"])
    assert page.evaluate("document.querySelectorAll('#chart svg rect.bar').length") == 5
    assert (
        page.evaluate("document.querySelector('#chart svg').getBoundingClientRect().height") > 200
    )
    assert page.evaluate("[kg.status.firstDate, kg.status.lastDate]") == [
        "2024-03-01",
        "2024-05-27",
    ]
    assert page.evaluate("document.getElementById('date-from').min") == "2024-03-01"


def test_hovering_a_node_shows_its_tooltip(browser: Chromium, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["claims"])
    x, y = page.evaluate(
        f"(function () {{ var p = kg.network.getPositions([{json.dumps(CN)}])[{json.dumps(CN)}];"
        " var d = kg.network.canvasToDOM(p);"
        " var r = document.getElementById('network').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; })()"
    )
    for dx in (0, 1, 0):
        page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x + dx, "y": y})
        time.sleep(0.1)
    page.wait_until("document.querySelector('.vis-tooltip') && "
                    "document.querySelector('.vis-tooltip').style.visibility !== 'hidden'", 10)  # fmt: skip
    tip = page.evaluate("document.querySelector('.vis-tooltip').innerText")
    assert "Government of China" in tip and "Government" in tip


def test_layout_settles_then_physics_stops(browser: Chromium, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["claims"])
    assert page.evaluate("kg.network.physics.physicsEnabled") is False
    before = page.evaluate("JSON.stringify(kg.network.getPositions())")
    time.sleep(0.5)
    assert page.evaluate("JSON.stringify(kg.network.getPositions())") == before
    assert page.evaluate("kg.status.stabilizedMs") > 0


def test_screenshot_is_not_blank(browser: Chromium, pages: dict[str, Path], tmp_path: Path) -> None:
    page = open_page(browser, pages["claims"])
    box = page.evaluate(
        "(function () { var r = document.getElementById('network').getBoundingClientRect();"
        " return {x: r.left, y: r.top, width: r.width, height: r.height, scale: 1}; })()"
    )
    png = base64.b64decode(
        page.send("Page.captureScreenshot", {"format": "png", "clip": box})["data"]
    )
    (tmp_path / "network.png").write_bytes(png)
    drawn = coloured_pixels(page, png)
    page.evaluate("document.getElementById('no-cats').click()")
    time.sleep(0.2)
    empty = coloured_pixels(page, base64.b64decode(
        page.send("Page.captureScreenshot", {"format": "png", "clip": box})["data"]
    ))  # fmt: skip
    assert drawn > 2000 > empty


# --- script injection -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hostile", "hostile-ego"])
def test_article_text_never_runs_as_script(
    browser: Chromium, pages: dict[str, Path], name: str
) -> None:
    page = open_page(browser, pages[name])
    for edge in page.evaluate("kg.edges.getIds()"):
        page.evaluate(f"kg.showEdge({json.dumps(edge)})")
    details = page.evaluate("document.getElementById('details').innerText")
    assert page.evaluate("document.querySelectorAll('#details a').length") == 0  # javascript: URL
    for node in page.evaluate("kg.nodes.getIds()"):
        page.evaluate(f"kg.showNode({json.dumps(node)})")
    page.evaluate("kg.apply()")  # rebuilds every tooltip
    browser.pump(0.5)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert HOSTILE in details  # shown as text
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert all(h.startswith("https://") for h in hrefs)
    assert page.console_errors() == []  # a blocked inline handler would log a CSP error
    assert [u for u in page.requests() if not u.startswith("data:")] == [
        pages[name].resolve().as_uri()
    ]
    if name == "hostile-ego":
        assert page.evaluate("document.title") == f"{EVIL.name}: ego network"


def test_the_injection_check_can_fail(browser: Chromium, pages: dict[str, Path]) -> None:
    """Control: the same text put on a page raw does run, and is seen."""
    page = browser.open(pages["unsafe"].resolve().as_uri())
    browser.pump(0.5)
    assert page.evaluate("window.__pwned") in (1, 2)
    assert any(url.endswith("/x") for url in page.requests())


# --- large graphs (KG_VIZ_BENCH=1) ------------------------------------------------------


def random_claims(actors: int, claims: int, seed: int = 1) -> nx.MultiDiGraph:
    """A random claim graph with a heavy tail: a few actors are in most claims."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(actors):
        graph.add_node(
            f"a{i}", label=f"Actor {i}", type=rng.choice(["Person", "Government", "Company"])
        )
    weights = [1 / (i + 1) for i in range(actors)]
    for j in range(claims):
        u, v = rng.choices(range(actors), weights, k=2)
        if u != v:
            graph.add_edge(
                f"a{u}", f"a{v}", key=f"c{j}", type=rng.choice(CLAIM_TYPES), content=f"claim {j}",
                sentence=f"Actor {u} said something about actor {v}.",
                date=f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
            )  # fmt: skip
    return graph


@pytest.mark.skipif(not os.environ.get("KG_VIZ_BENCH"), reason="set KG_VIZ_BENCH=1 to measure")
@pytest.mark.parametrize(
    ("actors", "claims", "top"),
    [(100, 500, 150), (300, 1500, 300), (1000, 5000, 150), (1000, 5000, 1000),
     (3000, 15000, 150), (3000, 15000, 3000)],
)  # fmt: skip
def test_large_graph_limits(
    browser: Chromium, tmp_path: Path, actors: int, claims: int, top: int
) -> None:
    graph = random_claims(actors, claims)
    start = time.perf_counter()
    view = network.who_accused_whom(graph, top=top)
    path = network.write_html(view, tmp_path / "large.html")
    written = time.perf_counter() - start
    page = browser.open(path.as_uri())
    waited = page.wait_until("window.kg && window.kg.status.ready", timeout=300)
    status = page.evaluate("kg.status")
    refilter = page.evaluate("(function () { var t = performance.now(); kg.apply();"
                             " return performance.now() - t; })()")  # fmt: skip
    print(
        f"\nBENCH actors={actors} claims={graph.number_of_edges()} top={top}: "
        f"drawn {status['nodes']} nodes / {status['edges']} edges, "
        f"{path.stat().st_size / 1e6:.1f} MB, written in {written:.2f} s, "
        f"stabilised in {status['stabilizedMs'] / 1000:.1f} s (ready after {waited:.1f} s), "
        f"a filter change takes {refilter:.0f} ms"
    )
    assert page.console_errors() == []
