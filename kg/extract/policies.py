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
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Span, Token

from kg.extract import lexicon, measure_words
from kg.extract.actors import ActorResolver
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    governing_verb,
    is_negated,
    prep_objects,
    subtree,
    text_of,
    tokens_of,
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
        for one in _per_target(policy, trigger, resolver):
            key = (one.type, one.imposer, one.target, one.rate_from, one.rate_to)
            if key not in seen:
                seen.add(key)
                policies.append(one)
    return _shared_targets(policies)


def _per_target(policy: Policy, trigger: _Trigger, resolver: ActorResolver) -> list[Policy]:
    """A measure on named bodies is one on each: "sanctions on Russia's two largest oil
    companies, Rosneft and Lukoil" hit Rosneft and Lukoil."""
    heads = [trigger.token] + ([trigger.verb] if trigger.verb is not None else [])
    for obj in (o for h in heads for o in prep_objects(h, *_TARGET_PREPS)):
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


def _triggers(sent: Span) -> list[_Trigger]:
    found: list[_Trigger] = []
    for t in tokens_of(sent):
        kind = _trigger_type(t) or _mutual_agreement(t)
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
        if lemma == "add" and any(
            o.lemma_.lower() == "list" and {"entity", "unverified"} & _near(o)
            for o in prep_objects(t, "to")
        ):
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
    if target is None:
        target = _subject_under(trigger, resolver)
        target = target if target != imposer else None
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
    own = _own_clause_actor(trigger.token, resolver)  # "the duties that Trump imposed"
    if own is not None:
        return own
    # "export restrictions could hand the market to rivals": the measure is what the
    # clause is about, and whoever says so is not its imposer.
    subject_of_clause = trigger.token.dep_ in ("nsubj", "nsubjpass")
    named = any(  # "US export controls": the measure names its own imposer
        (resolver.actor_at(c) or resolver.demonym(c)) is not None
        for c in trigger.token.children
        if c.dep_ in ("poss", "compound", "amod", "nmod")
    )
    if subject_of_clause and not named:  # "warned that a 35% tariff would apply": the warner's
        for above in _heads(trigger.token.head):
            if measure_words.MODAL_STATUS.get(above.lemma_.lower()) == "threatened":
                holder = child(above, "nsubj")
                if holder is None and above.dep_ == "acl":  # "a letter warning that ..."
                    holder = next((c for c in above.head.head.children if c.dep_ == "nsubj"), None)
                actor = resolver.resolve(holder)[0] if holder is not None else None
                if actor is not None:
                    return actor
    previous: Token | None = None
    for verb in [] if subject_of_clause else chain:
        joined = (  # "labeled him a terrorist and levied sanctions": one subject, two acts
            previous is not None
            and previous.dep_ == "conj"
            and previous.head == verb
            and previous.lemma_.lower() in measure_words.MEASURE_VERBS
        )
        if _speaks_about(verb, previous) and not joined:
            break  # "India slammed the tariffs": the critic is not the imposer
        previous = verb
        if verb.lemma_.lower() == "be":
            break  # "Turkey is under EU sanctions": the subject is the target
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
    verb = trigger.verb
    if verb is not None and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        # "the US decision to cancel visas", "Washington's move to curb exports"
        for c in verb.head.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                actor = resolver.actor_at(c) or resolver.demonym(c)
                if actor:
                    return actor
    return None


def _speaks_about(verb: Token, reported: Token | None) -> bool:
    """A verb of saying or of stance whose subject talks about a measure rather than
    takes it: "India slammed the tariffs". A saying verb whose reported clause has "it"
    or "we" as subject is the taker's own word: "Washington told Nvidia it would need a
    licence"."""
    lemma = verb.lemma_.lower()
    kind = lexicon.CLAIM_CUES.get(lemma)
    if lemma in lexicon.PHRASAL_VERBS_ONLY | lexicon.EXPRESS_VERBS | lexicon.LABEL_VERBS:
        kind = kind or "criticize"  # "lashed out at Washington over the duties"
    if kind is None or kind == "agree" or lemma in measure_words.MEASURE_VERBS:
        return False
    if kind == "state" and reported is not None:
        subject = child(reported, "nsubj", "nsubjpass")
        return subject is not None and subject.lower_ not in ("it", "we", "they")
    return True


def _own_clause_actor(noun: Token, resolver: ActorResolver) -> Actor | None:
    """The imposer in a clause hanging on the measure: "duties that Trump imposed",
    "tariffs imposed by Washington", "sanctions levied on X by the EU"."""
    for c in noun.children:
        if c.dep_ not in ("relcl", "acl") or c.lemma_.lower() not in measure_words.MEASURE_VERBS:
            continue
        for g in c.children:
            if g.dep_ == "nsubj" and g.lower_ not in ("that", "which", "who"):
                actor = resolver.resolve(g)[0]
                if actor is not None:
                    return actor
            if g.dep_ == "agent":
                for obj in g.children:
                    actor = resolver.resolve(obj)[0]
                    if actor is not None:
                        return actor
    return None


def _subject_under(trigger: _Trigger, resolver: ActorResolver) -> Actor | None:
    """The actor a measure weighs on: "Turkey is under EU sanctions", "Mahan has been the
    subject of US sanctions", "X was sanctioned"."""
    token = trigger.token
    if token.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in token.children):
        subject = child(token, "nsubjpass")
        return resolver.resolve(subject)[0] if subject is not None else None
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in ("under", "of"):
        holder = head.head
        if holder.lemma_.lower() == "subject":
            holder = holder.head
        if holder.lemma_.lower() in ("be", "remain", "come", "fall", "stay"):
            subject = child(holder, "nsubj")
            return resolver.resolve(subject)[0] if subject is not None else None
    return None


def _target_and_goods(
    trigger: _Trigger, resolver: ActorResolver, imposer: Actor | None
) -> tuple[Actor | None, str | None]:
    heads = [trigger.token] + [v for v in (trigger.verb, trigger.action) if v is not None]
    clauses = [c for c in trigger.token.children if c.dep_ in ("relcl", "acl")]
    objects = [o for h in heads + clauses for o in prep_objects(h, *_TARGET_PREPS)]
    objects += [o for h in clauses for o in prep_objects(h, "from")]  # "on goods from India"
    if trigger.action is not None:  # the licensed goods: "to export its H20 chips"
        goods_obj = child(trigger.action, "dobj")
        objects += [goods_obj] if goods_obj is not None else []
    if trigger.token.pos_ == "VERB" or trigger.type == "visa_restriction":
        obj = child(trigger.token if trigger.token.pos_ == "VERB" else trigger.verb, "dobj")
        objects += [obj] if obj is not None else []
        objects += prep_objects(trigger.token, "of")
    if trigger.type == "visa_restriction" and trigger.verb is not None:
        objects += prep_objects(trigger.verb, "for")  # "revoke visas for Chinese students"
    goods: str | None = None
    for obj in objects:
        actor = _actor_of_goods(obj, resolver)
        if obj.lower_ in ("it", "them"):
            continue
        if (
            resolver.actor_at(obj) is None
            and goods is None
            and obj.pos_ in ("NOUN", "PROPN")
            and obj.ent_type_ not in ("DATE", "TIME")
        ):
            goods = text_of(subtree(obj))
        if actor is not None and actor != imposer:
            return actor, goods
    return None, goods


def _actor_of_goods(obj: Token, resolver: ActorResolver) -> Actor | None:
    """The actor whose goods, firms or people a phrase names."""
    actor = resolver.resolve(obj)[0]
    if actor is not None:
        return actor
    for o in prep_objects(obj, "from", "of", "in", "to", "for"):
        actor = resolver.resolve(o)[0]
        if actor is not None:
            return actor
    for c in obj.subtree:
        actor = resolver.demonym(c) if c.dep_ in ("amod", "compound", "nmod", "npadvmod") else None
        if actor is not None:
            return actor
    return None


@dataclass(frozen=True)
class _Rate:
    value: float
    token: Token  # the phrase's head in the parse ("cent" in "25 per cent", "%" or "25%")
    first: Token  # its first token


_RATE_WORD = re.compile(r"^(\d+(?:\.\d+)?)(%|pc|pct)?$", re.IGNORECASE)


def rate_mentions(sent: Span) -> list[_Rate]:
    """Every percentage in the sentence, however written: "25%", "25 %", "25 per cent",
    "25 percent", "25pc", "25 pct", "25 percentage points" (points are changes, kept
    out)."""
    found: list[_Rate] = []
    tokens = list(sent)
    for i, t in enumerate(tokens):
        if t.lower_ == "zero" and i and tokens[i - 1].lower_ == "to":
            found.append(_Rate(0.0, t, t))  # "cut tariffs on US goods to zero"
            continue
        m = _RATE_WORD.match(t.text.replace(",", ""))
        if not m:
            continue
        value = float(m.group(1))
        if m.group(2):  # "25%", "34pc" as one token
            found.append(_Rate(value, t, t))
            continue
        rest = [x.lower_ for x in tokens[i + 1 : i + 3]]
        if rest[:1] in (["%"], ["pc"], ["pct"], ["percent"]):
            found.append(_Rate(value, _head_of(tokens[i], tokens[i + 1]), t))
        elif rest == ["per", "cent"]:
            found.append(_Rate(value, _head_of(tokens[i], tokens[i + 2]), t))
    return found


def _head_of(a: Token, b: Token) -> Token:
    """Of two adjacent tokens of one phrase, the one the other hangs from."""
    return a if b.head == a else b


def _rates(
    trigger: _Trigger, triggers: list[_Trigger], sent: Span
) -> tuple[float | None, float | None]:
    """Percentages that belong to this trigger: they hang on it or on its verb.
    "from X to Y" is a change; "an additional Y, bringing the total to X" is one from
    X−Y to X."""
    owners = {trigger.token.i} | ({trigger.verb.i} if trigger.verb is not None else set())
    others = {t.token.i for t in triggers if t is not trigger}
    rate_from = rate_to = total = extra = None
    mentions = rate_mentions(sent)
    ranges = {  # "from 145% to 30%" may parse as one quantity: the pair goes together
        b.first.i: a for a, b in pairwise(mentions) if _between(a, b) in (["to"], ["-"])
    }
    for rate in mentions:
        if any(r is rate for r in ranges.values()):
            continue
        if rate.first.i in ranges:
            anchor, _ = _anchor(rate.token, others | owners)
            if anchor is not None and anchor.i in owners:
                rate_from, rate_to = ranges[rate.first.i].value, rate.value
            continue
        if _is_total(rate.token):
            total = rate.value
            continue
        anchor, prep = _anchor(rate.token, others | owners)
        if anchor is None or anchor.i not in owners or prep == "by":
            continue  # "cut by 10 points" is a change, not a rate
        if prep == "from":
            rate_from = rate.value
        elif _is_extra(rate.first):
            extra = rate.value
        else:
            rate_to = rate.value
    factor = _multiplier(trigger)
    if rate_to is not None and rate_from is None and factor:
        rate_from = rate_to / factor  # "doubling the duty to 50%": from 25%
    if total is not None and (extra is not None or rate_to is not None):
        added = extra if extra is not None else rate_to
        return (total - added if total > added else None), total
    if extra is not None and rate_to is None:
        rate_to = extra
    return rate_from, rate_to


def _between(a: _Rate, b: _Rate) -> list[str]:
    """The words between two percentages ("to" in "145% to 30%")."""
    doc = a.first.doc
    end = max(a.first.i, a.token.i) + 1
    return [t.lower_ for t in doc[end : b.first.i]]


def _multiplier(trigger: _Trigger) -> float | None:
    verb = trigger.verb.lemma_.lower() if trigger.verb is not None else ""
    return {"double": 2.0, "triple": 3.0, "quadruple": 4.0, "halve": 0.5}.get(verb)


def _is_total(token: Token) -> bool:
    """ "bringing the total to 45 per cent", "for a total of 50%"."""
    head = token
    for _ in range(4):
        head = head.head
        if head.lemma_.lower() in ("total", "overall", "cumulative", "combined"):
            return True
        if (
            any(
                c.lemma_.lower() in ("total", "overall") and c.dep_ in ("dobj", "nsubj")
                for c in head.children
            )
            and head.pos_ == "VERB"
        ):
            return True
        if head.head == head:
            break
    return False


def _is_extra(first: Token) -> bool:
    """ "an additional 25 per cent", "a further 20%", "another 10%"."""
    doc = first.doc
    before = {doc[i].lower_ for i in range(max(0, first.i - 2), first.i)}
    return bool(before & {"additional", "further", "extra", "another", "added"})


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
            return measure_words.MODAL_STATUS[c.lemma_.lower()]
    if trigger.token.dep_ in ("nsubj", "nsubjpass"):
        verb = trigger.token.head
        if verb.lemma_.lower() in _COMING_INTO_FORCE and any(
            c.dep_ == "aux" and c.lower_ in measure_words.SPECULATIVE_AUX for c in verb.children
        ):
            # "a letter warning that a 35% tariff would apply": held out, not in force
            for above in _heads(verb):
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


def _heads(token: Token, steps: int = 4) -> list[Token]:
    """The words above ``token`` in the parse, nearest first."""
    found = []
    while token.head != token and len(found) < steps:
        token = token.head
        found.append(token)
    return found


def _agreement(
    trigger: _Trigger,
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
