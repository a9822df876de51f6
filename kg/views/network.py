"""Interactive HTML networks: who accused whom, ego networks, disputes, measures.

A :class:`View` holds a pyvis :class:`~pyvis.network.Network` (nodes and edges as
vis-network reads them) plus what kg's page adds around it: a legend, claim- and
policy-type filters, a date filter, notes, an optional SVG chart. :func:`render_html`
writes one self-contained page that works offline:

* vis-network (pyvis's copy) and kg's script are inlined; nothing is fetched, and a
  Content-Security-Policy forbids fetching anything or running any script but kg's own;
* article text travels as JSON in a non-executable ``<script type="application/json">``
  and is put on the page with ``textContent`` only; links are kept only for http(s)
  URLs;
* large graphs keep the ``top`` actors by involvement and fold the rest into one
  "other actors" node; parallel claims of one type between a pair are one edge with a
  count; the layout stabilises, then physics stops.

>>> import networkx as nx
>>> M = nx.MultiDiGraph()
>>> M.add_node("cn", label="China", type="Government")
>>> M.add_node("us", label="United States", type="Government")
>>> _ = M.add_edge("cn", "us", type="accuse", content="bullying", date="2024-03-04")
>>> _ = M.add_edge("cn", "us", type="accuse", content="coercion", date="2024-03-09")
>>> view = who_accused_whom(M)
>>> [(e["from"], e["to"], e["label"]) for e in view.edges]
[('cn', 'us', 'accuse ×2')]
>>> "bullying" in render_html(view)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.analysis.rows import node_label
from kg.terms import CLAIM_TYPES, POLICY_TYPES
from kg.views.page import View, new_network, render_html, write_html
from kg.views.records import (
    claim_record,
    edge_width,
    node_size,
    policy_label,
    policy_record,
    short_label,
)
from kg.views.style import CLAIM_COLOUR, OTHER, POLICY_COLOUR, actor_style

__all__ = [
    "DEFAULT_TOP",
    "MAX_RECORDS",
    "MAX_TYPED_EDGES",
    "View",
    "dispute_view",
    "ego_view",
    "label_of",
    "policies_view",
    "render_html",
    "who_accused_whom",
    "write_html",
]

DEFAULT_TOP = 150  # actors drawn before the rest are folded into one node
MAX_RECORDS = 30  # claims listed per edge in the page (counts and dates cover all)
MAX_TYPED_EDGES = 1000  # beyond this, one edge per pair rather than per pair and type
OTHER_ID = "kg:other-actors"


# --- records: what the page lists for an edge or a measure ------------------------------


# --- nodes and edges --------------------------------------------------------------------


def _involvement(graph: nx.MultiDiGraph) -> Counter[str]:
    counts: Counter[str] = Counter({n: 0 for n in graph})
    for u, v in graph.edges():
        counts[u] += 1
        counts[v] += 1
    return counts


def _fold(
    graph: nx.Graph, weights: Mapping[str, int], top: int, pinned: Iterable[str]
) -> dict[str, str]:
    """Each node to itself when among the ``top`` by weight (or pinned), else to OTHER_ID."""
    keep = set(pinned) & set(graph)
    ranked = sorted(graph, key=lambda n: (-weights.get(n, 0), graph.nodes[n].get("label", n), n))
    for node in ranked:
        if len(keep) >= max(top, len(set(pinned))):
            break
        keep.add(node)
    return {n: n if n in keep else OTHER_ID for n in graph}


def _add_actor(net: Network, node: str, data: Mapping[str, Any], weight: int, pinned: bool) -> None:
    colour, shape, _ = actor_style(data.get("type", "Actor"))
    label = data.get("label", node)
    net.add_node(
        node,
        label=short_label(label),
        shape=shape,
        color=colour,
        size=node_size(weight),
        borderWidth=4 if pinned else 1,
        kg={
            "iri": node,
            "label": label,
            "type": data.get("type", "Actor"),
            "wikidata": data.get("wikidata"),
            "pinned": pinned,
        },
    )


def _add_other(net: Network, folded: int, weight: int) -> None:
    colour, shape, _ = actor_style(OTHER)
    label = f"{folded} other actors"
    net.add_node(
        OTHER_ID, label=label, shape=shape, color=colour, size=node_size(weight),
        kg={"iri": "", "label": label, "type": OTHER, "pinned": False},
    )  # fmt: skip


def _add_actors(
    net: Network, graph: nx.Graph, fold: Mapping[str, str], weights: Mapping[str, int],
    pinned: Iterable[str],
) -> None:  # fmt: skip
    pins = set(pinned)
    folded = [n for n, m in fold.items() if m == OTHER_ID]
    for node in sorted((n for n, m in fold.items() if m == n), key=lambda n: (n not in pins, n)):
        _add_actor(net, node, graph.nodes[node], weights.get(node, 0), node in pins)
    if folded:
        _add_other(net, len(folded), sum(weights.get(n, 0) for n in folded))


def _claim_edges(
    graph: nx.MultiDiGraph, fold: Mapping[str, str]
) -> tuple[dict[tuple[str, str, str], list[dict[str, Any]]], int]:
    """Claims grouped by (speaker, target, type) after folding; and the claims dropped
    because both ends were folded."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    dropped = 0
    for u, v, data in graph.edges(data=True):
        fu, fv = fold[u], fold[v]
        if fu == OTHER_ID and fv == OTHER_ID:
            dropped += 1
            continue
        # rolled up (--roll-up): the claim's own speaker and target, not the governments
        speaker = data.get("speaker_label") or node_label(u, graph)
        record = claim_record(data, speaker, data.get("target_label") or node_label(v, graph))
        groups.setdefault((fu, fv, data.get("type", "state")), []).append(record)
    return groups, dropped


def label_of(node: str, *graphs: nx.Graph) -> str:
    """The node's label in the first graph that has it, else the node itself.

    >>> label_of("cn", nx.Graph(), nx.Graph([("cn", "us")]))
    'cn'
    """
    for graph in graphs:
        if node in graph and "label" in graph.nodes[node]:
            return graph.nodes[node]["label"]
    return node


def _add_claim_edges(
    net: Network, groups: Mapping[tuple[str, str, str], list[dict[str, Any]]]
) -> None:
    """One edge per (speaker, target, type), labelled ``accuse ×3``."""
    per_pair: Counter[tuple[str, str]] = Counter()
    for (u, v, kind), records in sorted(groups.items(), key=lambda kv: _type_order(kv[0])):
        records.sort(key=lambda r: (r["date"] == "", r["date"]))
        colour = CLAIM_COLOUR.get(kind, "#7f7f7f")
        n = len(records)
        per_pair[(u, v)] += 1
        net.add_edge(
            u, v,
            id=f"{u}|{v}|{kind}",
            label=kind if n == 1 else f"{kind} ×{n}",
            color={"color": colour, "highlight": colour, "hover": colour},
            width=edge_width(n),
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12 * per_pair[(u, v)]},
            kg={
                "cat": kind,
                "count": n,
                "dates": [r["date"] for r in records],
                "records": records[:MAX_RECORDS],
                "labelled": True,
            },
        )  # fmt: skip


def _add_pair_edges(
    net: Network, groups: Mapping[tuple[str, str, str], list[dict[str, Any]]]
) -> None:
    """One unlabelled edge per (speaker, target), coloured by its most frequent claim type;
    each claim keeps its type (``cats``) so the page can still filter by type."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for (u, v, _), records in groups.items():
        pairs.setdefault((u, v), []).extend(records)
    for (u, v), records in sorted(pairs.items()):
        records.sort(key=lambda r: (r["date"] == "", r["date"]))
        kinds = Counter(r["type"] for r in records)
        colour = CLAIM_COLOUR.get(kinds.most_common(1)[0][0], "#7f7f7f")
        net.add_edge(
            u, v,
            id=f"{u}|{v}",
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.7},
            width=edge_width(len(records)),
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12},
            kg={
                "cats": [r["type"] for r in records],
                "count": len(records),
                "dates": [r["date"] for r in records],
                "records": records[:MAX_RECORDS],
                "labelled": False,
            },
        )  # fmt: skip


def _type_order(key: tuple[str, str, str]) -> tuple[str, str, int]:
    u, v, kind = key
    return (u, v, CLAIM_TYPES.index(kind) if kind in CLAIM_TYPES else len(CLAIM_TYPES))


def _claim_categories(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(d.get("type") for _, _, d in graph.edges(data=True))
    return [
        {"name": t, "label": t, "colour": CLAIM_COLOUR[t], "count": counts[t], "kind": "claim"}
        for t in CLAIM_TYPES
        if counts[t]
    ]


def _legend(types: Iterable[str]) -> list[dict[str, Any]]:
    present = set(types)
    order = [t for t in (*_ACTOR_ORDER, OTHER) if t in present]
    return [
        {
            "type": t,
            "colour": actor_style(t)[0],
            "shape": actor_style(t)[1],
            "label": actor_style(t)[2],
        }
        for t in order
    ]


_ACTOR_ORDER = (
    "Person", "Government", "Country", "GovernmentAgency", "Company",
    "InternationalOrganization", "Organization", "PoliticalParty", "Group", "Actor",
)  # fmt: skip


def _node_types(net: Network) -> list[str]:
    return [n["kg"]["type"] for n in net.nodes if "kg" in n and n["kg"].get("type")]


# --- the views --------------------------------------------------------------------------


def who_accused_whom(
    graph: nx.MultiDiGraph,
    *,
    top: int = DEFAULT_TOP,
    title: str = "Who accused whom",
    pinned: Iterable[str] = (),
) -> View:
    """Actors sized by involvement, coloured by type; one edge per pair and claim type,
    labelled with the count, from speaker to target.

    ``graph`` is an actor graph (:func:`kg.project.actor_graph`). Beyond ``top`` actors
    (by claims made and received) the rest become one "other actors" node; ``pinned``
    actors are always drawn, with a thick border.
    """
    pins = list(pinned)
    weights = _involvement(graph)
    fold = _fold(graph, weights, top, pins)
    net = new_network(title)
    _add_actors(net, graph, fold, weights, pins)
    groups, dropped = _claim_edges(graph, fold)
    typed = len(groups) <= MAX_TYPED_EDGES
    (_add_claim_edges if typed else _add_pair_edges)(net, groups)
    view = View(title, net, _claim_categories(graph), _legend(_node_types(net)))
    if not typed:
        view.notes.append(
            f"More than {MAX_TYPED_EDGES} edges of one claim type: each pair is drawn as one "
            "edge, coloured by its most frequent claim type; hover for the types."
        )
    view.notes.append(
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} claims between them."
    )
    folded = sum(1 for n, m in fold.items() if m == OTHER_ID)
    if folded:
        view.notes.append(
            f"The {top} most involved actors are drawn; {folded} others are summarised as one "
            f"node, and the {dropped} claims among them are left out."
        )
    return view


def ego_view(
    graph: nx.MultiDiGraph, actor: str, radius: int = 1, *, top: int = DEFAULT_TOP
) -> View:
    """One actor, everyone within ``radius`` hops, and the claims among them."""
    from kg.analysis.paths import ego

    label = node_label(actor, graph)
    sub = ego(graph, actor, radius)
    if actor not in sub:
        sub.add_node(actor, label=label)
    return who_accused_whom(sub, top=top, title=f"{label}: ego network", pinned=[actor])


def dispute_view(
    claims: nx.MultiDiGraph,
    policies: nx.Graph,
    a: str,
    b: str,
    svg: str = "",
) -> View:
    """Two actors: the claims each made about the other and the measures between them,
    with an optional chart (:func:`kg.views.svg.timeline_svg`) under the network."""
    pair = claims.subgraph([n for n in (a, b) if n in claims]).copy()
    for node, source in ((a, claims), (b, claims)):
        if node not in pair:
            pair.add_node(
                node, **(source.nodes[node] if node in source else policies.nodes.get(node, {}))
            )
    label_a, label_b = node_label(a, pair), node_label(b, pair)
    view = who_accused_whom(pair, title=f"{label_a} and {label_b}: the dispute", pinned=[a, b])
    labels = {n: node_label(n, policies) for n in (a, b)}
    measures = [
        (p, d) for p, d in policies.nodes(data=True)
        if d.get("kind") == "policy" and {d.get("imposer"), d.get("target")} == {a, b}
    ]  # fmt: skip
    for policy, data in measures:
        _add_policy(view.net, policy, data, labels)
    view.categories += _policy_categories(d for _, d in measures)
    view.notes.append(f"{len(measures)} measures between them.")
    view.svg = svg
    return view


def _add_policy(
    net: Network, policy: str, data: Mapping[str, Any], labels: Mapping[str, str]
) -> None:
    kind = data.get("type", "other")
    colour = POLICY_COLOUR.get(kind, POLICY_COLOUR["other"])
    record = policy_record(data, labels)
    net.add_node(
        policy, label=policy_label(data), shape="box", color=colour,
        font={"color": "#ffffff", "strokeWidth": 0},
        kg={"iri": policy, "label": record["content"], "type": "policy", "cat": kind,
            "dates": [record["date"]], "records": [record], "pinned": False},
    )  # fmt: skip
    node_ids = set(net.get_nodes())
    imposer, target = data.get("imposer"), data.get("target")
    if imposer in node_ids:
        net.add_edge(imposer, policy, id=f"{imposer}|{policy}", label="imposes", color=colour,
                     kg={"role": "imposer"})  # fmt: skip
    if target in node_ids:
        net.add_edge(policy, target, id=f"{policy}|{target}", label="on", color=colour,
                     kg={"role": "target"})  # fmt: skip


def _policy_categories(measures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(d.get("type") for d in measures)
    return [
        {"name": t, "label": t.replace("_", " "), "colour": POLICY_COLOUR[t], "count": counts[t],
         "kind": "policy"}
        for t in POLICY_TYPES
        if counts[t]
    ]  # fmt: skip


def policies_view(policies: nx.Graph, *, top: int = DEFAULT_TOP) -> View:
    """Actors and the measures they imposed: imposer → measure → target.

    ``policies`` is an actor–policy graph (:func:`kg.project.policy_graph`). Beyond
    ``top`` actors (by measures involved in), measures whose imposer is not drawn are
    left out.
    """
    actors = nx.Graph()
    actors.add_nodes_from((n, d) for n, d in policies.nodes(data=True) if d.get("kind") == "actor")
    weights = Counter({n: policies.degree(n) for n in actors})
    fold = _fold(actors, weights, top, ())
    drawn = {n for n, m in fold.items() if m == n}
    net = new_network("Actors and the measures they imposed")
    for node in sorted(drawn):
        _add_actor(net, node, actors.nodes[node], weights[node], False)
    labels = {n: node_label(n, actors) for n in actors}
    measures = [
        (p, d) for p, d in sorted(policies.nodes(data=True), key=lambda nd: (nd[1].get("date", ""), nd[0]))
        if d.get("kind") == "policy" and (d.get("imposer") in drawn or d.get("target") in drawn)
    ]  # fmt: skip
    for policy, data in measures:
        _add_policy(net, policy, data, labels)
    view = View(
        net.heading, net, _policy_categories(d for _, d in measures), _legend(_node_types(net))
    )
    view.notes.append(f"{len(measures)} measures, {len(drawn)} actors.")
    if len(drawn) < len(actors):
        view.notes.append(f"{len(actors) - len(drawn)} less involved actors are left out.")
    return view


# --- the page ---------------------------------------------------------------------------
