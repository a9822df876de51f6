"""What a reader carries from one sentence to the next: whose statement is being
quoted, and who did the last thing that "the move" or "the attack" can refer to.

News spreads one speech act over several sentences: "the statement said" points back
to whoever issued it, "the move" to whoever made it. :class:`Discourse` is filled
sentence by sentence, in order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.spans import doer_subject, tokens_of
from kg.model import Actor, Claim

__all__ = ["STATEMENT_NOUNS", "Discourse", "act_owners", "deed_doers", "statement_issuer"]

# Nouns for a written or spoken statement, whose author speaks through it.
STATEMENT_NOUNS = frozenset(
    """statement communique communiqué release letter tweet post message readout notice
    declaration note""".split()
)
_ISSUE_VERBS = frozenset(
    "issue release publish post send put make deliver circulate tweet write sign".split()
)
# How far back (in sentences) a statement or a deed can still be referred to.
_REACH = 4


@dataclass
class Discourse:
    sentence: int = -1  # index of the sentence being read
    author: Actor | None = None  # who issued the last statement
    author_at: int = -10
    doers: list[tuple[int, Actor]] = field(default_factory=list)  # who acted, when
    body: Actor | None = None  # the last body (not a person) that spoke: "it added"
    body_at: int = -10
    quote_open: bool = False  # a quotation runs on past the last sentence read
    quoting: Actor | None = None  # whose it is, where known
    quote_claim: Claim | None = None  # the plain statement its first sentence made
    quote_kind: str = "state"  # the stance its later sentences gave that statement
    unattributed: list[Span] = field(default_factory=list)  # its sentences, speaker unknown

    def next_sentence(self, sent: Span) -> None:
        self.sentence += 1

    # -- what a sentence leaves behind

    def issued(self, author: Actor) -> None:
        self.author, self.author_at = author, self.sentence

    def spoke(self, speaker: Actor) -> None:
        if speaker.type != "Person":
            self.body, self.body_at = speaker, self.sentence

    def last_body(self) -> Actor | None:
        """Who "it" or "they" as the subject of a saying verb is: the body that spoke
        in this or the last two sentences."""
        return self.body if self.sentence - self.body_at <= 2 else None

    def did(self, doer: Actor) -> None:
        self.doers.append((self.sentence, doer))

    # -- what a sentence can refer back to

    def statement_author(self) -> Actor | None:
        return self.author if self.sentence - self.author_at <= _REACH else None

    def last_doer(self, exclude: Collection[str] = ()) -> Actor | None:
        """Who acted last, within reach, leaving out ``exclude`` (the speaker's side)."""
        for at, doer in reversed(self.doers):
            if self.sentence - at > _REACH:
                return None
            if doer.key not in exclude:
                return doer
        return None


def deed_doers(sent: Span) -> list[Token]:
    """Subjects of deeds ("the US military killed ...", "Turkey launched ..."): whom "the
    attack" or "the operation" can point back to."""
    from kg.extract.lexicon import DEED_VERBS

    found = []
    for t in tokens_of(sent):
        if t.pos_ != "VERB":
            continue
        lemma = t.lemma_.lower()
        takes_over = lemma == "take" and any(
            (c.dep_ == "prt" and c.lower_ == "over") or (c.dep_ == "dobj" and c.lower_ == "control")
            for c in t.children
        )
        opens = lemma in _OPENING_VERBS and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _OPERATIONS for c in t.children
        )  # "Turkey began a military offensive"
        if not (lemma in DEED_VERBS or takes_over or opens or _punishes(t)):
            continue
        subject = doer_subject(t)
        found += [subject] if subject is not None else []
        for c in t.children:
            if c.dep_ == "agent":
                found += [g for g in c.children if g.dep_ == "pobj"]
    return found


_OPENING_VERBS = frozenset("begin start launch conduct carry mount stage order".split())
_OPERATIONS = frozenset(
    """offensive operation attack attacks strike strikes incursion invasion campaign
    raid raids bombardment exercise exercises drill drills""".split()
)


def _punishes(verb: Token) -> bool:
    """ "Iran issued arrest warrants", "filed charges"."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _PUNITIVE_ACTS for c in verb.children)


_PUNITIVE_ACTS = frozenset(
    """warrant warrants indictment indictments charge charges ultimatum ultimatums embargo
    blockade""".split()
)


def act_owners(sent: Span) -> list[Token]:
    """Owners of acts named again ("Iran's request", "Washington's decision"): naming
    the act brings its doer back to mind for "this" and "the move"."""
    from kg.extract.lexicon import ACT_NOUNS, DONE_TO

    return [
        c
        for t in tokens_of(sent)
        if t.pos_ == "NOUN" and t.lemma_.lower() in ACT_NOUNS and t.lemma_.lower() not in DONE_TO
        for c in t.children
        if c.dep_ == "poss"
    ]


def statement_issuer(token: Token) -> Token | None:
    """The subject of "X issued a statement" for the statement noun ``token``."""
    verb = token.head
    if token.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in _ISSUE_VERBS:
        for c in verb.children:
            if c.dep_ == "nsubj":
                return c
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None
