"""What ``kg eval`` reports: a :class:`Score` (true and false positives, false
negatives; precision, recall, F1) per metric and per article, and the :class:`Miss`
list of gold items nothing matched and system items that matched nothing, gathered
in a :class:`Report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Miss", "Report", "Score"]


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
