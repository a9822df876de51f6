"""The words that tell actors apart in a mention: role nouns, titles and the offices
they name, bodies, collectives, places, and small tests on names.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.gender import person_gender
from kg.model import Actor

# Heads of phrases that stand for the organisation or country named inside them.
ROLE_NOUNS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
        "minister",
        "ministers",
        "diplomat",
        "diplomats",
        "envoy",
        "ambassador",
        "negotiator",
        "negotiators",
        "representative",
        "representatives",
        "leader",
        "leaders",
        "president",
        "premier",
        "chancellor",
        "secretary",
        "chief",
        "head",
        "director",
        "adviser",
        "advisers",
        "advisor",
        "aide",
        "aides",
        "lawmaker",
        "lawmakers",
        "senator",
        "senators",
        "regulator",
        "regulators",
        "government",
        "administration",
        "authorities",
        "side",
        "regime",
        "cabinet",
        "state",
        "statement",
        "embassy",
        "delegation",
        "team",
        "counterpart",
        "counterparts",
        "ministry",
        "department",
        "office",
    ]
)


PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})


NER_TYPES = {"PERSON": "Person", "ORG": "Organization"}


# A country's missions abroad, named after it: "the US Embassy", "the French consulate".
MISSIONS = frozenset({"embassy", "consulate"})

# NER often tags these as ORG/PERSON although they name no actor in our sense.
NOT_ACTORS = frozenset(
    {"covid", "ai", "gdp", "ceo", "entity list", "unverified list", "unreliable entity list"}
)


# Titles that name an office: which gazetteer roles they can be, in order.
OFFICES: dict[str, tuple[str, ...]] = {
    "president": ("head-of-state", "head-of-government"),
    "leader": ("head-of-state", "leader"),
    "prime minister": ("head-of-government",),
    "premier": ("head-of-government",),
    "chancellor": ("head-of-government",),
    "foreign minister": ("foreign-minister",),
    "foreign secretary": ("foreign-minister",),
    "secretary of state": ("foreign-minister",),
    "trade minister": ("trade-minister", "commerce-minister"),
    "commerce minister": ("commerce-minister", "trade-minister"),
    "commerce secretary": ("commerce-minister", "trade-minister"),
    "trade representative": ("trade-representative",),
    "finance minister": ("finance-minister",),
    "treasury secretary": ("finance-minister",),
    "defence minister": ("defence-minister",),
    "defense minister": ("defence-minister",),
    "defense secretary": ("defence-minister",),
    "defence secretary": ("defence-minister",),
}


# Title words and the role they give, checked in this order (two-word titles first).
_TITLE_ROLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("foreign", "minister"), "foreign-minister"),
    (("foreign", "secretary"), "foreign-minister"),
    (("secretary", "of", "state"), "foreign-minister"),
    (("prime", "minister"), "head-of-government"),
    (("trade", "minister"), "trade-minister"),
    (("trade", "representative"), "trade-representative"),
    (("commerce", "minister"), "commerce-minister"),
    (("commerce", "secretary"), "commerce-minister"),
    (("finance", "minister"), "finance-minister"),
    (("treasury", "secretary"), "finance-minister"),
    (("defence", "minister"), "defence-minister"),
    (("defense", "minister"), "defence-minister"),
    (("defense", "secretary"), "defence-minister"),
    (("interior", "minister"), "interior-minister"),
    (("spokesperson",), "spokesperson"),
    (("spokesman",), "spokesperson"),
    (("spokeswoman",), "spokesperson"),
    (("president",), "head-of-state"),
    (("premier",), "head-of-government"),
    (("chancellor",), "head-of-government"),
    (("ambassador",), "ambassador"),
    (("envoy",), "ambassador"),
    (("minister",), "minister"),
    (("official",), "official"),
    (("adviser",), "official"),
    (("advisor",), "official"),
    (("negotiator",), "official"),
)


TITLE_HEADS = frozenset(
    {phrase[-1] for phrase, _ in _TITLE_ROLES} | {"commissioner", "director", "chief", "head"}
)


def role_of(words: list[str]) -> str | None:
    present = set(words)
    for phrase, role in _TITLE_ROLES:
        if phrase[-1] not in present:
            continue  # the common case: a title has none of these words
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return role
    return None


# Titles that "the <title>" can point back to a person by.
PERSON_TITLES = frozenset(
    """president minister spokesperson spokesman spokeswoman commissioner ambassador envoy
    chancellor premier secretary governor senator negotiator representative prince king
    queen emir director""".split()
)


# Words of a title before a name ("President Trump"), never a first name.
TITLE_WORDS = frozenset(
    """president prime premier minister secretary chancellor king queen prince general
    senator governor mayor ambassador envoy spokesperson spokesman spokeswoman chairman
    chair director commissioner representative leader lawmaker judge dr mr mrs ms
    sir lady lord sheikh emir crown former vice deputy foreign trade finance defence
    defense treasury state commerce""".split()
)


# Institutions whose people comment rather than act: think tanks and universities.
ACADEMIC = frozenset("forum university college think-tank tank".split())


# Heads of phrases that stand for a state when a demonym modifies them.
STATE_BODIES = frozenset(
    """force forces military troops army navy authority authorities police media state
    leadership regime""".split()
)


# Plural heads that, with a modifier, name a group acting together that no one state
# stands for: "foreign powers", "European nations", "some Iraqi militias", "the foreign
# ministers" (of several states). Non-state groups need no modifier: "protesters said".
GROUP_HEADS = frozenset(
    """powers nations countries states governments ministers leaders allies militias
    protesters demonstrators rebels militants insurgents""".split()
)
NON_STATE_GROUPS = frozenset(
    "militias protesters demonstrators rebels militants insurgents".split()
)


# Words for groups of states or people acting for one: "allies such as Germany",
# "the delegations of Cyprus, Greece and Israel". ("The killers of X" are not X.)
COLLECTIVES = frozenset(
    """ally allies partner partners country countries nation nations member members
    delegation delegations neighbour neighbours neighbor neighbors coalition bloc firm
    firms company companies""".split()
)


# "The company said": which earlier actor a definite phrase points back to ("name":
# one whose name has the word; "firm": the last company or organisation).
BODY_NOUNS = {
    "ministry": "name",
    "embassy": "name",
    "department": "name",
    "agency": "name",
    "bureau": "name",
    "commission": "name",
    "council": "name",
    "parliament": "name",
    "office": "name",
    "company": "firm",
    "firm": "firm",
    "group": "firm",
    "chipmaker": "firm",
    "carmaker": "firm",
    "automaker": "firm",
    "airline": "firm",
    "bank": "firm",
    "lender": "firm",
    "manufacturer": "firm",
    "maker": "firm",
    "producer": "firm",
    "operator": "firm",
    "giant": "firm",
}


# Titles of people who comment on events rather than take part in them.
UNAFFILIATED = frozenset(
    """analyst analysts expert experts professor researcher scholar economist strategist
    commentator journalist correspondent reporter editor columnist fellow academic historian
    lecturer scientist observer consultant author writer blogger
    university forum think-tank""".split()
)


# Nouns after a name that make it a place: "the South China Sea", "the Amazon basin".
_PLACE_NOUNS = frozenset(
    """sea ocean gulf strait straits bay coast river basin rainforest forest desert valley
    mountains mountain island islands peninsula lake canal channel border region
    province""".split()
)


def names_a_place(ent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is None or after.lower_ not in _PLACE_NOUNS:
        return False
    return after.dep_ != "compound" and ent.root.dep_ == "compound" and ent.root.head == after


def last_before(
    mentions: list[tuple[int, Actor]], index: int, fits: Callable[[Actor], bool]
) -> Actor | None:
    found = last_mention(mentions, index, fits)
    return found[1] if found else None


def last_mention(
    mentions: list[tuple[int, Actor]], index: int, fits: Callable[[Actor], bool]
) -> tuple[int, Actor] | None:
    """The last of ``mentions`` (in text order) before ``index`` that ``fits``."""
    best = None
    for start, actor in mentions:
        if start >= index:
            break
        if fits(actor):
            best = (start, actor)
    return best


def conjuncts(token: Token) -> list[Token]:
    return [c for c in token.conjuncts if c.i > token.i]


def looks_like_a_person(ent: Span, name: str) -> bool:
    """An "organisation" the recogniser cut short before "of <country>": two or three
    capitalised words, the first a known first name or the span ending in "of"."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    return ent[-1].lower_ == "of" or person_gender(words[0], ()) is not None


def strip_determiner(ent: Span) -> Span:
    return ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent


_TRAILING = ("'s", "’s", " of", " for", " and", " in", " at", " on", ",")


def clean_name(ent: Span) -> str:
    """The entity's text without what the recogniser swept in at its end ("Patrice
    Talon of" before a country it did not take, "Merkel's")."""
    text = ent.text.strip()
    changed = True
    while changed:
        changed = False
        for tail in _TRAILING:
            if text.endswith(tail):
                text, changed = text[: -len(tail)].rstrip(), True
    return text
