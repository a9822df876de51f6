"""Who takes a measure and on whom: the clause's actor (never the critic who speaks of
it), a leader's or ministry's government, the target and goods from 'on goods from
India'.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import lexicon, measure_words
from kg.extract.actors import ActorResolver
from kg.extract.policy_triggers import Trigger
from kg.extract.spans import (
    child,
    judged_as,
    predicate_of,
    prep_objects,
    subtree,
    text_of,
)
from kg.model import Actor

TARGET_PREPS = ("on", "against", "to", "targeting")


def imposer_of(trigger: Trigger, chain: list[Token], resolver: ActorResolver) -> Actor | None:
    """Who takes the measure. A leader or a ministry acts for its government, so the
    government is the imposer ("Trump threatened tariffs" is a US measure)."""
    actor = _acting(trigger, chain, resolver)
    return resolver.government_of(actor) if actor else None


def _acting(trigger: Trigger, chain: list[Token], resolver: ActorResolver) -> Actor | None:
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
        for above in heads(trigger.token.head):
            if measure_words.MODAL_STATUS.get(above.lemma_.lower()) == "threatened":
                holder = child(above, "nsubj")
                if holder is None and above.dep_ == "acl":  # "a letter warning that ..."
                    holder = next((c for c in above.head.head.children if c.dep_ == "nsubj"), None)
                actor = resolver.resolve(holder)[0] if holder is not None else None
                if actor is not None:
                    return actor
    shielded = _shielded(trigger.token)  # "built up immunity to sanctions": not imposing them
    previous: Token | None = None
    for verb in [] if subject_of_clause or shielded else chain:
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


def _shielded(token: Token) -> bool:
    """Whether a measure is what a noun of protection is against ("immunity to
    sanctions", "an exemption from the tariffs"): whoever has it did not impose it."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ in ("to", "from", "against")
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() in measure_words.SHIELD_NOUNS
    )


def _speaks_about(verb: Token, reported: Token | None) -> bool:
    """A verb of saying or of stance whose subject talks about a measure rather than
    takes it: "India slammed the tariffs". A saying verb whose reported clause has "it"
    or "we" as subject is the taker's own word: "Washington told Nvidia it would need a
    licence"."""
    lemma = verb.lemma_.lower()
    kind = lexicon.CLAIM_CUES.get(lemma)
    if lemma == "call" and predicate_of(verb) is not None:
        return True  # "Japan called the tariffs unfair"
    if lemma in lexicon.JUDGING_VERBS and judged_as(verb) is not None:
        return True  # "Seoul deemed the duties illegal"
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


def subject_under(trigger: Trigger, resolver: ActorResolver) -> Actor | None:
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


def target_and_goods(
    trigger: Trigger, resolver: ActorResolver, imposer: Actor | None
) -> tuple[Actor | None, str | None]:
    heads = [trigger.token] + [v for v in (trigger.verb, trigger.action) if v is not None]
    clauses = [c for c in trigger.token.children if c.dep_ in ("relcl", "acl")]
    objects = [o for h in heads + clauses for o in prep_objects(h, *TARGET_PREPS)]
    objects += [o for h in clauses for o in prep_objects(h, "from")]  # "on goods from India"
    if trigger.verb is not None:  # the parser hung "from India" on "imposed"; not "from flying"
        objects += [o for o in prep_objects(trigger.verb, "from") if o.dep_ == "pobj"]
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


def heads(token: Token, steps: int = 4) -> list[Token]:
    """The words above ``token`` in the parse, nearest first."""
    found = []
    while token.head != token and len(found) < steps:
        token = token.head
        found.append(token)
    return found
