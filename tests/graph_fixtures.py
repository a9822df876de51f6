"""Hand-built stores for projection, analysis and view tests: exact and fast (no spaCy).

:func:`dispute_store` holds a small trade dispute between the United States and China,
with Japan and the European Union on the side; :func:`hostile_store` an article whose
every text field tries to run script.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

import networkx as nx
import pytest

from kg import project
from kg.model import Actor, Article, Claim, Event, Evidence, Extraction, Policy
from kg.store import OxigraphStore
from kg.triples import actor_iri, article_write

CHINA = Actor("Q148", "Government of China", "Government", wikidata="Q148", aliases=("China",))
USA = Actor("Q30", "United States government", "Government", wikidata="Q30", aliases=("US",))
EU = Actor("Q458", "European Union", "InternationalOrganization", wikidata="Q458")
JAPAN = Actor("Q17", "Government of Japan", "Government", wikidata="Q17", aliases=("Japan",))
XI = Actor("Q15031", "Xi Jinping", "Person", wikidata="Q15031", leader_of="Q148")
ACME = Actor("acme-steel", "Acme Steel", "Company")

IRI = {a.name: str(actor_iri(a.key)) for a in (CHINA, USA, EU, JAPAN, XI, ACME)}
CN, US, EUI, JP, XII, AC = (
    IRI[a.name] for a in (CHINA, USA, EU, JAPAN, XI, ACME)
)  # fmt: skip

_offsets = count(0, 100)


def _ev(sentence: str) -> Evidence:
    start = next(_offsets)
    return Evidence(sentence, start, start + len(sentence))


def claim(
    kind: str, speaker: Actor, target: Actor, content: str, date: str | None = None,
    confidence: float = 0.8,
) -> Claim:  # fmt: skip
    sentence = f"{speaker.name} {kind}s {target.name}: {content}."
    return Claim(kind, speaker, target, content, _ev(sentence), date=date, confidence=confidence)


def tariff(
    imposer: Actor, target: Actor, rate_from: float | None, rate_to: float, date: str | None,
    goods: str = "steel", status: str = "implemented",
) -> Policy:  # fmt: skip
    sentence = f"{imposer.name} raised tariffs on {goods} from {target.name} to {rate_to}%."
    return Policy(
        "tariff", imposer, target, _ev(sentence), goods=goods, rate_from=rate_from,
        rate_to=rate_to, unit="percent", status=status, date=date,
    )  # fmt: skip


def event(kind: str, date: str | None, *people: Actor) -> Event:
    sentence = " and ".join(p.name for p in people) + f" held a {kind}."
    return Event(kind, tuple(people), _ev(sentence), date=date)


def extraction(
    key: str, published: str, source: str, claims: list[Claim], policies: list[Policy] = (),
    events: list[Event] = (), title: str | None = None, url: str | None = None,
) -> Extraction:  # fmt: skip
    article = Article(
        text=f"text of {key}", id=key, title=title or f"Article {key}",
        published=dt.date.fromisoformat(published), url=url or f"https://news.example/{key}",
        source=source,
    )  # fmt: skip
    people = {a.key: a for c in claims for a in (c.speaker, c.target) if a}
    people |= {a.key: a for p in policies for a in (p.imposer, p.target) if a}
    people |= {a.key: a for e in events for a in e.participants}
    return Extraction(article, people, list(claims), list(policies), list(events))


def dispute_extractions() -> list[Extraction]:
    """Five articles, March to May 2024. See the test modules for the expected counts."""
    return [
        extraction("a1", "2024-03-04", "Example News", [
            claim("accuse", CHINA, USA, "bullying", "2024-03-04"),
        ], [tariff(USA, CHINA, 10, 25, "2024-03-01")]),
        extraction("a2", "2024-03-12", "Example News", [
            claim("accuse", USA, CHINA, "unfair subsidies"),
            claim("threaten", USA, CHINA, "more tariffs", "2024-03-11"),
            claim("praise", JAPAN, EU, "steady support", "2024-03-12"),
        ]),
        extraction("a3", "2024-04-02", "Other Wire", [
            claim("criticize", CHINA, USA, "protectionism", "2024-04-01", confidence=0.3),
            claim("agree", EU, JAPAN, "a joint statement", "2024-04-02"),
        ], [tariff(USA, CHINA, 25, 50, "2024-04")],
            [event("consult", "2024-04-01", CHINA, EU)]),
        extraction("a4", "2024-05-20", "Other Wire", [
            claim("praise", XI, EU, "cooperation", "2024-05-20"),
            claim("accuse", JAPAN, ACME, "dumping", "2024-05-19"),
            claim("reject", EU, USA, "the new duties", "2024-05"),
        ], [tariff(CHINA, USA, None, 15, "2024-05-10", goods="soybeans")],
            [event("sign", "2024-05-18", JAPAN, EU)]),
        extraction("a5", "2024-05-27", "Example News", [
            claim("accuse", USA, CHINA, "currency manipulation", "2024-05-27"),
            claim("praise", EU, JAPAN, "leadership", "2024-05-27"),
        ]),
    ]  # fmt: skip


def fill(store: OxigraphStore, extractions: list[Extraction]) -> OxigraphStore:
    for ex in extractions:
        store.write_article(article_write(ex))
    return store


def dispute_store() -> OxigraphStore:
    """An in-memory store holding :func:`dispute_extractions`."""
    return fill(OxigraphStore(None), dispute_extractions())


HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
EVIL = Actor("evil", "<img src=y onerror=window.__pwned=3>", "Group")


def hostile_store() -> OxigraphStore:
    """One article whose title, url, sentence, content and an actor name carry script."""
    bad = Claim(
        "accuse", EVIL, CHINA, HOSTILE, Evidence(f"They said {HOSTILE} href", 0, 60),
        date="2024-03-01",
    )  # fmt: skip
    ex = extraction(
        "evil", "2024-03-02", HOSTILE, [bad], title=HOSTILE,
        url="javascript:window.__pwned=4",
    )  # fmt: skip
    return fill(OxigraphStore(None), [ex])


# --- fixtures on the dispute store, shared by the analysis, projection and view tests ----------
# A test module imports the ones it uses: ``from tests.graph_fixtures import claims, store``.


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    """The dispute store, one per test module (tests must not write to it)."""
    return dispute_store()


@pytest.fixture(scope="module")
def claims(store: OxigraphStore) -> nx.MultiDiGraph:
    return project.actor_graph(store)


@pytest.fixture(scope="module")
def events(store: OxigraphStore) -> nx.Graph:
    return project.event_graph(store)


@pytest.fixture(scope="module")
def policies(store: OxigraphStore) -> nx.Graph:
    return project.policy_graph(store)
