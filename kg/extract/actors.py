"""Which actor a phrase refers to: gazetteer names, NER entities, roles and pronouns.

"Beijing", "Chinese officials", "a spokesperson for China's foreign ministry" and "he"
(after "Donald Trump") all need to land on one actor IRI. The resolver works on one
parsed document and remembers the people already named in it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.gazetteer import Gazetteer, normalise, slug
from kg.model import Actor, Technology
from kg.nlp import ACTOR_LABEL, TECH_LABEL

# Heads of phrases that stand for the organisation or country named inside them.
ROLE_NOUNS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
        "minister",
        "ministers",
        "diplomat",
        "diplomats",
        "envoy",
        "ambassador",
        "negotiator",
        "negotiators",
        "representative",
        "representatives",
        "leader",
        "leaders",
        "president",
        "premier",
        "chancellor",
        "secretary",
        "chief",
        "head",
        "director",
        "adviser",
        "advisers",
        "advisor",
        "aide",
        "aides",
        "lawmaker",
        "lawmakers",
        "senator",
        "senators",
        "regulator",
        "regulators",
        "government",
        "administration",
        "authorities",
        "side",
        "regime",
        "cabinet",
        "state",
        "statement",
        "embassy",
        "delegation",
        "team",
        "counterpart",
        "counterparts",
        "ministry",
        "department",
        "office",
    ]
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization"}
# NER often tags these as ORG/PERSON although they name no actor in our sense.
_NOT_ACTORS = frozenset({"covid", "ai", "gdp", "ceo"})


class ActorResolver:
    """Maps tokens and phrases of one document to actors."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.actors: dict[str, Actor] = {}  # every actor mentioned, by key
        self.technologies: dict[str, Technology] = {}
        self._by_token: dict[int, Actor] = {}
        self._tech_by_token: dict[int, Technology] = {}
        self._people: list[tuple[int, Actor]] = []  # (token index, person) in text order
        self._surnames: dict[str, Actor] = {}
        for ent in doc.ents:
            self._register(ent)
        self._topics = self._main_subjects(doc)

    def _main_subjects(self, doc: Doc) -> list[tuple[int, Actor]]:
        """People who are the subject of a sentence's main clause, in text order: what
        "he" and "she" most often continue (the centering heuristic)."""
        found = []
        for sent in doc.sents:
            heads = [sent.root, *sent.root.conjuncts]
            for token in sent:
                if token.dep_ in ("nsubj", "nsubjpass") and token.head in heads:
                    actor = self._by_token.get(token.i)
                    if actor is not None and actor.type == "Person":
                        found.append((token.i, actor))
        return found

    # -- building

    def _register(self, ent: Span) -> None:
        if ent.label_ == TECH_LABEL:
            tech = self.gazetteer.technologies.get(ent.ent_id_)
            if tech:
                self.technologies[tech.key] = tech
                for t in ent:
                    self._tech_by_token[t.i] = tech
            return
        actor = self._actor_for_entity(ent)
        if actor is None:
            return
        self.actors[actor.key] = actor
        for t in ent:
            self._by_token[t.i] = actor
        if actor.type == "Person":
            self._people.append((ent.start, actor))
            self._surnames.setdefault(actor.name.split()[-1].lower(), actor)

    def _actor_for_entity(self, ent: Span) -> Actor | None:
        if ent.label_ == ACTOR_LABEL:
            return self.gazetteer.actors.get(ent.ent_id_)
        text = _strip_determiner(ent).text.strip()
        if ent.label_ not in ("PERSON", "ORG", "GPE") or not text:
            return None
        known = self.gazetteer.actor_for(text)
        if known:
            return known
        if ent.label_ == "GPE" or normalise(text) in _NOT_ACTORS or len(text) < 2:
            return None  # a place we do not know as a government: not an actor
        if ent.label_ == "PERSON":
            if " " not in text and text.lower() in self._surnames:
                return self._surnames[text.lower()]  # "Smith" after "John Smith"
            text = text.removesuffix("'s").removesuffix("’s")
        return Actor(key=slug(text), name=text, type=_NER_TYPES[ent.label_])

    # -- lookups

    def actor_at(self, token: Token) -> Actor | None:
        return self._by_token.get(token.i)

    def technology_at(self, token: Token) -> Technology | None:
        return self._tech_by_token.get(token.i)

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
        lower = head.lower_
        if lower in PERSON_PRONOUNS:
            person = self.last_person_before(head.i)
            return (person, 0.75) if person else (None, 0.0)
        if head.pos_ in ("NOUN", "PROPN") or lower in ROLE_NOUNS:
            inner = self._actor_inside(head)
            if inner:
                return inner, 0.9 if lower in ROLE_NOUNS else 0.8
        demonym = self._demonym_actor(head)
        if demonym:
            return demonym, 0.7
        return None, 0.0

    def resolve_all(self, head: Token) -> list[Actor]:
        """Every actor of a coordinated phrase: "the US and China" gives both."""
        found: list[Actor] = []
        for t in [head, *_conjuncts(head)]:
            actor, _ = self.resolve(t)
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

    def last_person_before(self, index: int) -> Actor | None:
        """Who "he" or "she" at ``index`` is: the last person who was a main-clause
        subject, else the last person named."""
        return _last_before(self._topics, index) or _last_before(self._people, index)

    def actors_in(self, tokens: list[Token] | Span) -> list[Actor]:
        found: list[Actor] = []
        for t in tokens:
            a = self._by_token.get(t.i)
            if a and a not in found:
                found.append(a)
        return found

    def demonym(self, token: Token) -> Actor | None:
        return self.gazetteer.actor_for_demonym(token.text) if token.pos_ != "VERB" else None

    # -- internals

    def _actor_inside(self, head: Token) -> Actor | None:
        """An actor named in the modifiers of a phrase ("China's foreign ministry",
        "a spokesperson for the Commerce Department", "Chinese officials")."""
        for child in head.children:
            if child.dep_ in ("compound", "poss", "nmod", "amod", "appos"):
                actor = self.actor_at(child) or self._actor_inside(child)
                if actor:
                    return actor
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "from", "at", "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        actor = self.actor_at(obj) or self._actor_inside(obj)
                        if actor:
                            return actor
        return self._demonym_actor(head)

    def _demonym_actor(self, head: Token) -> Actor | None:
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                actor = self.demonym(child)
                if actor:
                    return actor
        return None


def _last_before(mentions: list[tuple[int, Actor]], index: int) -> Actor | None:
    best = None
    for start, actor in mentions:
        if start >= index:
            break
        best = actor
    return best


def _conjuncts(token: Token) -> list[Token]:
    return [c for c in token.conjuncts if c.i > token.i]


def _strip_determiner(ent: Span) -> Span:
    return ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent
