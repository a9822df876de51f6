"""Stance from the words themselves: what a reported statement does to whom.

"He said the tariffs were unfair", "she called it blackmail", "the ministry said
Washington must stop ..." are statements by their verb, but criticism, accusation or a
demand by their words. :func:`stance` reads the reported words (a clause or a quote)
and returns the claim type they carry, with the token naming whom they are aimed at.
Neutral words give nothing, and the claim stays a statement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import lexicon, measure_words
from kg.extract import stance_targets as targets

__all__ = ["Stance", "stance"]


@dataclass(frozen=True)
class Stance:
    type: str  # a claim type other than "state"
    target: Token | None  # the token of whom it is aimed at, where the words say
    doer: Token | None = None  # who commits itself, for a concession: it must be the speaker's side


_FUTURE = ("will", "would", "shall", "'ll", "wo")


def stance(tokens: Sequence[Token]) -> Stance | None:
    """The stance that the reported words ``tokens`` carry, if any.

    Checked from the most to the least specific: a denial, an accusation of a deed,
    a threat, a demand, criticism, praise.
    """
    if not tokens:
        return None
    lemmas = [t.lemma_.lower() for t in tokens]
    words = set(lemmas)
    for check in (
        _own_words,
        _agreement_reached,
        _denial,
        _accusation,
        _threat,
        _demand,
        _hope,
        _criticism,
        _praise,
        _readiness,
        _concession,
    ):
        found = check(tokens, lemmas, words)
        if found is not None:
            return found
    return None


def _negated(t: Token) -> bool:
    """The word or the verb it belongs to is negated ("not fair", "did not welcome",
    "were not the right way", "I do not think it is right")."""
    word = t
    for _ in range(3):
        if any(c.dep_ == "neg" for c in word.children):
            return True
        if word.pos_ in ("VERB", "AUX") or word.head == word:
            return _negated_belief(word)
        word = word.head
    return False


def _negated_belief(verb: Token) -> bool:
    """ "I don't think it can be right": a negated belief negates the clause it holds."""
    holder = verb.head
    return (
        verb.dep_ == "ccomp"
        and holder.lemma_.lower() in ("think", "believe", "consider")
        and any(c.dep_ == "neg" for c in holder.children)
    )


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _own_words(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """The speaker's own act, quoted: "we warn the Saudis", "I strongly reject ..."."""
    for t, lemma in zip(tokens, lemmas):
        kind = lexicon.CLAIM_CUES.get(lemma)
        if kind is None or kind in ("state", "agree") or t.pos_ != "VERB" or _negated(t):
            continue
        subject = targets.subject_of(t)
        if subject is not None and subject.lower_ in ("i", "we"):
            return Stance(
                kind, targets.direct_object(t) or targets.prep_object(t, "on", "to", "against")
            )
    return None


def _agreement_reached(
    tokens: Sequence[Token], lemmas: list[str], words: set[str]
) -> Stance | None:
    """ "it had reached an agreement with X", "we signed a deal with X", "an agreement has
    been reached with X": agreeing with X."""
    for t, lemma in zip(tokens, lemmas):
        if lemma in measure_words.AGREEMENT_NOUNS and t.pos_ == "NOUN":
            verb = t.head if t.dep_ in ("dobj", "pobj", "nsubjpass") else None
            if verb is not None and verb.pos_ == "ADP":
                verb = verb.head
            if verb is not None and verb.lemma_.lower() in measure_words.AGREEMENT_VERBS:
                partner = targets.prep_object(t, "with") or targets.prep_object(verb, "with")
                if partner is not None and not _negated(verb):
                    return Stance("agree", partner)
    return None


def _denial(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.DENIAL_WORDS and not _negated(t):
            return Stance("deny", None)
        if (
            lemma in lexicon.REFUSAL_VERBS
            and t.pos_ == "VERB"
            and _negated(t)
            and targets.modal(t, (*_FUTURE, "can", "could"))
        ):  # "will not accept being tutored by anyone", "cannot tolerate"
            return Stance("reject", None)
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.DENIAL_PHRASES):
        if _dismisses(tokens):
            return Stance("criticize", None)
        return Stance("deny", None)
    return None


def _dismisses(tokens: Sequence[Token]) -> bool:
    """ "This has nothing to do with security": said of a measure ("this", "it"), the
    words dismiss its stated reason, which criticises it; said of oneself, they deny."""
    subject = targets.first_subject(tokens)
    return subject is not None and subject.lower_ in ("this", "that", "it")


def _accusation(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """A wrongful deed with a doer: "X violated ...", "X's aggression", "X is behind ..."."""
    for t, lemma in zip(tokens, lemmas):
        if (
            lemma in lexicon.WRONGDOING
            and t.pos_ == "VERB"
            and not _negated(t)
            and t.dep_ not in ("relcl", "acl", "amod")
        ):  # not "the 25 percent Trump had threatened": background, not an allegation
            doer = targets.subject_of(t)
            if doer is not None:
                return Stance("accuse", doer)
        if lemma in lexicon.WRONGDOING_NOUNS and t.pos_ == "NOUN":
            doer = targets.possessor(t) or targets.agent_of_noun(t)
            if doer is not None or targets.is_predicate(t):
                return Stance("accuse", doer if doer is not None else targets.subject_of(t.head))
        if lemma in ("go", "run", "fly") and t.pos_ == "VERB" and not _negated(t):
            against = next((c for c in t.children if c.lower_ in ("against", "counter")), None)
            after = {w.lemma_.lower() for w in t.subtree if against is not None and w.i > against.i}
            if after & lexicon.RULE_WORDS:
                # "the deal goes against (all we know in) international law", "runs counter
                # to the resolution": its makers are accused
                doer = targets.subject_of(t)
                if doer is not None and doer.pos_ != "PRON":
                    return Stance("accuse", doer)
        if (
            lemma in lexicon.PERPETRATE_VERBS
            and t.pos_ == "VERB"
            and not _negated(t)
            and any(
                o.dep_ == "dobj" and o.lemma_.lower() in lexicon.VIOLENT_ACTS for o in t.children
            )
        ):  # "the crown prince ordered the killing", "X carried out the attack"
            doer = targets.subject_of(t)
            if doer is not None and doer.pos_ != "PRON":  # "it carried out the attack": a claim
                return Stance("accuse", doer)
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.RESPONSIBLE_PHRASES):
        return Stance("accuse", targets.first_subject(tokens))
    return None


def _threat(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if _negated(t):
            continue
        held_out = lemma not in lexicon.RAISE_VERBS or _conditional(tokens)
        if (
            lemma in lexicon.PUNITIVE
            and t.pos_ == "VERB"
            and targets.modal(t, _FUTURE)
            and held_out
        ):
            return Stance("threaten", targets.object_of(t))
        motive = t.dep_ == "pobj" and t.head.lower_ == "in"  # "in retaliation for": a reason
        if (
            lemma in lexicon.THREAT_NOUNS
            and t.pos_ == "NOUN"
            and not targets.eased(t)
            and not motive
        ):
            return Stance("threaten", targets.prep_object(t, "against", "on", "for"))
        if (
            lemma in lexicon.RAISE_VERBS
            and t.pos_ == "VERB"
            and targets.modal(t, _FUTURE)
            and _conditional(tokens)
            and any(
                o.lemma_.lower() in lexicon.MEASURE_NOUNS for o in t.children if o.dep_ == "dobj"
            )
        ):  # "would raise tariffs on Canadian goods"
            return Stance("threaten", targets.prep_object(t, "on", "against") or _measure_target(t))
        if lemma in lexicon.WARNING_WORDS:
            return Stance("warn", None)
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.THREAT_PHRASES) or _SAFEGUARD.search(text):
        return Stance("threaten", None)
    return None


# "Will take necessary measures to safeguard its legitimate rights and interests": how a
# government says it will answer a measure with its own (lemmas, so "right", "measure").
_SAFEGUARD = re.compile(
    r"\b(?:will|would|shall) (?:\w+ ){0,2}take (?:\w+ ){0,3}(?:measure|step|action) to "
    r"(?:\w+ ){0,2}(?:safeguard|protect|defend|uphold) (?:\S+ ){0,8}?(?:right|interest)\b"
)


def _conditional(tokens: Sequence[Token]) -> bool:
    """ "if Turkey does anything ...", "unless talks resume": a measure held out, not one
    announced."""
    return any(t.lower_ in ("if", "unless") and t.dep_ == "mark" for t in tokens)


def _measure_target(verb: Token) -> Token | None:
    for o in verb.children:
        if o.dep_ == "dobj":
            return targets.prep_object(o, "on", "against")
    return None


def _demand(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t in tokens:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        if targets.modal(t, ("should", "must", "ought")) or targets.needs_to(t):
            subject = targets.subject_of(t)
            if subject is not None and subject.lower_ not in ("i", "we", "it", "there", "this"):
                return Stance("demand", subject)
    for t, lemma in zip(tokens, lemmas):
        if lemma in ("call", "urge") and any(c.lower_ == "on" for c in t.children):
            return Stance("demand", targets.prep_object(t, "on"))
        if lemma in lexicon.PRESSING_VERBS and any(
            c.dep_ in ("xcomp", "ccomp") for c in t.children
        ):
            target = targets.direct_object(t)  # "would keep pressing Brussels to remove barriers"
            if target is not None:
                return Stance("demand", target)
        if lemma == "expect" and any(c.lower_ == "from" for c in t.children):
            return Stance("demand", targets.prep_object(t, "from"))
        if lemma in ("expect", "want", "count", "rely") and any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and _to_infinitive(c))
            for c in t.children
        ):  # "I count on Turkey to act with restraint", "we expect Iran to ..."
            target = targets.direct_object(t) or targets.prep_object(t, "on")
            if target is not None:
                return Stance("demand", target)
    return None


def _hope(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """ "I hope that X will come back": a wish the speaker addresses to X is an appeal."""
    for t, lemma in zip(tokens, lemmas):
        if lemma != "hope" or t.pos_ != "VERB" or _negated(t):
            continue
        subject = targets.subject_of(t)
        if subject is None or subject.lower_ not in ("i", "we"):
            continue
        for clause in (c for c in t.children if c.dep_ == "ccomp"):
            wished = targets.subject_of(clause)
            if wished is not None and targets.modal(clause, _FUTURE) and wished.pos_ == "PROPN":
                return Stance("appeal", wished)
    for t, lemma in zip(tokens, lemmas):  # "would be very happy if Turkey were to reconsider"
        if lemma not in ("happy", "glad", "pleased", "delighted") or _negated(t):
            continue
        for clause in (c for c in [*t.children, *t.head.children] if c.dep_ == "advcl"):
            wished = targets.subject_of(clause)
            if wished is not None and wished.pos_ == "PROPN" and _conditional(list(clause.subtree)):
                return Stance("appeal", wished)
    return None


def _criticism(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.CRITICAL_WORDS and not _negated(t):
            return Stance("criticize", targets.evaluated(t))
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.NEGATIVE_PHRASES):
        return Stance("criticize", None)
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.NEGATABLE and _negated(t):  # "not fair", "not the right way"
            return Stance("criticize", targets.evaluated(t))
    return None


def _readiness(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """ "We stand ready to help", "we are willing to take steps": the speaker commits
    itself; ready to retaliate is a threat."""
    for t, lemma in zip(tokens, lemmas):
        if lemma not in ("ready", "willing", "prepared") or _negated(t):
            continue
        verb = t.head if t.dep_ in ("acomp", "oprd") else None
        subject = targets.subject_of(verb) if verb is not None else None
        if subject is None or subject.lower_ not in ("i", "we"):
            continue
        for act in (c for c in t.children if c.dep_ == "xcomp"):
            if act.lemma_.lower() in lexicon.PUNITIVE:
                return Stance("threaten", targets.object_of(act))
            return Stance("agree", None)
    return None


def _concession(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """ "the EU would cut tariffs on US goods to zero": a side that says it will ease
    its own measures on another commits itself to it."""
    for t, lemma in zip(tokens, lemmas):
        if lemma not in lexicon.EASE_VERBS or t.pos_ != "VERB" or _negated(t):
            continue
        if not targets.modal(t, _FUTURE):
            continue
        measure = targets.direct_object(t)
        if measure is None or measure.lemma_.lower() not in lexicon.MEASURE_NOUNS:
            continue
        hit = targets.prep_object(measure, "on", "against") or targets.prep_object(t, "on", "for")
        return Stance("agree", hit, doer=targets.subject_of(t))
    return None


def _praise(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.PRAISE_VERBS and t.pos_ == "VERB" and not _negated(t):
            return Stance("praise", targets.direct_object(t))
        if lemma in lexicon.PRAISE_WORDS and not _negated(t) and t.pos_ in ("ADJ", "NOUN"):
            return Stance("praise", targets.evaluated(t))
    return None
