"""Score extraction against gold annotations: precision, recall and F1 of claims,
policies and events, by the matching rules of the gold format (docs/gold-format.md).

Gold is one JSON file per article (``<article id>.json``). System output is the
records :mod:`kg.export` writes, so a store filled by any means can be scored.

* :mod:`~kg.evaluate.matching` — which system item matches which gold item.
* :mod:`~kg.evaluate.report` — :class:`Score`, :class:`Miss`, :class:`Report`.
* :mod:`~kg.evaluate.scoring` — :data:`METRICS`, :func:`evaluate`, :func:`evaluate_store`,
  :func:`evaluate_articles`.

>>> gold = load_gold("tests/fixtures/gold")          # doctest: +SKIP
>>> report = evaluate(gold, claims, policies, events)  # doctest: +SKIP
>>> report.scores["claims"].f1                         # doctest: +SKIP
0.71
"""

from __future__ import annotations

from kg.evaluate.matching import normalise_label
from kg.evaluate.report import Miss, Report, Score
from kg.evaluate.scoring import METRICS, evaluate, evaluate_articles, evaluate_store
from kg.gold import GoldActor, GoldArticle, load_gold

__all__ = [
    "METRICS",
    "GoldActor",
    "GoldArticle",
    "Miss",
    "Report",
    "Score",
    "evaluate",
    "evaluate_articles",
    "evaluate_store",
    "load_gold",
    "normalise_label",
]
