"""Which actor a phrase refers to: gazetteer names, NER entities, roles and pronouns.

"Beijing", "Chinese officials", "a spokesperson for China's foreign ministry" and "he"
(after "Donald Trump") all need to land on one actor IRI. The resolver works on one
parsed document and remembers the people already named in it.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from kg.extract.actor_mentions import MentionIndex
from kg.extract.actor_words import (
    BODY_NOUNS,
    COLLECTIVES,
    GROUP_HEADS,
    NON_STATE_GROUPS,
    OFFICES,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    ROLE_NOUNS,
    STATE_BODIES,
    conjuncts,
    last_before,
    last_mention,
)
from kg.extract.gazetteer import Gazetteer, slug
from kg.extract.gender import pronoun_gender
from kg.extract.lexicon import ACT_NOUNS, CLAIM_CUES, LABEL_VERBS, VIOLENT_DEED_WORDS
from kg.model import Actor, Role, Technology

# Claims that judge an act rather than do it ("agreed the deal" does it).
_JUDGING = frozenset("criticize accuse praise deny reject warn demand appeal threaten".split())


class ActorResolver(MentionIndex):
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
        same = {lemma, verb_lemma}
        if lemma in VIOLENT_DEED_WORDS:  # "the killing ... the strike ... the attack"
            same |= VIOLENT_DEED_WORDS
        doc = noun.doc
        for t in reversed(doc[max(0, noun.i - reach) : noun.i]):
            t_lemma = t.lemma_.lower()
            if t_lemma not in same:
                continue
            if t.pos_ == "VERB":  # "X proposed ... the proposal was welcomed"
                subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
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
        if CLAIM_CUES.get(verb.lemma_.lower()) in _JUDGING or verb.lemma_.lower() in LABEL_VERBS:
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

    def _group(self, head: Token) -> Actor | None:
        """A group acting together, named as written ("foreign powers", "European
        nations", "the foreign ministers"): one actor of type Group per article."""
        lower = head.lower_
        if head.tag_ != "NNS" or lower not in GROUP_HEADS:
            return None
        words = [
            c
            for c in head.children
            if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN") and c.i < head.i
        ]
        if not words and lower not in NON_STATE_GROUPS:
            return None  # "the countries" alone: which ones, the text said before
        name = " ".join(t.text for t in sorted([*words, head], key=lambda t: t.i))
        key = "group-" + slug(name)
        actor = self.actors.get(key) or Actor(key=key, name=name, type="Group")
        self.actors[key] = actor
        return actor

    def _office_holder(self, head: Token) -> Actor | None:
        """Who a title without a name stands for, by the article's date: "the US
        president" in 2019 and in 2025 are different people."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        words = [c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod")]
        words.append(head.lemma_.lower())
        role = OFFICES.get(" ".join(words[-2:])) or OFFICES.get(words[-1])
        if role is None:
            return None
        country = None
        for c in head.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod"):
                country = country or self._government_word(c)
        for obj in (
            g
            for c in head.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ):
            country = country or self._government_word(obj)
        if country is None:
            return None
        for office in role:
            found = self.gazetteer.office_holder(country.key, office, self.date)
            if found is not None:
                return found
        return None

    def _object_pronoun(self, pronoun: Token) -> Actor | None:
        """ "labeled Soleimani a terrorist and levied sanctions against him": an object
        pronoun points to the person named earlier in its own sentence who is not the
        subject; he or she as subject continue the topic instead."""
        if pronoun.lower_ not in ("him", "her") or pronoun.dep_ in ("nsubj", "nsubjpass"):
            return None
        sent = pronoun.sent
        gender = pronoun_gender(pronoun.lower_)
        for i in range(pronoun.i - 1, sent.start - 1, -1):
            actor = self._by_token.get(i)
            token = pronoun.doc[i]
            if actor is None or actor.type != "Person" or token.dep_ in ("nsubj", "nsubjpass"):
                continue
            known = self._gender.get(actor.key)
            if gender is None or known is None or known == gender:
                return actor
        return None

    def _titled_before(self, head: Token) -> Actor | None:
        """ "The president said", "the spokesperson added": the last person named with
        that title earlier in the article."""
        word = head.lemma_.lower()
        if word not in PERSON_TITLES or not any(
            c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children
        ):
            return None
        found = None
        for start, words, person in self._titles:
            if start >= head.i:
                break
            if word in words:
                found = person
        return found

    def _definite_body(self, head: Token) -> Actor | None:
        """ "The company", "the ministry", "the embassy": the last such body named."""
        kind = BODY_NOUNS.get(head.lemma_.lower())
        if kind is None or head.pos_ != "NOUN":
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return None
        return self._last_named(head.lemma_.lower(), head.i)

    def _last_named(self, word: str, before: int) -> Actor | None:
        """The last actor before token ``before`` that a definite "the <word>" can mean:
        one whose name has the word ("the ministry"), or the last firm ("the company")."""
        kind = BODY_NOUNS.get(word)
        for i in range(before - 1, max(-1, before - 400), -1):
            actor = self._by_token.get(i)
            if actor is None:
                continue
            if kind == "name" and word in actor.name.lower():
                return actor
            if kind == "firm" and actor.type in ("Company", "Organization"):
                return actor
        return None

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

    def last_person_before(self, index: int, gender: str | None = None) -> Actor | None:
        """Who "he" or "she" at ``index`` is: the last person of a fitting gender who
        was a main-clause subject, else the last such person named."""

        def fits(actor: Actor) -> bool:
            known = self._gender.get(actor.key)
            return gender is None or known is None or known == gender

        def known_fit(actor: Actor) -> bool:
            return self._gender.get(actor.key) == gender

        # "she" after "Police spoke with Anne Sacoolas" is Anne, not the man of unknown
        # gender who was the subject two sentences back
        if gender is not None:
            topic = last_mention(self._topics, index, fits)
            named = last_mention(self._people, index, known_fit)
            if named is not None and (
                topic is None or (named[0] > topic[0] and not known_fit(topic[1]))
            ):
                return named[1]
        return last_before(self._topics, index, fits) or last_before(self._people, index, fits)

    def actors_in(self, tokens: list[Token] | Span) -> list[Actor]:
        found: list[Actor] = []
        for t in tokens:
            a = self._by_token.get(t.i)
            if a and a not in found:
                found.append(a)
        return found

    def demonym(self, token: Token) -> Actor | None:
        """The government a demonym stands for: "Chinese", "the Saudis" (never the
        pronoun "us" for "US")."""
        text = token.text
        if token.pos_ == "VERB" or not text[:1].isupper():
            return None
        found = self.gazetteer.actor_for_demonym(text)
        if found is None and text.endswith("s") and token.tag_ == "NNPS":
            found = self.gazetteer.actor_for_demonym(text[:-1])
        if found is None and "-" in text:  # "Chinese-made", "US-owned"
            found = self.gazetteer.actor_for_demonym(text.split("-")[0])
        return found

    # -- internals

    def _appositive_person(self, head: Token) -> Actor | None:
        """ "Merkel's spokesperson, Steffen Seibert,": the person; "one of these groups,
        the SDF,": any actor the appositive names where the head itself names none."""
        for c in head.children:
            if c.dep_ == "appos":
                actor = self.actor_at(c)
                if actor is not None and (actor.type == "Person" or head.pos_ in ("NUM", "PRON")):
                    return actor
        return None

    def _actor_inside(self, head: Token) -> Actor | None:
        """An actor named in the modifiers of a phrase ("China's foreign ministry",
        "a spokesperson for the Commerce Department", "Chinese officials")."""
        for child in head.children:
            if child.dep_ in ("compound", "poss", "nmod", "amod", "appos", "npadvmod"):
                actor = self.actor_at(child) or self._actor_inside(child)
                if actor:
                    return actor
        if head.lemma_.lower() in ROLE_NOUNS:  # "a ministry spokesperson": the ministry named
            for child in head.children:
                if child.dep_ == "compound" and BODY_NOUNS.get(child.lemma_.lower()) == "name":
                    actor = self._last_named(child.lemma_.lower(), head.i)
                    if actor:
                        return actor
        lemma = head.lemma_.lower()
        speaks = lemma in ROLE_NOUNS or lemma in STATE_BODIES or lemma in COLLECTIVES
        for child in head.children if speaks or head.pos_ == "PROPN" else ():
            if child.dep_ == "prep" and child.lower_ in (
                "of",
                "for",
                "from",
                "at",
                "by",
                "as",
                "including",
                "like",
            ):  # "allies such as Germany"
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        actor = self.actor_at(obj) or self._actor_inside(obj)
                        if actor:
                            return actor
        return self._demonym_actor(head)

    def _people_of(self, head: Token) -> Actor | None:
        """ "We warn the Saudis", "the Iranians rejected it": a nation named by its
        people, as the object or subject of a stance, stands for its government."""
        if head.tag_ != "NNPS" or not any(c.lower_ == "the" for c in head.children):
            return None
        return self.demonym(head)

    def _demonym_actor(self, head: Token) -> Actor | None:
        """ "Chinese officials", "the Iraqi military": a demonym on a word for people who
        act for a state. "European carmakers" or "Chinese students" are not the state."""
        if head.lemma_.lower() not in ROLE_NOUNS and head.lemma_.lower() not in STATE_BODIES:
            return None
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                actor = self.demonym(child)
                if actor:
                    return actor
        return None
