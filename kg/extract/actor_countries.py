"""Which country an actor mention belongs to: a body named with a country is that
country's ("the Libyan House of Representatives", "Vietnam's coast guard"), a ministry
named without one is the one the article is about ("the Foreign Ministry"), and an
embassy is a body of its state ("the US Embassy in London"). A base of
:class:`kg.extract.actor_mentions.MentionIndex`, which registers the mentions."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.actor_words import MISSIONS, clean_name, strip_determiner
from kg.extract.gazetteer import slug
from kg.model import Actor


class CountryOfMentions:
    """The country-finding half of the mention index (its state lives in
    :class:`kg.extract.actors.ActorResolver`)."""

    def _localised(self, ent: Span, actor: Actor) -> Actor:
        """A known body named with another country ("the Libyan House of Representatives",
        "the Foreign Ministry of Iraq") is that country's body, not the known one; a new
        body or person takes the government its title names ("Iraqi", "of Iraq")."""
        if actor.type in ("Government", "Country"):
            return actor
        country = self._country_in_title(ent) or self._country_of_context(ent, actor)
        if country is None or country.key in (actor.part_of, actor.leader_of, actor.key):
            return actor
        if actor.from_gazetteer:
            if actor.type == "Person" or not (actor.part_of or actor.leader_of):
                return actor  # a known person, or a body of no one country: as it is
            name = clean_name(ent.doc[self._title_start(ent) : ent.end])
            known = self._body_of(name, country)
            if known is not None:
                return known
            name = self._with_country(name, country)
            return Actor(key=slug(name), name=name, type=actor.type, part_of=country.key)
        known = self._body_of(actor.name, country)
        if known is not None:
            return known
        if actor.name[:1].islower():  # "Vietnam's coast guard": not any country's
            name = clean_name(ent.doc[self._title_start(ent) : ent.end])
            return Actor(key=slug(name), name=name, type=actor.type, part_of=country.key)
        return replace(actor, part_of=actor.part_of or country.key)

    def _mission(self, ent: Span, actor: Actor) -> tuple[Actor, int] | None:
        """ "The US Embassy in London" is a body of its own (part of the US government),
        which "the embassy" later names; the recogniser tags only "US". Returns the
        embassy and where its mention ends."""
        doc = ent.doc
        if actor.type not in ("Government", "Country") or ent.end >= len(doc):
            return None
        word = doc[ent.end]
        if word.lower_ not in MISSIONS:
            return None
        end, name = ent.end + 1, f"{ent.text} {word.text}"
        if end + 1 < len(doc) and doc[end].lower_ == "in" and doc[end + 1].ent_type_:
            place = doc[end + 1 : _entity_end(doc[end + 1])]
            end, name = place.end, f"{name} in {place.text}"
        for earlier in reversed(self._seen):  # "the US Embassy" again: the one met before
            if earlier.part_of == actor.key and word.lower_ in earlier.name.lower():
                return earlier, end
        return Actor(key=slug(name), name=name, type="Organization", part_of=actor.key), end

    def _country_of_context(self, ent: Span, actor: Actor) -> Actor | None:
        """Whose "the Foreign Ministry" is, named without a country: the country of the
        ministry of that kind named before ("Iran's foreign ministry ... the Foreign
        Ministry said"), else the known body's own country if the article named it
        before, else the government named last if it has such a ministry. The
        gazetteer's generic name of one country's ministry must not make every foreign
        ministry that country's."""
        if not actor.from_gazetteer or actor.type == "Person" or not _generic_body(ent):
            return None
        name = clean_name(strip_determiner(ent))
        for earlier in reversed(self._seen):
            country = self._government(earlier.part_of)
            if earlier.key != actor.key and country is not None:
                same_kind = self._body_of(name, country)
                if same_kind is not None and same_kind.key == earlier.key:
                    return country
        if any(a.key == actor.part_of for a in self._seen):
            return None
        last = next((a for a in reversed(self._seen) if a.type == "Government"), None)
        return last if last is not None and self._body_of(name, last) is not None else None

    def _government(self, key: str | None) -> Actor | None:
        found = (self.actors.get(key) or self.gazetteer.actors.get(key)) if key else None
        return found if found is not None and found.type in ("Government", "Country") else None

    def _with_country(self, name: str, country: Actor) -> str:
        """ "The Foreign Ministry" of Iraq is named "Foreign Ministry of Iraq": one
        country's ministry is not another's."""
        words = {w.lower().removesuffix("'s") for w in name.split()}
        own = {
            country.name.removeprefix("Government of ").lower(),
            *(a.lower() for a in country.aliases),
            *self.gazetteer.demonyms_of(country.key),
        }
        if words & own:
            return name
        bare = name.removeprefix("The ").removeprefix("the ")
        return f"{bare} of {country.name.removeprefix('Government of ')}"

    def _body_of(self, name: str, country: Actor) -> Actor | None:
        """ "The Foreign Ministry" of Iraq is the known "Iraqi Foreign Ministry"."""
        bare = name.removeprefix("The ").removeprefix("the ")
        names = [country.name.removeprefix("Government of "), *country.aliases[:3]]
        forms = [f"{d} {bare}" for d in self.gazetteer.demonyms_of(country.key)]
        forms += [f"{n}'s {bare}" for n in names] + [f"{bare} of {n}" for n in names]
        for form in forms:
            known = self.gazetteer.actor_for(form)
            if known is not None and country.key in (known.part_of, known.leader_of):
                return known
        return None

    def _country_in_title(self, ent: Span) -> Actor | None:
        """The government a mention's own words name: a demonym or country before it
        ("Iraqi", "China's") or "of X" right after it."""
        doc = ent.doc
        for t in doc[self._title_start(ent) : ent.end]:
            found = self._government_word(t)
            if found is not None:
                return found
        if ent.root.dep_ == "appos":  # "Canada's agriculture minister, Kody Blois"
            head = ent.root.head
            for t in [*head.children, head]:
                if t.dep_ in ("poss", "compound", "amod", "nmod") or t is head:
                    found = self._government_word(t)
                    if found is not None:
                        return found
        if ent[-1].lower_ == "of" and ent.end < len(doc):  # "Patrice Talon of" | "Benin"
            return self._government_word(doc[ent.end])
        if ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("of", "in"):
            return self._government_word(doc[ent.end + 1])
        return None

    def _government_word(self, t: Token) -> Actor | None:
        known = self._by_token.get(t.i) or (
            self.gazetteer.actor_for(t.text) if t.pos_ == "PROPN" else None
        )
        if known is not None and known.type in ("Government", "Country"):
            return known
        demonym = self.demonym(t)
        if demonym is not None and demonym.type in ("Government", "Country"):
            return demonym
        return None

    @staticmethod
    def _title_start(ent: Span) -> int:
        """Where a mention's title begins: "Iraqi Foreign Minister" before a name."""
        start = ent.start
        doc = ent.doc
        while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "poss", "case"):
            before = doc[start - 1]
            above = before.head
            if before.dep_ == "case" and above.dep_ == "poss":
                above = above.head  # "China 's coast guard": the 's of a possessor inside
            if above.i < ent.start and above.i < start:
                break
            start -= 1
        return start


def where_a_mission_is(ent: Span) -> bool:
    """ "Rome" in "the embassy in Rome": where the mission is, no actor."""
    doc = ent.doc
    return (
        ent.start > 1
        and doc[ent.start - 1].lower_ == "in"
        and doc[ent.start - 2].lower_ in MISSIONS
    )


def _entity_end(first: Token) -> int:
    """Where the entity that begins at ``first`` ends (the index after its last token)."""
    end = first.i + 1
    while end < len(first.doc) and first.doc[end].ent_iob_ == "I":
        end += 1
    return end


# The words of a ministry's generic name, which says no country: "the Foreign Ministry",
# "the commerce ministry", "the Ministry of Foreign Affairs".
_GENERIC_BODY_WORDS = frozenset(
    """the ministry of foreign affairs commerce trade defence defense finance interior
    economy industry external justice""".split()
)


def _generic_body(ent: Span) -> bool:
    words = [t.lower_ for t in ent]
    return "ministry" in words and all(w in _GENERIC_BODY_WORDS for w in words)
