"""Whom a claim is aimed at: its grammatical target, the doer of the act it is about,
the state a threat is aimed at, and the stance its words carry.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.actors import ActorResolver
from kg.extract.discourse import Discourse
from kg.extract.spans import (
    child,
    judged_as,
    judged_thing,
    predicate_of,
    prep_objects,
    quote_tokens,
    subtree,
)
from kg.extract.stance import Stance, stance
from kg.model import Actor


def label_of(verb: Token) -> Token | None:
    """What "called X a Y" / "described X as Y" labels X with: Y's head."""
    if verb.lemma_.lower() in lexicon.JUDGING_VERBS:
        return judged_as(verb)
    label = predicate_of(verb) if verb.lemma_.lower() == "call" else child(verb, "oprd")
    if label is None and verb.lemma_.lower() in lexicon.LABEL_VERBS:
        for c in verb.children:  # "as a threat", "as extremely hard to deal with"
            if c.dep_ == "prep" and c.lower_ == "as":
                label = next(iter(c.children), None)
    return label


def stance_of_words(
    verb: Token, complement: Token | None, sent: Span, speaker: Actor, resolver: ActorResolver
) -> tuple[str, Actor | None]:
    """The type and target that the reported words give a statement: its clause, the
    label it gives ("called it blackmail"), else its quote."""
    label = label_of(verb)
    if label is not None:
        words = subtree(label)
    elif complement is not None:
        words = subtree(complement)
    else:
        words = [t for t in quote_tokens(sent) if t.i > verb.i or verb.i - t.i < 40]
    found = stance(words)
    if found is None:
        return "state", None
    kind, target = resolve_stance(found, words, speaker, resolver)
    if kind == "state" or target is not None:
        return kind, target
    own = {speaker.key, speaker.leader_of, speaker.part_of, resolver.government_of(speaker).key}
    if label is not None:
        obj = child(verb, "dobj")
        owner = resolver.resolve(obj)[0] if obj is not None else None
        if owner is not None and owner.key not in own:
            return kind, owner  # "called Trump's order decisive": Trump
        if obj is not None and kind in ("accuse", "criticize", "demand", "threaten"):
            for actor in resolver.actors_in(subtree(obj)):
                if actor.key not in own:
                    return kind, actor
            return kind, None
    return kind, actor_named_in(kind, words, own, resolver)


def actor_named_in(
    kind: str, words: list[Token], own: set[str | None], resolver: ActorResolver
) -> Actor | None:
    """For a hostile stance with no grammatical target: the first other actor its words
    name."""
    if kind not in ("accuse", "criticize", "demand", "threaten"):
        return None
    if kind in ("accuse", "criticize"):  # "a stab in the back for X", "transports to X": X suffers
        words = [t for t in words if not _suffers(t)]
        for subject in (t for t in words if t.dep_ in ("nsubj", "nsubjpass")):
            doer = resolver.resolve(subject)[0]  # "that this airline carries out ..."
            if doer is not None and doer.key not in own:
                return doer
    named = next((a for a in resolver.actors_in(words) if a.key not in own), None)
    if named is not None and kind == "threaten":
        named = resolver.government_of(named)  # a threat is aimed at a state
    return named if named is None or named.key not in own else None


def _suffers(token: Token) -> bool:
    """Whether the token is in the object of "for" or "to", or owns an act done to it:
    whom a wrong is done to."""
    for t in (token, *token.ancestors):
        if t.dep_ == "pobj" and t.head.lower_ in ("for", "to"):
            return True
        if t.dep_ == "poss" and t.head.lemma_.lower() in lexicon.DONE_TO:
            return True
        if t.dep_ not in ("compound", "poss", "amod", "det", "pobj", "conj", "appos"):
            return False
    return False


def resolve_stance(
    found: Stance, words: list[Token], speaker: Actor, resolver: ActorResolver
) -> tuple[str, Actor | None]:
    """The claim type and target of a stance read from ``words`` said by ``speaker``:
    a wrong of the speaker's own side is no accusation, regret over it no criticism."""
    own = {speaker.key, speaker.leader_of, speaker.part_of, resolver.government_of(speaker).key}
    if found.doer is not None:  # a concession is made by the speaker's side, or by no one
        doer = resolver.resolve(found.doer)[0]
        if doer is None or resolver.government_of(doer).key not in own:
            return "state", None
    target = None
    if found.target is not None:
        actor = resolver.resolve(found.target)[0]
        if (
            actor is not None
            and resolver.government_of(actor).key in own
            and found.type == "accuse"
        ):
            return "state", None  # a wrong one's own side did is no accusation
        if actor is not None and actor.key not in own:
            target = actor
    feels = any(t.lemma_.lower() in lexicon.EXPERIENCED for t in words)  # "was disappointed"
    if found.type == "criticize" and not feels and _own_side_speaks(words, own, resolver):
        return "state", None  # "Iran deeply regrets this disastrous mistake": regret
    if target is None and found.target is not None and found.target.pos_ == "NOUN":
        # "said the tariffs violated WTO rules": whoever imposed the tariffs
        doer = resolver.doer_of(found.target, own)
        target = doer if doer is not None and doer.key not in own else None
    return found.type, target


# Claims about an act are aimed at whoever did it: "condemned the operation".
AT_DOERS = frozenset({"criticize", "reject", "accuse", "praise", "deny"})


_GENERIC_ACTS = frozenset({"move", "decision", "measure", "step", "action", "policy", "act"})


# Stances that react to someone's measure: with no target in the sentence, they are
# aimed at whoever took the last measure the article reported (not the speaker's side).
REACTIONS = frozenset({"criticize", "accuse", "reject", "threaten"})


def reacted_to(speaker: Actor, resolver: ActorResolver, discourse: Discourse) -> Actor | None:
    side = resolver.government_of(speaker)
    own = {k for k in (speaker.key, side.key, speaker.part_of, speaker.leader_of) if k}
    return discourse.last_doer(own)


def _demonym_on(noun: Token, resolver: ActorResolver) -> Actor | None:
    return resolver.demonym_on(noun)


def children_of(verb: Token, dep: str) -> list[Token]:
    return [c for c in verb.children if c.dep_ == dep]


def doer_target(
    verb: Token,
    thing: Token | None,
    speaker: Actor,
    resolver: ActorResolver,
    discourse: Discourse,
) -> Actor | None:
    """The doer of the act a claim is about: its object ("denounced the agreement"), or
    its passive subject ("the operation was condemned by ..."), or what it labels."""
    noun = thing if thing is not None else child(verb, "dobj") or judged_thing(verb)
    if noun is None:
        objs = prep_objects(verb, "against", "at", "of", "over", "on")
        noun = objs[0] if objs else None
    if noun is None and (label := label_of(verb)) is not None:
        # the parser ran object and label together ("called [Canada's response firm]")
        own = {k for k in (speaker.key, speaker.leader_of, speaker.part_of) if k}
        named = [a for a in resolver.actors_in(subtree(label)) if a.key not in own]
        found = named[0] if named else _demonym_on(label, resolver)
        return found if found is not None and found.key not in own else None
    if noun is not None and noun.lower_ in ("it", "this", "them") and verb.dep_ == "advcl":
        # "commented on the deal, calling it illegal": "it" is what the main verb names
        objs = [*children_of(verb.head, "dobj"), *prep_objects(verb.head, "on", "about", "over")]
        noun = objs[0] if objs else noun
    if noun is None or noun.pos_ not in ("NOUN", "PRON"):
        return None
    own = {k for k in (speaker.key, speaker.leader_of, speaker.part_of) if k}
    doer = resolver.doer_of(noun, own) if noun.pos_ == "NOUN" else None
    if doer is None and noun.pos_ == "NOUN":
        doer = _demonym_on(noun, resolver)  # "the Turkish-Libyan deal"
    if doer is None and noun.lemma_.lower() in _GENERIC_ACTS:
        doer = discourse.last_doer(own)
    return doer if doer is not None and doer.key not in own else None


def _own_side_speaks(words: list[Token], own: set[str | None], resolver: ActorResolver) -> bool:
    """Whether the reported clause's subject is the speaker's own side."""
    subject = next((t for t in words if t.dep_ in ("nsubj", "nsubjpass")), None)
    actor = resolver.resolve(subject)[0] if subject is not None else None
    return actor is not None and resolver.government_of(actor).key in own


def target_of(
    verb: Token, kind: str, complement: Token | None, speaker: Actor, resolver: ActorResolver
) -> Actor | None:
    """The actor a claim is aimed at: its object, a prepositional object, or the subject
    or first actor of its clause, by claim type."""
    candidates: list[Token] = []
    obj = child(verb, "dobj", "dative")
    if kind not in ("state", "agree", "deny") and obj is not None:
        if verb.lemma_.lower() in lexicon.EXPRESS_VERBS:  # "made threats against X"
            candidates += prep_objects(obj, "against", "to", "with", "on", "at", "over")
        else:
            candidates.append(obj)
    preps = {
        "demand": ("on", "for", "from"),
        "appeal": ("to", "from"),
        "agree": ("with",),
        "warn": ("against", "of"),
        "state": ("to",),
        "threaten": ("with", "against", "on"),
        "criticize": ("at", "against"),  # "hit back at Washington", "railed against X"
        "reject": ("from",),
    }.get(kind, ())
    candidates += prep_objects(verb, *preps)
    if kind in ("appeal", "demand") and verb.dep_ == "advcl":
        candidates += prep_objects(verb.head, "to")  # "wrote to the embassy asking it to ..."
    if kind in ("state", "deny", "agree") and obj is not None:
        candidates.append(obj)
    if complement is not None and kind != "warn":  # "warned that the economy would suffer"
        subject = child(complement, "nsubj", "nsubjpass")
        if subject is not None:
            candidates.append(subject)
    own = {speaker.key, speaker.leader_of, speaker.part_of}
    for token in candidates:
        actor = resolver.resolve(token)[0]
        if actor is None and kind in ("demand", "appeal"):
            # "demanded an explanation from Russia", "asked for an apology from X"
            froms = prep_objects(token, "from")
            actor = resolver.resolve(froms[0])[0] if froms else None
        if actor is None and kind in ("accuse", "criticize", "reject"):
            # "alleged Iranian involvement", "condemned Russian aggression"
            actor = _demonym_on(token, resolver)
        if actor is not None and actor.key not in own:
            return actor
    if kind in ("threaten", "warn"):
        for clause in [verb, *([complement] if complement is not None else [])]:
            for c in clause.children:  # "warned of countermeasures if Washington went ahead"
                if c.dep_ == "advcl" and any(g.lower_ in ("if", "unless") for g in c.children):
                    subject = child(c, "nsubj")
                    actor = resolver.resolve(subject)[0] if subject is not None else None
                    if actor is not None and actor.key not in own:
                        return actor
    if complement is not None and kind in ("threaten", "agree"):
        for actor in resolver.actors_in(subtree(complement)):
            if actor.key not in own:
                # a threat named in passing is aimed at a state ("respond to any increase")
                return resolver.government_of(actor) if kind == "threaten" else actor
        for token in subtree(complement):
            actor = resolver.demonym(token)
            if actor is not None and actor.key not in own:
                return actor
    return None
