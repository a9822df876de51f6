"""Scoring: the :data:`METRICS` and :func:`evaluate`, which matches system records
against gold per article and metric (:mod:`kg.evaluate.matching`) and sums the scores;
:func:`evaluate_store` scores what a store holds, :func:`evaluate_articles` ingests
articles into a fresh in-memory store and scores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.evaluate.matching import (
    ActorMatcher,
    claim_matches,
    describe_claim,
    describe_event,
    describe_pair,
    describe_policy,
    event_matches,
    match_items,
    policy_matches,
)
from kg.evaluate.report import Miss, Report, Score
from kg.gold import GoldArticle

__all__ = ["METRICS", "evaluate", "evaluate_articles", "evaluate_store"]


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
        matcher = ActorMatcher(article)
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
    matcher: ActorMatcher,
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
            return claim_matches(g, s, matcher, lenient, fine)

        return match_items(name, article_id, gold_items, sys_items, same, describe_claim)
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

        return match_items(name, article_id, gold_pairs, sys_pairs, same_pair, describe_pair)
    if "policies" in name:
        gold_items = article.policies
        sys_items = system["policies"].get(article_id, [])
        if name == "typed-policies":
            gold_items = [p for p in gold_items if p["type"] != "other"]
            sys_items = [p for p in sys_items if p["type"] != "other"]

        def same_policy(g: dict[str, Any], s: dict[str, Any]) -> bool:
            return policy_matches(g, s, matcher, lenient)

        return match_items(name, article_id, gold_items, sys_items, same_policy, describe_policy)

    def same_event(g: dict[str, Any], s: dict[str, Any]) -> bool:
        return event_matches(g, s, matcher)

    return match_items(
        name,
        article_id,
        article.events,
        system["events"].get(article_id, []),
        same_event,
        describe_event,
    )


def _unique(pairs: Iterator[tuple[Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    seen: dict[Any, dict[str, Any]] = {}
    for key, item in pairs:
        seen.setdefault(key, item)
    return list(seen.values())


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
