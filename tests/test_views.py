"""HTML views, GraphML/GEXF and SVG (kg.views), and the ``kg viz`` commands, without a browser.

The page's behaviour in a real browser is tested in test_viz_browser.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import (  # noqa: F401  (fixtures)
    CN,
    EUI,
    EVIL,
    HOSTILE,
    US,
    claims,
    dispute_extractions,
    dispute_store,
    fill,
    hostile_store,
    policies,
    store,
)
from typer.testing import CliRunner

from kg import project
from kg.analysis import timeline
from kg.cli import app
from kg.store import OxigraphStore
from kg.triples import actor_iri
from kg.views import assets, gephi, network, network_elements, svg
from kg.views.network import render_html, who_accused_whom
from kg.views.network_elements import OTHER_ID
from kg.views.page import page_data
from kg.views.style import ACTOR_STYLE, CLAIM_COLOUR, POLICY_COLOUR

SVG = "{http://www.w3.org/2000/svg}"


def star(n: int, centre: str = "hub") -> nx.MultiDiGraph:
    """``n`` actors who each accuse the hub once, and the hub's answer to the first."""
    graph = nx.MultiDiGraph()
    graph.add_node(centre, label="Hub", type="Government")
    for i in range(n):
        graph.add_node(f"a{i:03}", label=f"Actor {i:03}", type="Person")
        graph.add_edge(f"a{i:03}", centre, type="accuse", date="2024-01-01", content=f"c{i}")
    graph.add_edge(centre, "a000", type="praise", date="2024-01-02", content="thanks")
    return graph


# --- who accused whom -------------------------------------------------------------------


def test_parallel_claims_are_one_edge_per_type_with_a_count(claims: nx.MultiDiGraph) -> None:
    view = who_accused_whom(claims)
    edges = {(e["from"], e["to"], e["kg"]["cat"]): e for e in view.edges}
    assert len(edges) == 10
    us_cn = edges[(US, CN, "accuse")]
    assert us_cn["label"] == "accuse ×2" and us_cn["kg"]["count"] == 2
    assert [r["content"] for r in us_cn["kg"]["records"]] == [
        "unfair subsidies",
        "currency manipulation",
    ]
    assert us_cn["kg"]["dates"] == ["2024-03-12", "2024-05-27"]
    assert us_cn["color"]["color"] == CLAIM_COLOUR["accuse"] and us_cn["arrows"] == "to"
    assert sum(e["kg"]["count"] for e in view.edges) == 11
    record = edges[(CN, US, "accuse")]["kg"]["records"][0]
    assert record["sentence"].startswith("Government of China accuses")
    assert record["article"] == {
        "id": "a1", "title": "Article a1", "url": "https://news.example/a1",
        "source": "Example News", "published": "2024-03-04",
    }  # fmt: skip


def test_actors_are_sized_by_involvement_and_coloured_by_type(claims: nx.MultiDiGraph) -> None:
    view = who_accused_whom(claims)
    nodes = {n["id"]: n for n in view.nodes}
    assert len(nodes) == 6
    assert nodes[US]["size"] > nodes[EUI]["size"] > nodes[str(actor_iri("acme-steel"))]["size"]
    assert nodes[US]["color"] == ACTOR_STYLE["Government"][0]
    assert nodes[EUI]["shape"] == ACTOR_STYLE["InternationalOrganization"][1]
    assert {item["type"] for item in view.legend} == {
        "Government", "InternationalOrganization", "Person", "Company",
    }  # fmt: skip
    assert [(c["name"], c["count"]) for c in view.categories] == [
        ("accuse", 4), ("criticize", 1), ("reject", 1), ("threaten", 1), ("praise", 3), ("agree", 1),
    ]  # fmt: skip


def test_large_graphs_keep_the_top_actors_and_summarise_the_rest() -> None:
    view = who_accused_whom(star(40), top=5)
    ids = [n["id"] for n in view.nodes]
    assert len(ids) == 6 and OTHER_ID in ids and "hub" in ids and "a000" in ids
    other = next(n for n in view.nodes if n["id"] == OTHER_ID)
    assert other["label"] == "36 other actors"
    folded = next(e for e in view.edges if e["from"] == OTHER_ID)
    assert folded["kg"]["count"] == 36 and folded["label"] == "accuse ×36"
    assert len(folded["kg"]["records"]) == network_elements.MAX_RECORDS
    assert len(folded["kg"]["dates"]) == 36
    assert any("36 others are summarised" in note for note in view.notes)


def test_very_many_edges_become_one_per_pair() -> None:
    graph = nx.MultiDiGraph()
    for i in range(60):
        for j in range(60):
            if i != j and (i + j) % 3 == 0:
                for kind in ("accuse", "praise"):
                    graph.add_edge(f"n{i}", f"n{j}", type=kind, date="2024-01-01", content="x")
    view = who_accused_whom(graph, top=60)
    assert len(view.edges) == graph.number_of_edges() // 2 < network.MAX_TYPED_EDGES * 2
    assert all("label" not in e and e["kg"]["cats"] == ["accuse", "praise"] for e in view.edges)
    assert any("one edge" in note for note in view.notes)


def test_pinned_actors_are_always_drawn() -> None:
    view = who_accused_whom(star(40), top=2, pinned=["a039"])
    ids = {n["id"] for n in view.nodes}
    assert {"a039", "hub", OTHER_ID} <= ids and len(ids) == 3
    assert next(n for n in view.nodes if n["id"] == "a039")["borderWidth"] == 4


def test_ego_dispute_and_policy_views(claims: nx.MultiDiGraph, policies: nx.Graph) -> None:
    ego = network.ego_view(claims, CN)
    assert {n["id"] for n in ego.nodes} == {CN, US}
    assert ego.title == "Government of China: ego network"
    chart = svg.timeline_svg(timeline.weekly(claims, CN, US), timeline.tariffs(policies, CN, US))
    dispute = network.dispute_view(claims, policies, US, CN, chart)
    boxes = [n for n in dispute.nodes if n.get("shape") == "box"]
    assert len(boxes) == 3 and {b["kg"]["cat"] for b in boxes} == {"tariff"}
    assert {c["name"] for c in dispute.categories} == {"accuse", "criticize", "threaten", "tariff"}
    assert dispute.svg == chart
    roles = sorted(e["kg"]["role"] for e in dispute.edges if "role" in e["kg"])
    assert roles == ["imposer"] * 3 + ["target"] * 3
    measures = network.policies_view(policies)
    labels = sorted(n["label"] for n in measures.nodes if n.get("shape") == "box")
    assert labels == ["tariff 15%\nsoybeans", "tariff 25%\nsteel", "tariff 50%\nsteel"]
    assert all(n["color"] == POLICY_COLOUR["tariff"] for n in measures.nodes if "cat" in n["kg"])
    record = next(n for n in measures.nodes if n["label"].endswith("soybeans"))["kg"]["records"][0]
    assert record["content"] == "tariff 15% on soybeans (implemented)"
    assert record["speaker"] == "Government of China"


# --- the page ---------------------------------------------------------------------------


class _Elements(HTMLParser):
    """The attributes of every element of one tag, as a browser would parse the page."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag, self.found = tag, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            self.found.append(attrs)


def _elements(html: str, tag: str) -> list[list[tuple[str, str | None]]]:
    parser = _Elements(tag)
    parser.feed(html)
    return parser.found


def test_page_is_self_contained(claims: nx.MultiDiGraph) -> None:
    html = render_html(who_accused_whom(claims))
    assert "<script src" not in html and "<link" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "bootstrap"):
        assert host not in html
    assert "vis-network" in html and "window.kg" in html
    csp = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"', html)
    assert csp and "default-src 'none'" in csp.group(1)
    nonce = re.search(r"'nonce-([^']+)'", csp.group(1)).group(1)
    assert _elements(html, "script") == [
        [("id", "kg-data"), ("type", "application/json")], [("nonce", nonce)], [("nonce", nonce)],
    ]  # fmt: skip
    assert _elements(html, "link") == [] and _elements(html, "img") == []
    assert page_data(html)["nodes"] == who_accused_whom(claims).nodes


def test_article_text_is_escaped_in_the_page() -> None:
    graph = project.actor_graph(hostile_store())
    for view in (who_accused_whom(graph), network.ego_view(graph, str(actor_iri(EVIL.key)))):
        html = render_html(view)
        assert "<script>window.__pwned" not in html and "<img src=" not in html
        data = page_data(html)  # the text itself survives, as data
        record = data["edges"][0]["kg"]["records"][0]
        assert record["content"] == HOSTILE and record["article"]["title"] == HOSTILE
        assert record["article"]["url"] == "javascript:window.__pwned=4"


def test_hostile_strings_never_appear_raw() -> None:
    html = render_html(who_accused_whom(project.actor_graph(hostile_store())))
    body = html.split('<script id="kg-data" type="application/json">', 1)[1]
    data = body.split("</script>", 1)[0]
    assert "<" not in data and ">" not in data  # tojson escapes them inside the data block
    assert "\\u003cscript\\u003e" in data
    ego = render_html(
        network.ego_view(project.actor_graph(hostile_store()), str(actor_iri(EVIL.key)))
    )
    assert "<title>&lt;img src=y onerror=window.__pwned=3&gt;: ego network</title>" in ego


def test_viz_dir_prefers_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert assets.viz_dir() == Path(__file__).resolve().parents[1] / "viz"
    shipped = tmp_path / "_shipped" / "viz"
    shipped.mkdir(parents=True)
    (shipped / "network.html").write_text("x")
    monkeypatch.setattr(assets, "_PACKAGE", tmp_path)
    assert assets.viz_dir() == shipped


# --- GraphML and GEXF -------------------------------------------------------------------


def test_graphml_round_trip(claims: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    gephi.write_gephi(project.aggregate(claims), path, "graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == 6 and back.number_of_edges() == 7
    assert back[US][CN]["weight"] == 3 and back[US][CN]["accuse"] == 2
    assert (
        back.nodes[CN]["actor_type"] == "Government"
        and back.nodes[CN]["label"] == "Government of China"
    )


def test_gexf_per_claim_keeps_evidence(claims: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    gephi.write_gephi(claims, path, "gexf")
    back = nx.read_gexf(path)
    assert back.number_of_edges() == 11
    contents = sorted(d["content"] for _, _, d in back.edges(data=True))
    assert "bullying" in contents
    assert {d["claim_type"] for _, _, d in back.edges(data=True)} >= {"accuse", "praise"}
    with pytest.raises(Exception, match="unknown graph format"):
        gephi.write_gephi(claims, path, "dot")


# --- SVG --------------------------------------------------------------------------------


def test_timeline_svg_draws_bars_and_rates(claims: nx.MultiDiGraph, policies: nx.Graph) -> None:
    weeks = timeline.weekly(claims, CN, US)
    rates = timeline.tariffs(policies, CN, US)
    root = ET.fromstring(svg.timeline_svg(weeks, rates, title="China & US"))
    bars = [r for r in root.iter(f"{SVG}rect") if "bar" in r.get("class", "")]
    cells = sum(1 for w in weeks for c in svg.UP + svg.DOWN if w.get(c))
    assert len(bars) == cells == 5
    assert sum(int(b.find(f"{SVG}title").text.split(": ")[1].split()[0]) for b in bars) == 5
    points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "rate"]
    assert len(points) == 3
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "China & US" in texts and "50%" in texts
    assert any(t and "United States government on Government of China: steel" in t for t in texts)


def test_timeline_svg_escapes_and_handles_nothing() -> None:
    rows = [{"date": "2024-01-01", "rate_to": 5.0, "imposer_label": HOSTILE, "target_label": "x",
             "sentence": HOSTILE, "status": "threatened"}]  # fmt: skip
    text = svg.timeline_svg([], rows, title=HOSTILE)
    root = ET.fromstring(text)
    assert HOSTILE in [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>" not in text
    empty = ET.fromstring(svg.timeline_svg([], []))
    assert [t.text for t in empty.iter(f"{SVG}text")] == ["nothing dated to draw"]


# --- the command line -------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("viz") / "store"
    store = fill(OxigraphStore(path), dispute_extractions())
    store.close()
    return str(path)


def test_kg_viz_writes_the_default_page(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["viz", "--store", location])
    assert result.exit_code == 0, result.stderr
    page = tmp_path / "kg-graph.html"
    assert result.stdout.strip() == str(page.resolve())
    assert len(page_data(page.read_text())["edges"]) == 10


@pytest.mark.parametrize(
    ("args", "name", "check"),
    [
        (["viz", "ego", "China"], "ego.html", "Government of China: ego network"),
        (["viz", "dispute", "US", "China"], "d.html", "<svg"),
        (["viz", "policies", "--policy-type", "tariff"], "p.html", "soybeans"),
        (["viz", "--type", "ACCUSE", "--since", "2024-04"], "a.html", "protectionism"),
        (["viz", "timeline", "US", "China"], "t.svg", "Tariff rates"),
        (["export", "graphml"], "g.graphml", "<graphml"),
        (["export", "gexf", "--per-claim"], "g.gexf", "bullying"),
    ],
)
@pytest.mark.slow
def test_kg_viz_commands(
    location: str, tmp_path: Path, args: list[str], name: str, check: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(app, [*args, "--store", location, "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    assert check in out.read_text()


def test_cli_defaults_match_the_library() -> None:
    from kg.cli import analyze as analyze_cli
    from kg.cli import views as views_cli

    assert views_cli.DEFAULT_TOP == network.DEFAULT_TOP
    from kg.analysis.centrality import ACCUSATION_CLASSES

    assert analyze_cli._on(None) == ACCUSATION_CLASSES


@pytest.mark.slow
def test_kg_viz_errors(location: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["viz", "ego", "Nobody", "--store", location])
    assert result.exit_code == 1
    assert result.stderr.strip() == "kg: error: no actor named 'Nobody' in the store"
    result = runner.invoke(app, ["viz", "ego", "Q15031", "--type", "ACCUSE", "--store", location])
    assert result.exit_code == 1 and "made or received no claim" in result.stderr
