"""Small helpers over spaCy parses shared by the claim, policy and event extractors."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span, Token

from kg.extract.dates import resolve
from kg.model import Evidence

_QUOTE = re.compile(r"[“\"]([^”\"]{3,})(?:[”\"]|$)")
MAX_CONTENT = 300
_STRAY_CLOSE = re.compile(r"^\s*[\"”“]\s*\n\s*")


def ents_in(sent: Span) -> list[Span]:
    """The named entities within the sentence. ``Span.ents`` walks the whole article's
    tokens on every call; the article's entities are listed once instead (kept in
    ``doc.user_data``)."""
    doc = sent.doc
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = tuple(doc.ents)
    return [e for e in ents if e.start >= sent.start and e.end <= sent.end]


_ENTS_KEY = "kg.ents"


def evidence(sent: Span, quote: str | None = None) -> Evidence:
    return Evidence(sent.text, sent.start_char, sent.end_char, quote)


def quote_in(sent: Span) -> str | None:
    """The longest quoted passage of the sentence, if any (an unclosed quote runs to the end)."""
    text = _STRAY_CLOSE.sub("", sent.text)  # a mark that closed the paragraph before
    if len(sent) and inside_quote(sent[0], sent):  # the quotation opened sentences before
        text = "“" + text.replace('"', "”", 1) if '"' in text else "“" + text
    found = [m.group(1).strip(" ,.") for m in _QUOTE.finditer(text)]
    found = [q for q in found if len(q.split()) >= 2]
    return max(found, key=len) if found else None


def quote_tokens(sent: Span) -> list[Token]:
    """The tokens between quotation marks in the sentence (an unclosed quote runs to its end)."""
    tokens = tokens_of(sent)
    newline = next((i for i, t in enumerate(tokens) if "\n" in t.text_with_ws), None)
    if newline is not None and all(t.is_punct or t.is_space for t in tokens[: newline + 1]):
        tokens = tokens[newline + 1 :]  # a mark that closed the paragraph before
    inside, found = bool(tokens) and inside_quote(tokens[0], sent), []
    for t in tokens:
        if t.text in ('"', "“", "”"):
            inside = t.text != "”" and not (t.text == '"' and inside)
            continue
        if inside:
            found.append(t)
    return found


def tokens_of(sent: Span) -> list[Token]:
    """The sentence's tokens, made once: every extractor walks every sentence, and each
    walk of a Span makes new Token objects."""
    cache = sent.doc.user_data.setdefault(_TOKENS_KEY, {})
    found = cache.get(sent.start)
    if found is None or len(found) != len(sent):
        found = cache[sent.start] = list(sent)
    return found


_TOKENS_KEY = "kg.tokens"


def inside_quote(token: Token, sent: Span) -> bool:
    """Whether a token lies between an opening and a closing quotation mark, counting
    from the start of its paragraph: a quotation can open sentences earlier
    (' "A. B," he said ' closes in the second sentence what the first opened)."""
    opened = straight = 0
    doc = token.doc
    for t in doc[_paragraph_start(token, sent) : token.i]:
        text = t.text
        if text == "“":
            opened += 1
        elif text == "”":
            opened -= 1
        elif text == '"':
            straight += 1
    return opened > 0 or straight % 2 == 1


def _paragraph_start(token: Token, sent: Span, reach: int = 400) -> int:
    """Where the paragraph of ``token`` starts (after a line break), looking back at
    most ``reach`` tokens; beyond that, the start of its sentence."""
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - reach - 1), -1):
        if "\n" in doc[i].text_with_ws:
            return i + 1
    return 0 if token.i <= reach else sent.start


def text_of(tokens: list[Token]) -> str:
    """The text from the first to the last token, trimmed of edge punctuation."""
    if not tokens:
        return ""
    tokens = sorted(tokens, key=lambda t: t.i)
    text = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text  # not Doc.text: the whole article
    text = " ".join(text.split()).strip(" ,;:-–—\"“”'")
    if len(text) > MAX_CONTENT:
        text = text[:MAX_CONTENT].rsplit(" ", 1)[0] + " …"
    return text


def subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def child(token: Token, *deps: str) -> Token | None:
    for c in token.children:
        if c.dep_ in deps:
            return c
    return None


def prep_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the given prepositions under ``token``: prep_objects(v, "on") for "on X"."""
    found = []
    for c in token.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            found.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
    return found


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def verb_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it hangs from through xcomp/advcl/conj/ccomp, innermost first."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "advcl", "conj", "ccomp") and chain[-1].head != chain[-1]:
        chain.append(chain[-1].head)
    return chain


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a noun ("impose" for "tariffs" in "impose tariffs on X")."""
    head = token
    for _ in range(8):
        # "a package including a ban on ...": "including" is a preposition here
        transparent = head.dep_ == "prep" and head.lemma_.lower() == "include"
        if head.pos_ in ("VERB", "AUX") and head != token and not transparent:
            return head
        if head.head == head:
            return head if head.pos_ in ("VERB", "AUX") else None
        head = head.head
    return None


def date_for(verbs: list[Token], sent: Span, published: dt.date | None) -> str | None:
    """The date a DATE entity attached to one of ``verbs`` names, resolved."""
    for ent in ents_in(sent):
        if ent.label_ != "DATE":
            continue
        head = ent.root
        for _ in range(6):
            if head.pos_ in ("VERB", "AUX") or head.head == head:
                break
            head = head.head
        if head in verbs:
            value = resolve(ent.text, published)
            if value:
                return value
    return None
