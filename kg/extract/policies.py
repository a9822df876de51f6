"""Measures: tariffs with their rates, export controls, import bans, sanctions, visa and
investment restrictions, agreements; who took them, against whom, in what status.

A measure hangs on a trigger word ("tariffs", "sanctions", "export controls", "visas",
"deal"). Its imposer is the subject of the verbs above the trigger, else an actor
modifying it ("US tariffs"); its target the actor its "on/against/to" phrase names, or
whose goods it names ("Chinese goods", "imports from Mexico"). Rates come from the
percentages hanging on the trigger or its verb ("from 10% to 20%", "a 25% tariff").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.actors import ActorResolver
from kg.extract.spans import (
    child,
    date_for,
    ents_in,
    evidence,
    governing_verb,
    is_negated,
    prep_objects,
    subtree,
    text_of,
    verb_chain,
)
from kg.model import Actor, Policy

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TARGET_PREPS = ("on", "against", "to", "targeting")


@dataclass
class _Trigger:
    token: Token  # the noun ("tariffs") or the verb ("sanctioned")
    type: str
    verb: Token | None  # the verb that governs it
    action: Token | None = None  # "export" in "need a licence to export chips to China"


def extract_policies(
    sent: Span, resolver: ActorResolver, published: dt.date | None
) -> list[Policy]:
    policies: list[Policy] = []
    seen: set[tuple] = set()
    triggers = _triggers(sent)
    for trigger in triggers:
        policy = _policy_at(trigger, triggers, sent, resolver, published)
        if policy is None:
            continue
        key = (policy.type, policy.imposer, policy.target, policy.rate_from, policy.rate_to)
        if key not in seen:
            seen.add(key)
            policies.append(policy)
    return policies


def _triggers(sent: Span) -> list[_Trigger]:
    found: list[_Trigger] = []
    for t in sent:
        kind = _trigger_type(t)
        if kind:
            verb = t if t.pos_ == "VERB" else governing_verb(t)
            found.append(_Trigger(t, kind, verb, _licensed_action(t, verb)))
    return found


def _trigger_type(t: Token) -> str | None:
    pos = t.pos_
    if pos not in ("NOUN", "VERB"):  # called on every token: the common case first
        return None
    lemma = t.lemma_.lower()
    if pos == "NOUN":
        if lemma in lexicon.TARIFF_NOUNS:
            # "duty" alone is ambiguous ("a duty to protect"); tariffs and levies are not.
            if lemma == "duty" and t.lower_ != "duties" and not _near(t) & {"import", "customs"}:
                return None
            return "tariff"
        if lemma in lexicon.SANCTION_WORDS:
            return "sanction"
        if lemma in ("control", "restriction", "curb", "ban", "licence", "license", "limit"):
            kind = _restriction_type(t)
            if kind:
                return kind
        if lemma == "visa" and _verb_lemma(t) in lexicon.VISA_VERBS:
            return "visa_restriction"
        if lemma in lexicon.AGREEMENT_NOUNS and _is_agreement(t):
            return "agreement"
        if lemma in ("licence", "license", "permit") and _licensed_action(t, governing_verb(t)):
            return "export_control"  # "need a licence to export", "licences before shipping"
    if pos == "VERB":
        if lemma == "sanction":
            return "sanction"
        if lemma in lexicon.RESTRICT_VERBS:
            obj = child(t, "dobj", "nsubjpass")
            if obj is not None and obj.lemma_.lower() == "export":
                return "export_control"
            if obj is not None and obj.lemma_.lower() == "import":
                return "import_ban"
            if obj is not None and obj.lemma_.lower() == "investment":
                return "investment_restriction"
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
        if c.pos_ == "VERB" and c.lemma_.lower() in lexicon.EXPORT_VERBS:
            return c
        for g in c.children:  # "before shipping", "to export"
            if g.pos_ == "VERB" and g.lemma_.lower() in lexicon.EXPORT_VERBS:
                return g
    return None


def _restriction_type(t: Token) -> str | None:
    """ "export controls", "curbs on exports", "import ban", "investment restrictions"."""
    near = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod")]
    near += [o for o in prep_objects(t, "on", "of")]
    lemmas = {n.lemma_.lower() for n in near}
    if "export" in lemmas:
        return "export_control"
    if "import" in lemmas:
        return "import_ban" if t.lemma_.lower() == "ban" else "other"
    if "investment" in lemmas:
        return "investment_restriction"
    if "visa" in lemmas:
        return "visa_restriction"
    return None


def _verb_lemma(t: Token) -> str:
    verb = governing_verb(t)
    return verb.lemma_.lower() if verb is not None else ""


def _is_agreement(t: Token) -> bool:
    """A deal someone signs, reaches or strikes, not any use of the word."""
    verb = governing_verb(t)
    if verb is not None and verb.lemma_.lower() in lexicon.AGREEMENT_VERBS:
        return True
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in t.children)


def _policy_at(
    trigger: _Trigger,
    triggers: list[_Trigger],
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
) -> Policy | None:
    chain = verb_chain(trigger.verb) if trigger.verb is not None else []
    if any(is_negated(v) for v in chain[:1]):
        return None
    if trigger.type == "agreement":
        return _agreement(trigger, chain, sent, resolver, published)
    imposer = _imposer(trigger, chain, resolver)
    target, goods = _target_and_goods(trigger, resolver, imposer)
    if imposer is None and target is None:
        return None  # a measure nobody takes against nobody is background, not a fact
    rate_from, rate_to = (
        _rates(trigger, triggers, sent) if trigger.type == "tariff" else (None, None)
    )
    scope = subtree(trigger.token) + (subtree(trigger.action) if trigger.action else [])
    if trigger.verb is not None:
        scope += [t for o in prep_objects(trigger.verb, *_TARGET_PREPS, "of") for t in subtree(o)]
    return Policy(
        type=trigger.type,
        imposer=imposer,
        target=target,
        evidence=evidence(sent),
        goods=goods,
        rate_from=rate_from,
        rate_to=rate_to,
        unit="percent" if rate_from is not None or rate_to is not None else None,
        status=_status(trigger, chain),
        date=date_for(chain, sent, published),
        about=resolver.technologies_in(scope),
        confidence=0.8 if imposer and target else 0.6,
    )


def _imposer(trigger: _Trigger, chain: list[Token], resolver: ActorResolver) -> Actor | None:
    """Who takes the measure. A leader or a ministry acts for its government, so the
    government is the imposer ("Trump threatened tariffs" is a US measure)."""
    actor = _acting(trigger, chain, resolver)
    return resolver.government_of(actor) if actor else None


def _acting(trigger: _Trigger, chain: list[Token], resolver: ActorResolver) -> Actor | None:
    # "export restrictions could hand the market to rivals": the measure is what the
    # clause is about, and whoever says so is not its imposer.
    subject_of_clause = trigger.token.dep_ in ("nsubj", "nsubjpass")
    for verb in [] if subject_of_clause else chain:
        for c in verb.children:
            if c.dep_ == "nsubj":
                actor = resolver.resolve(c)[0]
                if actor:
                    return actor
            if c.dep_ == "agent":
                for obj in c.children:
                    actor = resolver.resolve(obj)[0]
                    if actor:
                        return actor
        if verb.dep_ == "relcl":
            break
    for c in trigger.token.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            actor = resolver.actor_at(c) or resolver.demonym(c)
            if actor:
                return actor
    return None


def _target_and_goods(
    trigger: _Trigger, resolver: ActorResolver, imposer: Actor | None
) -> tuple[Actor | None, str | None]:
    heads = [trigger.token] + [v for v in (trigger.verb, trigger.action) if v is not None]
    objects = [o for h in heads for o in prep_objects(h, *_TARGET_PREPS)]
    if trigger.action is not None:  # the licensed goods: "to export its H20 chips"
        goods_obj = child(trigger.action, "dobj")
        objects += [goods_obj] if goods_obj is not None else []
    if trigger.token.pos_ == "VERB" or trigger.type == "visa_restriction":
        obj = child(trigger.token if trigger.token.pos_ == "VERB" else trigger.verb, "dobj")
        objects += [obj] if obj is not None else []
        objects += prep_objects(trigger.token, "of")
    goods: str | None = None
    for obj in objects:
        actor = _actor_of_goods(obj, resolver)
        if obj.lower_ in ("it", "them"):
            continue
        if resolver.actor_at(obj) is None and goods is None and obj.pos_ in ("NOUN", "PROPN"):
            goods = text_of(subtree(obj))
        if actor is not None and actor != imposer:
            return actor, goods
    return None, goods


def _actor_of_goods(obj: Token, resolver: ActorResolver) -> Actor | None:
    """The actor whose goods, firms or people a phrase names."""
    actor = resolver.resolve(obj)[0]
    if actor is not None:
        return actor
    for o in prep_objects(obj, "from", "of", "in"):
        actor = resolver.resolve(o)[0]
        if actor is not None:
            return actor
    for c in obj.subtree:
        actor = resolver.demonym(c) if c.dep_ in ("amod", "compound", "nmod") else None
        if actor is not None:
            return actor
    return None


def _rates(
    trigger: _Trigger, triggers: list[_Trigger], sent: Span
) -> tuple[float | None, float | None]:
    """Percentages that belong to this trigger: they hang on it or on its verb."""
    owners = {trigger.token.i} | ({trigger.verb.i} if trigger.verb is not None else set())
    others = {t.token.i for t in triggers if t is not trigger}
    rate_from = rate_to = None
    for ent in ents_in(sent):
        if ent.label_ != "PERCENT":
            continue
        if not _NUMBER.search(ent.text):
            continue
        anchor, prep = _anchor(ent.root, others | owners)
        if anchor is None or anchor.i not in owners:
            continue
        values = [float(n) for n in _NUMBER.findall(ent.text.replace(",", ""))]
        if prep == "by":
            continue  # "cut by 10 points" is a change, not a rate
        if len(values) == 2 and re.search(r"\bto\b", ent.text):
            rate_from, rate_to = values  # one entity for "145% to 30%"
        elif prep == "from":
            rate_from = values[0]
        else:
            rate_to = values[0]
    return rate_from, rate_to


def _anchor(token: Token, stops: set[int]) -> tuple[Token | None, str | None]:
    """Climb from a percentage to the first trigger or verb, noting the preposition passed."""
    prep = None
    head = token
    for _ in range(8):
        if head.dep_ == "prep" and prep is None:
            prep = head.lower_
        if head.head == head:
            return (head if head.i in stops else None), prep
        head = head.head
        if head.i in stops:
            return head, prep
        if head.pos_ in ("VERB", "AUX"):
            return None, prep
    return None, prep


def _status(trigger: _Trigger, chain: list[Token]) -> str:
    for c in trigger.token.children:
        if c.dep_ == "amod" and c.lemma_.lower() in ("threaten", "propose", "plan"):
            return lexicon.MODAL_STATUS[c.lemma_.lower()]
    if trigger.token.dep_ in ("nsubj", "nsubjpass"):
        return "implemented"  # "the controls could hurt": what may happen is not the measure
    for verb in chain:  # "Under the deal, Washington will lower its tariffs": agreed
        if any(o.lemma_.lower() in lexicon.AGREEMENT_NOUNS for o in prep_objects(verb, "under")):
            return "agreed"
    for inner, verb in pairwise(chain):
        if inner.dep_ not in ("xcomp", "conj"):
            break  # "warned that restrictions could ...": a report, not a threat to impose
        status = lexicon.MODAL_STATUS.get(verb.lemma_.lower())
        if status:
            return status
    first = chain[0] if chain else trigger.token
    lemma = first.lemma_.lower()
    if lemma in lexicon.MODAL_STATUS:
        return lexicon.MODAL_STATUS[lemma]
    reported = (
        first.dep_ == "ccomp" and lexicon.CLAIM_CUES.get(first.head.lemma_.lower()) == "state"
    )
    speculative = any(
        c.dep_ == "aux" and c.lower_ in lexicon.SPECULATIVE_AUX for c in first.children
    )
    if speculative and not reported:  # "said it would revoke" reports a decision
        return "proposed"
    if trigger.type == "visa_restriction":
        return "implemented"  # revoking visas is the measure itself
    if trigger.token.pos_ == "VERB" and trigger.type != "sanction":
        return "implemented"  # "banned exports": halting is the measure
    return lexicon.ACTION_STATUS.get(lemma, "implemented")


def _agreement(
    trigger: _Trigger,
    chain: list[Token],
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
) -> Policy | None:
    parties: list[Actor] = []
    for verb in chain:
        subject = child(verb, "nsubj", "nsubjpass")
        if subject is not None:
            parties += resolver.resolve_all(subject)
            break
    for head in [trigger.token, *chain[:1]]:
        for obj in prep_objects(head, "with", "between"):
            parties += resolver.resolve_all(obj)
    for c in trigger.token.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            actor = resolver.actor_at(c) or resolver.demonym(c)
            if actor:
                parties.append(actor)
    unique = list(dict.fromkeys(resolver.government_of(p) for p in parties))
    if len(unique) < 2:
        return None
    lemma = chain[0].lemma_.lower() if chain else ""
    status = "agreed"
    if lemma in ("propose", "negotiate", "seek") or lexicon.MODAL_STATUS.get(lemma) == "proposed":
        status = "proposed"
    elif lemma in lexicon.ACTION_STATUS:
        status = lexicon.ACTION_STATUS[lemma]
    return Policy(
        type="agreement",
        imposer=unique[0],
        target=unique[1],
        evidence=evidence(sent),
        goods=None,
        status=status,
        date=date_for(chain, sent, published),
        parties=tuple(unique),
        about=resolver.technologies_in(subtree(trigger.token)),
        confidence=0.7,
    )
