"""The SPARQL 1.1 Protocol's small print for kg serve: result formats and content
negotiation, what a read-only server refuses, request parameters, JSON answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import pyoxigraph as ox

from kg import query as query_module
from kg.server.querypool import Answer
from kg.sparql import scan

__all__ = [
    "FORMATS",
    "HttpError",
    "accept_for",
    "count_param",
    "describe_query",
    "iri_params",
    "json_answer",
    "refused",
]


FORMATS = {
    "json": "application/sparql-results+json, application/ld+json;q=0.9",
    "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def refused(text: str, *, update: bool) -> str | None:
    """Why ``text`` may not run here: it calls out (SERVICE) or loads (LOAD)."""
    for _, token in scan(text):
        word = token.upper()
        if word == "SERVICE":
            return "SERVICE is not allowed: this endpoint does not call other endpoints"
        if word == "LOAD" and update:
            return "LOAD is not allowed: this endpoint does not fetch documents"
    return None


def accept_for(params: Mapping[str, list[str]], header: str | None) -> str:
    """The Accept value to negotiate with: ?format= wins over the header."""
    fmt = (params.get("format") or [""])[0].lower()
    if fmt in FORMATS:
        return FORMATS[fmt]
    if "/" in fmt:  # a media type, as some clients send
        return fmt
    return header or "*/*"


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def iri_params(values: list[str]) -> tuple[str, ...]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as e:
            raise HttpError(400, f"bad graph IRI {value!r}: {e}") from None
    return tuple(values)


def count_param(params: Mapping[str, list[str]], name: str) -> int | None:
    """A ``limit`` or ``offset`` parameter: a whole number, or None when absent."""
    raw = (params.get(name) or [""])[-1]
    if raw == "":
        return None
    if not raw.isdigit():
        raise HttpError(400, f"{name} must be a whole number 0 or more, not {raw!r}")
    return int(raw)


def describe_query(q: query_module.CannedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [{"name": p.name, "kind": p.kind, "help": p.help} for p in q.params],
        "url": f"/queries/{q.name}",
        "sparql": q.text,
    }


def json_answer(value: Any, status: int = HTTPStatus.OK) -> Answer:
    return Answer(status, "application/json", json.dumps(value, ensure_ascii=False).encode())
