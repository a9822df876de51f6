"""Whom stance words are about: the subject, object, possessor or agent around a verb
or an evaluative word, read from the dependency parse (for :mod:`kg.extract.stance`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from kg.extract import lexicon, measure_words

__all__ = [
    "agent_of_noun",
    "direct_object",
    "eased",
    "evaluated",
    "first_subject",
    "is_predicate",
    "modal",
    "needs_to",
    "object_of",
    "possessor",
    "prep_object",
    "subject_of",
]


def eased(noun: Token) -> bool:
    """ "would suspend its countermeasures": the measure is being eased, not threatened."""
    return noun.head.lemma_.lower() in measure_words.ACTION_STATUS


def modal(verb: Token, modals: tuple[str, ...]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def needs_to(verb: Token) -> bool:
    """ "X needs to stop", "X has to stop": the governing verb is need/have + xcomp."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_.lower() in ("need", "have")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def subject_of(verb: Token) -> Token | None:
    for _ in range(4):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.dep_ != "expl":
                return c
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
        else:
            break
    return None


def first_subject(tokens: Sequence[Token]) -> Token | None:
    for t in tokens:
        if t.dep_ in ("nsubj", "nsubjpass"):
            return t
    return None


def possessor(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss" or (
            c.dep_ in ("compound", "amod")
            and c.pos_ in ("PROPN", "ADJ")
            and c.text[:1].isupper()  # "Chinese aggression", not "the biggest lie"
        ):
            return c
    return None


def agent_of_noun(noun: Token) -> Token | None:
    """ "aggression by X", "violation of ... by X", "the lie told by X"."""
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
        if c.dep_ == "acl" and c.tag_ == "VBN":
            found = agent_of_noun(c)
            if found is not None:
                return found
    return None


def is_predicate(noun: Token) -> bool:
    """ "This is a violation": the noun says what something is."""
    return noun.dep_ in ("attr", "oprd", "dobj", "ROOT", "appos", "pobj")


def object_of(verb: Token) -> Token | None:
    return direct_object(verb) or prep_object(verb, "on", "against", "at")


def direct_object(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            return c
    return None


def prep_object(verb: Token, *preps: str) -> Token | None:
    for c in verb.children:  # "agent": the "by" of a passive ("disappointed by X's move")
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def evaluated(word: Token) -> Token | None:
    """Whose thing an evaluative word judges: the subject of "X's move is unfair", the
    possessor of "X's unfair move", the noun's owner in "an aggression by X"."""
    if word.lemma_.lower() in lexicon.EXPERIENCED or word.lower_ in lexicon.EXPERIENCED:
        # "Ottawa was disappointed by X's decision": the subject feels it; X is the target
        cause = prep_object(word, "by", "with", "about", "over", "at")
        return None if cause is None else (possessor(cause) or agent_of_noun(cause) or cause)
    noun = word.head if word.dep_ == "amod" else word
    owner = possessor(noun) or agent_of_noun(noun)
    if owner is not None:
        return owner
    if word.dep_ in ("acomp", "attr") or noun.dep_ in ("attr", "acomp"):
        subject = subject_of(word.head if word.dep_ in ("acomp", "attr") else noun.head)
        if subject is not None:
            return possessor(subject) or subject
    return None
