"""Score extraction against gold annotations: precision, recall and F1 of claims,
policies and events, by the matching rules of the gold format (docs/gold-format.md).

Gold is one JSON file per article (``<article id>.json``). System output is the
records :mod:`kg.export` writes, so a store filled by any means can be scored.

>>> gold = load_gold("tests/fixtures/gold")          # doctest: +SKIP
>>> report = evaluate(gold, claims, policies, events)  # doctest: +SKIP
>>> report.scores["claims"].f1                         # doctest: +SKIP
0.71
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.gold import GoldActor, GoldArticle, load_gold
from kg.terms import COARSE_CLASS

__all__ = [
    "GoldActor",
    "GoldArticle",
    "Miss",
    "Report",
    "Score",
    "evaluate",
    "load_gold",
    "normalise_label",
]


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


class _ActorMatcher:
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


# --- scores ------------------------------------------------------------------------------


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Miss:
    """A gold item nothing matched (``kind`` "miss") or a system item that matched
    nothing ("false alarm"), for ``kg eval --explain``."""

    metric: str
    kind: str
    article: str
    what: str
    sentence: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    articles: dict[str, dict[str, Score]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
            "articles": {
                a: {k: v.as_dict() for k, v in scores.items()}
                for a, scores in self.articles.items()
            },
            "misses": [m.as_dict() for m in self.misses],
        }


# What each metric compares: (family, lenient, fine type, keep item?)
METRICS: dict[str, str] = {
    "claims": "claims, lenient, coarse type",
    "claims-strict": "claims, strict, coarse type",
    "claims-fine": "claims, lenient, same type",
    "claims-strict-fine": "claims, strict, same type",
    "stances": "claims other than state, lenient, coarse type",
    "pairs": "speaker-target pairs (claims with a target), lenient",
    "policies": "policies, lenient",
    "policies-strict": "policies, strict",
    "typed-policies": "policies other than other, lenient",
    "events": "events, lenient",
}


def evaluate(
    gold: dict[str, GoldArticle],
    claims: Iterable[dict[str, Any]],
    policies: Iterable[dict[str, Any]],
    events: Iterable[dict[str, Any]] = (),
    min_confidence: float = 0.0,
) -> Report:
    """Score system records (as :func:`kg.export.claims` etc. yield them) against
    ``gold``. Only articles that have gold are scored; claims under ``min_confidence``
    are left out (to see what the confidence buys)."""
    kept = (c for c in claims if (c.get("confidence") or 0.0) >= min_confidence)
    system = {
        "claims": _by_article(kept, gold),
        "policies": _by_article(policies, gold),
        "events": _by_article(events, gold),
    }
    report = Report(scores={name: Score() for name in METRICS})
    for article_id, article in gold.items():
        matcher = _ActorMatcher(article)
        scores = report.articles.setdefault(article_id, {})
        for name in METRICS:
            score, misses = _score_metric(name, article, matcher, system, article_id)
            scores[name] = score
            report.scores[name] += score
            report.misses += misses
    return report


def _by_article(
    records: Iterable[dict[str, Any]], gold: dict[str, GoldArticle]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        article_id = record["article"]["id"]
        if article_id in gold:
            out.setdefault(article_id, []).append(record)
    return out


def _score_metric(
    name: str,
    article: GoldArticle,
    matcher: _ActorMatcher,
    system: dict[str, dict[str, list[dict[str, Any]]]],
    article_id: str,
) -> tuple[Score, list[Miss]]:
    lenient = "strict" not in name
    if name.startswith("claims") or name == "stances":
        fine = name.endswith("fine")
        gold_items = article.claims
        sys_items = system["claims"].get(article_id, [])
        if name == "stances":
            gold_items = [c for c in gold_items if c["type"] != "state"]
            sys_items = [c for c in sys_items if c["type"] != "state"]

        def same(g: dict[str, Any], s: dict[str, Any]) -> bool:
            return _claim_matches(g, s, matcher, lenient, fine)

        return _match(name, article_id, gold_items, sys_items, same, _describe_claim)
    if name == "pairs":
        gold_pairs = _unique(
            ((c["speaker"], c["target"]), c) for c in article.claims if c.get("target")
        )
        sys_pairs = _unique(
            ((c["speaker"]["iri"], c["target"]["iri"]), c)
            for c in system["claims"].get(article_id, [])
            if c.get("target")
        )

        def same_pair(g: dict[str, Any], s: dict[str, Any]) -> bool:
            return matcher.accepts(g["speaker"], s["speaker"], True) and matcher.accepts(
                g["target"], s["target"], True
            )

        return _match(name, article_id, gold_pairs, sys_pairs, same_pair, _describe_pair)
    if "policies" in name:
        gold_items = article.policies
        sys_items = system["policies"].get(article_id, [])
        if name == "typed-policies":
            gold_items = [p for p in gold_items if p["type"] != "other"]
            sys_items = [p for p in sys_items if p["type"] != "other"]

        def same_policy(g: dict[str, Any], s: dict[str, Any]) -> bool:
            return _policy_matches(g, s, matcher, lenient)

        return _match(name, article_id, gold_items, sys_items, same_policy, _describe_policy)

    def same_event(g: dict[str, Any], s: dict[str, Any]) -> bool:
        return _event_matches(g, s, matcher)

    return _match(
        name,
        article_id,
        article.events,
        system["events"].get(article_id, []),
        same_event,
        _describe_event,
    )


def _unique(pairs: Iterator[tuple[Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    seen: dict[Any, dict[str, Any]] = {}
    for key, item in pairs:
        seen.setdefault(key, item)
    return list(seen.values())


def _claim_matches(
    g: dict[str, Any], s: dict[str, Any], m: _ActorMatcher, lenient: bool, fine: bool
) -> bool:
    if fine and g["type"] != s["type"]:
        return False
    if COARSE_CLASS[g["type"]] != COARSE_CLASS.get(s["type"]):
        return False
    return m.accepts(g["speaker"], s["speaker"], lenient) and m.accepts(
        g.get("target"), s.get("target"), lenient
    )


def _policy_matches(g: dict[str, Any], s: dict[str, Any], m: _ActorMatcher, lenient: bool) -> bool:
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


def _event_matches(g: dict[str, Any], s: dict[str, Any], m: _ActorMatcher) -> bool:
    """Same type, and the participants are the same actors: every gold participant is
    found among the system's, and every system participant is one of the gold's."""
    if g["type"] != s["type"]:
        return False
    wanted = list(g.get("participants", []))
    found = s.get("participants", [])
    return all(any(m.accepts(w, f, True) for f in found) for w in wanted) and all(
        any(m.accepts(w, f, True) for w in wanted) for f in found
    )


def _match(
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


def _describe_claim(c: dict[str, Any], is_gold: bool) -> str:
    return f"{c['type']}: {_name(c['speaker'])} -> {_name(c.get('target'))}: {c.get('content')!s}"


def _describe_pair(c: dict[str, Any], is_gold: bool) -> str:
    return f"{_name(c['speaker'])} -> {_name(c.get('target'))}"


def _describe_policy(p: dict[str, Any], is_gold: bool) -> str:
    rates = ""
    if p.get("rate_from") is not None or p.get("rate_to") is not None:
        rates = f" {p.get('rate_from')}->{p.get('rate_to')}"
    return (
        f"{p['type']} ({p.get('status')}): {_name(p.get('imposer'))} -> "
        f"{_name(p.get('target'))}{rates}: {p.get('goods')}"
    )


def _describe_event(e: dict[str, Any], is_gold: bool) -> str:
    names = ", ".join(_name(a) for a in e.get("participants", []))
    return f"{e['type']}: {names} ({e.get('date')})"


# --- the whole run -------------------------------------------------------------------------


def evaluate_store(gold: dict[str, GoldArticle], store: Any, min_confidence: float = 0.0) -> Report:
    """Score what ``store`` holds for the gold articles."""
    from kg.query import export

    return evaluate(
        gold,
        export.claims(store),
        export.policies(store),
        export.events(store),
        min_confidence=min_confidence,
    )


def evaluate_articles(
    gold: dict[str, GoldArticle],
    inputs: Iterable[str | Path],
    *,
    extractor: Any = None,
    min_confidence: float = 0.0,
) -> tuple[Report, list[str]]:
    """Ingest the articles of ``inputs`` that have gold into a fresh in-memory store
    and score them. Returns the report and the failures of the ingest, one line each."""
    from kg.ingest import ingest
    from kg.store import OxigraphStore

    store = OxigraphStore(None)
    try:
        ingested = ingest(inputs, store, extractor=extractor, only=set(gold))
        found = set(ingested.article_ids)
        scored = {k: v for k, v in gold.items() if k in found}
        report = evaluate_store(scored, store, min_confidence)
    finally:
        store.close()
    problems = [str(f) for f in ingested.failures]
    problems += [
        f"{a}: no article with this id among the inputs" for a in sorted(set(gold) - found)
    ]
    return report, problems
