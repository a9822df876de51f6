"""Extraction: articles in, plain :class:`kg.model.Extraction` records out. No RDF here.

>>> from kg.extract import Extractor
>>> extractor = Extractor()                     # doctest: +SKIP
>>> extraction = extractor.extract(article)     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg import gazetteer as gazetteer_module
from kg.errors import InputError
from kg.extract.actors import ActorResolver
from kg.extract.claims import extract_claims
from kg.extract.discourse import Discourse, deed_doers
from kg.extract.events import extract_events
from kg.extract.policies import consolidate, extract_policies
from kg.gazetteer import Gazetteer
from kg.model import Actor, Article, Extraction
from kg.nlp import load_pipeline

__all__ = ["Extractor", "extract_doc"]


class Extractor:
    """Holds the loaded pipeline and gazetteer; extracts one article or a stream."""

    def __init__(self, gazetteer: Gazetteer | None = None, nlp: Language | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else gazetteer_module.load()
        self.nlp = nlp if nlp is not None else load_pipeline(self.gazetteer)

    def extract(self, article: Article) -> Extraction:
        return extract_doc(self.nlp(article.text), article, self.gazetteer)

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[Extraction | InputError]:
        """Stream extractions; spaCy batches the parsing (``nlp.pipe``). An article the
        extractor chokes on is yielded as an :class:`InputError`, so a batch goes on."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            try:
                yield extract_doc(doc, article, self.gazetteer)
            except Exception as e:  # a bug must cost one article, not the batch
                yield InputError(article.origin, f"extraction failed: {type(e).__name__}: {e}")


def extract_doc(doc: Doc, article: Article, gazetteer: Gazetteer) -> Extraction:
    """Everything one parsed article says: actors, claims, policies, events."""
    published = article.published_date
    resolver = ActorResolver(doc, gazetteer, published.isoformat() if published else None)
    result = Extraction(article=article)
    discourse = Discourse()
    for sent in doc.sents:
        discourse.next_sentence(sent)
        policies = extract_policies(sent, resolver, published)
        for policy in policies:  # a reaction in the same sentence can point back to it
            if policy.imposer is not None and policy.status != "revoked":
                discourse.did(policy.imposer)
        for doer in deed_doers(sent):
            actor = resolver.resolve(doer)[0]
            if actor is not None:
                discourse.did(resolver.government_of(actor))
        result.claims += extract_claims(sent, resolver, published, discourse)
        result.policies += policies
        result.events += extract_events(sent, resolver, published)
    result.policies = consolidate(result.policies)
    actors = dict(resolver.actors)
    for fact_actor in _fact_actors(result):
        actors.setdefault(fact_actor.key, fact_actor)
    result.actors = _with_relations(actors, gazetteer)
    for fact in result.claims + result.policies:
        for tech in fact.about:
            resolver.technologies.setdefault(tech.key, tech)
    result.technologies = dict(resolver.technologies)
    result.roles = [
        r for r in resolver.roles if r.holder in result.actors and r.of in result.actors
    ]
    return result


def _fact_actors(result: Extraction) -> Iterator[Actor]:
    """Actors that facts reach through roles, demonyms or pronouns, not only by name."""
    for claim in result.claims:
        yield claim.speaker
        if claim.target:
            yield claim.target
    for policy in result.policies:
        yield from (a for a in (policy.imposer, policy.target, *policy.parties) if a)
    for event in result.events:
        yield from event.participants


def _with_relations(actors: dict[str, Actor], gazetteer: Gazetteer) -> dict[str, Actor]:
    """Mentioned actors, plus the governments their people and ministries belong to,
    so that "leader of" and "part of" edges land on described actors."""
    out = dict(actors)
    todo = list(actors.values())
    while todo:  # issue 10: transitively, and the bodies people speak for or hold offices in
        actor = todo.pop()
        related = (actor.leader_of, actor.part_of, actor.speaks_for, *(r.of for r in actor.roles))
        for key in related:
            if key and key not in out and key in gazetteer.actors:
                out[key] = gazetteer.actors[key]
                todo.append(out[key])
    return out
