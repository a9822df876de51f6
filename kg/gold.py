"""Gold annotations for :mod:`kg.evaluate`: one JSON file per article
(``<article id>.json``, docs/gold-format.md), read and checked.

>>> gold = load_gold("tests/fixtures/gold")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.terms import CLAIM_TYPES, EVENT_TYPES, POLICY_TYPES

__all__ = ["GoldActor", "GoldArticle", "load_gold"]


@dataclass(frozen=True)
class GoldActor:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    part_of: str | None = None


@dataclass
class GoldArticle:
    id: str
    actors: dict[str, GoldActor]
    claims: list[dict[str, Any]]
    policies: list[dict[str, Any]]
    events: list[dict[str, Any]]

    def ancestors(self, actor_id: str) -> list[str]:
        """The bodies ``actor_id`` speaks for or belongs to, nearest first."""
        out: list[str] = []
        current = self.actors.get(actor_id)
        while current and current.part_of and current.part_of not in out:
            out.append(current.part_of)
            current = self.actors.get(current.part_of)
        return out


def load_gold(directory: str | Path) -> dict[str, GoldArticle]:
    """Every ``*.json`` gold file in ``directory``, keyed by article id.

    A malformed file raises :class:`~kg.errors.InputError` naming it and the reason.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(str(folder), "not a directory of gold files")
    gold: dict[str, GoldArticle] = {}
    for path in sorted(folder.glob("*.json")):
        article = _gold_article(path)
        gold[article.id] = article
    if not gold:
        raise InputError(str(folder), "no gold files (*.json) in it")
    return gold


def _gold_article(path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(str(path), f"cannot read gold file: {e}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "a gold file holds one JSON object")
    try:
        actors = {a["id"]: _gold_actor(a) for a in data.get("actors", [])}
        article = GoldArticle(
            id=str(data.get("article") or path.stem),
            actors=actors,
            claims=list(data.get("claims", [])),
            policies=list(data.get("policies", [])),
            events=list(data.get("events", [])),
        )
    except (KeyError, TypeError, AttributeError) as e:
        raise InputError(str(path), f"malformed gold file: missing or bad {e}") from None
    _check_references(path, article)
    return article


def _gold_actor(obj: dict[str, Any]) -> GoldActor:
    return GoldActor(
        id=str(obj["id"]),
        name=str(obj["name"]),
        type=str(obj.get("type", "")),
        aliases=tuple(str(a) for a in obj.get("aliases", ())),
        wikidata=obj.get("wikidata") or None,
        part_of=obj.get("part_of") or None,
    )


def _check_references(path: Path, article: GoldArticle) -> None:
    """Every actor id a fact names is declared, every type is known."""

    def check(value: Any, what: str) -> None:
        if value is not None and value not in article.actors:
            raise InputError(str(path), f"{what} names undeclared actor {value!r}")

    for c in article.claims:
        if c.get("type") not in CLAIM_TYPES:
            raise InputError(str(path), f"unknown claim type {c.get('type')!r}")
        check(c.get("speaker"), "a claim's speaker")
        check(c.get("target"), "a claim's target")
    for p in article.policies:
        if p.get("type") not in POLICY_TYPES:
            raise InputError(str(path), f"unknown policy type {p.get('type')!r}")
        check(p.get("imposer"), "a policy's imposer")
        check(p.get("target"), "a policy's target")
    for e in article.events:
        if e.get("type") not in EVENT_TYPES:
            raise InputError(str(path), f"unknown event type {e.get('type')!r}")
        for participant in e.get("participants", []):
            check(participant, "an event's participant")


# --- matching ----------------------------------------------------------------------------
