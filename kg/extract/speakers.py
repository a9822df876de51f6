"""Who speaks: the subject of a saying verb, the author of a statement it names, the
body that spoke before 'it added'; news outlets, commentators and unknown outlets are
no speakers.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import lexicon
from kg.extract.actors import ActorResolver
from kg.extract.discourse import STATEMENT_NOUNS, Discourse
from kg.extract.spans import (
    prep_objects,
)
from kg.model import Actor

COMMENTATORS = frozenset(
    "analyst expert economist strategist commentator observer academic scholar".split()
)


def speaker_of(
    token: Token, resolver: ActorResolver, discourse: Discourse
) -> tuple[Actor | None, float]:
    """Who the subject of a saying verb is: an actor, the author of the statement it
    names ("the statement said"), or for "it"/"we" in reported speech the reporter
    ("the ministry said it opposed the move")."""
    if token.lower_ in ("it", "we", "they"):
        reporter = _reporting_subject(token.head)
        if reporter is not None:
            found = resolver.resolve(reporter)
            if found[0] is not None:
                return found
    actor, sure = resolver.resolve(token)
    if actor is None and token.lemma_.lower() in STATEMENT_NOUNS:
        author = discourse.statement_author()
        if author is not None:
            return author, 0.8
    if actor is None and token.lower_ in ("it", "they"):
        body = discourse.last_body()  # "The ministry said ... It added that ..."
        if body is not None:
            return body, 0.7
    return actor, sure


def _reporting_subject(verb: Token) -> Token | None:
    """The subject of the saying verb whose reported clause ``verb`` is (or is joined to)."""
    for _ in range(3):
        if verb.dep_ == "conj":
            verb = verb.head
            continue
        if verb.dep_ == "ccomp" and lexicon.CLAIM_CUES.get(verb.head.lemma_.lower()) == "state":
            return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        return None
    return None


def statement_above(verb: Token) -> Token | None:
    """The statement noun a participle belongs to: "a statement saying ...", and "a
    message on Twitter blaming Iran", where the parser hangs the participle on the
    platform."""
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "a message on X blaming ..."
        noun = verb.head.head
        return noun if noun.lemma_.lower() in STATEMENT_NOUNS else None
    if verb.dep_ != "acl":
        return None
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        outer = noun.head.head
        if outer.lemma_.lower() in STATEMENT_NOUNS:
            return outer
    return noun if noun.lemma_.lower() in STATEMENT_NOUNS else None


def statement_agents(verb: Token) -> list[Token]:
    """ "was condemned in a joint statement by Egypt, Greece and Cyprus": the authors."""
    for obj in prep_objects(verb, "in"):
        if obj.lemma_.lower() in STATEMENT_NOUNS:
            found = prep_objects(obj, "by")
            if found:
                return found
    return []


def is_media(speaker: Actor, token: Token, resolver: ActorResolver) -> bool:
    """A news outlet reporting: narration, not a claim ("Reuters reported", "the daily
    Kathimerini said")."""
    outlet_word = token.lemma_.lower() in lexicon.MEDIA_NOUNS or token.lower_ in lexicon.MEDIA_NAMES
    if outlet_word and resolver.actor_at(token) is None:
        return True  # "according to state media", "the Cyprus Mail reported": not Cyprus
    if speaker.from_gazetteer and speaker.type != "Organization":
        return False
    if outlet_word:
        return True
    lowered = speaker.name.lower()
    if "press agency" in lowered or "associated press" in lowered or "news agency" in lowered:
        return True
    names = {w.strip(".,") for w in lowered.split()}
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "appos")}
    modifiers |= {t.lower_ for t in token.subtree if t.i < token.i}  # "Greek daily X"
    return bool(names & lexicon.MEDIA_NAMES or modifiers & lexicon.MEDIA_MODIFIERS)


def unknown_outlet(speaker: Actor) -> bool:
    """A body no list knows and whose name says nothing of an institution: when it
    "reports", most likely a news outlet ("Rudaw reports", but "the National Institute
    for Space Research reported")."""
    if speaker.from_gazetteer or (speaker.type == "Person" and " " in speaker.name):
        return False  # the small model often takes a one-word outlet for a person
    words = {w.strip(".,").lower() for w in speaker.name.split()}
    return not words & _INSTITUTION_WORDS


_INSTITUTION_WORDS = frozenset(
    """institute ministry department office police commission council bank court army
    military forces government parliament university center centre bureau service
    authority organization organisation hospital agency""".split()
)


def former_official(token: Token) -> bool:
    """ "Former US ambassador X", "X, who was the envoy until December": someone out of
    office speaks for no one, like an analyst."""
    before = [t for t in token.subtree if t.i < token.i]
    if any(t.lower_ in ("former", "ex") for t in before):
        return True
    return any(
        c.dep_ == "relcl"
        and c.lemma_ == "be"
        and c.tag_ == "VBD"
        and any(g.lower_ == "until" for g in c.subtree)
        for c in token.children
    )
