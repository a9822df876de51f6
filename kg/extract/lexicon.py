"""Cue words: which verbs signal which claim type, measure, status or event.

Kept apart from the parsing code so that linguists can read and extend them.
All entries are lemmas (lower case).
"""

from __future__ import annotations

CLAIM_CUES: dict[str, str] = {}
for _type, _lemmas in {
    "accuse": "accuse blame allege fault implicate",
    "criticize": "condemn denounce criticize criticise slam blast decry lambaste lambast rebuke "
    "castigate deplore berate chide scold assail disparage ridicule mock protest attack",
    "deny": "deny refute",
    "reject": "reject dismiss refuse rebuff oppose spurn repudiate veto",
    "threaten": "threaten",
    "warn": "warn caution",
    "demand": "demand urge press order",
    "appeal": "ask request appeal seek plead invite",
    "praise": "praise welcome hail thank commend applaud laud endorse congratulate support",
    "agree": "agree pledge promise commit accept consent",
    "state": "say state announce tell add note claim insist argue write post declare stress "
    "emphasize emphasise explain confirm maintain acknowledge suggest predict reiterate assert "
    "contend remark comment reply respond signal indicate tweet",
}.items():
    for _lemma in _lemmas.split():
        CLAIM_CUES[_lemma] = _type

# "vow" threatens when what is vowed is punitive, else it commits.
VOW = "vow"
PUNITIVE = frozenset(
    [
        "retaliate",
        "retaliation",
        "countermeasure",
        "countermeasures",
        "respond",
        "hit",
        "impose",
        "punish",
        "sanction",
        "fight",
        "escalate",
        "target",
    ]
)
# Words that make "called X a Y" praise or criticism; neither makes it a statement.
POSITIVE = frozenset(
    """success successful great tremendous excellent good historic win wonderful productive
    constructive fantastic positive friend partner breakthrough milestone timely important
    welcome strong fair balanced landmark significant useful encouraging""".split()
)
NEGATIVE = frozenset(
    """unjustified unjust unfair outrageous assault betrayal capitulation disaster bully
    bullying unacceptable illegal discriminatory hostile protectionist absurd reckless
    ridiculous dangerous terrible bad wrong abuse blackmail coercion coercive attack
    hypocritical unilateral malicious irresponsible provocative provocation mistake
    profiteer profiteering threat cheat cheating theft aggression aggressive shameful
    blow insult violation""".split()
)
# Said-that clauses whose verb alleges wrongdoing make the saying an accusation.
WRONGDOING = frozenset(
    [
        "violate",
        "breach",
        "undermine",
        "bully",
        "cheat",
        "steal",
        "coerce",
        "abuse",
        "weaponize",
        "weaponise",
        "dump",
        "manipulate",
        "interfere",
        "sabotage",
        "exploit",
        "betray",
        "renege",
        "flout",
        "infringe",
        "discriminate",
        "mislead",
        "lie",
        "distort",
        "smear",
        "provoke",
        "destabilize",
        "destabilise",
        "spy",
        "hack",
        "rip",
        "blackmail",
        "harm",
        "damage",
        "overreach",
        "threaten",
    ]
)
# Verbs that never carry a claim when they have only a noun object and no clause.
NEEDS_CLAUSE = frozenset(lemma for lemma, t in CLAIM_CUES.items() if t == "state")

# --- measures ---------------------------------------------------------------------------

TARIFF_NOUNS = frozenset({"tariff", "levy", "duty", "duties"})
AGREEMENT_NOUNS = frozenset({"agreement", "deal", "truce", "pact", "accord", "treaty", "framework"})
AGREEMENT_VERBS = frozenset(
    [
        "sign",
        "reach",
        "strike",
        "agree",
        "announce",
        "finalize",
        "finalise",
        "conclude",
        "seal",
        "clinch",
        "unveil",
        "negotiate",
        "hammer",
        "ink",
    ]
)
EXPORT_VERBS = frozenset({"export", "ship", "sell", "supply", "transfer"})
SANCTION_WORDS = frozenset({"sanction", "sanctions"})
RESTRICT_VERBS = frozenset(
    [
        "ban",
        "restrict",
        "curb",
        "halt",
        "block",
        "limit",
        "bar",
        "suspend",
        "stop",
        "tighten",
        "prohibit",
        "cut",
    ]
)
VISA_VERBS = frozenset(
    [
        "revoke",
        "cancel",
        "suspend",
        "restrict",
        "deny",
        "pause",
        "ban",
        "halt",
        "bar",
        "limit",
        "tighten",
    ]
)

# Status from the verbs around a measure. Outer verbs (modality) win over inner ones.
MODAL_STATUS: dict[str, str] = {
    "threaten": "threatened",
    "warn": "threatened",
    "vow": "threatened",
    "agree": "agreed",
    "commit": "agreed",
    "pledge": "agreed",
    "promise": "agreed",
    "propose": "proposed",
    "plan": "proposed",
    "consider": "proposed",
    "seek": "proposed",
    "weigh": "proposed",
    "mull": "proposed",
    "intend": "proposed",
    "prepare": "proposed",
    "want": "proposed",
    "suggest": "proposed",
    "recommend": "proposed",
    "explore": "proposed",
}
ACTION_STATUS: dict[str, str] = {
    "suspend": "suspended",
    "pause": "suspended",
    "delay": "suspended",
    "postpone": "suspended",
    "freeze": "suspended",
    "exempt": "suspended",
    "waive": "suspended",
    "defer": "suspended",
    "lift": "revoked",
    "remove": "revoked",
    "scrap": "revoked",
    "revoke": "revoked",
    "drop": "revoked",
    "end": "revoked",
    "cancel": "revoked",
    "repeal": "revoked",
    "rescind": "revoked",
    "withdraw": "revoked",
    "abolish": "revoked",
    "terminate": "revoked",
}
SPECULATIVE_AUX = frozenset({"would", "could", "may", "might"})

# --- events -----------------------------------------------------------------------------

EVENT_VERBS: dict[str, tuple[str, str | None]] = {
    "speak": ("consult", "call"),
    "phone": ("consult", "call"),
    "talk": ("consult", "meeting"),
    "meet": ("consult", "meeting"),
    "host": ("consult", "meeting"),
    "visit": ("consult", "visit"),
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
