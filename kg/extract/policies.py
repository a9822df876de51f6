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
from dataclasses import replace
from itertools import pairwise

from spacy.tokens import Span, Token

from kg.extract import lexicon, measure_words
from kg.extract.actors import ActorResolver
from kg.extract.imposers import TARGET_PREPS, heads, imposer_of, subject_under, target_and_goods
from kg.extract.policy_triggers import Trigger, triggers_in
from kg.extract.rates import rates_of
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    is_negated,
    prep_objects,
    subtree,
    verb_chain,
)
from kg.model import Actor, Claim, Policy


def extract_policies(
    sent: Span, resolver: ActorResolver, published: dt.date | None
) -> list[Policy]:
    policies: list[Policy] = []
    seen: set[tuple] = set()
    triggers = triggers_in(sent)
    for trigger in triggers:
        policy = _policy_at(trigger, triggers, sent, resolver, published)
        if policy is None:
            continue
        for one in _per_target(policy, trigger, resolver):
            key = (one.type, one.imposer, one.target, one.rate_from, one.rate_to)
            if key not in seen:
                seen.add(key)
                policies.append(one)
    return _shared_targets(policies)


def _per_target(policy: Policy, trigger: Trigger, resolver: ActorResolver) -> list[Policy]:
    """A measure on named bodies is one on each: "sanctions on Russia's two largest oil
    companies, Rosneft and Lukoil" hit Rosneft and Lukoil."""
    heads = [trigger.token] + ([trigger.verb] if trigger.verb is not None else [])
    for obj in (o for h in heads for o in prep_objects(h, *TARGET_PREPS)):
        if obj.pos_ != "NOUN":
            continue
        named = [
            a
            for c in obj.children
            if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN"
            for a in resolver.resolve_all(c)
            if a != policy.imposer
        ]
        if named:
            return [replace(policy, target=a) for a in named]
    return [policy]


def _shared_targets(policies: list[Policy]) -> list[Policy]:
    """Measures of one imposer in one sentence share its named target: "threatened a
    100% tariff on Chinese goods and export controls on critical software"."""
    out = []
    for p in policies:
        if p.target is None and p.imposer is not None:
            others = [q.target for q in policies if q.imposer == p.imposer and q.target]
            if len(set(others)) == 1:
                p = replace(p, target=others[0])
        out.append(p)
    return out


def aimed_at_critics(
    policies: list[Policy], claims: list[Claim], resolver: ActorResolver
) -> list[Policy]:
    """ "India slammed the 25% tariff imposed by the US": a measure that names no target,
    opposed in its own sentence by one government other than its imposer, is aimed at
    that government. (A third party's measure names its target: "US sanctions on Iran".)"""
    out = []
    for policy in policies:
        if policy.target is None and policy.imposer is not None and policy.type != "agreement":
            critics = {
                resolver.government_of(c.speaker)
                for c in claims
                if c.type in _OPPOSING
                and c.target is not None
                and resolver.government_of(c.target) == policy.imposer
            } - {policy.imposer}
            if len(critics) == 1 and next(iter(critics)).type == "Government":
                policy = replace(policy, target=critics.pop())
        out.append(policy)
    return out


_OPPOSING = frozenset({"criticize", "accuse", "reject", "threaten"})


def consolidate(policies: list[Policy]) -> list[Policy]:
    """One policy per measure per article, however often it is mentioned.

    Mentions of the same type between the same sides are one measure; mentions with
    different rates stay apart (a rise from 10% to 20% and a threatened 100% are two).
    A mention without an imposer takes the one the article gave the same measure
    elsewhere ("A 35% tariff would apply to Canadian goods" after "Trump's tariffs on
    Canada"); the kept mention is the one that says most.
    """
    imposers: dict[tuple[str, str | None], Actor] = {}
    targets: dict[tuple[str, str], set[str]] = {}
    named: dict[str, Actor] = {}
    for p in policies:
        if p.imposer is not None:
            imposers.setdefault((p.type, p.target.key if p.target else None), p.imposer)
            if p.target is not None:
                targets.setdefault((p.type, p.imposer.key), set()).add(p.target.key)
                named[p.target.key] = p.target
    filled = []
    for p in policies:
        if p.imposer is None:
            found = imposers.get((p.type, p.target.key if p.target else None))
            if found is not None and found != p.target:
                p = replace(p, imposer=found)
        if p.target is None and p.imposer is not None:
            # "the US tariffs" after "the US imposed tariffs on Canada": the same measure
            known = targets.get((p.type, p.imposer.key), set())
            if len(known) == 1:
                p = replace(p, target=named[next(iter(known))])
        filled.append(p)
    kept: dict[tuple, Policy] = {}
    for p in filled:
        sides = (p.type, p.imposer.key if p.imposer else None, p.target.key if p.target else None)
        rates = (p.rate_from, p.rate_to)
        key = (*sides, rates) if rates != (None, None) else (*sides, None)
        if key[-1] is None and any(k[:3] == sides for k in kept):
            continue  # a bare mention of a measure already kept
        if key in kept:
            kept[key] = _richer(kept[key], p)
            continue
        kept[key] = p
    # a measure nobody in the article takes ("the PKK is banned") is background
    return [p for p in kept.values() if p.imposer is not None]


def _richer(a: Policy, b: Policy) -> Policy:
    """Of two mentions of one measure, the one that says more (goods, dates, parties)."""

    def score(p: Policy) -> int:
        return sum(x is not None for x in (p.goods, p.date, p.effective_date)) + len(p.parties)

    return b if score(b) > score(a) else a


def _policy_at(
    trigger: Trigger,
    triggers: list[Trigger],
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
) -> Policy | None:
    chain = verb_chain(trigger.verb) if trigger.verb is not None else []
    if any(is_negated(v) for v in chain[:1]):
        return None
    if trigger.type == "agreement":
        return _agreement(trigger, chain, sent, resolver, published)
    imposer = imposer_of(trigger, chain, resolver)
    target, goods = target_and_goods(trigger, resolver, imposer)
    if target is None:
        target = subject_under(trigger, resolver)
        target = target if target != imposer else None
    if imposer is None and target is None:
        return None  # a measure nobody takes against nobody is background, not a fact
    rate_from, rate_to = (
        rates_of(trigger, triggers, sent) if trigger.type == "tariff" else (None, None)
    )
    scope = subtree(trigger.token) + (subtree(trigger.action) if trigger.action else [])
    if trigger.verb is not None:
        scope += [t for o in prep_objects(trigger.verb, *TARGET_PREPS, "of") for t in subtree(o)]
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


def _status(trigger: Trigger, chain: list[Token]) -> str:
    for c in trigger.token.children:
        if c.dep_ == "amod" and c.lemma_.lower() in ("threaten", "propose", "plan"):
            return measure_words.MODAL_STATUS[c.lemma_.lower()]
    if trigger.token.dep_ in ("nsubj", "nsubjpass"):
        verb = trigger.token.head
        if verb.lemma_.lower() in _COMING_INTO_FORCE and any(
            c.dep_ == "aux" and c.lower_ in measure_words.SPECULATIVE_AUX for c in verb.children
        ):
            # "a letter warning that a 35% tariff would apply": held out, not in force
            for above in heads(verb):
                status = measure_words.MODAL_STATUS.get(above.lemma_.lower())
                if status:
                    return status
            return "proposed"
        return "implemented"  # "the controls could hurt": what may happen is not the measure
    for verb in chain:  # "Under the deal, Washington will lower its tariffs": agreed
        if any(
            o.lemma_.lower() in measure_words.AGREEMENT_NOUNS for o in prep_objects(verb, "under")
        ):
            return "agreed"
    for inner, verb in pairwise(chain):
        if inner.dep_ not in ("xcomp", "conj"):
            break  # "warned that restrictions could ...": a report, not a threat to impose
        status = measure_words.MODAL_STATUS.get(verb.lemma_.lower())
        if status:
            return status
    first = chain[0] if chain else trigger.token
    lemma = first.lemma_.lower()
    if lemma in measure_words.MODAL_STATUS:
        return measure_words.MODAL_STATUS[lemma]
    reported = (
        first.dep_ == "ccomp" and lexicon.CLAIM_CUES.get(first.head.lemma_.lower()) == "state"
    )
    speculative = any(
        c.dep_ == "aux" and c.lower_ in measure_words.SPECULATIVE_AUX for c in first.children
    )
    if speculative and not reported:  # "said it would revoke" reports a decision
        return "proposed"
    if trigger.type == "visa_restriction":
        return "implemented"  # revoking visas is the measure itself
    if trigger.token.pos_ == "VERB" and trigger.type != "sanction":
        return "implemented"  # "banned exports": halting is the measure
    return measure_words.ACTION_STATUS.get(lemma, "implemented")


_COMING_INTO_FORCE = frozenset({"apply", "take", "come", "kick", "start", "begin", "rise", "go"})


def _agreement(
    trigger: Trigger,
    chain: list[Token],
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
) -> Policy | None:
    parties: list[Actor] = []
    if trigger.token.pos_ == "VERB":
        chain = [trigger.token, *chain]
    named = [a for obj in prep_objects(trigger.token, "between") for a in resolver.resolve_all(obj)]
    if len(set(named)) > 1:  # "part of a pact between the EU and Mercosur": those two
        chain = []
    for verb in chain:
        subject = child(verb, "nsubj", "nsubjpass")
        if subject is not None and subject.lower_ in ("it", "they", "we"):
            continue  # "X announced it had entered into an agreement": X, further up
        if subject is not None:
            parties += resolver.resolve_all(subject)
            if any(t.dep_ == "cc" for t in subject.subtree):  # "the delegations of X, Y and Z"
                parties += resolver.actors_in(list(subject.subtree))
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
    if lemma in measure_words.EXIT_VERBS:
        status = "suspended" if lemma in ("suspend", "freeze", "pause") else "revoked"
    if (
        lemma in ("propose", "negotiate", "seek")
        or measure_words.MODAL_STATUS.get(lemma) == "proposed"
    ):
        status = "proposed"
    elif lemma in measure_words.ACTION_STATUS and lemma not in measure_words.EXIT_VERBS:
        status = measure_words.ACTION_STATUS[lemma]
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
