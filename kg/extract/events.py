"""Events: calls, meetings, visits (consult), negotiations and signings, with who took part.

An event hangs on a verb ("spoke", "met", "visited", "negotiated", "signed") or a noun
held by someone ("held a phone call", "talks between X and Y"). Participants are the
subject's actors plus those named after "with"/"between" or as the object. An event
needs two participants: "Xi held talks" alone says too little to record.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from kg.extract import event_words, measure_words
from kg.extract.actors import ActorResolver
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    governing_verb,
    is_negated,
    predicate_of,
    prep_objects,
    tokens_of,
    verb_chain,
)
from kg.model import Actor, Event


def extract_events(sent: Span, resolver: ActorResolver, published: dt.date | None) -> list[Event]:
    events: list[Event] = []
    used: set[int] = set()
    for token in tokens_of(sent):
        if token.lemma_.lower() in _CUE_LEMMAS:  # most words are no cue: skip them cheaply
            events += _event_at(token, sent, resolver, published, used)
    return events


_CUE_LEMMAS = frozenset({*event_words.EVENT_VERBS, *event_words.EVENT_NOUNS, "call"})


def _cue(token: Token) -> tuple[str, str | None, Token] | None:
    """(type, subtype, verb) when ``token`` signals an event."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in event_words.EVENT_VERBS:
        if lemma == "speak" and not (prep_objects(token, "with") or _by_phone(token)):
            return None
        if lemma == "sign" and not _signs_agreement(token):
            return None
        kind, subtype = event_words.EVENT_VERBS[lemma]
        return kind, subtype, token
    if token.pos_ == "VERB" and lemma == "call" and _calls_actor(token):
        return "consult", "call", token
    if token.pos_ == "NOUN" and lemma in event_words.EVENT_NOUNS:
        verb = governing_verb(token)
        between = prep_objects(token, "between", "with")
        held = verb is not None and verb.lemma_.lower() in event_words.HOLD_VERBS
        visit_to = lemma == "visit" and prep_objects(token, "to")  # "during a visit to Delhi"
        theirs = any(c.dep_ == "poss" and c.lower_ == "their" for c in token.children)
        if held or between or visit_to or theirs:  # "raised it with X during their meeting"
            kind, subtype = event_words.EVENT_NOUNS[lemma]
            if lemma in ("talk", "talks") and any(
                c.lemma_.lower() in ("trade", "tariff") for c in token.children
            ):
                kind, subtype = "negotiate", None
            return kind, subtype, verb if verb is not None else token
    return None


def _signs_agreement(verb: Token) -> bool:
    obj = child(verb, "dobj", "nsubjpass")
    return obj is not None and obj.lemma_.lower() in measure_words.AGREEMENT_NOUNS | {"letter"}


def _by_phone(verb: Token) -> bool:
    """ "spoke by phone", "spoke on the phone", "spoke by telephone"."""
    return any(
        o.lemma_.lower() in ("phone", "telephone", "video", "videoconference", "call")
        for o in prep_objects(verb, "by", "on", "over", "via")
    )


def _calls_actor(verb: Token) -> bool:
    """ "Trump called Xi" is a phone call; "called on", "called for", "called X a Y" are not."""
    if child(verb, "oprd", "xcomp", "ccomp") or prep_objects(verb, "on", "for"):
        return False
    if predicate_of(verb) is not None:
        return False  # "called Trump's order decisive"
    return child(verb, "dobj") is not None


def _event_at(
    token: Token,
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
    used: set[int],
) -> list[Event]:
    cue = _cue(token)
    if cue is None:
        return []
    kind, subtype, verb = cue
    if verb.i in used or is_negated(verb) or verb.dep_ in ("amod",):
        return []
    used.add(verb.i)
    chain = verb_chain(verb) if verb.pos_ in ("VERB", "AUX") else [verb]
    events = []
    for participants in _meetings(token, verb, resolver):
        if len(participants) < 2:
            continue
        events.append(
            Event(
                type=kind,
                subtype=subtype,
                participants=tuple(participants),
                evidence=evidence(sent),
                date=date_for(chain, sent, published),
                place=_place(token, verb),
                confidence=0.75,
            )
        )
    return events


def _meetings(token: Token, verb: Token, resolver: ActorResolver) -> list[list[Actor]]:
    """Who met whom. "X met with A, then with B" is two meetings; "X met A and B" one."""
    everyone = _participants(token, verb, resolver)
    withs = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    withs += [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.conjuncts
    ]
    if len(withs) < 2 or verb != token:
        return [everyone]
    subject = child(verb, "nsubj")
    hosts = _everyone(subject, resolver) if subject is not None else []
    meetings = []
    for prep in withs:
        guests = [a for o in prep.children if o.dep_ == "pobj" for a in resolver.resolve_all(o)]
        meetings.append(list(dict.fromkeys(hosts + guests)))
    return meetings


def _participants(token: Token, verb: Token, resolver: ActorResolver) -> list[Actor]:
    found: list[Actor] = []
    heads = [verb] if verb == token else [token, verb]
    for head in heads:
        subject = child(head, "nsubj", "nsubjpass")
        if subject is None and head.dep_ in ("xcomp", "advcl", "conj"):
            subject = child(head.head, "nsubj")
        if subject is not None:
            found += _everyone(subject, resolver)
        for obj in prep_objects(head, "with", "between", "by"):
            found += resolver.resolve_all(obj)
        if head is token and token.lemma_.lower() == "visit":  # the host: "a visit to X"
            for obj in prep_objects(token, "to"):
                found += resolver.resolve_all(obj)
        obj = child(head, "dobj")
        if obj is not None and obj != token:
            if obj.lemma_.lower() not in measure_words.AGREEMENT_NOUNS:  # not the deal's own name
                found += resolver.resolve_all(obj)
            for partner in prep_objects(obj, "with", "between"):  # "signed a deal with X"
                found += resolver.resolve_all(partner)
    return list(dict.fromkeys(found))


def _everyone(subject: Token, resolver: ActorResolver) -> list[Actor]:
    """Every actor a subject names: "X and Y", also where the parse has tangled a
    coordination of titled names ("US President A and Turkish President B")."""
    found = resolver.resolve_all(subject)
    named = [a for a in resolver.actors_in(list(subject.subtree)) if a not in found]
    if any(t.dep_ == "cc" for t in subject.subtree):
        found += named
    return found


def _place(token: Token, verb: Token) -> str | None:
    for head in (token, verb):
        for obj in prep_objects(head, "in", "at"):
            if obj.ent_type_ == "GPE" or obj.ent_type_ == "FAC":
                return obj.text
    return None
