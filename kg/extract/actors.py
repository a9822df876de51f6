"""Which actor a phrase refers to: gazetteer names, NER entities, roles and pronouns.

"Beijing", "Chinese officials", "a spokesperson for China's foreign ministry" and "he"
(after "Donald Trump") all need to land on one actor IRI. The resolver works on one
parsed document and remembers the people already named in it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import Gazetteer, normalise, slug
from kg.extract.gender import person_gender, pronoun_gender
from kg.extract.lexicon import ACT_NOUNS, MEDIA_NAMES
from kg.extract.nlp import ACTOR_LABEL, TECH_LABEL
from kg.model import Actor, Evidence, Role, Technology

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

    def _link_surnames(self, doc: Doc) -> None:
        """A surname alone, after the full name, is that person, even where the
        recogniser missed it ("Later on Tuesday Mitsotakis met ...")."""
        surnames: dict[str, tuple[int, Actor]] = {}
        for start, person in self._people:
            words = person.name.split()
            if len(words) > 1:
                surnames.setdefault(words[-1].lower(), (start, person))
        if not surnames:
            return
        strings = doc.vocab.strings
        wanted = {strings.add(name): name for name in surnames}
        lowers = doc.to_array([LOWER]).tolist()  # look at tokens only where a surname is
        for i, lower in enumerate(lowers):
            name = wanted.get(lower)
            if name is None or i in self._by_token:
                continue
            t = doc[i]
            start, person = surnames[name]
            if t.ent_iob_ == "O" and t.pos_ == "PROPN" and start < i:
                self._by_token[i] = person
                self._people.append((i, person))
        self._people.sort(key=lambda item: item[0])

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
        if _names_a_place(ent):
            return  # "the South China Sea", "the Amazon rainforest"
        actor = self._actor_for_entity(ent)
        if actor is None:
            return
        actor = self._localised(ent, actor)
        self.actors[actor.key] = actor
        for t in ent:
            self._by_token[t.i] = actor
        if actor.type == "Person":
            self._people.append((ent.start, actor))
            names = self._surface.setdefault(actor.key, set())
            for form in (actor.name, *actor.aliases, ent.text):  # "Mohammad" and "Mohammed"
                names.update(
                    w.lower().removesuffix("'s").removesuffix("’s").strip(".,")
                    for w in form.split()
                )
            self._learn_gender(ent, actor)
            self._titled.append((ent, actor))
        self._learn_acronym(ent, actor)

    def _learn_role(self, ent: Span, actor: Actor) -> None:
        """A title in the text gives a role: "Chinese Foreign Ministry spokesperson Guo
        Jiakun" speaks for China's foreign ministry; "Canada's trade minister, X" holds a
        ministerial office in Canada's government. Kept with the sentence that says so."""
        doc = ent.doc
        title = list(doc[self._title_start(ent) : ent.start])
        described = [c for c in ent.root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN":
            described.append(ent.root.head)  # "Canada's trade minister, X" / "X, a spokesperson"
        title_words = [t.lemma_.lower() for t in title]
        if described and not _role_of(title_words) and described[0].lemma_.lower() in _TITLE_HEADS:
            head = described[0]  # only a title word heads a title: not "fiancée of ..."
            title = sorted([*head.subtree], key=lambda t: t.i)
            title = [t for t in title if (t.i < ent.start or t.i >= ent.end) and not t.is_punct]
            title = [
                t
                for t in title
                if t.dep_ not in ("relcl", "acl") and t.lower_ not in ("a", "an", "the")
            ]
        words = [t.lemma_.lower() for t in title]
        self._titles.append((ent.start, set(words), actor))  # for "the spokesperson" later
        role = _role_of(words)
        if role is None:
            return
        body = next(
            (a for t in title if (a := self._by_token.get(t.i)) is not None and a.type != "Person"),
            None,
        ) or (self.actors.get(actor.part_of) if actor.part_of else None)
        if body is None or body.key == actor.key:
            return
        key = (actor.key, body.key, role)
        if key in self._role_keys:
            return
        self._role_keys.add(key)
        sent = ent.sent
        text = " ".join(t.text for t in title).strip()
        self.roles.append(
            Role(
                holder=actor.key,
                of=body.key,
                role=role,
                title=text or None,
                evidence=Evidence(sent.text, sent.start_char, sent.end_char),
            )
        )

    def _learn_gender(self, ent: Span, actor: Actor) -> None:
        doc = ent.doc
        title = [t.text for t in doc[self._title_start(ent) : ent.start]]
        described = []  # what an appositive says: "Jane Doe, an analyst at ...", "his wife, X"
        for c in ent.root.children:
            if c.dep_ == "appos":
                described += [c] + [g for g in c.children if g.dep_ in ("compound", "amod")]
        if ent.root.dep_ == "appos":
            head = ent.root.head
            described += [head] + [g for g in head.children if g.dep_ in ("compound", "amod")]
        context = title + [t.text for t in described]
        words = {w.lower() for w in context}
        for head in described:  # "X, deputy director of the Greek Energy Forum"
            words |= {t.lower_ for t in head.subtree} & _ACADEMIC
        media = any(
            (c.dep_ == "poss" and c.lower_ in MEDIA_NAMES)
            for t in doc[self._title_start(ent) : ent.end]
            for c in t.children
        )
        if (words & (_UNAFFILIATED | _ACADEMIC) or media) and not actor.from_gazetteer:
            self._unaffiliated.add(actor.key)
        gender = person_gender(actor.name, context)
        if gender:
            self._gender.setdefault(actor.key, gender)

    def _localised(self, ent: Span, actor: Actor) -> Actor:
        """A known body named with another country ("the Libyan House of Representatives",
        "the Foreign Ministry of Iraq") is that country's body, not the known one; a new
        body or person takes the government its title names ("Iraqi", "of Iraq")."""
        if actor.type in ("Government", "Country"):
            return actor
        country = self._country_in_title(ent)
        if country is None or country.key in (actor.part_of, actor.leader_of, actor.key):
            return actor
        if actor.from_gazetteer:
            if actor.type == "Person" or not (actor.part_of or actor.leader_of):
                return actor  # a known person, or a body of no one country: as it is
            name = _clean_name(ent.doc[self._title_start(ent) : ent.end])
            known = self._body_of(name, country)
            if known is not None:
                return known
            name = self._with_country(name, country)
            return Actor(key=slug(name), name=name, type=actor.type, part_of=country.key)
        return self._body_of(actor.name, country) or replace(
            actor, part_of=actor.part_of or country.key
        )

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
        while (
            start > 0
            and doc[start - 1].dep_ in ("compound", "amod", "poss", "case")
            and (doc[start - 1].head.i >= ent.start or doc[start - 1].head.i >= start)
        ):
            start -= 1
        return start

    def _learn_acronym(self, ent: Span, actor: Actor) -> None:
        """ "Syrian Democratic Forces (SDF)": later "SDF" is the same actor."""
        doc = ent.doc
        if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            short = doc[ent.end + 1].text
            if short.isupper() and 1 < len(short) <= 8:
                self._named.setdefault(short.lower(), actor)
        if actor.type != "Person" and len(ent) > 1:
            initials = "".join(t.text[0] for t in ent if t.text[:1].isupper())
            if len(initials) > 1:
                self._named.setdefault(initials.lower(), actor)

    def _actor_for_entity(self, ent: Span) -> Actor | None:
        if ent.label_ == ACTOR_LABEL:
            known = self.gazetteer.actors.get(ent.ent_id_)
            return self._namesake(ent, known) if known is not None else None
        text = _clean_name(_strip_determiner(ent))
        if ent.label_ not in ("PERSON", "ORG", "GPE") or not text:
            return None
        known = self.gazetteer.actor_for(text) or self._named.get(text.lower())
        if known:
            return known
        if len(ent) == 1:  # "Mahan" after "Mahan Air", "Cengiz" after "Hatice Cengiz"
            earlier = self._person_named(text) or self._body_named(text)
            if earlier:
                return earlier
        if ent.label_ == "GPE" or normalise(text) in _NOT_ACTORS or len(text) < 2:
            return None  # a place we do not know as a government: not an actor
        if self.gazetteer.actor_for_demonym(text) is not None:
            return None  # "Iranian" tagged as a name: a demonym, not an actor of its own
        if ent.label_ == "PERSON":
            earlier = self._person_named(text)
            if earlier:
                return earlier  # "Smith" or "John" after "John Smith"
        kind = _NER_TYPES[ent.label_]
        if kind == "Organization" and _looks_like_a_person(ent, text):
            kind = "Person"  # "Patrice Talon of" (Benin) was tagged as an organisation
        return Actor(key=slug(text), name=text, type=kind)

    def _namesake(self, ent: Span, known: Actor) -> Actor:
        """A known surname after another first name is someone else: "Eduardo Bolsonaro"
        is not Jair Bolsonaro, though the gazetteer knows "Bolsonaro"."""
        doc = ent.doc
        if known.type != "Person" or len(ent) != 1 or ent.start == 0:
            return known
        before = doc[ent.start - 1]
        first_names = {w.lower() for w in known.name.split()} | {
            w.lower() for alias in known.aliases for w in alias.split()
        }
        run = []  # the names before it: "Sayyid Ali Hosseini Khamenei" is still Khamenei
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ == "PROPN" and len(run) < 3:
            run.append(doc[i].lower_)
            i -= 1
        if any(w in first_names for w in run):
            return known
        if (
            before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and before.lower_ not in first_names
            and before.ent_type_ in ("", "PERSON")
            and before.lower_ not in ROLE_NOUNS | _TITLE_WORDS
        ):
            name = f"{before.text} {ent.text}"
            return Actor(key=slug(name), name=name, type="Person")
        return known

    def _person_named(self, text: str) -> Actor | None:
        """The person met earlier whose full name (as written here or as known) holds
        every word of ``text``; none when two people would fit ("Smith" after both John
        and Jane Smith)."""
        words = text.lower().split()
        fits = {
            a.key: a
            for _, a in self._people
            if len(a.name.split()) > len(words)
            and all(w in self._surface.get(a.key, set()) for w in words)
        }
        return next(iter(fits.values())) if len(fits) == 1 else None

    def _body_named(self, text: str) -> Actor | None:
        """The organisation met earlier whose name begins with ``text`` ("Mahan" after
        "Mahan Air"), when only one does."""
        word = text.lower()
        fits = {
            a.key: a
            for a in self.actors.values()
            if a.type not in ("Person", "Government", "Country")
            and len(a.name.split()) > 1
            and a.name.lower().split()[0] == word
        }
        return next(iter(fits.values())) if len(fits) == 1 else None

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
        doc = noun.doc
        for t in reversed(doc[max(0, noun.i - reach) : noun.i]):
            t_lemma = t.lemma_.lower()
            if t_lemma not in (lemma, verb_lemma):
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
        holder = self._office_holder(head)
        if holder:
            return holder, 0.8  # "the US president", "China's foreign minister"
        if head.pos_ in ("NOUN", "PROPN") or lower in ROLE_NOUNS:
            inner = self._actor_inside(head)
            if inner:
                return inner, 0.9 if lower in ROLE_NOUNS else 0.8
        demonym = self._demonym_actor(head) or self._people_of(head)
        if demonym:
            return demonym, 0.7
        earlier = self._definite_body(head) or self._titled_before(head)
        if earlier:
            return earlier, 0.7  # "the company said", "the spokesperson added"
        return None, 0.0

    def _office_holder(self, head: Token) -> Actor | None:
        """Who a title without a name stands for, by the article's date: "the US
        president" in 2019 and in 2025 are different people."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        words = [c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod")]
        words.append(head.lemma_.lower())
        role = _OFFICES.get(" ".join(words[-2:])) or _OFFICES.get(words[-1])
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
        if word not in _PERSON_TITLES or not any(
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
        kind = _BODY_NOUNS.get(head.lemma_.lower())
        if kind is None or head.pos_ != "NOUN":
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return None
        return self._last_named(head.lemma_.lower(), head.i)

    def _last_named(self, word: str, before: int) -> Actor | None:
        """The last actor before token ``before`` that a definite "the <word>" can mean:
        one whose name has the word ("the ministry"), or the last firm ("the company")."""
        kind = _BODY_NOUNS.get(word)
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
        for t in [head, *_conjuncts(head)]:
            actor, _ = self.resolve(t)
            if actor and actor not in found:
                found.append(actor)
        if head.lemma_.lower() in _COLLECTIVES:  # "firms including A, B and C": each
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("including", "like", "as"):
                    for obj in (g for g in c.children if g.dep_ == "pobj"):
                        for t in [obj, *_conjuncts(obj)]:
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

        return _last_before(self._topics, index, fits) or _last_before(self._people, index, fits)

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
                if child.dep_ == "compound" and _BODY_NOUNS.get(child.lemma_.lower()) == "name":
                    actor = self._last_named(child.lemma_.lower(), head.i)
                    if actor:
                        return actor
        lemma = head.lemma_.lower()
        speaks = lemma in ROLE_NOUNS or lemma in _STATE_BODIES or lemma in _COLLECTIVES
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
        if head.lemma_.lower() not in ROLE_NOUNS and head.lemma_.lower() not in _STATE_BODIES:
            return None
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                actor = self.demonym(child)
                if actor:
                    return actor
        return None


# Titles that name an office: which gazetteer roles they can be, in order.
_OFFICES: dict[str, tuple[str, ...]] = {
    "president": ("head-of-state", "head-of-government"),
    "leader": ("head-of-state", "leader"),
    "prime minister": ("head-of-government",),
    "premier": ("head-of-government",),
    "chancellor": ("head-of-government",),
    "foreign minister": ("foreign-minister",),
    "foreign secretary": ("foreign-minister",),
    "secretary of state": ("foreign-minister",),
    "trade minister": ("trade-minister", "commerce-minister"),
    "commerce minister": ("commerce-minister", "trade-minister"),
    "commerce secretary": ("commerce-minister", "trade-minister"),
    "trade representative": ("trade-representative",),
    "finance minister": ("finance-minister",),
    "treasury secretary": ("finance-minister",),
    "defence minister": ("defence-minister",),
    "defense minister": ("defence-minister",),
    "defense secretary": ("defence-minister",),
    "defence secretary": ("defence-minister",),
}
# Title words and the role they give, checked in this order (two-word titles first).
_TITLE_ROLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("foreign", "minister"), "foreign-minister"),
    (("foreign", "secretary"), "foreign-minister"),
    (("secretary", "of", "state"), "foreign-minister"),
    (("prime", "minister"), "head-of-government"),
    (("trade", "minister"), "trade-minister"),
    (("trade", "representative"), "trade-representative"),
    (("commerce", "minister"), "commerce-minister"),
    (("commerce", "secretary"), "commerce-minister"),
    (("finance", "minister"), "finance-minister"),
    (("treasury", "secretary"), "finance-minister"),
    (("defence", "minister"), "defence-minister"),
    (("defense", "minister"), "defence-minister"),
    (("defense", "secretary"), "defence-minister"),
    (("interior", "minister"), "interior-minister"),
    (("spokesperson",), "spokesperson"),
    (("spokesman",), "spokesperson"),
    (("spokeswoman",), "spokesperson"),
    (("president",), "head-of-state"),
    (("premier",), "head-of-government"),
    (("chancellor",), "head-of-government"),
    (("ambassador",), "ambassador"),
    (("envoy",), "ambassador"),
    (("minister",), "minister"),
    (("official",), "official"),
    (("adviser",), "official"),
    (("advisor",), "official"),
    (("negotiator",), "official"),
)


_TITLE_HEADS = frozenset(
    {phrase[-1] for phrase, _ in _TITLE_ROLES} | {"commissioner", "director", "chief", "head"}
)


def _role_of(words: list[str]) -> str | None:
    present = set(words)
    for phrase, role in _TITLE_ROLES:
        if phrase[-1] not in present:
            continue  # the common case: a title has none of these words
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return role
    return None


# Titles that "the <title>" can point back to a person by.
_PERSON_TITLES = frozenset(
    """president minister spokesperson spokesman spokeswoman commissioner ambassador envoy
    chancellor premier secretary governor senator negotiator representative""".split()
)
# Words of a title before a name ("President Trump"), never a first name.
_TITLE_WORDS = frozenset(
    """president prime premier minister secretary chancellor king queen prince general
    senator governor mayor ambassador envoy spokesperson spokesman spokeswoman chairman
    chair director commissioner representative leader lawmaker judge dr mr mrs ms
    sir lady lord sheikh emir crown former vice deputy foreign trade finance defence
    defense treasury state commerce""".split()
)
# Institutions whose people comment rather than act: think tanks and universities.
_ACADEMIC = frozenset("forum university college think-tank tank".split())
# Heads of phrases that stand for a state when a demonym modifies them.
_STATE_BODIES = frozenset(
    """force forces military troops army navy authority authorities police media state
    leadership regime""".split()
)
# Words for groups of states or people acting for one: "allies such as Germany",
# "the delegations of Cyprus, Greece and Israel". ("The killers of X" are not X.)
_COLLECTIVES = frozenset(
    """ally allies partner partners country countries nation nations member members
    delegation delegations neighbour neighbours neighbor neighbors coalition bloc firm
    firms company companies""".split()
)
# "The company said": which earlier actor a definite phrase points back to ("name":
# one whose name has the word; "firm": the last company or organisation).
_BODY_NOUNS = {
    "ministry": "name",
    "embassy": "name",
    "department": "name",
    "agency": "name",
    "bureau": "name",
    "commission": "name",
    "council": "name",
    "parliament": "name",
    "office": "name",
    "company": "firm",
    "firm": "firm",
    "group": "firm",
    "chipmaker": "firm",
    "carmaker": "firm",
    "automaker": "firm",
    "airline": "firm",
    "bank": "firm",
    "lender": "firm",
    "manufacturer": "firm",
    "maker": "firm",
    "producer": "firm",
    "operator": "firm",
    "giant": "firm",
}
# Titles of people who comment on events rather than take part in them.
_UNAFFILIATED = frozenset(
    """analyst analysts expert experts professor researcher scholar economist strategist
    commentator journalist correspondent reporter editor columnist fellow academic historian
    lecturer scientist observer consultant author writer blogger
    university forum think-tank""".split()
)
# Nouns after a name that make it a place: "the South China Sea", "the Amazon basin".
_PLACE_NOUNS = frozenset(
    """sea ocean gulf strait straits bay coast river basin rainforest forest desert valley
    mountains mountain island islands peninsula lake canal channel border region
    province""".split()
)


def _names_a_place(ent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is None or after.lower_ not in _PLACE_NOUNS:
        return False
    return after.dep_ != "compound" and ent.root.dep_ == "compound" and ent.root.head == after


def _last_before(
    mentions: list[tuple[int, Actor]], index: int, fits: Callable[[Actor], bool]
) -> Actor | None:
    best = None
    for start, actor in mentions:
        if start >= index:
            break
        if fits(actor):
            best = actor
    return best


def _conjuncts(token: Token) -> list[Token]:
    return [c for c in token.conjuncts if c.i > token.i]


def _looks_like_a_person(ent: Span, name: str) -> bool:
    """An "organisation" the recogniser cut short before "of <country>": two or three
    capitalised words, the first a known first name or the span ending in "of"."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    return ent[-1].lower_ == "of" or person_gender(words[0], ()) is not None


def _strip_determiner(ent: Span) -> Span:
    return ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent


_TRAILING = ("'s", "’s", " of", " for", " and", " in", " at", " on", ",")


def _clean_name(ent: Span) -> str:
    """The entity's text without what the recogniser swept in at its end ("Patrice
    Talon of" before a country it did not take, "Merkel's")."""
    text = ent.text.strip()
    changed = True
    while changed:
        changed = False
        for tail in _TRAILING:
            if text.endswith(tail):
                text, changed = text[: -len(tail)].rstrip(), True
    return text
