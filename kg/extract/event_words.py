"""Words for events: which verbs and nouns name a meeting, talks or a visit.

Kept apart from the parsing code so that linguists can read and extend them (like
:mod:`kg.extract.lexicon`). All entries are lemmas (lower case).
"""

from __future__ import annotations

EVENT_VERBS: dict[str, tuple[str, str | None]] = {
    "speak": ("consult", "call"),
    "phone": ("consult", "call"),
    "talk": ("consult", "meeting"),
    "meet": ("consult", "meeting"),
    "host": ("consult", "meeting"),
    "visit": ("consult", "visit"),
    "gather": ("consult", "meeting"),
    "convene": ("consult", "meeting"),
    "confer": ("consult", "meeting"),
    "negotiate": ("negotiate", None),
    "sign": ("sign", None),
}
EVENT_NOUNS: dict[str, tuple[str, str | None]] = {
    "call": ("consult", "call"),
    "phone": ("consult", "call"),
    "meeting": ("consult", "meeting"),
    "summit": ("consult", "meeting"),
    "talk": ("consult", "meeting"),
    "talks": ("consult", "meeting"),
    "visit": ("consult", "visit"),
    "negotiation": ("negotiate", None),
    "negotiations": ("negotiate", None),
}
HOLD_VERBS = frozenset({"hold", "have", "conduct", "host", "attend", "begin", "start", "open"})
