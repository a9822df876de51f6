"""From an :class:`~kg.model.Extraction` to RDF: the article's own graph, and the shared
descriptions of the actors and technologies it mentions.

IRIs are deterministic: the same article extracted twice gives the same triples.

>>> from kg.model import Article, Extraction
>>> write = article_write(Extraction(Article(text="Nothing happened.", id="a1")))
>>> str(write.graph)
'https://w3id.org/kg/id/article/a1'
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.model import (
    Actor,
    Article,
    Claim,
    Event,
    Evidence,
    Extraction,
    Policy,
    Role,
    Technology,
)
from kg.terms import (
    ACTOR_CLASS,
    CLAIM_CLASS,
    DCTERMS,
    EVENT_CLASS,
    EVENT_SUBTYPE_CLASS,
    ID,
    KG,
    OWL,
    POLICY_CLASS,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    WD,
    XSD,
)

Triple = tuple[Node, Node, Node]


@dataclass
class ArticleWrite:
    """Everything written for one article: its graph, and its shared-actor triples."""

    graph: URIRef
    triples: list[Triple]
    shared: list[Triple]  # descriptions of actors and technologies, in the shared graph
    content_hash: str


# Article metadata keys with a home in the ontology; other keys are not stored.
_METADATA = {
    "author": DCTERMS.creator,
    "authors": DCTERMS.creator,
    "language": DCTERMS.language,
    "summary": DCTERMS.abstract,
    "description": DCTERMS.abstract,
    "keywords": DCTERMS.subject,
    "tags": DCTERMS.subject,
}


def article_iri(key: str) -> URIRef:
    return ID[f"article/{quote(key, safe='')}"]


# Actors and technologies recur from article to article: their IRIs and descriptions are
# made once (rdflib validates every IRI it makes).
@lru_cache(maxsize=65536)
def actor_iri(key: str) -> URIRef:
    return ID[f"actor/{quote(key, safe='')}"]


@lru_cache(maxsize=4096)
def technology_iri(key: str) -> URIRef:
    return ID[f"technology/{quote(key, safe='')}"]


def _hashed(kind: str, *parts: object) -> URIRef:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return ID[f"{kind}/{digest}"]


def date_literal(value: str) -> Literal:
    """An ISO date of any precision as the matching XSD type."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 4))), datatype=XSD.decimal)


def article_write(extraction: Extraction) -> ArticleWrite:
    """The triples of one article's graph and of the shared graph."""
    article = extraction.article
    graph = article_iri(article.key)
    triples: list[Triple] = _article_triples(graph, article)
    mentioned = [actor_iri(k) for k in extraction.actors] + [
        technology_iri(k) for k in extraction.technologies
    ]
    triples += [(graph, KG.mentions, iri) for iri in mentioned]
    for claim in extraction.claims:
        triples += _claim_triples(graph, article, claim)
    for policy in extraction.policies:
        triples += _policy_triples(graph, article, policy)
    for event in extraction.events:
        triples += _event_triples(graph, article, event)
    for role in extraction.roles:
        triples += _text_role_triples(graph, article, role)
    shared: list[Triple] = []
    for actor in extraction.actors.values():
        shared += actor_triples(actor)
    for tech in extraction.technologies.values():
        shared += technology_triples(tech)
    return ArticleWrite(graph, _unique(triples), _unique(shared), article.content_hash)


def _unique(triples: list[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))


def _article_triples(graph: URIRef, article: Article) -> list[Triple]:
    t: list[Triple] = [
        (graph, RDF.type, KG.Article),
        (graph, DCTERMS.identifier, Literal(article.key)),
        (graph, KG.contentHash, Literal(article.content_hash)),
    ]
    if article.title:
        t.append((graph, DCTERMS.title, Literal(article.title)))
    if article.published:
        t.append((graph, DCTERMS.issued, _published(article.published)))
    if article.url:
        t.append((graph, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.source:
        t.append((graph, DCTERMS.publisher, Literal(article.source)))
    for key, prop in _METADATA.items():
        value = article.metadata.get(key)
        values = value if isinstance(value, list) else [value]
        t += [(graph, prop, Literal(str(v))) for v in values if v not in (None, "")]
    return t


def _published(value: dt.date | dt.datetime) -> Literal:
    if isinstance(value, dt.datetime):
        return Literal(value.replace(tzinfo=value.tzinfo).isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def _evidence_triples(graph: URIRef, article: Article, ev: Evidence) -> tuple[URIRef, list[Triple]]:
    iri = _hashed("evidence", article.key, ev.char_start, ev.char_end)
    t: list[Triple] = [
        (iri, RDF.type, KG.Evidence),
        (iri, KG.sentence, Literal(ev.sentence)),
        (iri, KG.charStart, Literal(ev.char_start)),
        (iri, KG.charEnd, Literal(ev.char_end)),
        (iri, PROV.wasDerivedFrom, graph),
    ]
    if ev.quote:
        t.append((iri, KG.quote, Literal(ev.quote)))
    return iri, t


def _fact(
    graph: URIRef, article: Article, iri: URIRef, cls: URIRef, ev: Evidence, confidence: float
) -> list[Triple]:
    ev_iri, t = _evidence_triples(graph, article, ev)
    return t + [
        (iri, RDF.type, cls),
        (iri, KG.evidence, ev_iri),
        (iri, KG.confidence, _decimal(confidence)),
        (iri, PROV.wasDerivedFrom, graph),
    ]


def _claim_triples(graph: URIRef, article: Article, c: Claim) -> list[Triple]:
    target = c.target.key if c.target else ""
    iri = _hashed(
        "claim", article.key, c.type, c.evidence.char_start, c.speaker.key, target, c.content
    )
    t = _fact(graph, article, iri, CLAIM_CLASS[c.type], c.evidence, c.confidence)
    t += [
        (iri, KG.speaker, actor_iri(c.speaker.key)),
        (iri, KG.content, Literal(c.content)),
    ]
    if c.cue:
        t.append((iri, KG.cue, Literal(c.cue)))
    if c.target:
        t.append((iri, KG.target, actor_iri(c.target.key)))
    if c.date:
        t.append((iri, KG.date, date_literal(c.date)))
    t += [(iri, KG.about, technology_iri(x.key)) for x in c.about]
    return t


def _policy_triples(graph: URIRef, article: Article, p: Policy) -> list[Triple]:
    keys = [a.key if a else "" for a in (p.imposer, p.target)]
    iri = _hashed(
        "policy", article.key, p.type, p.evidence.char_start, *keys, p.rate_from, p.rate_to
    )
    t = _fact(graph, article, iri, POLICY_CLASS[p.type], p.evidence, p.confidence)
    t.append((iri, KG.status, Literal(p.status)))
    if p.imposer:
        t.append((iri, KG.imposer, actor_iri(p.imposer.key)))
    if p.target:
        t.append((iri, KG.target, actor_iri(p.target.key)))
    t += [(iri, KG.party, actor_iri(a.key)) for a in p.parties]
    if p.goods:
        t.append((iri, KG.goods, Literal(p.goods)))
    if p.rate_from is not None:
        t.append((iri, KG.rateFrom, _decimal(p.rate_from)))
    if p.rate_to is not None:
        t.append((iri, KG.rateTo, _decimal(p.rate_to)))
    if p.unit:
        t.append((iri, KG.unit, Literal(p.unit)))
    if p.date:
        t.append((iri, KG.date, date_literal(p.date)))
    if p.effective_date:
        t.append((iri, KG.effectiveDate, date_literal(p.effective_date)))
    t += [(iri, KG.about, technology_iri(x.key)) for x in p.about]
    return t


def _event_triples(graph: URIRef, article: Article, e: Event) -> list[Triple]:
    keys = sorted(a.key for a in e.participants)
    iri = _hashed("event", article.key, e.type, e.evidence.char_start, *keys)
    t = _fact(graph, article, iri, EVENT_CLASS[e.type], e.evidence, e.confidence)
    if e.subtype:
        t.append((iri, RDF.type, EVENT_SUBTYPE_CLASS[e.subtype]))
    t += [(iri, KG.participant, actor_iri(a.key)) for a in e.participants]
    if e.date:
        t.append((iri, KG.date, date_literal(e.date)))
    if e.place:
        t.append((iri, KG.place, Literal(e.place)))
    return t


def _text_role_triples(graph: URIRef, article: Article, role: Role) -> list[Triple]:
    """A role the article states ("Foreign Ministry spokesperson Guo Jiakun"), with its
    evidence, and the holder's kg:speaksFor, in the article's graph."""
    start = role.evidence.char_start if role.evidence else ""
    iri = _hashed("role", article.key, role.holder, role.of, role.role, start)
    holder, of = actor_iri(role.holder), actor_iri(role.of)
    t = _role_node(iri, holder, of, role) + [
        (iri, PROV.wasDerivedFrom, graph),
        (holder, KG.speaksFor, of),
    ]
    if role.evidence:
        ev_iri, ev = _evidence_triples(graph, article, role.evidence)
        t += ev + [(iri, KG.evidence, ev_iri)]
    return t


def _role_node(iri: URIRef, holder: URIRef, of: URIRef, role: Role) -> list[Triple]:
    t: list[Triple] = [
        (iri, RDF.type, KG.Role),
        (holder, KG.holdsRole, iri),
        (iri, KG.roleIn, of),
        (iri, KG.roleType, Literal(role.role)),
    ]
    if role.title:
        t.append((iri, KG.title, Literal(role.title)))
    if role.start:
        t.append((iri, KG.startDate, date_literal(role.start)))
    if role.end:
        t.append((iri, KG.endDate, date_literal(role.end)))
    return t


@lru_cache(maxsize=16384)
def actor_triples(actor: Actor) -> tuple[Triple, ...]:
    """The shared description of an actor: types, labels, Wikidata, relations."""
    iri = actor_iri(actor.key)
    t: list[tuple[Node, Node, Node]] = [
        (iri, RDF.type, ACTOR_CLASS[actor.type]),
        (iri, SKOS.prefLabel, Literal(actor.name)),
    ]
    t += [(iri, SKOS.altLabel, Literal(a)) for a in actor.aliases if a != actor.name]
    if actor.wikidata:
        t.append((iri, OWL.sameAs, WD[actor.wikidata]))
    if actor.leader_of:
        t.append((iri, KG.leaderOf, actor_iri(actor.leader_of)))
    if actor.part_of:
        t.append((iri, KG.partOf, actor_iri(actor.part_of)))
    if actor.speaks_for:
        t.append((iri, KG.speaksFor, actor_iri(actor.speaks_for)))
    for role in actor.roles:  # the gazetteer's offices, dated
        node = _hashed("role", role.holder, role.of, role.role, role.start or "")
        t += _role_node(node, iri, actor_iri(role.of), role)
    return tuple(t)


@lru_cache(maxsize=4096)
def technology_triples(tech: Technology) -> tuple[Triple, ...]:
    """The shared description of a technology: type, labels, Wikidata."""
    iri = technology_iri(tech.key)
    t: list[Triple] = [(iri, RDF.type, KG.Technology), (iri, SKOS.prefLabel, Literal(tech.name))]
    t += [(iri, SKOS.altLabel, Literal(a)) for a in tech.aliases if a != tech.name]
    if tech.wikidata:
        t.append((iri, OWL.sameAs, WD[tech.wikidata]))
    return tuple(t)
