"""Plain data: what a source yields (:class:`Article`) and what extraction finds in it.

No RDF here. :mod:`kg.triples` turns an :class:`Extraction` into triples.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article, as read from a file, a feed, or stdin.

    ``id`` is the id the input gave; when it gave none, :attr:`key` falls back to a
    hash of the text, so the same text ingested twice is the same article.
    """

    text: str
    id: str | None = None
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    url: str | None = None
    source: str | None = None
    origin: str = "<unknown>"  # where it came from, for messages: a path, "path:line", "-"
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """A hash of the text with whitespace normalised, to spot the same article twice."""
        normalised = " ".join(self.text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        """The article's stable id: the given id, else a prefix of the content hash."""
        return self.id if self.id else self.content_hash[:20]

    @property
    def published_date(self) -> dt.date | None:
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published


@dataclass(frozen=True)
class Evidence:
    """The sentence that supports a fact, with character offsets into the article text."""

    sentence: str
    char_start: int
    char_end: int
    quote: str | None = None


@dataclass(frozen=True)
class Role:
    """That ``holder`` holds an office or speaks for ``of`` (both actor keys).

    ``role`` is one of :data:`kg.terms.ROLE_TYPES` ("spokesperson", "foreign-minister",
    "head-of-state" …); ``title`` the words of the text ("Chinese Foreign Ministry
    spokesperson"); ``start``/``end`` ISO dates where known. A role read from an
    article carries its ``evidence``; one from the gazetteer has none.

    >>> Role("Q15031", "Q148", "head-of-state", start="2013-03-14").active_on("2019-05-01")
    True
    """

    holder: str
    of: str
    role: str = "member"
    title: str | None = None
    start: str | None = None
    end: str | None = None
    evidence: Evidence | None = None

    def active_on(self, date: str | None) -> bool:
        """Whether the role was held on an ISO date (any role, where no date is given)."""
        if not date:
            return True
        day = date[:10]
        return (self.start is None or self.start[: len(day)] <= day) and (
            self.end is None or day <= self.end[: len(day)]
        )


@dataclass(frozen=True)
class Actor:
    """A real-world actor. ``key`` is the QID where known, else a normalised name."""

    key: str
    name: str
    type: str  # one of kg.terms.ACTOR_TYPES
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    leader_of: str | None = None  # key of the actor this one leads
    part_of: str | None = None  # key of the actor this one belongs to
    from_gazetteer: bool = False
    speaks_for: str | None = None  # key of the actor it speaks for (a spokesperson's ministry)
    roles: tuple[Role, ...] = ()  # offices held, with dates (from the gazetteer)


@dataclass(frozen=True)
class Technology:
    key: str
    name: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Claim:
    type: str  # one of kg.terms.CLAIM_TYPES
    speaker: Actor
    target: Actor | None
    content: str
    evidence: Evidence
    date: str | None = None  # ISO 8601: YYYY-MM-DD, or YYYY-MM / YYYY where the text is vaguer
    confidence: float = 0.5
    about: tuple[Technology, ...] = ()
    cue: str = ""  # the word that signalled the claim, for debugging and tests


@dataclass
class Policy:
    type: str  # one of kg.terms.POLICY_TYPES
    imposer: Actor | None
    target: Actor | None
    evidence: Evidence
    goods: str | None = None
    rate_from: float | None = None
    rate_to: float | None = None
    unit: str | None = None
    status: str = "implemented"  # one of kg.terms.POLICY_STATUSES
    date: str | None = None  # ISO 8601: YYYY-MM-DD, or YYYY-MM / YYYY where the text is vaguer
    effective_date: str | None = None
    parties: tuple[Actor, ...] = ()  # agreements: every party
    about: tuple[Technology, ...] = ()
    confidence: float = 0.5


@dataclass
class Event:
    type: str  # one of kg.terms.EVENT_TYPES
    participants: tuple[Actor, ...]
    evidence: Evidence
    subtype: str | None = None  # call, meeting, visit
    date: str | None = None  # ISO 8601: YYYY-MM-DD, or YYYY-MM / YYYY where the text is vaguer
    place: str | None = None
    confidence: float = 0.5


@dataclass
class Extraction:
    """Everything found in one article."""

    article: Article
    actors: dict[str, Actor] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    technologies: dict[str, Technology] = field(default_factory=dict)
    # Who holds which role, as the text says it ("Foreign Ministry spokesperson Guo
    # Jiakun"), each with its evidence; written to the article's graph.
    roles: list[Role] = field(default_factory=list)
