"""A deterministic generator of realistic news articles for scale runs.

Every article is composed from sentence templates with actors from the shipped
gazetteer: claims of all eleven types, tariffs with rates, export controls,
sanctions, visa revocations, agreements, calls and meetings, relative dates. Article
``i`` of seed ``s`` depends on ``(s, i)`` only, so a corpus of 1 k articles is the
prefix of the 10 k one.

Each :class:`GenArticle` also carries the :class:`Fact` records its sentences were
made from, which :mod:`bench.rdfgen` turns into extractions to build large stores
without running spaCy.

    python bench/corpus.py 10000 > corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer"
SOURCES = ("Example Wire", "Global Desk", "Trade Ledger", "Policy Post", "Market Courier")
START = dt.date(2018, 1, 1)
DAYS = 8 * 365
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
RATES = (5, 10, 15, 20, 25, 30, 34, 35, 50, 84, 100, 125, 145)
TOPICS = ("trade", "tariffs", "chips", "sanctions", "rare earths", "visas", "security", "energy")


@dataclass(frozen=True)
class Entity:
    """A gazetteer actor or technology, as the generator writes it."""

    id: str
    key: str  # as kg.extract.gazetteer keys it: the QID, else the slug of the id
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonym: str | None = None
    leader_of: str | None = None
    part_of: str | None = None
    role: str | None = None  # how a made-up official is introduced
    known: bool = True  # in the gazetteer


@dataclass
class Fact:
    """What one sentence says, with gazetteer keys; offsets into the article text."""

    kind: str  # claim, policy, event
    type: str
    actors: tuple[str, ...]  # claim: speaker[, target]; policy: imposer, target; event: all
    sentence: str
    start: int
    end: int
    content: str = ""
    date: str | None = None
    rate_from: float | None = None
    rate_to: float | None = None
    goods: str | None = None
    status: str = "implemented"
    subtype: str | None = None
    about: tuple[str, ...] = ()  # technology keys


@dataclass
class GenArticle:
    id: str
    title: str
    published: dt.date
    url: str
    source: str
    text: str
    facts: list[Fact] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)  # key -> name, not in the gazetteer

    def record(self) -> dict[str, Any]:
        """The JSON Lines record kg ingests."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat(),
            "url": self.url,
            "source": self.source,
            "text": self.text,
        }


# --- the cast -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    governments: tuple[Entity, ...]
    by_id: dict[str, Entity]
    leaders: dict[str, tuple[Entity, ...]]  # government id -> people who lead or serve it
    agencies: dict[str, tuple[Entity, ...]]  # government id -> its agencies
    companies: tuple[Entity, ...]
    organisations: tuple[Entity, ...]
    technologies: tuple[Entity, ...]


def _entity(entry: dict[str, Any]) -> Entity:
    from kg.extract.gazetteer import slug

    demonyms = entry.get("demonyms") or []
    return Entity(
        id=entry["id"],
        key=entry.get("wikidata") or slug(entry["id"]),
        name=entry["name"],
        type=entry.get("type") or "Technology",
        aliases=tuple(a for a in entry.get("aliases", []) if a.strip()),
        demonym=demonyms[0] if demonyms else None,
        leader_of=entry.get("leader_of"),
        part_of=entry.get("part_of"),
    )


def _read(path: Path) -> list[Entity]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [_entity(json.loads(x)) for x in lines if x.strip() and not x.startswith("#")]


@cache
def cast() -> Cast:
    """The actors and technologies of the shipped gazetteer, grouped for the templates."""
    actors = _read(GAZETTEER / "actors.jsonl")
    by_id = {a.id: a for a in actors}
    govs = tuple(a for a in actors if a.type == "Government" and a.aliases)
    leaders: dict[str, list[Entity]] = {}
    agencies: dict[str, list[Entity]] = {}
    for a in actors:
        home = a.leader_of if a.leader_of in by_id else a.part_of
        if a.type == "Person" and home:
            leaders.setdefault(home, []).append(a)
        elif a.type == "GovernmentAgency" and a.part_of:
            agencies.setdefault(a.part_of, []).append(a)
    return Cast(
        governments=govs,
        by_id=by_id,
        leaders={k: tuple(v) for k, v in leaders.items()},
        agencies={k: tuple(v) for k, v in agencies.items()},
        companies=tuple(a for a in actors if a.type == "Company"),
        organisations=tuple(a for a in actors if a.type == "InternationalOrganization"),
        technologies=tuple(_read(GAZETTEER / "technologies.jsonl")),
    )


FIRST = (
    "Anna", "Li", "Maria", "Kenji", "Olga", "Rahul", "Sofia", "Tomas", "Amina", "Jonas", "Mei",
    "Pedro", "Leila", "Ivan", "Hana", "Samuel", "Nadia", "Chen", "Elena", "Omar",
)  # fmt: skip
LAST = (
    "Novak", "Wang", "Silva", "Tanaka", "Petrova", "Mehta", "Rossi", "Berg", "Diallo", "Weber",
    "Zhou", "Costa", "Haddad", "Kuznetsov", "Sato", "Okoro", "Karimi", "Liu", "Moreau", "Aziz",
    "Lindqvist", "Park", "Fischer", "Nowak", "Garcia",
)  # fmt: skip


def official(rng: random.Random, gov: Entity) -> Entity:
    """A made-up official: 20 x 25 names per government, none in the gazetteer."""
    from kg.extract.gazetteer import slug

    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    key = slug(f"{name} {gov.id}")
    role = f"{gov.demonym or gov.aliases[0]} {rng.choice(('trade', 'foreign', 'senior'))} official"
    surname = name.split()[1]
    return Entity(key, key, name, "Person", (surname,), role=role, known=False)


# --- one article ------------------------------------------------------------------------


class Writer:
    """Composes one article's sentences, tracking offsets and facts."""

    def __init__(self, rng: random.Random, published: dt.date, sides: list[Entity]) -> None:
        self.rng = rng
        self.published = published
        self.sides = sides  # the governments the story is about, main one first
        self.paragraphs: list[list[str]] = [[]]
        self.pending: list[tuple[int, int, Fact]] = []  # paragraph, index, fact
        self.named: set[str] = set()
        self.unknown: dict[str, str] = {}

    # -- surface forms

    def name(self, e: Entity) -> str:
        """A government by country or capital, a person by full name then surname."""
        first = e.id not in self.named
        self.named.add(e.id)
        if e.type == "Government":
            form = e.aliases[0] if first or self.rng.random() < 0.6 else e.aliases[1]
            return f"the {form}" if form.endswith(" government") else form
        if not e.known:
            self.unknown[e.key] = e.name
        if e.type == "Person" and not first and e.aliases:
            return e.aliases[0]
        return f"{e.role} {e.name}" if first and e.role else e.name

    def actor_of(self, gov: Entity) -> Entity:
        """The government itself, one of its leaders or ministers, an agency, or an
        official the gazetteer does not know (the long tail real news has)."""
        c, roll = cast(), self.rng.random()
        people, agencies = c.leaders.get(gov.id, ()), c.agencies.get(gov.id, ())
        if roll < 0.3 and people:
            return self.rng.choice(people)
        if roll < 0.45 and agencies:
            return self.rng.choice(agencies)
        if roll < 0.55:
            return official(self.rng, gov)
        return gov

    def when(self) -> tuple[str, str | None]:
        """A relative or absolute date phrase and the ISO date it resolves to."""
        roll, p = self.rng.random(), self.published
        if roll < 0.35:
            back = self.rng.randint(1, 6)
            day = p - dt.timedelta(days=back)
            return f"on {WEEKDAYS[day.weekday()]}", day.isoformat()
        if roll < 0.5:
            day = p - dt.timedelta(days=self.rng.randint(7, 60))
            return f"on {MONTHS[day.month - 1]} {day.day}", day.isoformat()
        if roll < 0.6:
            return "last week", None
        if roll < 0.7:
            return "earlier this month", p.strftime("%Y-%m")
        if roll < 0.8:
            return "yesterday", (p - dt.timedelta(days=1)).isoformat()
        return "", None

    def goods(self) -> Entity:
        return self.rng.choice(cast().technologies)

    # -- output

    def add(self, sentence: str, fact: Fact | None = None) -> None:
        sentence = " ".join(sentence.split()).replace(" .", ".").replace(" ,", ",")
        sentence = sentence[0].upper() + sentence[1:]
        paragraph = self.paragraphs[-1]
        if fact is not None:
            self.pending.append((len(self.paragraphs) - 1, len(paragraph), fact))
        paragraph.append(sentence)

    def add_fact(self, fact: Fact) -> None:
        """Another fact of the sentence added next."""
        self.pending.append((len(self.paragraphs) - 1, len(self.paragraphs[-1]), fact))

    def break_paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def text(self) -> tuple[str, list[Fact]]:
        """The article text, and its facts with sentence offsets filled in."""
        offsets: dict[tuple[int, int], int] = {}
        parts: list[str] = []
        pos = 0
        for pi, paragraph in enumerate(p for p in self.paragraphs if p):
            if pi:
                parts.append("\n\n")
                pos += 2
            for si, sentence in enumerate(paragraph):
                if si:
                    parts.append(" ")
                    pos += 1
                offsets[pi, si] = pos
                parts.append(sentence)
                pos += len(sentence)
        facts = []
        for pi, si, fact in self.pending:
            sentence = self.paragraphs[pi][si]
            fact.sentence, fact.start = sentence, offsets[pi, si]
            fact.end = fact.start + len(sentence)
            facts.append(fact)
        return "".join(parts), facts


def _pair(w: Writer) -> tuple[Entity, Entity]:
    a, b = w.rng.sample(w.sides, 2)
    return a, b


# Claim templates: (type, template, content). {s} speaker, {t} target, {d} date phrase.
CLAIMS: tuple[tuple[str, str, str], ...] = (
    ("accuse", "{s} {d} accused {t} of violating the spirit of the agreement.",
     "violating the spirit of the agreement"),
    ("accuse", "{s} blamed {t} for the collapse of the talks {d}.", "the collapse of the talks"),
    ("accuse", "{s} said {d} that {t} had breached its commitments on {g}.",
     "breached its commitments"),
    ("criticize", "{s} {d} condemned the measures taken by {t} as unilateral bullying.",
     "the measures as unilateral bullying"),
    ("criticize", "{s} sharply criticised {t} for its handling of {g} exports.",
     "its handling of exports"),
    ("deny", "{s} denied {d} that it had dumped {g} on world markets.", "it had dumped goods"),
    ("reject", "{s} rejected the demands made by {t} as unacceptable.", "the demands"),
    ("threaten", "{s} threatened {d} to retaliate against {t} if the duties stayed in place.",
     "to retaliate"),
    ("warn", "{s} warned {t} {d} that further restrictions would hurt both economies.",
     "further restrictions would hurt both economies"),
    ("demand", "{s} urged {t} to lift its restrictions on {g} without delay.",
     "to lift its restrictions"),
    ("appeal", "{s} asked {t} {d} to resume negotiations on market access.",
     "to resume negotiations"),
    ("praise", "{s} praised {t} for a constructive approach to the talks.",
     "a constructive approach"),
    ("praise", "{s} {d} welcomed the decision by {t} to cut tariffs on {g}.",
     "the decision to cut tariffs"),
    ("agree", "{s} agreed {d} to buy more {g} from {t} over the next two years.",
     "to buy more goods"),
    ("agree", "{s} pledged to work with {t} on supply chains for {g}.",
     "to work on supply chains"),
    ("state", "{s} said {d} that trade with {t} would keep growing this year.",
     "trade would keep growing"),
    ("state", "“We are ready to talk, but we will defend our interests,” {s} told reporters {d}.",
     "We are ready to talk, but we will defend our interests"),
)  # fmt: skip


def claim(w: Writer) -> None:
    a, b = _pair(w)
    speaker, target = w.actor_of(a), w.actor_of(b)
    kind, template, content = w.rng.choice(CLAIMS)
    phrase, date = w.when()
    goods = w.goods()
    text = template.format(s=w.name(speaker), t=w.name(target), d=phrase, g=goods.name)
    quoted = "{t}" not in template
    actors = (speaker.key,) if quoted else (speaker.key, target.key)
    about = (goods.key,) if "{g}" in template else ()
    w.add(text, Fact("claim", kind, actors, "", 0, 0, content, date, about=about))


def tariff(w: Writer) -> None:
    a, b = _pair(w)
    goods = w.goods()
    phrase, date = w.when()
    low, high = sorted(w.rng.sample(RATES, 2))
    demonym = b.demonym or b.aliases[0]
    roll = w.rng.random()
    if roll < 0.3:
        text = (
            f"{w.name(a)} {phrase} raised tariffs on {demonym} {goods.name} from {low}% to {high}%."
        )
        rates, status = (low, high), "implemented"
    elif roll < 0.55:
        text = f"{w.name(a)} imposed a {high}% tariff on {goods.name} from {w.name(b)} {phrase}."
        rates, status = (None, high), "implemented"
    elif roll < 0.8:
        text = f"{w.name(a)} threatened {phrase} to impose {high}% tariffs on {demonym} goods."
        rates, status = (None, high), "threatened"
        content = f"to impose {high}% tariffs"  # one sentence, a claim and a measure
        w.add_fact(Fact("claim", "threaten", (a.key, b.key), "", 0, 0, content, date))
    else:
        text = f"Under the deal, {w.name(a)} will lower its tariffs on {demonym} {goods.name} from {high}% to {low}%."
        rates, status = (high, low), "agreed"
    fact = Fact("policy", "tariff", (a.key, b.key), "", 0, 0, date=date, goods=goods.name)
    fact.rate_from, fact.rate_to, fact.status = rates[0], rates[1], status
    fact.about = (goods.key,)
    w.add(text, fact)


def export_control(w: Writer) -> None:
    a, b = _pair(w)
    goods = w.goods()
    phrase, date = w.when()
    imposer = w.actor_of(a)
    x, y = w.name(imposer), w.name(b)
    text = w.rng.choice(
        (
            f"{x} {phrase} restricted exports of {goods.name} to {y}.",
            f"{x} banned the export of advanced {goods.name} to {y} {phrase}.",
            f"{x} will require licences for shipments of {goods.name} to {y}.",
        )
    )
    fact = Fact("policy", "export_control", (imposer.key, b.key), "", 0, 0, date=date)
    fact.goods, fact.about = goods.name, (goods.key,)
    w.add(text, fact)


def sanction(w: Writer) -> None:
    a, b = _pair(w)
    phrase, date = w.when()
    x, y = w.name(a), w.name(b)
    text = w.rng.choice(
        (
            f"{x} {phrase} imposed sanctions on {y} over its support for the war.",
            f"{x} announced new sanctions against {y} {phrase}.",
            f"{x} lifted sanctions on {y} {phrase}.",
        )
    )
    status = "revoked" if " lifted " in text else "implemented"
    w.add(text, Fact("policy", "sanction", (a.key, b.key), "", 0, 0, date=date, status=status))


def visa(w: Writer) -> None:
    a, b = _pair(w)
    phrase, date = w.when()
    imposer = w.actor_of(a)
    group = (b.demonym or b.aliases[0]) + w.rng.choice((" students", " officials", " journalists"))
    text = f"{w.name(imposer)} said {phrase} it would revoke the visas of {group}."
    w.add(text, Fact("policy", "visa_restriction", (imposer.key, b.key), "", 0, 0, date=date))


def agreement(w: Writer) -> None:
    a, b = _pair(w)
    phrase, date = w.when()
    kind = w.rng.choice(("trade agreement", "framework deal", "90-day truce", "pact on minerals"))
    text = f"{w.name(a)} and {w.name(b)} signed a {kind} {phrase}."
    fact = Fact("policy", "agreement", (a.key, b.key), "", 0, 0, date=date, status="agreed")
    w.add(text, fact)


def meeting(w: Writer) -> None:
    a, b = _pair(w)
    pa, pb = w.actor_of(a), w.actor_of(b)
    phrase, date = w.when()
    if w.rng.random() < 0.5:
        text = f"{w.name(pa)} spoke with {w.name(pb)} by phone {phrase}."
        subtype = "call"
    else:
        city = w.rng.choice(("Geneva", "London", "Stockholm", "Madrid", "Kuala Lumpur"))
        text = (
            f"{w.name(pa)} met {w.name(pb)} in {city} {phrase} to discuss {w.rng.choice(TOPICS)}."
        )
        subtype = "meeting"
    fact = Fact("event", "consult", (pa.key, pb.key), "", 0, 0, date=date, subtype=subtype)
    w.add(text, fact)


def company(w: Writer) -> None:
    firm = w.rng.choice(cast().companies)
    a = w.sides[0]
    goods = w.goods()
    x = w.name(firm)
    text = w.rng.choice(
        (
            f"{x} said it would move production of {goods.name} out of {w.name(a)}.",
            f"{x} criticised the new rules on {goods.name} as costly.",
        )
    )
    kind = "state" if " said " in text else "criticize"
    w.add(text, Fact("claim", kind, (firm.key,), "", 0, 0, text, about=(goods.key,)))


FILLER = (
    "Markets rallied on the news, with stocks climbing more than {n}% by the close.",
    "Analysts expect shipping bookings to rebound in the coming weeks.",
    "The figures were published by the statistics office.",
    "Trade between the two economies was worth about ${n}0 billion last year.",
    "The currency slipped against the dollar.",
    "Officials gave few details about how the measures would be enforced.",
    "Economists said the dispute could shave {n} tenths of a point off growth.",
)
KINDS = (
    (claim, 40), (tariff, 12), (export_control, 6), (sanction, 5), (visa, 3), (agreement, 4),
    (meeting, 8), (company, 4),
)  # fmt: skip


def _filler(w: Writer) -> None:
    w.add(w.rng.choice(FILLER).format(n=w.rng.randint(2, 9)))


def _sides(rng: random.Random) -> list[Entity]:
    """Two to four governments, the big traders more often than the rest."""
    govs = cast().governments
    weights = [8.0 if g.id in ("us", "china") else 3.0 if g.demonym else 1.0 for g in govs]
    chosen: list[Entity] = []
    wanted = rng.randint(2, 4)
    while len(chosen) < wanted:
        g = rng.choices(govs, weights)[0]
        if g not in chosen:
            chosen.append(g)
    return chosen


def article(seed: int, index: int) -> GenArticle:
    """Article ``index`` of the corpus ``seed``: 6 to 14 paragraphs, mostly facts."""
    rng = random.Random(f"kg-bench:{seed}:{index}")
    published = START + dt.timedelta(days=rng.randrange(DAYS))
    sides = _sides(rng)
    w = Writer(rng, published, sides)
    makers, weights = zip(*KINDS)
    for _ in range(rng.randint(6, 14)):
        for _ in range(rng.randint(1, 3)):
            maker = rng.choices(makers, weights)[0]
            maker(w)
        if rng.random() < 0.4:
            _filler(w)
        w.break_paragraph()
    text, facts = w.text()
    a, b = sides[0].aliases[0], sides[1].aliases[0]
    topic = rng.choice(TOPICS)
    title = rng.choice((f"{a} and {b} clash over {topic}", f"{a} hits back at {b} on {topic}",
                        f"Talks between {a} and {b} on {topic} resume"))  # fmt: skip
    aid = f"gen-{seed}-{index:06d}"
    return GenArticle(
        id=aid,
        title=title,
        published=published,
        url=f"https://example.org/bench/{published:%Y/%m/%d}/{aid}",
        source=rng.choice(SOURCES),
        text=text,
        facts=facts,
        unknown=w.unknown,
    )


def articles(n: int, seed: int = 0) -> Iterator[GenArticle]:
    for i in range(n):
        yield article(seed, i)


def write_jsonl(path: Path, n: int, seed: int = 0, extra: Iterable[dict[str, Any]] = ()) -> Path:
    """Write ``n`` articles as JSON Lines (streamed: one article in memory at a time),
    then the ``extra`` records (real articles, see :func:`real_records`)."""
    with path.open("w", encoding="utf-8") as out:
        for a in articles(n, seed):
            out.write(json.dumps(a.record(), ensure_ascii=False) + "\n")
        for record in extra:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def real_records(folder: Path) -> list[dict[str, Any]]:
    """The articles kg can read under ``folder`` (e.g. ``../shared/corpus``), as records;
    none when it is absent. Other files (annotations, notes) are left alone."""
    from kg.model import Article
    from kg.sources import SUPPORTED_SUFFIXES, read_articles

    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
    found = [a for a in read_articles(files) if isinstance(a, Article)] if files else []
    return [
        {"id": a.key, "title": a.title, "published": a.published.isoformat() if a.published else None,
         "url": a.url, "source": a.source, "text": a.text}
        for a in found
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for a in articles(args.n, args.seed):
        sys.stdout.write(json.dumps(a.record(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
