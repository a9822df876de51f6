"""Words for measures: which nouns and verbs name a tariff, sanction, restriction or
agreement, and which words say how far along a measure is.

Kept apart from the parsing code so that linguists can read and extend them (like
:mod:`kg.extract.lexicon`). All entries are lemmas (lower case).
"""

from __future__ import annotations

TARIFF_NOUNS = frozenset({"tariff", "levy", "duty", "duties", "surtax"})
# Nouns of protection from a measure: "immunity to sanctions", "an exemption from tariffs".
SHIELD_NOUNS = frozenset(
    """immunity resilience resistance exposure vulnerability exemption exception relief
    waiver shield protection""".split()
)
AGREEMENT_NOUNS = frozenset(
    {
        "agreement",
        "deal",
        "truce",
        "pact",
        "accord",
        "treaty",
        "framework",
        "memorandum",
        "ceasefire",
    }
)
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
        "enter",
        "broker",
    ]
)
# Leaving a deal: "withdrew the US from a treaty with Iran", "suspended the accord".
EXIT_VERBS = frozenset({"withdraw", "exit", "quit", "leave", "abandon", "suspend", "scrap", "pull"})
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

# Verbs that take a measure: their subject (or agent) is its imposer.
MEASURE_VERBS = frozenset(
    """impose levy slap place put raise hike increase announce introduce adopt enact apply
    extend expand tighten broaden reimpose reinstate set lower cut reduce lift remove
    suspend pause drop revoke cancel scrap ease relax threaten propose plan unveil
    implement enforce issue order approve sign agree designate add blacklist ban bar
    restrict curb prohibit block halt""".split()
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
