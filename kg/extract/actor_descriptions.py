"""Actors a phrase describes rather than names: an office by the article's date ("the
US president"), a definite body or title named before ("the ministry", "the
spokesperson"), a group ("European nations"), a demonym ("Chinese officials", "the
Saudis"), an object pronoun or "he"/"she" by gender and topic, an appositive, an actor
in the phrase's modifiers. :class:`ActorDescriptions` holds these lookups on the mention
index; :class:`kg.extract.actors.ActorResolver` is one.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.actor_mentions import MentionIndex
from kg.extract.actor_words import (
    BODY_NOUNS,
    COLLECTIVES,
    GROUP_HEADS,
    NON_STATE_GROUPS,
    OFFICES,
    PERSON_TITLES,
    ROLE_NOUNS,
    STATE_BODIES,
    last_before,
    last_mention,
)
from kg.extract.gazetteer import slug
from kg.extract.gender import pronoun_gender
from kg.model import Actor


class ActorDescriptions(MentionIndex):
    """The lookups for phrases that describe an actor without naming it; the resolver
    (:class:`kg.extract.actors.ActorResolver`) builds on them."""

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
