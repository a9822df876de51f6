"""What a reader carries from one sentence to the next: who spoke last, whose statement
is being quoted, who did the last thing that "the move" can refer to, and who holds
the last measure was taken by.

News spreads one speech act over several sentences: a quote runs on after "he said",
"the statement said" points back to whoever issued it, "the move" to whoever
made it. :class:`Discourse` is filled sentence by sentence, in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.model import Actor

__all__ = ["STATEMENT_NOUNS", "Discourse", "deed_doers", "statement_issuer"]

# Nouns for a written or spoken statement, whose author speaks through it.
STATEMENT_NOUNS = frozenset(
    """statement communique communiqué release letter tweet post message readout notice
    declaration note""".split()
)
_ISSUE_VERBS = frozenset(
    "issue release publish post send put make deliver circulate tweet write sign".split()
)
# How far back (in sentences) a quote, a statement or a deed can still be referred to.
_REACH = 4


@dataclass
class Discourse:
    sentence: int = -1  # index of the sentence being read
    speaker: Actor | None = None  # who made the last claim
    speaker_at: int = -10
    open_quote: bool = False  # the last sentence ended inside a quotation
    author: Actor | None = None  # who issued the last statement
    author_at: int = -10
    doer: Actor | None = None  # who took the last measure or did the last deed
    doer_at: int = -10

    def next_sentence(self, sent: Span) -> None:
        self.sentence += 1

    # -- what a sentence leaves behind

    def spoke(self, speaker: Actor, sent: Span, continued: bool = False) -> None:
        self.speaker, self.speaker_at = speaker, self.sentence
        self.open_quote = _ends_inside_quote(sent, self.open_quote and continued)

    def quiet(self, sent: Span) -> None:
        """A sentence without a claim: a quote still open runs on through it."""
        self.open_quote = self.open_quote and _ends_inside_quote(sent, True)

    def issued(self, author: Actor) -> None:
        self.author, self.author_at = author, self.sentence

    def did(self, doer: Actor) -> None:
        self.doer, self.doer_at = doer, self.sentence

    # -- what a sentence can refer back to

    def quoting(self, sent: Span) -> Actor | None:
        """The speaker a quote-only sentence continues: one that opens with a quotation
        mark, or goes on inside one, right after a claim."""
        if self.speaker is None or self.sentence - self.speaker_at > 1:
            return None
        text = sent.text.lstrip()
        if text[:1] in ('"', "“") or self.open_quote:
            return self.speaker
        return None

    def statement_author(self) -> Actor | None:
        return self.author if self.sentence - self.author_at <= _REACH else None

    def last_doer(self) -> Actor | None:
        return self.doer if self.sentence - self.doer_at <= _REACH else None


def deed_doers(sent: Span) -> list[Token]:
    """Subjects of deeds ("the US military killed ...", "Turkey launched ..."): whom "the
    attack" or "the operation" can point back to."""
    from kg.extract.lexicon import DEED_VERBS

    found = []
    for t in sent:
        takes_over = t.lemma_.lower() == "take" and any(
            (c.dep_ == "prt" and c.lower_ == "over") or (c.dep_ == "dobj" and c.lower_ == "control")
            for c in t.children
        )
        if t.pos_ == "VERB" and (t.lemma_.lower() in DEED_VERBS or takes_over):
            found += [c for c in t.children if c.dep_ == "nsubj"]
            for c in t.children:
                if c.dep_ == "agent":
                    found += [g for g in c.children if g.dep_ == "pobj"]
    return found


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


def _ends_inside_quote(sent: Span, already: bool = False) -> bool:
    text = sent.text
    curly = text.count("“") - text.count("”")
    straight = text.count('"') % 2
    if already:
        return not (curly < 0 or straight == 1)
    return curly > 0 or straight == 1
