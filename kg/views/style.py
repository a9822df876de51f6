"""Colours and shapes of the views: by actor type, claim type and policy type.

Colours are chosen so that conflict reads warm (reds, oranges, purples), cooperation
green, demands blue and plain statements grey.
"""

from __future__ import annotations

__all__ = [
    "ACTOR_STYLE", "CLAIM_COLOUR", "COARSE_COLOUR", "OTHER", "POLICY_COLOUR", "SERIES_COLOURS",
    "actor_style",
]  # fmt: skip

OTHER = "Other"  # the node that stands for actors left out of a large graph

# Actor type -> (colour, vis-network shape, legend label).
ACTOR_STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("#f4a261", "dot", "person"),
    "Government": ("#1d4e89", "diamond", "government"),
    "Country": ("#4a90d9", "diamond", "country"),
    "GovernmentAgency": ("#7fb3e6", "triangle", "government agency"),
    "Company": ("#8d6e63", "square", "company"),
    "InternationalOrganization": ("#2a9d8f", "hexagon", "international organisation"),
    "Organization": ("#66bb6a", "hexagon", "organisation"),
    "PoliticalParty": ("#ab47bc", "star", "political party"),
    "Group": ("#9e9e9e", "triangleDown", "group"),
    "Actor": ("#bdbdbd", "dot", "actor"),
    OTHER: ("#e0e0e0", "dot", "other actors (summarised)"),
}

CLAIM_COLOUR: dict[str, str] = {
    "accuse": "#d62728",
    "criticize": "#ff7f0e",
    "deny": "#9467bd",
    "reject": "#6a3d9a",
    "threaten": "#8b0000",
    "warn": "#e377c2",
    "demand": "#1f77b4",
    "appeal": "#17becf",
    "praise": "#2ca02c",
    "agree": "#17a589",
    "state": "#7f7f7f",
}

POLICY_COLOUR: dict[str, str] = {
    "tariff": "#b8860b",
    "export_control": "#c0392b",
    "import_ban": "#884ea0",
    "sanction": "#34495e",
    "visa_restriction": "#5d6d7e",
    "investment_restriction": "#a04000",
    "agreement": "#27ae60",
    "other": "#95a5a6",
}


def actor_style(actor_type: str) -> tuple[str, str, str]:
    """Colour, shape and legend label of an actor type (unknown types look generic).

    >>> actor_style("Government")[:2]
    ('#1d4e89', 'diamond')
    >>> actor_style("Planet")[2]
    'actor'
    """
    return ACTOR_STYLE.get(actor_type, ACTOR_STYLE["Actor"])


# Coarse claim class -> colour, for charts.
COARSE_COLOUR: dict[str, str] = {
    "ACCUSE": "#d62728",
    "THREATEN": "#8b0000",
    "REJECT": "#6a3d9a",
    "DEMAND": "#1f77b4",
    "STATE": "#9e9e9e",
    "SUPPORT": "#2ca02c",
    "AGREE": "#17a589",
}

# Colours for series in charts (tariff lines), in order.
SERIES_COLOURS: tuple[str, ...] = (
    "#b8860b", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
)  # fmt: skip
