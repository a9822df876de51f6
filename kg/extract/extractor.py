"""Extraction: articles in, plain :class:`kg.model.Extraction` records out. No RDF here.

>>> from kg.extract import Extractor
>>> extractor = Extractor()                     # doctest: +SKIP
>>> extraction = extractor.extract(article)     # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg import config
from kg.errors import InputError
from kg.extract import gazetteer as gazetteer_module
from kg.extract.actors import ActorResolver
from kg.extract.claims import extract_claims
from kg.extract.discourse import Discourse, act_owners, deed_doers
from kg.extract.events import extract_events
from kg.extract.gazetteer import Gazetteer
from kg.extract.nlp import PIECE_CHARS, load_pipeline, split_text
from kg.extract.parse_process import ParseProcess, can_start
from kg.extract.policies import aimed_at_critics, consolidate, extract_policies
from kg.extract.prefetch import prefetched
from kg.model import Actor, Article, Extraction

__all__ = ["Extractor", "extract_doc"]


class Extractor:
    """Holds the loaded pipeline and gazetteer; extracts one article or a stream.

    :meth:`extract_many` parses ahead while it extracts, so that extraction, and
    whatever the caller does with each result (the store's writes), overlap the parse:
    up to ``parse_ahead`` documents ahead in a thread (:mod:`kg.extract.prefetch`), or,
    with ``parse_process``, in a second process (:mod:`kg.extract.parse_process`),
    which :func:`kg.ingest.ingest` and ``kg ingest`` use: spaCy holds the GIL for most
    of a parse, so a thread overlaps only part of it. The process loads the same
    gazetteer and ``model`` while this one does, so it needs the pipeline built here
    (not ``nlp``) and a second CPU; without them, or with ``KG_PARSE_PROCESS=0``, the
    thread parses. ``parse_ahead`` 0 parses in the caller's thread. :meth:`close` stops
    the process.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        nlp: Language | None = None,
        *,
        model: str | None = None,
        parse_ahead: int = 32,
        parse_process: bool = False,
    ) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else gazetteer_module.load()
        self.parse_ahead = parse_ahead
        self._parser: ParseProcess | None = None
        if parse_process and parse_ahead and nlp is None and can_start() and config.parse_process():
            self._parser = ParseProcess(self.gazetteer, model)  # it loads while this one does
            weakref.finalize(self, self._parser.close)
        self.nlp = nlp if nlp is not None else load_pipeline(self.gazetteer, model)

    def close(self) -> None:
        """Stop the parse process, if there is one; extraction goes on in a thread."""
        if self._parser is not None:
            self._parser.close()
            self._parser = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(self, article: Article) -> Extraction:
        if len(article.text) <= PIECE_CHARS:
            return extract_doc(self.nlp(article.text), article, self.gazetteer)
        result = next(self.extract_many([article]))
        if isinstance(result, InputError):
            raise result
        return result

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[Extraction | InputError]:
        """Stream extractions; spaCy batches the parsing (``nlp.pipe``). An article the
        extractor chokes on is yielded as an :class:`InputError`, so a batch goes on.

        An article longer than :data:`kg.nlp.PIECE_CHARS` is parsed in pieces (cut at
        paragraph breaks) and is still one extraction, its offsets into the whole text.
        """
        parts: list[Extraction] = []
        error: InputError | None = None
        for doc, (article, offset, last) in self._parsed(_pieces(articles), batch_size):
            if error is None:
                try:
                    parts.append(_shifted(extract_doc(doc, article, self.gazetteer), offset))
                except Exception as e:  # a bug must cost one article, not the batch
                    error = InputError(
                        article.origin, f"extraction failed: {type(e).__name__}: {e}"
                    )
            if last:
                yield error or _joined(parts)
                parts, error = [], None

    def _parsed(self, pieces: Iterator[_Piece], batch_size: int) -> Iterator[tuple[Doc, Any]]:
        """``(doc, context)`` of each piece, in order, parsed ahead."""
        if self._parser is not None and self.parse_ahead:
            return self._parsed_elsewhere(self._parser, pieces, batch_size)
        docs = self.nlp.pipe(pieces, as_tuples=True, batch_size=batch_size)
        return prefetched(docs, self.parse_ahead) if self.parse_ahead else docs

    def _parsed_elsewhere(
        self, parser: ParseProcess, pieces: Iterator[_Piece], batch_size: int
    ) -> Iterator[tuple[Doc, Any]]:
        """Through the parse process, once it has loaded its pipeline; here until then."""
        batches = iter(lambda: list(islice(pieces, batch_size)), [])
        for batch in batches:
            if parser.poll_ready():
                yield from _through(parser, self.nlp.vocab, chain([batch], batches))
                return
            docs = self.nlp.pipe([text for text, _ in batch], batch_size=batch_size)
            yield from zip(docs, [context for _, context in batch])


_Piece = tuple[str, tuple[Article, int, bool]]


def _through(
    parser: ParseProcess, vocab: Vocab, batches: Iterable[list[_Piece]]
) -> Iterator[tuple[Doc, Any]]:
    contexts: deque[list[Any]] = deque()

    def texts() -> Iterator[list[str]]:
        for batch in batches:
            contexts.append([context for _, context in batch])
            yield [text for text, _ in batch]

    for docs in parser.parse(texts(), vocab):
        yield from zip(docs, contexts.popleft())


def _pieces(articles: Iterable[Article]) -> Iterator[_Piece]:
    """``(text, (article, offset, last piece?))`` for ``nlp.pipe``: one piece per article,
    or several for a text too long to parse at once."""
    for article in articles:
        if len(article.text) <= PIECE_CHARS:  # the common case: no copy of the text
            yield article.text, (article, 0, True)
            continue
        pieces = split_text(article.text, PIECE_CHARS)
        for i, (offset, piece) in enumerate(pieces):
            yield piece, (article, offset, i == len(pieces) - 1)


def _shifted(part: Extraction, offset: int) -> Extraction:
    """A piece's extraction with its evidence offsets moved into the whole text."""
    if offset:
        for fact in (*part.claims, *part.policies, *part.events, *part.roles):
            ev = fact.evidence
            if ev is not None:
                fact.evidence = dataclasses.replace(
                    ev, char_start=ev.char_start + offset, char_end=ev.char_end + offset
                )
    return part


def _joined(parts: list[Extraction]) -> Extraction:
    """The pieces' extractions as one (the first piece's actor descriptions win)."""
    result = parts[0]
    for part in parts[1:]:
        result.claims += part.claims
        result.policies += part.policies
        result.events += part.events
        result.roles += part.roles
        for key, actor in part.actors.items():
            result.actors.setdefault(key, actor)
        for key, tech in part.technologies.items():
            result.technologies.setdefault(key, tech)
    if len(parts) > 1:  # one policy per measure in the whole article, not per piece
        result.policies = consolidate(result.policies)
    return result


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
        for doer in [*act_owners(sent), *deed_doers(sent)]:
            actor = resolver.resolve(doer)[0]
            if actor is not None:
                discourse.did(resolver.government_of(actor))
        claims = extract_claims(sent, resolver, published, discourse)
        result.claims += claims
        result.policies += aimed_at_critics(policies, claims, resolver)
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
