"""Claims: who accused, criticised, threatened, praised... whom, of what, in which sentence.

A claim hangs on a cue verb (:data:`kg.extract.lexicon.CLAIM_CUES`). Its speaker is the
verb's subject (or the agent of a passive, or the subject it inherits as a participle
or a conjunct); its target the actor it is aimed at; its content the clause or phrase
that says what is claimed. A "said that" clause whose verb alleges wrongdoing is an
accusation of that clause's subject. Cues inside quotation marks, negated cues and
cues without an actor as speaker give no claim: precision first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.actors import ActorResolver
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    inside_quote,
    is_negated,
    prep_objects,
    quote_in,
    subtree,
    text_of,
    verb_chain,
)
from kg.model import Actor, Claim

_RELATIVE = frozenset({"who", "which", "that"})
_WH_WORDS = frozenset({"what", "which", "whatever", "how", "why"})
_BASE_CONFIDENCE = {"state": 0.6}


def extract_claims(sent: Span, resolver: ActorResolver, published: dt.date | None) -> list[Claim]:
    claims: list[tuple[Token, Claim]] = []
    for token in sent:
        if token.pos_ != "VERB" or token.lemma_.lower() not in _CUES:
            continue
        claims += [(token, c) for c in _claims_at(token, sent, resolver, published)]
    return _tidy(claims)


_CUES = frozenset({*lexicon.CLAIM_CUES, lexicon.VOW, "call", "describe"})


def _claims_at(
    verb: Token, sent: Span, resolver: ActorResolver, published: dt.date | None
) -> list[Claim]:
    """The claim at a cue verb; one per speaker when the subject is coordinated ("the US
    and China agreed"): each speaks to the other unless the sentence names a target."""
    claim = _claim_at(verb, sent, resolver, published)
    if claim is None:
        return []
    speaker_tok, passive = _subject(verb)
    if passive or speaker_tok is None:
        return [claim]
    speakers = resolver.resolve_all(speaker_tok)
    if len(speakers) < 2:
        return [claim]
    claims = []
    for speaker in speakers:
        others = [s for s in speakers if s != speaker]
        target = claim.target if claim.target not in speakers else None
        claims.append(replace(claim, speaker=speaker, target=target or others[0]))
    return claims


def _claim_at(
    verb: Token, sent: Span, resolver: ActorResolver, published: dt.date | None
) -> Claim | None:
    if is_negated(verb) or inside_quote(verb, sent) or verb.dep_ in ("amod", "acl", "compound"):
        return None
    kind = _claim_type(verb)
    if kind is None:
        return None
    speaker_tok, passive = _subject(verb)
    if passive:
        target_tok = speaker_tok
        agents = prep_objects(verb, "by")
        speaker_tok = agents[0] if agents else None
    else:
        target_tok = None
    if speaker_tok is None:
        return None
    speaker, sure = resolver.resolve(speaker_tok)
    if speaker is None:
        return None
    quote = quote_in(sent)
    complement = child(verb, "ccomp", "xcomp")
    if kind == "state" and complement is not None:
        kind = _refine_statement(complement, speaker, resolver) or kind
    if kind == "state" and complement is None and quote is None:
        return None  # "announced new tariffs" is a measure, not a statement
    target = resolver.resolve(target_tok)[0] if target_tok is not None else None
    if target is None:
        target = _target(verb, kind, complement, speaker, resolver)
    asks = kind in ("demand", "appeal") and complement is None
    if asks and target is None and not prep_objects(verb, "for", "on"):
        return None  # "ordered the levy": a measure taken, not a demand made
    content = _content(verb, complement, quote, resolver)
    if not content and passive and target_tok is not None:
        content = text_of(subtree(target_tok))  # "the increase was criticised by X"
    if not content or content.lower() in _WH_WORDS:
        return None  # "what he called profiteering": the outer claim carries it
    confidence = _BASE_CONFIDENCE.get(kind, 0.8) * sure * (1.0 if target else 0.9)
    return Claim(
        type=kind,
        speaker=speaker,
        target=target if target != speaker else None,
        content=content,
        evidence=evidence(sent, quote),
        date=date_for(verb_chain(verb), sent, published),
        confidence=round(confidence, 2),
        about=resolver.technologies_in(subtree(complement) if complement else sent),
        cue=verb.text,
    )


def _claim_type(verb: Token) -> str | None:
    lemma = verb.lemma_.lower()
    preps = {c.lower_ for c in verb.children if c.dep_ == "prep"}
    if lemma == "call":
        if "on" in preps or "for" in preps:
            return "demand"
        label = child(verb, "oprd")
        if label is not None:  # "called the move a betrayal" / "called the talks a success"
            words = {t.lemma_.lower() for t in label.subtree}
            if words & lexicon.NEGATIVE:
                return "criticize"
            return "praise" if words & lexicon.POSITIVE else "state"
        return None
    if lemma == "describe":
        return "criticize" if "as" in preps else None
    if lemma == lexicon.VOW:
        words = {t.lemma_.lower() for t in verb.subtree}
        return "threaten" if words & lexicon.PUNITIVE else "agree"
    if lemma == "ask" and child(verb, "ccomp") and not child(verb, "dobj", "dative"):
        return None  # "asked whether ..." is a question, not an appeal
    return lexicon.CLAIM_CUES.get(lemma)


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject, inherited from the verb above for participles and conjuncts."""
    for _ in range(5):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    return verb.head, False
                return c, c.dep_ == "nsubjpass"
        if verb.dep_ == "relcl":
            return verb.head, False
        if verb.dep_ not in ("xcomp", "advcl", "conj") or verb.head == verb:
            return None, False
        verb = verb.head
    return None, False


def _refine_statement(clause: Token, speaker: Actor, resolver: ActorResolver) -> str | None:
    """A statement whose clause alleges wrongdoing accuses; one that vows punishment threatens."""
    lemma = clause.lemma_.lower()
    subject = child(clause, "nsubj", "nsubjpass")
    who = resolver.resolve(subject)[0] if subject is not None else None
    if lemma in lexicon.WRONGDOING and who is not None and who != speaker:
        return "accuse"
    words = {t.lemma_.lower() for t in clause.subtree}
    modal = any(c.dep_ == "aux" and c.lower_ in ("will", "would") for c in clause.children)
    easing = lemma in lexicon.ACTION_STATUS  # "would suspend its countermeasures" eases
    if modal and not easing and words & lexicon.PUNITIVE and (who is None or who == speaker):
        return "threaten"
    return None


def _target(
    verb: Token, kind: str, complement: Token | None, speaker: Actor, resolver: ActorResolver
) -> Actor | None:
    """The actor a claim is aimed at: its object, a prepositional object, or the subject
    or first actor of its clause, by claim type."""
    candidates: list[Token] = []
    obj = child(verb, "dobj", "dative")
    if kind not in ("state", "agree", "deny") and obj is not None:
        candidates.append(obj)
    preps = {
        "demand": ("on",),
        "appeal": ("to",),
        "agree": ("with",),
        "warn": ("against",),
        "state": ("to",),
        "reject": ("from",),
        "threaten": ("with", "against", "on"),
    }.get(kind, ())
    candidates += prep_objects(verb, *preps)
    if kind in ("state", "deny", "agree") and obj is not None:
        candidates.append(obj)
    if complement is not None:
        subject = child(complement, "nsubj", "nsubjpass")
        if subject is not None:
            candidates.append(subject)
    own = {speaker.key, speaker.leader_of, speaker.part_of}
    for token in candidates:
        actor = resolver.resolve(token)[0]
        if actor is not None and actor.key not in own:
            return actor
    if complement is not None and kind in ("threaten", "warn", "demand", "agree", "appeal"):
        for actor in resolver.actors_in(subtree(complement)):
            if actor.key not in own:
                return actor
        for token in subtree(complement):
            actor = resolver.demonym(token)
            if actor is not None and actor.key not in own:
                return actor
    return None


def _content(
    verb: Token, complement: Token | None, quote: str | None, resolver: ActorResolver
) -> str:
    """What is claimed: the quote, the "of/for/that" phrase, the clause, or the object."""
    for prep in ("of", "for", "over", "as", "against"):
        objs = prep_objects(verb, prep)
        if objs:
            return text_of(subtree(objs[0]))
    if quote and (complement is None or inside_quote(complement, complement.sent)):
        return quote
    if complement is not None:
        return text_of(subtree(complement))
    obj = child(verb, "dobj", "oprd")
    if obj is not None:
        return text_of(subtree(obj))
    for obj in prep_objects(verb, "on", "about", "to", "with"):
        if resolver.actor_at(obj) is None and obj.ent_type_ not in ("DATE", "TIME"):
            # "agreed on a framework", not "agreed with X" nor "on Monday"
            return text_of(subtree(obj))
    return quote or ""


def _introduces(outer: Token, inner: Token) -> bool:
    """Whether ``inner`` elaborates ``outer``: its participle or its reported clause."""
    while inner.head != inner and inner.dep_ in ("advcl", "ccomp", "xcomp"):
        if inner.head == outer:
            return True
        inner = inner.head
    return False


def _tidy(found: list[tuple[Token, Claim]]) -> list[Claim]:
    """Drop statements that only frame a more specific claim of the same speaker, and let
    an untargeted claim borrow the target of the claim it introduces
    ("condemned the moves, accusing Washington of ...")."""
    result: list[Claim] = []
    for verb, claim in found:
        inner = [
            c for v, c in found if v != verb and c.speaker == claim.speaker and _introduces(verb, v)
        ]
        if claim.type == "state" and any(c.type != "state" for c in inner):
            continue
        if claim.target is None:
            targets = [c.target for c in inner if c.target is not None]
            if targets:
                claim.target = targets[0]
        result.append(claim)
    return result
