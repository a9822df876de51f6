"""The words that name a measure in a sentence (a tariff, curbs on exports, a visa ban,
a deal) and which type of policy each one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import measure_words
from kg.extract.spans import (
    child,
    governing_verb,
    is_negated,
    prep_objects,
    tokens_of,
)

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Trigger:
    token: Token  # the noun ("tariffs") or the verb ("sanctioned")
    type: str
    verb: Token | None  # the verb that governs it
    action: Token | None = None  # "export" in "need a licence to export chips to China"


def triggers_in(sent: Span) -> list[Trigger]:
    found: list[Trigger] = []
    for t in tokens_of(sent):
        kind = _trigger_type(t) or _mutual_agreement(t)
        if kind:
            verb = t if t.pos_ == "VERB" else governing_verb(t)
            found.append(Trigger(t, kind, verb, _licensed_action(t, verb)))
    return found


def _trigger_type(t: Token) -> str | None:
    pos = t.pos_
    if pos not in ("NOUN", "VERB"):  # called on every token: the common case first
        return None
    lemma = t.lemma_.lower()
    if pos == "NOUN":
        if lemma in measure_words.TARIFF_NOUNS:
            # "duty" alone is ambiguous ("a duty to protect"); tariffs and levies are not.
            if (
                lemma == "duty"
                and t.lower_ != "duties"
                and not _near(t) & {"import", "customs", "%", "percent", "cent", "anti-dumping"}
                and not (t.dep_ == "conj" and t.head.lemma_.lower() in measure_words.TARIFF_NOUNS)
            ):
                return None
            return "tariff"
        if lemma in measure_words.SANCTION_WORDS:
            return "sanction"
        if lemma in ("control", "restriction", "curb", "ban", "licence", "license", "limit"):
            kind = _restriction_type(t)
            if kind:
                return kind
        if lemma == "visa" and _verb_lemma(t) in measure_words.VISA_VERBS:
            return "visa_restriction"
        if lemma in measure_words.AGREEMENT_NOUNS and _is_agreement(t):
            return "agreement"
        if lemma in ("licence", "license", "permit") and _licensed_action(t, governing_verb(t)):
            return "export_control"  # "need a licence to export", "licences before shipping"
    if pos == "VERB":
        if lemma in ("sanction", "blacklist"):
            return "sanction"
        if lemma in ("add", "place", "put", "include"):
            lists = [o for o in prep_objects(t, "to", "on") if o.lemma_.lower() == "list"]
            if any("unreliable" in _near(o) for o in lists):
                return "sanction"  # "placed US defence firms on its unreliable entity list"
            if any({"entity", "unverified"} & _near(o) for o in lists):
                return "export_control"  # "added Huawei to the Entity List"
        if lemma == "designate" and any(
            w.lemma_.lower() in ("terrorist", "terrorism", "sanction") for w in t.subtree
        ):
            return "sanction"  # "designated the IRGC a terrorist organisation"
        if lemma in measure_words.RESTRICT_VERBS:
            obj = child(t, "dobj", "nsubjpass")
            what = obj.lemma_.lower() if obj is not None else ""
            if what == "export":
                return "export_control"
            if what == "import":
                return "import_ban"
            if what == "investment":
                return "investment_restriction"
            if what in ("flight", "travel", "airline", "carrier", "vessel", "ship"):
                return "sanction"  # "prohibits all flights to Cuba"
            if obj is not None and lemma in ("ban", "bar", "blacklist") and obj.pos_ == "PROPN":
                return "sanction"  # "banned Mahan Air from flying": a named body
    return None


def _mutual_agreement(t: Token) -> str | None:
    """ "Turkey and Libya agreed on a maritime border": two sides agreeing is an
    agreement between them."""
    if t.pos_ != "VERB" or t.lemma_.lower() != "agree" or is_negated(t):
        return None
    subject = child(t, "nsubj")
    if subject is None or not any(c.dep_ == "conj" for c in subject.children):
        return None
    if any(c.lower_ in ("on", "to") for c in t.children if c.dep_ == "prep") or child(t, "xcomp"):
        return "agreement"
    return None


def _near(t: Token) -> set[str]:
    """The words of a token's children and head, lower-cased."""
    return {c.lower_ for c in t.children} | {t.head.lower_}


def _licensed_action(t: Token, verb: Token | None) -> Token | None:
    """The exporting verb a licence is needed for, near the licence or its verb."""
    if t.lemma_.lower() not in ("licence", "license", "permit"):
        return None
    near = list(t.children) + (list(verb.children) if verb is not None else [])
    for c in near:
        if c.pos_ == "VERB" and c.lemma_.lower() in measure_words.EXPORT_VERBS:
            return c
        for g in c.children:  # "before shipping", "to export"
            if g.pos_ == "VERB" and g.lemma_.lower() in measure_words.EXPORT_VERBS:
                return g
    return None


def _restriction_type(t: Token) -> str | None:
    """ "export controls", "curbs on exports", "import ban", "investment restrictions"."""
    near = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod")]
    near += [o for o in prep_objects(t, "on", "of")]
    if t.dep_ == "dobj":  # "tightened curbs on exports": the phrase may hang on the verb
        near += [o for o in prep_objects(t.head, "on")]
    lemmas = {n.lemma_.lower() for n in near}
    if "export" in lemmas:
        return "export_control"
    if "import" in lemmas:
        return "import_ban" if t.lemma_.lower() == "ban" else "other"
    if "investment" in lemmas:
        return "investment_restriction"
    if "visa" in lemmas:
        return "visa_restriction"
    if lemmas & {"flight", "travel", "airline"}:
        return "sanction"  # "restrictions on flights to Cuba"
    return None


def _verb_lemma(t: Token) -> str:
    verb = governing_verb(t)
    return verb.lemma_.lower() if verb is not None else ""


def _is_agreement(t: Token) -> bool:
    """A deal someone signs, reaches or strikes (or leaves), not any use of the word."""
    verb = governing_verb(t)
    if (
        verb is not None
        and verb.lemma_.lower() in measure_words.AGREEMENT_VERBS | measure_words.EXIT_VERBS
    ):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in t.children)
