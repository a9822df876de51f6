"""What kind of claim a cue makes and what it claims: the type its verb gives (a label,
a phrasal cue, a vow), a statement refined by its clause, and the content.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import event_words, lexicon, measure_words
from kg.extract.actors import ActorResolver
from kg.extract.claim_targets import (
    label_of,
)
from kg.extract.discourse import STATEMENT_NOUNS
from kg.extract.spans import (
    child,
    inside_quote,
    predicate_of,
    prep_objects,
    quote_in,
    subtree,
    text_of,
)
from kg.model import Actor

# "maintains a position that ...": the noun says a view is held.
_VIEW_NOUNS = frozenset({"position", "view", "stance", "line", "belief", "assessment"})


WH_WORDS = frozenset({"what", "which", "whatever", "how", "why"})


def holds_view(verb: Token) -> bool:
    obj = child(verb, "dobj")
    return obj is not None and obj.lemma_.lower() in _VIEW_NOUNS


def claim_type(verb: Token) -> str | None:
    lemma = verb.lemma_.lower()
    preps = {c.lower_ for c in verb.children if c.dep_ == "prep"}
    preps |= {  # "calling for the killers to be brought to justice": "for" marks a clause
        g.lower_
        for c in verb.children
        if c.dep_ in ("advcl", "ccomp", "xcomp")
        for g in c.children
        if g.dep_ == "mark" and g.lower_ == "for"
    }
    if lemma == "call":
        label = predicate_of(verb)
        if "on" in preps or ("for" in preps and label is None and not child(verb, "dobj")):
            return "demand"
        if label is not None:  # "called the move a betrayal" / "called the talks a success"
            words = {t.lemma_.lower() for t in label.subtree}
            if words & lexicon.NEGATIVE:
                return "criticize"
            return "praise" if words & lexicon.POSITIVE else "state"
        return None
    if lemma == "oppose":
        obj = child(verb, "dobj")
        proposal = obj is None or obj.lemma_.lower() in lexicon.PROPOSAL_NOUNS
        return "reject" if proposal else "criticize"
    particles = preps | {c.lower_ for c in verb.children if c.dep_ in ("prt", "dobj")}
    for (phrasal, particle), kind in lexicon.PHRASAL_CUES.items():
        if lemma == phrasal and particle in particles:
            return kind
    if lemma in lexicon.LABEL_VERBS:
        label = label_of(verb)
        if label is None:
            return None
        words = {t.lemma_.lower() for t in label.subtree}
        if words & (lexicon.NEGATIVE | lexicon.CRITICAL_WORDS):
            return "criticize"
        if words & lexicon.POSITIVE:
            return "praise"
        # "described Xi as very tough": a characterisation, which news uses to criticise
        return "criticize" if lemma in ("describe", "characterize", "characterise") else "state"
    if lemma in lexicon.JUDGING_VERBS:  # only a judgement with a side to it is a claim
        label = label_of(verb)
        tokens = list(label.subtree) if label is not None else []
        words = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
        if words & (lexicon.NEGATIVE | lexicon.CRITICAL_WORDS):
            return "criticize"
        return "praise" if words & lexicon.POSITIVE else None
    if lemma in lexicon.EXPRESS_VERBS:
        obj = child(verb, "dobj")
        return lexicon.EXPRESSED.get(obj.lemma_.lower()) if obj is not None else None
    if lemma == "agree" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in event_words.EVENT_VERBS for c in verb.children
    ):
        return None  # "agreed to meet": an event to come, not a stance
    if lemma == "read":
        subject = child(verb, "nsubj")
        return (
            "state" if subject is not None and subject.lemma_.lower() in STATEMENT_NOUNS else None
        )
    if lemma in ("continue", "defend"):
        # "he continued, '...'", "defended his decision, '...'": saying only with a quote
        # ("prices continued to rise" goes on; "defended the border" is a deed)
        clause = child(verb, "ccomp")
        if child(verb, "xcomp") is not None or not quote_in(verb.sent):
            return None
        return None if clause is not None and not inside_quote(clause) else "state"
    if lemma == "regret":  # "regretted the US decision": criticism of another's act
        obj = child(verb, "dobj")
        if obj is None or obj.lemma_.lower() not in lexicon.ACT_NOUNS:
            return None
        own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children)
        return None if own else "criticize"  # "regretted its decision": its own act
    if lemma == "decline":  # "declined the request"; "declined to comment" is nothing
        obj = child(verb, "dobj")
        stance_object = obj is not None and obj.lemma_.lower() in lexicon.STANCE_OBJECTS
        return "reject" if stance_object else None
    if lemma in ("support", "accept"):
        obj = child(verb, "dobj")
        if obj is None or obj.lemma_.lower() not in lexicon.STANCE_OBJECTS:
            return None  # "supported the rebels", "accepted responsibility": deeds
    if lemma in lexicon.PHRASAL_VERBS_ONLY:
        return None
    if lemma == lexicon.VOW:
        words = {t.lemma_.lower() for t in verb.subtree}
        return "threaten" if words & lexicon.PUNITIVE else "agree"
    if lemma == "ask" and child(verb, "ccomp") and not child(verb, "dobj", "dative"):
        return None  # "asked whether ..." is a question, not an appeal
    return lexicon.CLAIM_CUES.get(lemma)


_HOLDING_BACK = frozenset({"before", "without", "instead", "rather"})


def refine_statement(clause: Token, speaker: Actor, resolver: ActorResolver) -> str | None:
    """A statement whose clause alleges wrongdoing accuses; one that vows punishment threatens."""
    lemma = clause.lemma_.lower()
    subject = child(clause, "nsubj", "nsubjpass")
    who = resolver.resolve(subject)[0] if subject is not None else None
    if lemma in lexicon.WRONGDOING and who is not None and who != speaker:
        return "accuse"
    # "would wait before responding", "without retaliating": held back, not held out
    held_back = {
        t.i
        for p in clause.subtree
        if p.dep_ == "prep" and p.lower_ in _HOLDING_BACK
        for t in p.subtree
    }
    words = {t.lemma_.lower() for t in clause.subtree if t.i not in held_back}
    modal = any(c.dep_ == "aux" and c.lower_ in ("will", "would") for c in clause.children)
    easing = lemma in measure_words.ACTION_STATUS  # "would suspend its countermeasures" eases
    # "would impose tariffs from May 1" announces a measure; "would retaliate", or tariffs
    # "if Ottawa does not back down", hold one out
    conditional = any(t.lower_ in ("if", "unless") and t.dep_ == "mark" for t in clause.subtree)
    punitive = words & lexicon.PUNITIVE
    held_out = conditional or bool(punitive - lexicon.RAISE_VERBS - lexicon.MEASURE_NOUNS)
    if modal and not easing and punitive and held_out and (who is None or who == speaker):
        return "threaten"
    return None


def content_of(
    verb: Token, complement: Token | None, quote: str | None, resolver: ActorResolver
) -> str:
    """What is claimed: the quote, the "of/for/that" phrase, the clause, or the object."""
    for prep in ("of", "for", "over", "about", "as", "against", "at"):
        # after the verb or a relative ("for which X asked"): "At a press conference,
        # X said ..." sets the scene
        objs = [o for o in prep_objects(verb, prep) if o.i > verb.i or o.tag_ in ("WDT", "WP")]
        if objs:
            return text_of(subtree(objs[0]))
    label = label_of(verb)
    labelled = child(verb, "dobj")
    if label is not None and not (labelled is not None and labelled.lower_ in WH_WORDS):
        return text_of(subtree(label))  # "calling it 'null and void'": the label is claimed
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
