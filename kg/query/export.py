"""Exports: the whole graph as RDF, and claims or policies as JSON Lines or CSV records.

The record layouts are fixed (scripts depend on them): see :data:`CLAIM_KEYS` and
:data:`POLICY_KEYS`. Actor objects are ``{"iri", "label", "wikidata"}``; article
objects ``{"iri", "id", "title", "url", "published"}``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

import pyoxigraph as ox
import rdflib

from kg.errors import KgError
from kg.store import Store, embedded, python_value
from kg.terms import EVENT_SUBTYPE_CLASS, INDEX_GRAPH, WD

CLAIM_KEYS = (
    "iri",
    "type",
    "speaker",
    "target",
    "content",
    "sentence",
    "char_start",
    "char_end",
    "quote",
    "date",
    "confidence",
    "article",
)
EVENT_KEYS = (
    "iri",
    "type",
    "subtype",
    "participants",
    "date",
    "place",
    "sentence",
    "article",
)
POLICY_KEYS = (
    "iri",
    "type",
    "imposer",
    "target",
    "goods",
    "rate_from",
    "rate_to",
    "unit",
    "status",
    "date",
    "sentence",
    "article",
)
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": None,  # through rdflib
}
_QUAD_FORMATS = ("nquads", "trig")

_ARTICLE_PATTERN = """
    ?article dcterms:identifier ?articleId .
    OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article schema:url ?url }
    OPTIONAL { ?article dcterms:issued ?published }
"""

CLAIMS_QUERY = f"""
SELECT ?claim ?type ?speaker ?speakerLabel ?speakerQid ?target ?targetLabel ?targetQid
       ?content ?sentence ?start ?end ?quote ?date ?confidence
       ?article ?articleId ?title ?url ?published
WHERE {{
  GRAPH ?article {{
    ?claim kg:speaker ?speaker ; a ?class ; kg:content ?content ; kg:evidence ?ev ;
           kg:confidence ?confidence .
    ?ev kg:sentence ?sentence ; kg:charStart ?start ; kg:charEnd ?end .
    OPTIONAL {{ ?ev kg:quote ?quote }}
    OPTIONAL {{ ?claim kg:date ?date }}
    {_ARTICLE_PATTERN}
  }}
  ?class kg:claimType ?type .
  OPTIONAL {{ ?speaker skos:prefLabel ?speakerLabel }}
  OPTIONAL {{ ?speaker owl:sameAs ?speakerQid }}
  OPTIONAL {{
    ?claim kg:target ?target .
    OPTIONAL {{ ?target skos:prefLabel ?targetLabel }}
    OPTIONAL {{ ?target owl:sameAs ?targetQid }}
  }}
}}
ORDER BY ?articleId ?start ?claim
"""

POLICIES_QUERY = f"""
SELECT ?policy ?type ?imposer ?imposerLabel ?imposerQid ?target ?targetLabel ?targetQid
       ?goods ?rateFrom ?rateTo ?unit ?status ?date ?sentence
       ?article ?articleId ?title ?url ?published
WHERE {{
  GRAPH ?article {{
    ?policy kg:status ?status ; a ?class ; kg:evidence ?ev .
    ?ev kg:sentence ?sentence .
    OPTIONAL {{ ?policy kg:goods ?goods }}
    OPTIONAL {{ ?policy kg:rateFrom ?rateFrom }}
    OPTIONAL {{ ?policy kg:rateTo ?rateTo }}
    OPTIONAL {{ ?policy kg:unit ?unit }}
    OPTIONAL {{ ?policy kg:date ?date }}
    {_ARTICLE_PATTERN}
  }}
  ?class kg:policyType ?type .
  OPTIONAL {{
    ?policy kg:imposer ?imposer .
    OPTIONAL {{ ?imposer skos:prefLabel ?imposerLabel }}
    OPTIONAL {{ ?imposer owl:sameAs ?imposerQid }}
  }}
  OPTIONAL {{
    ?policy kg:target ?target .
    OPTIONAL {{ ?target skos:prefLabel ?targetLabel }}
    OPTIONAL {{ ?target owl:sameAs ?targetQid }}
  }}
}}
ORDER BY ?articleId ?policy
"""

EVENTS_QUERY = f"""
SELECT ?event ?type ?subclass ?participant ?participantLabel ?participantQid ?date ?place
       ?sentence ?start ?article ?articleId ?title ?url ?published
WHERE {{
  GRAPH ?article {{
    ?event a ?class ; kg:evidence ?ev .
    ?ev kg:sentence ?sentence ; kg:charStart ?start .
    OPTIONAL {{ ?event kg:participant ?participant }}
    OPTIONAL {{ ?event a ?subclass . ?subclass rdfs:subClassOf kg:Consultation }}
    OPTIONAL {{ ?event kg:date ?date }}
    OPTIONAL {{ ?event kg:place ?place }}
    {_ARTICLE_PATTERN}
  }}
  ?class kg:eventType ?type .
  OPTIONAL {{ ?participant skos:prefLabel ?participantLabel }}
  OPTIONAL {{ ?participant owl:sameAs ?participantQid }}
}}
ORDER BY ?articleId ?start ?event ?participant
"""


def _rows(store: Store, query: str) -> Iterator[dict[str, Any]]:
    result = store.select(query)
    for row in result.dicts():
        yield {k: python_value(v) for k, v in row.items()}


def _actor(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    iri = row.get(prefix)
    if iri is None:
        return None
    qid = row.get(f"{prefix}Qid")
    return {
        "iri": iri,
        "label": row.get(f"{prefix}Label"),
        "wikidata": qid.removeprefix(str(WD)) if qid else None,
    }


def _article(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "iri": row["article"],
        "id": row["articleId"],
        "title": row.get("title"),
        "url": row.get("url"),
        "published": row.get("published"),
    }


def claims(store: Store) -> Iterator[dict[str, Any]]:
    """Every claim as a record with exactly :data:`CLAIM_KEYS`."""
    for row in _rows(store, CLAIMS_QUERY):
        yield {
            "iri": row["claim"],
            "type": row["type"],
            "speaker": _actor(row, "speaker"),
            "target": _actor(row, "target"),
            "content": row["content"],
            "sentence": row["sentence"],
            "char_start": row["start"],
            "char_end": row["end"],
            "quote": row.get("quote"),
            "date": row.get("date"),
            "confidence": row["confidence"],
            "article": _article(row),
        }


def policies(store: Store) -> Iterator[dict[str, Any]]:
    """Every measure as a record with exactly :data:`POLICY_KEYS`."""
    for row in _rows(store, POLICIES_QUERY):
        yield {
            "iri": row["policy"],
            "type": row["type"],
            "imposer": _actor(row, "imposer"),
            "target": _actor(row, "target"),
            "goods": row.get("goods"),
            "rate_from": row.get("rateFrom"),
            "rate_to": row.get("rateTo"),
            "unit": row.get("unit"),
            "status": row["status"],
            "date": row.get("date"),
            "sentence": row["sentence"],
            "article": _article(row),
        }


def events(store: Store) -> Iterator[dict[str, Any]]:
    """Every event as a record with exactly :data:`EVENT_KEYS`; ``participants`` is a
    list of actor objects."""
    subtypes = {str(iri): name for name, iri in EVENT_SUBTYPE_CLASS.items()}
    current: dict[str, Any] | None = None
    for row in _rows(store, EVENTS_QUERY):
        if current is None or current["iri"] != row["event"]:
            if current is not None:
                yield current
            current = {
                "iri": row["event"],
                "type": row["type"],
                "subtype": subtypes.get(str(row.get("subclass"))),
                "participants": [],
                "date": row.get("date"),
                "place": row.get("place"),
                "sentence": row["sentence"],
                "article": _article(row),
            }
        participant = _actor(row, "participant")
        if participant and participant not in current["participants"]:
            current["participants"].append(participant)
    if current is not None:
        yield current


def write_records(records: Iterator[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    """Write records as ``jsonl`` or ``csv`` (nested objects become ``speaker.label`` columns)."""
    count = 0
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt != "csv":
        raise KgError(f"unknown record format {fmt!r} (expected jsonl or csv)")
    writer: csv.DictWriter | None = None
    for record in records:
        flat = _flatten(record)
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat), lineterminator="\n")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif value is None and key in _NESTED:
            flat.update({f"{name}.{k}": None for k in _NESTED[key]})
        else:
            flat[name] = value
    return flat


_NESTED = {
    "speaker": ("iri", "label", "wikidata"),
    "target": ("iri", "label", "wikidata"),
    "imposer": ("iri", "label", "wikidata"),
}


def write_rdf(store: Store, fmt: str, out: IO[bytes]) -> None:
    """The whole graph in an RDF format; quad formats keep the per-article graphs."""
    if fmt not in RDF_FORMATS:
        raise KgError(f"unknown RDF format {fmt!r} (expected one of {', '.join(RDF_FORMATS)})")
    local = embedded(store)
    if local is not None and RDF_FORMATS[fmt] is not None:
        oxformat = RDF_FORMATS[fmt]
        # The page index (kg.store.page_index) is derived from the articles, not exported.
        index = ox.NamedNode(str(INDEX_GRAPH))
        if fmt in _QUAD_FORMATS:
            quads = (q for q in local.oxigraph if q.graph_name != index)
            ox.serialize(quads, out, oxformat)
        else:
            triples = local.oxigraph.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {index}) }}"
            )
            ox.serialize(triples, out, oxformat)
        return
    dataset = _dataset(store)
    if fmt in _QUAD_FORMATS or fmt == "jsonld":
        out.write(dataset.serialize(format="json-ld" if fmt == "jsonld" else fmt, encoding="utf-8"))
    else:
        merged = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        out.write(merged.serialize(format=fmt, encoding="utf-8"))


def _dataset(store: Store) -> rdflib.Dataset:
    result = store.select(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != ?index) }",
        {"index": INDEX_GRAPH},
    )
    dataset = rdflib.Dataset()
    for g, s, p, o in result.rows:
        dataset.graph(g).add((s, p, o))
    return dataset


def write_rdf_text(store: Store, fmt: str) -> str:
    buffer = io.BytesIO()
    write_rdf(store, fmt, buffer)
    return buffer.getvalue().decode("utf-8")
