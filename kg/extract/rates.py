"""Tariff rates in every notation ('25%', '25 per cent', '25pc', 'to zero') and which
measure each belongs to: a change 'from X to Y', an additional rate and the total it
brings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Span, Token

from kg.extract.policy_triggers import Trigger


@dataclass(frozen=True)
class _Rate:
    value: float
    token: Token  # the phrase's head in the parse ("cent" in "25 per cent", "%" or "25%")
    first: Token  # its first token


_RATE_WORD = re.compile(r"^(\d+(?:\.\d+)?)(%|pc|pct)?$", re.IGNORECASE)


def rate_mentions(sent: Span) -> list[_Rate]:
    """Every percentage in the sentence, however written: "25%", "25 %", "25 per cent",
    "25 percent", "25pc", "25 pct", "25 percentage points" (points are changes, kept
    out)."""
    found: list[_Rate] = []
    tokens = list(sent)
    for i, t in enumerate(tokens):
        if t.lower_ == "zero" and i and tokens[i - 1].lower_ == "to":
            found.append(_Rate(0.0, t, t))  # "cut tariffs on US goods to zero"
            continue
        m = _RATE_WORD.match(t.text.replace(",", ""))
        if not m:
            continue
        value = float(m.group(1))
        if m.group(2):  # "25%", "34pc" as one token
            found.append(_Rate(value, t, t))
            continue
        rest = [x.lower_ for x in tokens[i + 1 : i + 3]]
        if rest[:1] in (["%"], ["pc"], ["pct"], ["percent"]):
            found.append(_Rate(value, _head_of(tokens[i], tokens[i + 1]), t))
        elif rest == ["per", "cent"]:
            found.append(_Rate(value, _head_of(tokens[i], tokens[i + 2]), t))
    return found


def _head_of(a: Token, b: Token) -> Token:
    """Of two adjacent tokens of one phrase, the one the other hangs from."""
    return a if b.head == a else b


def rates_of(
    trigger: Trigger, triggers: list[Trigger], sent: Span
) -> tuple[float | None, float | None]:
    """Percentages that belong to this trigger: they hang on it or on its verb.
    "from X to Y" is a change; "an additional Y, bringing the total to X" is one from
    X−Y to X."""
    owners = {trigger.token.i} | ({trigger.verb.i} if trigger.verb is not None else set())
    others = {t.token.i for t in triggers if t is not trigger}
    rate_from = rate_to = total = extra = None
    mentions = rate_mentions(sent)
    ranges = {  # "from 145% to 30%" may parse as one quantity: the pair goes together
        b.first.i: a for a, b in pairwise(mentions) if _between(a, b) in (["to"], ["-"])
    }
    for rate in mentions:
        if any(r is rate for r in ranges.values()):
            continue
        if rate.first.i in ranges:
            anchor, _ = _anchor(rate.token, others | owners)
            if anchor is not None and anchor.i in owners:
                rate_from, rate_to = ranges[rate.first.i].value, rate.value
            continue
        if _is_total(rate.token):
            total = rate.value
            continue
        anchor, prep = _anchor(rate.token, others | owners)
        if anchor is None or anchor.i not in owners or prep == "by":
            continue  # "cut by 10 points" is a change, not a rate
        if prep == "from":
            rate_from = rate.value
        elif _is_extra(rate.first):
            extra = rate.value
        else:
            rate_to = rate.value
    factor = _multiplier(trigger)
    if rate_to is not None and rate_from is None and factor:
        rate_from = rate_to / factor  # "doubling the duty to 50%": from 25%
    if total is not None and (extra is not None or rate_to is not None):
        added = extra if extra is not None else rate_to
        return (total - added if total > added else None), total
    if extra is not None and rate_to is None:
        rate_to = extra
    return rate_from, rate_to


def _between(a: _Rate, b: _Rate) -> list[str]:
    """The words between two percentages ("to" in "145% to 30%")."""
    doc = a.first.doc
    end = max(a.first.i, a.token.i) + 1
    return [t.lower_ for t in doc[end : b.first.i]]


def _multiplier(trigger: Trigger) -> float | None:
    verb = trigger.verb.lemma_.lower() if trigger.verb is not None else ""
    return {"double": 2.0, "triple": 3.0, "quadruple": 4.0, "halve": 0.5}.get(verb)


def _is_total(token: Token) -> bool:
    """ "bringing the total to 45 per cent", "for a total of 50%"."""
    head = token
    for _ in range(4):
        head = head.head
        if head.lemma_.lower() in ("total", "overall", "cumulative", "combined"):
            return True
        if (
            any(
                c.lemma_.lower() in ("total", "overall") and c.dep_ in ("dobj", "nsubj")
                for c in head.children
            )
            and head.pos_ == "VERB"
        ):
            return True
        if head.head == head:
            break
    return False


def _is_extra(first: Token) -> bool:
    """ "an additional 25 per cent", "a further 20%", "another 10%"."""
    doc = first.doc
    before = {doc[i].lower_ for i in range(max(0, first.i - 2), first.i)}
    return bool(before & {"additional", "further", "extra", "another", "added"})


def _anchor(token: Token, stops: set[int]) -> tuple[Token | None, str | None]:
    """Climb from a percentage to the first trigger or verb, noting the preposition passed."""
    prep = None
    head = token
    for _ in range(8):
        if head.dep_ == "prep" and prep is None:
            prep = head.lower_
        if head.head == head:
            return (head if head.i in stops else None), prep
        head = head.head
        if head.i in stops:
            return head, prep
        if head.pos_ in ("VERB", "AUX"):
            return None, prep
    return None, prep
