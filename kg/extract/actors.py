"""Which actor a phrase refers to: gazetteer names, NER entities, roles and pronouns.

"Beijing", "Chinese officials", "a spokesperson for China's foreign ministry" and "he"
(after "Donald Trump") all need to land on one actor IRI. The resolver works on one
parsed document and remembers the people already named in it.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from kg.extract.actor_descriptions import ActorDescriptions
from kg.extract.actor_words import (
    COLLECTIVES,
    NON_STATE_GROUPS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    conjuncts,
    last_before,
)
from kg.extract.gazetteer import Gazetteer
from kg.extract.gender import pronoun_gender
from kg.extract.lexicon import (
    ACT_NOUNS,
    CLAIM_CUES,
    JUDGING_VERBS,
    LABEL_VERBS,
    VIOLENT_DEED_WORDS,
)
from kg.extract.spans import doer_subject
from kg.model import Actor, Role, Technology

# Claims that judge an act rather than do it ("agreed the deal" does it).
_JUDGING = frozenset("criticize accuse praise deny reject warn demand appeal threaten".split())


class ActorResolver(ActorDescriptions):
    """Maps tokens and phrases of one document to actors."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, date: str | None = None) -> None:
        self.gazetteer = gazetteer
        self.date = date  # the article's date: who held an office then
        self.actors: dict[str, Actor] = {}  # every actor mentioned, by key
        self.technologies: dict[str, Technology] = {}
        self._by_token: dict[int, Actor] = {}
        self._tech_by_token: dict[int, Technology] = {}
        self._people: list[tuple[int, Actor]] = []  # (token index, person) in text order
        self._named: dict[str, Actor] = {}  # names an article introduced: "SDF", "Cengiz"
        self._gender: dict[str, str] = {}  # person key -> 'f' or 'm', where known
        self._surface: dict[str, set[str]] = {}  # person key -> every word of their names
        self._unaffiliated: set[str] = set()  # analysts, experts, journalists
        self.roles: list[Role] = []  # roles the text gives people ("X, a spokesperson for Y")
        self._role_keys: set[tuple[str, str, str]] = set()
        self._titled: list[tuple[Span, Actor]] = []  # people named, for their titles
        self._seen: list[Actor] = []  # every mention's actor, in text order
        self._titles: list[tuple[int, set[str], Actor]] = []  # where, title words, who
        for ent in doc.ents:
            self._register(ent)
        self._link_surnames(doc)
        for ent, person in self._titled:  # once every name is known: "X, a spokesperson for Y"
            self._learn_role(ent, person)
        self._titles.sort(key=lambda item: item[0])
        self._topics = self._main_subjects(doc)

    # -- lookups

    def doer_of(self, noun: Token, exclude: Collection[str] = (), reach: int = 400) -> Actor | None:
        """Whose act a noun names: "X's decision", "the Turkish operation", "the deal
        between X and Y", else what an earlier mention of the same thing said ("Turkey
        launched an operation ... the operation was condemned")."""
        own = self._actor_inside(noun) or self._between(noun)
        if own is not None and own.key not in exclude:
            return own
        lemma = noun.lemma_.lower()
        verb_lemma = ACT_NOUNS.get(lemma)
        if verb_lemma is None:
            return None  # "the pipeline" is no act: nobody did it
        same = {lemma, verb_lemma, lemma.removeprefix("air"), f"air{lemma}"}
        found = self._earlier_doer(noun, same, exclude, noun.i)
        if found is None and lemma in VIOLENT_DEED_WORDS:
            # "the killing ... the strike ... the attack": the same deed named otherwise,
            # nearby, when no mention of it by its own word said whose it was
            found = self._earlier_doer(noun, same | VIOLENT_DEED_WORDS, exclude, reach)
        return found

    def _earlier_doer(
        self, noun: Token, same: Collection[str], exclude: Collection[str], reach: int
    ) -> Actor | None:
        """The doer that an earlier mention of the act, by one of the words ``same``
        within ``reach`` tokens, names."""
        doc = noun.doc
        for t in reversed(doc[max(0, noun.i - reach) : noun.i]):
            t_lemma = t.lemma_.lower()
            if t_lemma not in same:
                continue
            if t.pos_ == "VERB":  # "X proposed ... the proposal was welcomed"
                subject = doer_subject(t)
                found = self.resolve(subject)[0] if subject is not None else None
            elif t.pos_ == "NOUN":
                found = (
                    self._actor_inside(t)
                    or self._between(t)
                    or self._doer_by_verb(t)
                    or self.demonym_on(t)
                )
            else:
                continue
            if found is not None and found.key not in exclude:
                return found
        return None

    def demonym_on(self, noun: Token) -> Actor | None:
        """The state a demonym before a noun names, the first of several ("the
        Turkish-Libyan deal": Turkey)."""
        for t in sorted(noun.subtree, key=lambda t: t.i):
            if t.i >= noun.i:
                break
            if t.dep_ in ("amod", "compound", "npadvmod", "nmod"):
                actor = self.demonym(t)
                if actor is not None:
                    return actor
        return None

    def _between(self, noun: Token) -> Actor | None:
        for c in noun.children:  # "the deal between X and Y", "claims from Berlin"
            if c.dep_ == "prep" and c.lower_ in ("between", "by", "from"):
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        actor = self.resolve(obj)[0]
                        if actor is not None:
                            return actor
        return None

    def _doer_by_verb(self, noun: Token) -> Actor | None:
        """The subject of "X launched the operation" / agent of "was imposed by X"."""
        verb = noun.head
        if (
            CLAIM_CUES.get(verb.lemma_.lower()) in _JUDGING
            or verb.lemma_.lower() in LABEL_VERBS | JUDGING_VERBS
        ):
            return None  # "condemned the attack", "welcomed the deal": judged, not done
        if noun.dep_ == "dobj":
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return self.resolve(subject)[0] if subject is not None else None
        if noun.dep_ == "nsubjpass":
            for c in verb.children:
                if c.dep_ == "agent":
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            return self.resolve(obj)[0]
        return None

    def unaffiliated(self, actor: Actor) -> bool:
        """An analyst, expert or journalist: someone quoted, not an actor of the story."""
        return actor.key in self._unaffiliated

    def actor_at(self, token: Token) -> Actor | None:
        return self._by_token.get(token.i)

    def technologies_in(self, tokens: list[Token] | Span) -> tuple[Technology, ...]:
        found: dict[str, Technology] = {}
        for t in tokens:
            tech = self._tech_by_token.get(t.i)
            if tech:
                found[tech.key] = tech
        return tuple(found.values())

    def resolve(self, head: Token) -> tuple[Actor | None, float]:
        """The actor the phrase headed by ``head`` refers to, and how sure we are (0..1)."""
        direct = self.actor_at(head)
        if direct:
            return direct, 1.0
        named = self._appositive_person(head)
        if named:
            return named, 1.0  # "Merkel's spokesperson, Steffen Seibert,": Seibert
        lower = head.lower_
        if lower in PERSON_PRONOUNS:
            person = self._object_pronoun(head) or self.last_person_before(
                head.i, pronoun_gender(lower)
            )
            return (person, 0.75) if person else (None, 0.0)
        if lower == "administration" and not any(
            c.dep_ in ("compound", "amod", "poss", "nmod", "prep") for c in head.children
        ):  # "the administration": the government of the leader last named
            leader = last_before(self._people, head.i, lambda a: a.leader_of is not None)
            if leader is not None:
                return self.government_of(leader), 0.7
        holder = self._office_holder(head)
        if holder:
            return holder, 0.8  # "the US president", "China's foreign minister"
        if head.pos_ in ("NOUN", "PROPN") or lower in ROLE_NOUNS:
            inner = self._actor_inside(head)
            if inner:
                return inner, 0.9 if lower in ROLE_NOUNS else 0.8
        group = self._group(head) if lower in NON_STATE_GROUPS else None
        if group:
            return group, 0.7  # "Iraqi militias" are not Iraq's government
        demonym = self._demonym_actor(head) or self._people_of(head)
        if demonym:
            return demonym, 0.7
        group = self._group(head)
        if group:
            return group, 0.7
        plural = head.tag_ in ("NNS", "NNPS")  # "the ministers said": not one of them
        earlier = None if plural else self._definite_body(head) or self._titled_before(head)
        if earlier:
            return earlier, 0.7  # "the company said", "the spokesperson added"
        return None, 0.0

    def resolve_all(self, head: Token) -> list[Actor]:
        """Every actor of a coordinated phrase: "the US and China" gives both."""
        found: list[Actor] = []
        for t in [head, *conjuncts(head)]:
            actor, _ = self.resolve(t)
            if actor and actor not in found:
                found.append(actor)
        if head.lemma_.lower() in COLLECTIVES:  # "firms including A, B and C": each
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("including", "like", "as"):
                    for obj in (g for g in c.children if g.dep_ == "pobj"):
                        for t in [obj, *conjuncts(obj)]:
                            actor = self.actor_at(t)
                            if actor and actor not in found:
                                found.append(actor)
        return found

    def government_of(self, actor: Actor) -> Actor:
        """The government a leader leads or a ministry belongs to; else the actor itself."""
        for key in (actor.leader_of, actor.part_of):
            owner = self.gazetteer.actors.get(key) if key else None
            if owner is not None and owner.type in ("Government", "Country"):
                return owner
        return actor

    def actors_in(self, tokens: list[Token] | Span) -> list[Actor]:
        found: list[Actor] = []
        for t in tokens:
            a = self._by_token.get(t.i)
            if a and a not in found:
                found.append(a)
        return found
