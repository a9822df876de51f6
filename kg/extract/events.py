"""Events: calls, meetings, visits (consult), negotiations and signings, with who took part.

An event hangs on a verb ("spoke", "met", "visited", "negotiated", "signed") or a noun
held by someone ("held a phone call", "talks between X and Y"). Participants are the
subject's actors plus those named after "with"/"between" or as the object. An event
needs two participants: "Xi held talks" alone says too little to record.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.actors import ActorResolver
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    governing_verb,
    is_negated,
    prep_objects,
    verb_chain,
)
from kg.model import Actor, Event


def extract_events(sent: Span, resolver: ActorResolver, published: dt.date | None) -> list[Event]:
    events: list[Event] = []
    used: set[int] = set()
    for token in sent:
        found = _event_at(token, sent, resolver, published, used)
        if found is not None:
            events.append(found)
    return events


def _cue(token: Token) -> tuple[str, str | None, Token] | None:
    """(type, subtype, verb) when ``token`` signals an event."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in lexicon.EVENT_VERBS:
        if lemma == "speak" and not prep_objects(token, "with", "by"):
            return None
        if lemma == "sign" and not _signs_agreement(token):
            return None
        kind, subtype = lexicon.EVENT_VERBS[lemma]
        return kind, subtype, token
    if token.pos_ == "VERB" and lemma == "call" and _calls_actor(token):
        return "consult", "call", token
    if token.pos_ == "NOUN" and lemma in lexicon.EVENT_NOUNS:
        verb = governing_verb(token)
        between = prep_objects(token, "between", "with")
        held = verb is not None and verb.lemma_.lower() in lexicon.HOLD_VERBS
        if held or between:
            kind, subtype = lexicon.EVENT_NOUNS[lemma]
            if lemma in ("talk", "talks") and any(
                c.lemma_.lower() in ("trade", "tariff") for c in token.children
            ):
                kind, subtype = "negotiate", None
            return kind, subtype, verb if verb is not None else token
    return None


def _signs_agreement(verb: Token) -> bool:
    obj = child(verb, "dobj")
    return obj is not None and obj.lemma_.lower() in lexicon.AGREEMENT_NOUNS | {"memorandum"}


def _calls_actor(verb: Token) -> bool:
    """ "Trump called Xi" is a phone call; "called on", "called for", "called X a Y" are not."""
    if child(verb, "oprd", "xcomp", "ccomp") or prep_objects(verb, "on", "for"):
        return False
    return child(verb, "dobj") is not None


def _event_at(
    token: Token,
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
    used: set[int],
) -> Event | None:
    cue = _cue(token)
    if cue is None:
        return None
    kind, subtype, verb = cue
    if verb.i in used or is_negated(verb) or verb.dep_ in ("amod",):
        return None
    participants = _participants(token, verb, resolver)
    if len(participants) < 2:
        return None
    used.add(verb.i)
    chain = verb_chain(verb) if verb.pos_ in ("VERB", "AUX") else [verb]
    return Event(
        type=kind,
        subtype=subtype,
        participants=tuple(participants),
        evidence=evidence(sent),
        date=date_for(chain, sent, published),
        place=_place(token, verb),
        confidence=0.75,
    )


def _participants(token: Token, verb: Token, resolver: ActorResolver) -> list[Actor]:
    found: list[Actor] = []
    heads = [verb] if verb == token else [token, verb]
    for head in heads:
        subject = child(head, "nsubj", "nsubjpass")
        if subject is None and head.dep_ in ("xcomp", "advcl", "conj"):
            subject = child(head.head, "nsubj")
        if subject is not None:
            found += resolver.resolve_all(subject)
        for obj in prep_objects(head, "with", "between", "by"):
            found += resolver.resolve_all(obj)
        obj = child(head, "dobj")
        if obj is not None and obj != token:
            found += resolver.resolve_all(obj)
            for partner in prep_objects(obj, "with", "between"):  # "signed a deal with X"
                found += resolver.resolve_all(partner)
    return list(dict.fromkeys(found))


def _place(token: Token, verb: Token) -> str | None:
    for head in (token, verb):
        for obj in prep_objects(head, "in", "at"):
            if obj.ent_type_ == "GPE" or obj.ent_type_ == "FAC":
                return obj.text
    return None
