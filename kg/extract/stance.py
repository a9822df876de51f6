"""Stance from the words themselves: what a reported statement does to whom.

"He said the tariffs were unfair", "she called it blackmail", "the ministry said
Washington must stop ..." are statements by their verb, but criticism, accusation or a
demand by their words. :func:`stance` reads the reported words (a clause or a quote)
and returns the claim type they carry, with the token naming whom they are aimed at.
Neutral words give nothing, and the claim stays a statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import lexicon

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
        subject = _subject_of(t)
        if subject is not None and subject.lower_ in ("i", "we"):
            return Stance(kind, _direct_object(t) or _prep_object(t, "on", "to", "against"))
    return None


def _agreement_reached(
    tokens: Sequence[Token], lemmas: list[str], words: set[str]
) -> Stance | None:
    """ "it had reached an agreement with X", "we signed a deal with X": agreeing with X."""
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.AGREEMENT_NOUNS and t.pos_ == "NOUN":
            verb = t.head if t.dep_ in ("dobj", "pobj") else None
            if verb is not None and verb.pos_ == "ADP":
                verb = verb.head
            if verb is not None and verb.lemma_.lower() in lexicon.AGREEMENT_VERBS:
                partner = _prep_object(t, "with") or _prep_object(verb, "with")
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
            and _modal(t, (*_FUTURE, "can", "could"))
        ):  # "will not accept being tutored by anyone", "cannot tolerate"
            return Stance("reject", None)
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.DENIAL_PHRASES):
        return Stance("deny", None)
    return None


def _accusation(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """A wrongful deed with a doer: "X violated ...", "X's aggression", "X is behind ..."."""
    for t, lemma in zip(tokens, lemmas):
        if (
            lemma in lexicon.WRONGDOING
            and t.pos_ == "VERB"
            and not _negated(t)
            and t.dep_ not in ("relcl", "acl", "amod")
        ):  # not "the 25 percent Trump had threatened": background, not an allegation
            doer = _subject_of(t)
            if doer is not None:
                return Stance("accuse", doer)
        if lemma in lexicon.WRONGDOING_NOUNS and t.pos_ == "NOUN":
            doer = _possessor(t) or _agent_of_noun(t)
            if doer is not None or _is_predicate(t):
                return Stance("accuse", doer if doer is not None else _subject_of(t.head))
        if lemma in ("go", "run", "fly") and t.pos_ == "VERB" and not _negated(t):
            against = next((c for c in t.children if c.lower_ in ("against", "counter")), None)
            after = {w.lemma_.lower() for w in t.subtree if against is not None and w.i > against.i}
            if after & lexicon.RULE_WORDS:
                # "the deal goes against (all we know in) international law", "runs counter
                # to the resolution": its makers are accused
                doer = _subject_of(t)
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
            doer = _subject_of(t)
            if doer is not None and doer.pos_ != "PRON":  # "it carried out the attack": a claim
                return Stance("accuse", doer)
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.RESPONSIBLE_PHRASES):
        return Stance("accuse", _first_subject(tokens))
    return None


def _threat(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if _negated(t):
            continue
        held_out = lemma not in lexicon.RAISE_VERBS or _conditional(tokens)
        if lemma in lexicon.PUNITIVE and t.pos_ == "VERB" and _modal(t, _FUTURE) and held_out:
            return Stance("threaten", _object_of(t))
        motive = t.dep_ == "pobj" and t.head.lower_ == "in"  # "in retaliation for": a reason
        if lemma in lexicon.THREAT_NOUNS and t.pos_ == "NOUN" and not _eased(t) and not motive:
            return Stance("threaten", _prep_object(t, "against", "on", "for"))
        if (
            lemma in lexicon.RAISE_VERBS
            and t.pos_ == "VERB"
            and _modal(t, _FUTURE)
            and _conditional(tokens)
            and any(
                o.lemma_.lower() in lexicon.MEASURE_NOUNS for o in t.children if o.dep_ == "dobj"
            )
        ):  # "would raise tariffs on Canadian goods"
            return Stance("threaten", _prep_object(t, "on", "against") or _measure_target(t))
        if lemma in lexicon.WARNING_WORDS:
            return Stance("warn", None)
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.THREAT_PHRASES):
        return Stance("threaten", None)
    return None


def _conditional(tokens: Sequence[Token]) -> bool:
    """ "if Turkey does anything ...", "unless talks resume": a measure held out, not one
    announced."""
    return any(t.lower_ in ("if", "unless") and t.dep_ == "mark" for t in tokens)


def _measure_target(verb: Token) -> Token | None:
    for o in verb.children:
        if o.dep_ == "dobj":
            return _prep_object(o, "on", "against")
    return None


def _demand(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t in tokens:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        if _modal(t, ("should", "must", "ought")) or _needs_to(t):
            subject = _subject_of(t)
            if subject is not None and subject.lower_ not in ("i", "we", "it", "there", "this"):
                return Stance("demand", subject)
    for t, lemma in zip(tokens, lemmas):
        if lemma in ("call", "urge") and any(c.lower_ == "on" for c in t.children):
            return Stance("demand", _prep_object(t, "on"))
        if lemma in lexicon.PRESSING_VERBS and any(
            c.dep_ in ("xcomp", "ccomp") for c in t.children
        ):
            target = _direct_object(t)  # "would keep pressing Brussels to remove barriers"
            if target is not None:
                return Stance("demand", target)
        if lemma == "expect" and any(c.lower_ == "from" for c in t.children):
            return Stance("demand", _prep_object(t, "from"))
        if lemma in ("expect", "want", "count", "rely") and any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and _to_infinitive(c))
            for c in t.children
        ):  # "I count on Turkey to act with restraint", "we expect Iran to ..."
            target = _direct_object(t) or _prep_object(t, "on")
            if target is not None:
                return Stance("demand", target)
    return None


def _hope(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """ "I hope that X will come back": a wish the speaker addresses to X is an appeal."""
    for t, lemma in zip(tokens, lemmas):
        if lemma != "hope" or t.pos_ != "VERB" or _negated(t):
            continue
        subject = _subject_of(t)
        if subject is None or subject.lower_ not in ("i", "we"):
            continue
        for clause in (c for c in t.children if c.dep_ == "ccomp"):
            wished = _subject_of(clause)
            if wished is not None and _modal(clause, _FUTURE) and wished.pos_ == "PROPN":
                return Stance("appeal", wished)
    for t, lemma in zip(tokens, lemmas):  # "would be very happy if Turkey were to reconsider"
        if lemma not in ("happy", "glad", "pleased", "delighted") or _negated(t):
            continue
        for clause in (c for c in [*t.children, *t.head.children] if c.dep_ == "advcl"):
            wished = _subject_of(clause)
            if wished is not None and wished.pos_ == "PROPN" and _conditional(list(clause.subtree)):
                return Stance("appeal", wished)
    return None


def _criticism(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.CRITICAL_WORDS and not _negated(t):
            return Stance("criticize", _evaluated(t))
    text = " ".join(lemmas)
    if any(phrase in text for phrase in lexicon.NEGATIVE_PHRASES):
        return Stance("criticize", None)
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.NEGATABLE and _negated(t):  # "not fair", "not the right way"
            return Stance("criticize", _evaluated(t))
    return None


def _readiness(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """ "We stand ready to help", "we are willing to take steps": the speaker commits
    itself; ready to retaliate is a threat."""
    for t, lemma in zip(tokens, lemmas):
        if lemma not in ("ready", "willing", "prepared") or _negated(t):
            continue
        verb = t.head if t.dep_ in ("acomp", "oprd") else None
        subject = _subject_of(verb) if verb is not None else None
        if subject is None or subject.lower_ not in ("i", "we"):
            continue
        for act in (c for c in t.children if c.dep_ == "xcomp"):
            if act.lemma_.lower() in lexicon.PUNITIVE:
                return Stance("threaten", _object_of(act))
            return Stance("agree", None)
    return None


def _concession(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    """ "the EU would cut tariffs on US goods to zero": a side that says it will ease
    its own measures on another commits itself to it."""
    for t, lemma in zip(tokens, lemmas):
        if lemma not in lexicon.EASE_VERBS or t.pos_ != "VERB" or _negated(t):
            continue
        if not _modal(t, _FUTURE):
            continue
        measure = _direct_object(t)
        if measure is None or measure.lemma_.lower() not in lexicon.MEASURE_NOUNS:
            continue
        hit = _prep_object(measure, "on", "against") or _prep_object(t, "on", "for")
        return Stance("agree", hit, doer=_subject_of(t))
    return None


def _praise(tokens: Sequence[Token], lemmas: list[str], words: set[str]) -> Stance | None:
    for t, lemma in zip(tokens, lemmas):
        if lemma in lexicon.PRAISE_VERBS and t.pos_ == "VERB" and not _negated(t):
            return Stance("praise", _direct_object(t))
        if lemma in lexicon.PRAISE_WORDS and not _negated(t) and t.pos_ in ("ADJ", "NOUN"):
            return Stance("praise", _evaluated(t))
    return None


# --- who is it about ------------------------------------------------------------------------


def _eased(noun: Token) -> bool:
    """ "would suspend its countermeasures": the measure is being eased, not threatened."""
    return noun.head.lemma_.lower() in lexicon.ACTION_STATUS


def _modal(verb: Token, modals: tuple[str, ...]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def _needs_to(verb: Token) -> bool:
    """ "X needs to stop", "X has to stop": the governing verb is need/have + xcomp."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_.lower() in ("need", "have")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _subject_of(verb: Token) -> Token | None:
    for _ in range(4):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.dep_ != "expl":
                return c
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
        else:
            break
    return None


def _first_subject(tokens: Sequence[Token]) -> Token | None:
    for t in tokens:
        if t.dep_ in ("nsubj", "nsubjpass"):
            return t
    return None


def _possessor(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ")):
            return c
    return None


def _agent_of_noun(noun: Token) -> Token | None:
    """ "aggression by X", "violation of ... by X", "the lie told by X"."""
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
        if c.dep_ == "acl" and c.tag_ == "VBN":
            found = _agent_of_noun(c)
            if found is not None:
                return found
    return None


def _is_predicate(noun: Token) -> bool:
    """ "This is a violation": the noun says what something is."""
    return noun.dep_ in ("attr", "oprd", "dobj", "ROOT", "appos", "pobj")


def _object_of(verb: Token) -> Token | None:
    return _direct_object(verb) or _prep_object(verb, "on", "against", "at")


def _direct_object(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            return c
    return None


def _prep_object(verb: Token, *preps: str) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _evaluated(word: Token) -> Token | None:
    """Whose thing an evaluative word judges: the subject of "X's move is unfair", the
    possessor of "X's unfair move", the noun's owner in "an aggression by X"."""
    if word.lemma_.lower() in lexicon.EXPERIENCED or word.lower_ in lexicon.EXPERIENCED:
        # "Ottawa was disappointed by X's decision": the subject feels it; X is the target
        cause = _prep_object(word, "by", "with", "about", "over", "at")
        return None if cause is None else (_possessor(cause) or _agent_of_noun(cause) or cause)
    noun = word.head if word.dep_ == "amod" else word
    owner = _possessor(noun) or _agent_of_noun(noun)
    if owner is not None:
        return owner
    if word.dep_ in ("acomp", "attr") or noun.dep_ in ("attr", "acomp"):
        subject = _subject_of(word.head if word.dep_ in ("acomp", "attr") else noun.head)
        if subject is not None:
            return _possessor(subject) or subject
    return None
