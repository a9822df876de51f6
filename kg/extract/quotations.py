"""Quotations that run over several sentences: the sentences after the one that names
the speaker, and those before one that names them where the quote closes, are still
the speaker's words.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span

from kg.extract.actors import ActorResolver
from kg.extract.claim_targets import (
    actor_named_in,
    reacted_to,
    resolve_stance,
)
from kg.extract.discourse import Discourse
from kg.extract.spans import (
    date_for,
    evidence,
    text_of,
    tokens_of,
)
from kg.extract.stance import stance
from kg.model import Actor, Claim


def claims_of_quotation(
    sent: Span,
    found: list[Claim],
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse,
) -> list[Claim]:
    """Claims of the sentences of a quotation that runs over several sentences: those
    after the one that names the speaker, and those before one that names them at the
    end (' "A. B," he said. ')."""
    if _new_paragraph(sent):  # a quotation that goes on opens its paragraph again
        discourse.quote_open, discourse.quoting, discourse.unattributed = False, None, []
    was_open = discourse.quote_open
    more: list[Claim] = []
    if not found and was_open and discourse.quoting is not None:
        more = _quoted_on(sent, was_open, discourse.quoting, resolver, published, discourse)
    speakers = {c.speaker for c in found}
    speaker = next(iter(speakers)) if len(speakers) == 1 else None
    open_now = _open_after(sent, was_open)
    if was_open and discourse.quoting is None and speaker is not None:
        for earlier in discourse.unattributed:  # the speaker is named where it closes
            more += _quoted_on(earlier, True, speaker, resolver, published, discourse)
        discourse.unattributed = []
    if not open_now:
        discourse.quoting, discourse.unattributed, discourse.quote_claim = None, [], None
    elif not was_open:  # it opens here: whoever this sentence quotes, if anyone
        discourse.quoting = speaker
        discourse.unattributed = [] if speaker is not None else [sent]
        plain = [c for c in found if c.type == "state" and c.speaker == speaker]
        discourse.quote_claim = plain[0] if len(found) == 1 and plain else None
        discourse.quote_kind = "state"
    elif discourse.quoting is None and not found:
        discourse.unattributed.append(sent)
    discourse.quote_open = open_now
    return more


def _open_after(sent: Span, was_open: bool) -> bool:
    """Whether a quotation is still open at the end of the sentence."""
    open_ = was_open
    for t in tokens_of(sent):
        if t.text in _QUOTE_MARKS:
            open_ = t.text == "“" or (t.text == '"' and not open_)
    return open_


def _quoted_on(
    sent: Span,
    was_open: bool,
    speaker: Actor,
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse,
) -> list[Claim]:
    """A sentence inside a quotation that an earlier sentence opened and attributed:
    its words are still the speaker's. Only a stance they carry, aimed at someone, makes
    a claim ("... this impulsive decision has undone all the gains", a second sentence of
    a quote)."""
    words, inside = [], was_open
    for t in tokens_of(sent):
        if t.text in _QUOTE_MARKS:
            if inside:
                break
            inside = True
        elif inside and not t.is_punct:
            words.append(t)
    found = stance(words)
    if found is None or len(words) < 4:
        return []
    kind, target = resolve_stance(found, words, speaker, resolver)
    if kind == "state":
        return []
    if target is None and kind in ("accuse", "criticize"):
        own = {speaker.key, speaker.leader_of, speaker.part_of}
        own.add(resolver.government_of(speaker).key)
        target = actor_named_in(kind, words, own, resolver)
    if target is None and kind in ("accuse", "criticize", "reject"):
        target = reacted_to(speaker, resolver, discourse)
    opening = discourse.quote_claim
    if opening is not None and opening.speaker == speaker:
        # One quote under one "said" is one speech act: a plain first sentence takes
        # the stance the quote goes on to carry ("This is political. It is a stunt."),
        # a dismissal giving way to the criticism that follows it.
        if discourse.quote_kind in ("state", "deny") and _stronger(kind, discourse.quote_kind):
            opening.type, opening.target = kind, target if target != speaker else None
            if discourse.quote_kind == "state":
                opening.confidence = round(opening.confidence * 0.9, 2)
            discourse.quote_kind = kind
        return []
    if target is None:
        return []
    return [
        Claim(
            type=kind,
            speaker=speaker,
            target=target if target != speaker else None,
            content=text_of(words),
            evidence=evidence(sent, text_of(words)),
            date=date_for([sent.root], sent, published),
            confidence=0.5 * (1.0 if target else 0.9),
            cue="(quote)",
        )
    ]


def _stronger(kind: str, than: str) -> bool:
    return than == "state" or kind in ("accuse", "criticize")


_QUOTE_MARKS = frozenset({'"', "“", "”"})


def _new_paragraph(sent: Span) -> bool:
    if sent.start == 0:
        return True
    before, first = sent.doc[sent.start - 1], sent[0]
    return any("\n" in t.text_with_ws for t in (before, first) if t.is_space) or (
        "\n" in before.whitespace_
    )
