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
from collections.abc import Iterable

import networkx as nx

from kg.analysis.rows import node_label
from kg.views.network_elements import (
    OTHER_ID,
    add_actor,
    add_actors,
    add_claim_edges,
    add_pair_edges,
    add_policy,
    claim_categories,
    claim_edges,
    fold_nodes,
    involvement_counts,
    legend_of,
    node_types,
    policy_categories,
)
from kg.views.page import View, new_network, render_html, write_html

__all__ = [
    "DEFAULT_TOP",
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
MAX_TYPED_EDGES = 1000  # beyond this, one edge per pair rather than per pair and type


def label_of(node: str, *graphs: nx.Graph) -> str:
    """The node's label in the first graph that has it, else the node itself.

    >>> label_of("cn", nx.Graph(), nx.Graph([("cn", "us")]))
    'cn'
    """
    for graph in graphs:
        if node in graph and "label" in graph.nodes[node]:
            return graph.nodes[node]["label"]
    return node


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
    weights = involvement_counts(graph)
    fold = fold_nodes(graph, weights, top, pins)
    net = new_network(title)
    add_actors(net, graph, fold, weights, pins)
    groups, dropped = claim_edges(graph, fold)
    typed = len(groups) <= MAX_TYPED_EDGES
    (add_claim_edges if typed else add_pair_edges)(net, groups)
    view = View(title, net, claim_categories(graph), legend_of(node_types(net)))
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
        add_policy(view.net, policy, data, labels)
    view.categories += policy_categories(d for _, d in measures)
    view.notes.append(f"{len(measures)} measures between them.")
    view.svg = svg
    return view


def policies_view(policies: nx.Graph, *, top: int = DEFAULT_TOP) -> View:
    """Actors and the measures they imposed: imposer → measure → target.

    ``policies`` is an actor–policy graph (:func:`kg.project.policy_graph`). Beyond
    ``top`` actors (by measures involved in), measures whose imposer is not drawn are
    left out.
    """
    actors = nx.Graph()
    actors.add_nodes_from((n, d) for n, d in policies.nodes(data=True) if d.get("kind") == "actor")
    weights = Counter({n: policies.degree(n) for n in actors})
    fold = fold_nodes(actors, weights, top, ())
    drawn = {n for n, m in fold.items() if m == n}
    net = new_network("Actors and the measures they imposed")
    for node in sorted(drawn):
        add_actor(net, node, actors.nodes[node], weights[node], False)
    labels = {n: node_label(n, actors) for n in actors}
    measures = [
        (p, d) for p, d in sorted(policies.nodes(data=True), key=lambda nd: (nd[1].get("date", ""), nd[0]))
        if d.get("kind") == "policy" and (d.get("imposer") in drawn or d.get("target") in drawn)
    ]  # fmt: skip
    for policy, data in measures:
        add_policy(net, policy, data, labels)
    view = View(
        net.heading, net, policy_categories(d for _, d in measures), legend_of(node_types(net))
    )
    view.notes.append(f"{len(measures)} measures, {len(drawn)} actors.")
    if len(drawn) < len(actors):
        view.notes.append(f"{len(actors) - len(drawn)} less involved actors are left out.")
    return view
