"""Which system item matches which gold item, by the rules of docs/gold-format.md:
labels compared without case, punctuation, accents or a leading "the"; actors by label
or Wikidata QID (leniently also the body a gold actor speaks for); claims, policies and
events by type and actors (and tariff rates); items paired one-to-one at most, and each
unmatched item described for ``kg eval --explain``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import networkx as nx

from kg.evaluate.report import Miss, Score
from kg.gold import GoldArticle
from kg.terms import COARSE_CLASS

__all__ = ["normalise_label"]


_PUNCT = re.compile(r"[^\w\s]")


def normalise_label(label: str) -> str:
    """Case, punctuation, accents and a leading "the" do not count.

    >>> normalise_label("The U.S.")
    'us'
    >>> normalise_label("Maroš Šefčovič")
    'maros sefcovic'
    """
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT.sub("", text.replace("’", "'").replace("'s ", "s ")).lower()
    text = " ".join(text.split())
    return text.removeprefix("the ").strip()


class ActorMatcher:
    """Which gold actors of one article a system actor object stands for."""

    def __init__(self, article: GoldArticle) -> None:
        self.article = article
        self.by_label: dict[str, set[str]] = {}
        self.by_qid: dict[str, set[str]] = {}
        for actor in article.actors.values():
            for label in (actor.name, *actor.aliases):
                self.by_label.setdefault(normalise_label(label), set()).add(actor.id)
            if actor.wikidata:
                self.by_qid.setdefault(actor.wikidata, set()).add(actor.id)

    def ids(self, system: dict[str, Any] | None) -> frozenset[str]:
        if not system:
            return frozenset()
        found = set(self.by_label.get(normalise_label(system.get("label") or ""), ()))
        if system.get("wikidata"):
            found |= self.by_qid.get(system["wikidata"], set())
        return frozenset(found)

    def accepts(self, gold_id: str | None, system: dict[str, Any] | None, lenient: bool) -> bool:
        """Does the system actor match the gold one (both absent counts as a match)?"""
        if gold_id is None or system is None:
            return gold_id is None and system is None
        ids = self.ids(system)
        if gold_id in ids:
            return True
        return lenient and any(a in ids for a in self.article.ancestors(gold_id))


def claim_matches(
    g: dict[str, Any], s: dict[str, Any], m: ActorMatcher, lenient: bool, fine: bool
) -> bool:
    if fine and g["type"] != s["type"]:
        return False
    if COARSE_CLASS[g["type"]] != COARSE_CLASS.get(s["type"]):
        return False
    return m.accepts(g["speaker"], s["speaker"], lenient) and m.accepts(
        g.get("target"), s.get("target"), lenient
    )


def policy_matches(g: dict[str, Any], s: dict[str, Any], m: ActorMatcher, lenient: bool) -> bool:
    if g["type"] != s["type"]:
        return False
    if not (
        m.accepts(g.get("imposer"), s.get("imposer"), lenient)
        and m.accepts(g.get("target"), s.get("target"), lenient)
    ):
        return False
    if g["type"] == "tariff":
        for key in ("rate_from", "rate_to"):
            if g.get(key) is not None and (
                s.get(key) is None or abs(float(g[key]) - float(s[key])) > 1e-6
            ):
                return False
    return True


def event_matches(g: dict[str, Any], s: dict[str, Any], m: ActorMatcher) -> bool:
    """Same type, and the participants are the same actors: every gold participant is
    found among the system's, and every system participant is one of the gold's."""
    if g["type"] != s["type"]:
        return False
    wanted = list(g.get("participants", []))
    found = s.get("participants", [])
    return all(any(m.accepts(w, f, True) for f in found) for w in wanted) and all(
        any(m.accepts(w, f, True) for w in wanted) for f in found
    )


def match_items(
    metric: str,
    article_id: str,
    gold_items: list[dict[str, Any]],
    sys_items: list[dict[str, Any]],
    same: Any,
    describe: Any,
) -> tuple[Score, list[Miss]]:
    """A maximum one-to-one matching, so that the order of items never costs a match."""
    graph = nx.Graph()
    gold_nodes = [("g", i) for i in range(len(gold_items))]
    graph.add_nodes_from(gold_nodes)
    graph.add_nodes_from(("s", j) for j in range(len(sys_items)))
    for i, g in enumerate(gold_items):
        for j, s in enumerate(sys_items):
            if same(g, s):
                graph.add_edge(("g", i), ("s", j))
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=gold_nodes)
    matched_gold = {i for (side, i) in matching if side == "g"}
    matched_sys = {j for (side, j) in matching if side == "s"}
    score = Score(
        tp=len(matched_gold),
        fn=len(gold_items) - len(matched_gold),
        fp=len(sys_items) - len(matched_sys),
    )
    misses = [
        Miss(metric, "miss", article_id, describe(g, True), g.get("sentence", ""))
        for i, g in enumerate(gold_items)
        if i not in matched_gold
    ] + [
        Miss(metric, "false alarm", article_id, describe(s, False), s.get("sentence", ""))
        for j, s in enumerate(sys_items)
        if j not in matched_sys
    ]
    return score, misses


def _name(actor: Any) -> str:
    if actor is None:
        return "-"
    if isinstance(actor, dict):
        return actor.get("label") or actor.get("iri", "?")
    return str(actor)


def describe_claim(c: dict[str, Any], is_gold: bool) -> str:
    return f"{c['type']}: {_name(c['speaker'])} -> {_name(c.get('target'))}: {c.get('content')!s}"


def describe_pair(c: dict[str, Any], is_gold: bool) -> str:
    return f"{_name(c['speaker'])} -> {_name(c.get('target'))}"


def describe_policy(p: dict[str, Any], is_gold: bool) -> str:
    rates = ""
    if p.get("rate_from") is not None or p.get("rate_to") is not None:
        rates = f" {p.get('rate_from')}->{p.get('rate_to')}"
    return (
        f"{p['type']} ({p.get('status')}): {_name(p.get('imposer'))} -> "
        f"{_name(p.get('target'))}{rates}: {p.get('goods')}"
    )


def describe_event(e: dict[str, Any], is_gold: bool) -> str:
    names = ", ".join(_name(a) for a in e.get("participants", []))
    return f"{e['type']}: {names} ({e.get('date')})"
