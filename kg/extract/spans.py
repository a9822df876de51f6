"""Small helpers over spaCy parses shared by the claim, policy and event extractors."""

from __future__ import annotations

import bisect
import datetime as dt
import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span, Token

from kg.extract.dates import resolve
from kg.model import Evidence

_QUOTE = re.compile(r"[“\"]([^”\"]{3,})(?:[”\"]|$)")
MAX_CONTENT = 300


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
    return Evidence(doc_text(sent.doc, sent.start_char, sent.end_char), sent.start_char,
                    sent.end_char, quote)  # fmt: skip


def doc_text(doc: Doc, start: int, end: int) -> str:
    """``doc.text[start:end]``, the text made once: spaCy joins every token of the
    article at each ``Doc.text``, and a ``Span.text`` makes a Token object per word."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text[start:end]


_TEXT_KEY = "kg.text"


def quote_in(sent: Span) -> str | None:
    """The longest quoted passage of the sentence, if any (an unclosed quote runs to the
    end; one opened sentences before runs from the start)."""
    tokens = _own_tokens(sent)
    if not tokens:
        return None
    text = doc_text(sent.doc, tokens[0].idx, sent.end_char)
    if inside_quote(tokens[0]):
        text = "“" + text.replace('"', "”", 1) if '"' in text else "“" + text
    found = [m.group(1).strip(" ,.") for m in _QUOTE.finditer(text)]
    found = [q for q in found if len(q.split()) >= 2]
    return max(found, key=len) if found else None


def quote_tokens(sent: Span) -> list[Token]:
    """The tokens between quotation marks in the sentence (an unclosed quote runs to its
    end; one opened sentences before runs from its start)."""
    tokens = _own_tokens(sent)
    inside, found = bool(tokens) and inside_quote(tokens[0]), []
    for t in tokens:
        if t.text in ('"', "“", "”"):
            inside = t.text != "”" and not (t.text == '"' and inside)
            continue
        if inside:
            found.append(t)
    return found


def _own_tokens(sent: Span) -> list[Token]:
    """The sentence's tokens without a mark that closed the paragraph before it (the
    parser may hang '"' and the line break on the next sentence)."""
    tokens = tokens_of(sent)
    newline = next((i for i, t in enumerate(tokens) if "\n" in t.text_with_ws), None)
    if newline is not None and all(t.is_punct or t.is_space for t in tokens[: newline + 1]):
        return tokens[newline + 1 :]
    return tokens


def tokens_of(sent: Span) -> list[Token]:
    """The sentence's tokens, made once: every extractor walks every sentence, and each
    walk of a Span makes new Token objects."""
    cache = sent.doc.user_data.setdefault(_TOKENS_KEY, {})
    found = cache.get(sent.start)
    if found is None or len(found) != len(sent):
        found = cache[sent.start] = list(sent)
    return found


_TOKENS_KEY = "kg.tokens"


def inside_quote(token: Token, sent: Span | None = None) -> bool:
    """Whether a token lies between an opening and a closing quotation mark, counting
    from the start of its paragraph: a quotation can open sentences earlier
    (' "A. B," he said ' closes in the second sentence what the first opened)."""
    doc = token.doc
    states = doc.user_data.get(_QUOTED_KEY)
    if states is None:
        states = doc.user_data[_QUOTED_KEY] = _quote_states(doc)
    return states[token.i]


_QUOTED_KEY = "kg.quoted"
_QUOTE_SPAN = 5  # sentences a quotation can run before an unclosed mark counts as stray


def _quote_states(doc: Doc) -> list[bool]:
    """For each token, whether a quotation is open before it. A line break ends a
    paragraph and any quotation (one that goes on opens again); so does a mark left
    open over more than a few sentences. Only the marks and line breaks are visited."""
    arr = doc.to_array([IDX, SENT_START])
    offsets = arr[:, 0].tolist()
    sentence = numpy.cumsum(arr[:, 1] == 1).tolist()  # sentence number of each token
    states = [False] * len(doc)
    curly, straight, opened = 0, False, -1  # opened: the token after the opening mark
    for m in _MARKS.finditer(doc.text):
        at = bisect.bisect_right(offsets, m.start()) - 1
        if curly or straight:
            _fill_open(states, sentence, opened, at + 1)
            if sentence[at] > sentence[max(0, opened - 1)] + _QUOTE_SPAN:
                curly, straight = 0, False  # a stray: what follows starts afresh
        mark = m.group()
        was_open = curly > 0 or straight
        if mark == "\n":
            curly, straight = 0, False
        elif mark == "“":
            curly += 1
        elif mark == "”":
            curly = max(0, curly - 1)
        else:
            straight = not straight
        if curly or straight:
            opened = at + 1 if not was_open else opened
    if curly or straight:
        _fill_open(states, sentence, opened, len(doc))
    return states


def _fill_open(states: list[bool], sentence: list[int], start: int, end: int) -> None:
    """Mark tokens ``start``..``end`` as quoted, but no further than a few sentences
    past the opening mark: a mark never closed is a stray."""
    if start >= len(states):
        return
    last = sentence[max(0, start - 1)] + _QUOTE_SPAN
    stop = bisect.bisect_right(sentence, last, lo=start)
    for i in range(start, min(end, stop)):
        states[i] = True


_MARKS = re.compile(r'["“”\n]')


def text_of(tokens: list[Token]) -> str:
    """The text from the first to the last token, trimmed of edge punctuation."""
    if not tokens:
        return ""
    tokens = sorted(tokens, key=lambda t: t.i)
    text = doc_text(tokens[0].doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
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


def predicate_of(verb: Token) -> Token | None:
    """What "called X Y" says X is: the object predicate, or an adjective the parser hung
    on the object after it ("called Trump's order swift and decisive")."""
    found = child(verb, "oprd")
    if found is not None:
        return found
    obj = child(verb, "dobj")
    if obj is None:
        return None
    return next(
        (c for c in obj.children if c.dep_ in ("amod", "acl") and c.pos_ == "ADJ" and c.i > obj.i),
        None,
    )


def judged_as(verb: Token) -> Token | None:
    """What "deemed the tariffs illegal" or "found the strike justified" judges its
    object to be, however the parser hung it; none for "found it hard to say"."""
    label = predicate_of(verb) or next(
        (c for c in verb.children
         if c.dep_ == "ccomp" and _judgement(c) and child(c, "nsubj") is not None),
        None,
    )  # fmt: skip
    if label is None or not (_judgement(label) or label.pos_ == "NOUN"):
        return None
    return None if child(label, "xcomp", "ccomp", "dobj") is not None else label


def _judgement(token: Token) -> bool:
    """An adjective, or a participle used as one ("justified", "misguided")."""
    return token.pos_ == "ADJ" or token.tag_ in ("VBN", "VBD")  # tagged as a past tense too


def judged_thing(verb: Token) -> Token | None:
    """The object a judging verb judges: "the strike" of "found [the strike justified]"."""
    label = judged_as(verb)
    if label is None:
        return None
    return child(verb, "dobj") or child(label, "nsubj")


def prep_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the given prepositions under ``token``: prep_objects(v, "on") for "on X"."""
    found = []
    for c in token.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            found.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
    return found


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def doer_subject(verb: Token) -> Token | None:
    """Who does what ``verb`` says: its subject, else the subject of the verb it extends
    ("Canada expelled them after accusing Beijing", "retaliated by expelling a consul")."""
    for _ in range(4):
        subject = child(verb, "nsubj")
        if subject is not None:
            return subject
        if verb.dep_ in ("xcomp", "advcl", "conj"):
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head
        else:
            return None
    return None


def verb_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it hangs from through xcomp/advcl/conj/ccomp, innermost
    first; "responded by placing" goes on to "responded", whose subject did the placing."""
    chain = [verb]
    while chain[-1].head != chain[-1]:
        last = chain[-1]
        if last.dep_ in ("xcomp", "advcl", "conj", "ccomp"):
            chain.append(last.head)
        elif last.dep_ == "pcomp" and last.head.lower_ == "by" and last.head.head != last.head:
            chain.append(last.head.head)
        else:
            break
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
