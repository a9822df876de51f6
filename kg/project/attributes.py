"""What the projections put on their nodes and keep: a fact's date attributes (its own
date where the sentence gives one, else the article's publication date; ``date_text``
keeps the precision it had: ``2024``, ``2024-03``, ``2024-03-04``), its article's
attributes, the period test of the :class:`Filters`, and actor nodes (with the members
a roll-up counts in them). Values are plain str/int/float, never ``None``, so the
graphs write to GraphML and GEXF as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import networkx as nx

from kg.project.filters import Filters, parse_period
from kg.query.actors import iri_tail

ARTICLE_PATTERN = """
    ?article dcterms:identifier ?articleId .
    OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article schema:url ?url }
    OPTIONAL { ?article dcterms:issued ?published }
    OPTIONAL { ?article dcterms:publisher ?publisher }
"""


def date_attrs(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fact's date: its own where given, else the article's; as attributes."""
    own, published = row.get("date"), row.get("published")
    text = own or published
    if not text:
        return {}
    start, end, day = _period(str(text))
    return {"date": start, "date_end": end, "date_text": day,
            "date_source": "claim" if own else "article"}  # fmt: skip


@lru_cache(maxsize=65536)
def _period(text: str) -> tuple[str, str, str]:
    """First and last day (ISO) and the text's day part; cached: a projection of
    hundreds of thousands of facts has a few thousand dates."""
    start, end = parse_period(text)
    return start.isoformat(), end.isoformat(), text[:10]


def article_attrs(row: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {
        "article": row["article"],
        "article_id": row["articleId"],
        "article_title": row.get("title"),
        "url": row.get("url"),
        "published": str(row["published"])[:10] if row.get("published") else None,
        "source": row.get("publisher"),
    }
    return {k: v for k, v in attrs.items() if v is not None}


def in_period(filters: Filters, attrs: Mapping[str, Any]) -> bool:
    if "date" not in attrs:
        return filters.keeps_period(None, None)
    return filters.keeps_period(_day(attrs["date"]), _day(attrs["date_end"]))


@lru_cache(maxsize=65536)
def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def add_actor(
    graph: nx.Graph,
    iri: str,
    known: Mapping[str, dict[str, Any]],
    up: Mapping[str, str] | None = None,
) -> None:
    if iri not in graph:
        graph.add_node(
            iri, **known.get(iri, {"kind": "actor", "label": iri_tail(iri), "type": "Actor"})
        )
        if up:  # who is counted in this actor (labels; GraphML takes no lists)
            members = sorted(
                known.get(a, {}).get("label", iri_tail(a)) for a, t in up.items() if t == iri
            )
            if members:
                graph.nodes[iri]["members"] = "; ".join(members)
