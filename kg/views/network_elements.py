"""The nodes, edges, legend and filter categories of the network pages
(:mod:`kg.views.network`): actors sized by involvement, beyond the ``top`` folded into
one "other actors" node; claims grouped into one edge per pair and claim type (or per
pair, past a limit), each listing at most ``MAX_RECORDS`` claims; measures as boxes
between imposer and target.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.analysis.rows import node_label
from kg.terms import CLAIM_TYPES, POLICY_TYPES
from kg.views.records import (
    claim_record,
    edge_width,
    node_size,
    policy_label,
    policy_record,
    short_label,
)
from kg.views.style import CLAIM_COLOUR, OTHER, POLICY_COLOUR, actor_style

__all__ = ["MAX_RECORDS", "OTHER_ID"]

MAX_RECORDS = 30  # claims listed per edge in the page (counts and dates cover all)
OTHER_ID = "kg:other-actors"


def involvement_counts(graph: nx.MultiDiGraph) -> Counter[str]:
    counts: Counter[str] = Counter({n: 0 for n in graph})
    for u, v in graph.edges():
        counts[u] += 1
        counts[v] += 1
    return counts


def fold_nodes(
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


def add_actor(net: Network, node: str, data: Mapping[str, Any], weight: int, pinned: bool) -> None:
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


def add_actors(
    net: Network, graph: nx.Graph, fold: Mapping[str, str], weights: Mapping[str, int],
    pinned: Iterable[str],
) -> None:  # fmt: skip
    pins = set(pinned)
    folded = [n for n, m in fold.items() if m == OTHER_ID]
    for node in sorted((n for n, m in fold.items() if m == n), key=lambda n: (n not in pins, n)):
        add_actor(net, node, graph.nodes[node], weights.get(node, 0), node in pins)
    if folded:
        _add_other(net, len(folded), sum(weights.get(n, 0) for n in folded))


def claim_edges(
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


def add_claim_edges(
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


def add_pair_edges(
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


def claim_categories(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(d.get("type") for _, _, d in graph.edges(data=True))
    return [
        {"name": t, "label": t, "colour": CLAIM_COLOUR[t], "count": counts[t], "kind": "claim"}
        for t in CLAIM_TYPES
        if counts[t]
    ]


def legend_of(types: Iterable[str]) -> list[dict[str, Any]]:
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


def node_types(net: Network) -> list[str]:
    return [n["kg"]["type"] for n in net.nodes if "kg" in n and n["kg"].get("type")]


def add_policy(
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


def policy_categories(measures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(d.get("type") for d in measures)
    return [
        {"name": t, "label": t.replace("_", " "), "colour": POLICY_COLOUR[t], "count": counts[t],
         "kind": "policy"}
        for t in POLICY_TYPES
        if counts[t]
    ]  # fmt: skip
