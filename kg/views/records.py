"""What a node or an edge of a view shows: labels, sizes and widths, and the claim and
measure records behind each edge (its tooltip and details)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = [
    "claim_record",
    "edge_width",
    "node_size",
    "policy_label",
    "policy_record",
    "short_label",
]


_LABEL_CHARS = 40


def _article(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": data.get("article_id"),
        "title": data.get("article_title"),
        "url": data.get("url"),
        "source": data.get("source"),
        "published": data.get("published"),
    }


def claim_record(data: Mapping[str, Any], speaker: str, target: str) -> dict[str, Any]:
    return {
        "kind": "claim",
        "type": data.get("type"),
        "date": data.get("date", ""),
        "date_text": data.get("date_text", ""),
        "speaker": speaker,
        "target": target,
        "content": data.get("content", ""),
        "sentence": data.get("sentence", ""),
        "quote": data.get("quote"),
        "confidence": data.get("confidence"),
        "article": _article(data),
    }


def policy_record(data: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "kind": "policy",
        "type": data.get("type"),
        "date": data.get("date", ""),
        "date_text": data.get("date_text", ""),
        "speaker": labels.get(data.get("imposer", ""), ""),
        "target": labels.get(data.get("target", ""), ""),
        "content": _policy_text(data),
        "status": data.get("status"),
        "sentence": data.get("sentence", ""),
        "confidence": data.get("confidence"),
        "article": _article(data),
    }


def _policy_text(data: Mapping[str, Any]) -> str:
    """``tariff 10% → 25% on steel (implemented)``."""
    text = data.get("type", "measure").replace("_", " ")
    unit = "%" if data.get("unit") in (None, "percent", "%") else f" {data['unit']}"
    if data.get("rate_to") is not None:
        rate = f"{data['rate_to']:g}{unit}"
        if data.get("rate_from") is not None:
            rate = f"{data['rate_from']:g}{unit} → {rate}"
        text += f" {rate}"
    if data.get("goods"):
        text += f" on {data['goods']}"
    return f"{text} ({data['status']})" if data.get("status") else text


def node_size(weight: int) -> float:
    """Radius in pixels: grows with the square root of involvement, capped.

    >>> node_size(1), node_size(100)
    (13.0, 45.0)
    """
    return round(min(8 + 5 * math.sqrt(max(weight, 1)), 45.0), 1)


def edge_width(count: int) -> float:
    """Line width: grows with the logarithm of the count (kg-network.js does the same)."""
    return round(1 + 1.5 * math.log2(max(count, 1)), 2)


def policy_label(data: Mapping[str, Any]) -> str:
    """A short box label: ``tariff 25%`` over ``steel``.

    >>> policy_label({"type": "export_control", "goods": "chips"})
    'export control\\nchips'
    """
    label = data.get("type", "measure").replace("_", " ")
    if data.get("rate_to") is not None:
        label += f" {data['rate_to']:g}%" if data.get("unit") in (None, "percent", "%") else ""
    if data.get("goods"):
        label += "\n" + short_label(data["goods"])
    return label


def short_label(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"
