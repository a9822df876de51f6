"""Building the index of an article's actor mentions: entities registered as actors
(given the country their words name, :mod:`kg.extract.actor_countries`; known bodies by
their usual names), roles and genders learnt from titles, surnames the recogniser
missed. :class:`ActorResolver` (:mod:`kg.extract.actors`) builds on it."""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from kg.extract.actor_countries import CountryOfMentions, where_a_mission_is
from kg.extract.actor_words import (
    ACADEMIC,
    NER_TYPES,
    NOT_ACTORS,
    ROLE_NOUNS,
    TITLE_HEADS,
    TITLE_WORDS,
    UNAFFILIATED,
    clean_name,
    looks_like_a_person,
    names_a_place,
    role_of,
    strip_determiner,
)
from kg.extract.gazetteer import normalise, slug
from kg.extract.gender import person_gender
from kg.extract.lexicon import MEDIA_NAMES
from kg.extract.nlp import ACTOR_LABEL, TECH_LABEL
from kg.extract.spans import tokens_of
from kg.model import Actor, Evidence, Role


class MentionIndex(CountryOfMentions):
    """The mentions of one document, registered once; the lookups live in
    :class:`kg.extract.actors.ActorResolver`, which is one."""

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
            for token in tokens_of(sent):
                if token.dep_ in ("nsubj", "nsubjpass") and token.head in heads:
                    actor = self._by_token.get(token.i) or next(
                        (self._by_token[c.i] for c in token.children
                         if c.dep_ == "appos" and c.i in self._by_token),
                        None,
                    )  # "the chief constable, Nick Adderley, wrote": Adderley  # fmt: skip
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
        if names_a_place(ent) or where_a_mission_is(ent):
            return  # "the South China Sea", "the Amazon rainforest", "the embassy in Rome"
        actor = self._actor_for_entity(ent)
        if actor is None:
            return
        mission = self._mission(ent, actor)
        if mission is not None:
            actor, end = mission
            ent = ent.doc[ent.start : end]
        else:
            actor = self._localised(ent, actor)
        self.actors[actor.key] = actor
        self._seen.append(actor)
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
        if described and not role_of(title_words) and described[0].lemma_.lower() in TITLE_HEADS:
            head = described[0]  # only a title word heads a title: not "fiancée of ..."
            title = sorted([*head.subtree], key=lambda t: t.i)
            title = [t for t in title if (t.i < ent.start or t.i >= ent.end) and not t.is_punct]
            title = [
                t
                for t in title
                if t.dep_ not in ("relcl", "acl") and t.lower_ not in ("a", "an", "the")
            ]
        words = [t.lemma_.lower() for t in title]
        words += [t.lower_ for t in ent if t.lower_ in TITLE_WORDS]  # "Crown Prince X" as a name
        self._titles.append((ent.start, set(words), actor))  # for "the spokesperson" later
        role = role_of(words)
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
            words |= {t.lower_ for t in head.subtree} & ACADEMIC
        media = any(
            (c.dep_ == "poss" and c.lower_ in MEDIA_NAMES)
            for t in doc[self._title_start(ent) : ent.end]
            for c in t.children
        )
        if (words & (UNAFFILIATED | ACADEMIC) or media) and not actor.from_gazetteer:
            self._unaffiliated.add(actor.key)
        gender = person_gender(actor.name, context)
        if gender:
            self._gender.setdefault(actor.key, gender)

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
        text = clean_name(strip_determiner(ent))
        if ent.label_ not in ("PERSON", "ORG", "GPE") or not text:
            return None
        if ent.label_ == "ORG":
            text += _name_goes_on(ent)
        known = self.gazetteer.actor_for(text) or self._named.get(text.lower())
        if known:
            return known
        if len(ent) == 1:  # "Mahan" after "Mahan Air", "Cengiz" after "Hatice Cengiz"
            earlier = self._person_named(text) or self._body_named(text)
            if earlier:
                return earlier
        if ent.label_ == "GPE" or normalise(text) in NOT_ACTORS or len(text) < 2:
            return None  # a place we do not know as a government: not an actor
        if self.gazetteer.actor_for_demonym(text) is not None:
            return None  # "Iranian" tagged as a name: a demonym, not an actor of its own
        if ent.label_ == "PERSON":
            earlier = self._person_named(text)
            if earlier:
                return earlier  # "Smith" or "John" after "John Smith"
        kind = NER_TYPES[ent.label_]
        if kind == "Organization" and looks_like_a_person(ent, text):
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
            and before.lower_ not in ROLE_NOUNS | TITLE_WORDS
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


def _name_goes_on(ent: Span) -> str:
    """ "Progressive Party" + " of Working People": an organisation's name that the
    tagger cut at "of", where capitalised words that name nothing else follow."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].lower_ != "of":
        return ""
    run = []
    for t in doc[ent.end + 1 :]:
        if t.pos_ != "PROPN" or t.ent_type_ not in ("", "ORG") or not t.text[:1].isupper():
            break
        run.append(t.text)
    return " of " + " ".join(run) if run else ""
