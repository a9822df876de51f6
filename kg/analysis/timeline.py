"""How a dispute moves over time: claims per week between two actors, tariff rates.

:func:`weekly` counts the claims either way between two actors per ISO week (weeks
start on Monday) and coarse class. ``net`` is cooperation minus conflict, the sign of
:func:`kg.analysis.balance.pair_balance`'s ``balance`` (below zero: more conflict). A
week with claims is marked ``escalation`` when its net is lower than that of the last
week with claims, ``de-escalation`` when higher. Weeks without claims in between are
listed with zeros and no trend, so a quiet spell shows.

:func:`tariffs` lists the measures between two actors by date, with their rates.

>>> import networkx as nx
>>> M = nx.MultiDiGraph()
>>> _ = M.add_edge("us", "cn", coarse="ACCUSE", date="2024-03-05")
>>> _ = M.add_edge("cn", "us", coarse="THREATEN", date="2024-03-13")
>>> _ = M.add_edge("cn", "us", coarse="ACCUSE", date="2024-03-14")
>>> [(w["week"], w["conflict"], w["net"], w["trend"]) for w in weekly(M, "us", "cn")]
[('2024-03-04', 1, -1, ''), ('2024-03-11', 2, -2, 'escalation')]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.analysis.balance import CONFLICT, COOPERATION
from kg.project import COARSE_CLASSES

__all__ = ["tariffs", "week_of", "weekly"]


def week_of(date: str) -> str:
    """The Monday that starts the ISO week of an ISO date.

    >>> week_of("2024-03-07")
    '2024-03-04'
    """
    day = dt.date.fromisoformat(date[:10])
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def weekly(graph: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """Per week: claims ``a_to_b`` and ``b_to_a``, one count per coarse class,
    ``conflict``, ``cooperation``, ``net`` (cooperation - conflict) and ``trend``.

    Undated claims are left out.

    >>> weekly(nx.MultiDiGraph(), "a", "b")
    []
    """
    weeks: dict[str, Counter[str]] = {}
    for u, v in ((a, b), (b, a)):
        for data in (graph.get_edge_data(u, v) or {}).values():
            if not data.get("date"):
                continue
            counts = weeks.setdefault(week_of(data["date"]), Counter())
            counts[data.get("coarse", "STATE")] += 1
            counts["a_to_b" if u == a else "b_to_a"] += 1
    rows: list[dict[str, Any]] = []
    last_net: int | None = None  # of the last week with claims
    for week in _every_week(weeks):
        counts = weeks.get(week, Counter())
        conflict = sum(counts[c] for c in CONFLICT)
        cooperation = sum(counts[c] for c in COOPERATION)
        row = {"week": week, "a_to_b": counts["a_to_b"], "b_to_a": counts["b_to_a"]}
        row |= {c: counts[c] for c in COARSE_CLASSES}
        row |= {"conflict": conflict, "cooperation": cooperation, "net": cooperation - conflict}
        active = bool(counts["a_to_b"] or counts["b_to_a"])
        row["trend"] = _trend(last_net, row["net"]) if active and last_net is not None else ""
        if active:
            last_net = row["net"]
        rows.append(row)
    return rows


def _every_week(weeks: Iterable[str]) -> list[str]:
    known = sorted(weeks)
    if not known:
        return []
    day, last = dt.date.fromisoformat(known[0]), dt.date.fromisoformat(known[-1])
    out = []
    while day <= last:
        out.append(day.isoformat())
        day += dt.timedelta(weeks=1)
    return out


def _trend(before: int, now: int) -> str:
    """Lower net (more conflict, less cooperation) is escalation."""
    if now < before:
        return "escalation"
    if now > before:
        return "de-escalation"
    return ""


def tariffs(
    policies: nx.Graph, a: str, b: str, types: Iterable[str] = ("tariff",)
) -> list[dict[str, Any]]:
    """Measures of ``types`` imposed by either actor on the other, earliest first.

    ``policies`` is an actor–policy graph (:func:`kg.project.policy_graph`). Rows hold
    ``date``, ``imposer``/``target`` (IRIs and labels), ``goods``, ``rate_from``,
    ``rate_to``, ``unit``, ``status``, ``sentence`` and ``article``/``url``.

    >>> G = nx.Graph()
    >>> G.add_node("p1", kind="policy", type="tariff", imposer="us", target="cn",
    ...            rate_to=25.0, date="2024-03-01")
    >>> [(r["imposer"], r["rate_to"]) for r in tariffs(G, "cn", "us")]
    [('us', 25.0)]
    """
    wanted, pair = set(types), {a, b}
    rows = []
    for node, data in policies.nodes(data=True):
        if data.get("kind") != "policy" or data.get("type") not in wanted:
            continue
        if {data.get("imposer"), data.get("target")} != pair:
            continue
        rows.append(_tariff_row(policies, node, data))
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["policy"]))


def _tariff_row(graph: nx.Graph, node: str, data: dict[str, Any]) -> dict[str, Any]:
    def label(iri: str) -> str:
        return graph.nodes[iri].get("label", iri) if iri in graph else iri

    return {
        "date": data.get("date"),
        "date_text": data.get("date_text"),
        "imposer": data["imposer"],
        "imposer_label": label(data["imposer"]),
        "target": data["target"],
        "target_label": label(data["target"]),
        "type": data.get("type"),
        "goods": data.get("goods"),
        "rate_from": data.get("rate_from"),
        "rate_to": data.get("rate_to"),
        "unit": data.get("unit"),
        "status": data.get("status"),
        "sentence": data.get("sentence"),
        "article": data.get("article"),
        "url": data.get("url"),
        "policy": node,
    }
