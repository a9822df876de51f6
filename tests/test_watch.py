"""kg watch and kg ingest URL against a loopback server whose feeds change between polls:
conditional requests, only new or changed items fetched, state in the store, failures one
line each, a clean stop, and kill -9 in the middle of a watch (a real subprocess)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import RDF, Literal, URIRef
from typer.testing import CliRunner

import kg.sources.webpages
from kg.cli import app
from kg.errors import InputError
from kg.ingest import ingest
from kg.ingest.watch import (
    MAX_ATTEMPTS,
    StopFlag,
    Stopped,
    StoreRobotsCache,
    Watcher,
    WatchEvent,
    load_state,
    parse_interval,
    read_feed_list,
)
from kg.query.validate import validate
from kg.sources.web import Fetcher, FetchSettings
from kg.store import OxigraphStore, SelectResult
from kg.terms import KG, WATCH_GRAPHS
from tests.conftest import ROOT
from tests.webserver import (  # noqa: F401  (fixtures)
    WebServer,
    closed_port_url,
    loopback_only,
    no_outside_network,
    running_server,
    web,
)

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

pytestmark = pytest.mark.slow  # web servers, pauses and subprocesses

FAST = FetchSettings(delay=0, timeout=3, deadline=6, retries=1, backoff=0.01, max_wait=5)
FAST_ENV = {"KG_FETCH_DELAY": "0", "KG_FETCH_TIMEOUT": "3", "KG_FETCH_BACKOFF": "0.01"}
PAIRS = [
    ("Canada", "the United States"),
    ("China", "Japan"),
    ("France", "Germany"),
    ("India", "Brazil"),
    ("Mexico", "Spain"),
    ("Italy", "Australia"),
    ("Turkey", "Egypt"),
    ("Chile", "Peru"),
]


def story(i: int, version: int = 1) -> str:
    """A distinct article of about 170 words (distinct texts: kg merges equal ones)."""
    a, b = PAIRS[i % len(PAIRS)]
    rate = 10 + 5 * i + version
    sentences = [
        f"{a} accused {b} of breaking the trade agreement on Monday.",
        f"{b} imposed a {rate} percent tariff on steel from {a} last week.",
        f"The trade minister of {a} criticised the new duties on Tuesday, calling them unfair.",
        f"Officials from {b} said talks would resume in Geneva next month.",
        f"Exporters in {a} warned that the measures would cost thousands of jobs this year.",
        f"Analysts said the dispute, now in its {version + i}th week, showed no sign of easing.",
        f"A spokesperson for {b} rejected the criticism and defended the tariff as lawful.",
        f"Negotiators from both sides met in Geneva on Wednesday for {i + 2} hours of talks.",
        f"Steel prices in {a} rose by {i + version + 3} percent after the announcement.",
        "Business groups appealed to both governments to return to the negotiating table.",
        f"The next round of talks is due in {['May', 'June', 'July'][version % 3]}.",
    ]
    return " ".join(sentences * 2)


def page(i: int, version: int = 1) -> bytes:
    title = f"Trade dispute {i}"
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title>"
        f"<meta property='article:published_time' content='2025-05-{10 + i:02d}'></head>"
        f"<body><article><h1>{title}</h1><p>{story(i, version)}</p></article></body></html>"
    ).encode()


def rss(web: WebServer, items: list[tuple[int, int, bool]]) -> bytes:
    """A feed of (story, version, full_text) items; summary-only items link to /story/i."""
    parts = []
    for i, version, full in items:
        text = story(i, version) if full else f"Summary of dispute {i}, version {version}."
        parts.append(
            f"<item><title>Trade dispute {i} (v{version})</title>"
            f"<link>{web.url(f'/story/{i}')}</link><guid isPermaLink='false'>story-{i}</guid>"
            f"<pubDate>Mon, {10 + i:02d} May 2025 08:00:00 GMT</pubDate>"
            f"<description>{text}</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Trade wire</title><link>{web.base}/</link>{''.join(parts)}</channel></rss>"
    ).encode()


def put_feed(web: WebServer, items: list[tuple[int, int, bool]], etag: str) -> str:
    return web.put(
        "/feed.xml",
        body=rss(web, items),
        content_type="application/rss+xml; charset=utf-8",
        etag=etag,
        last_modified="Mon, 12 May 2025 08:00:00 GMT",
    )


def put_page(web: WebServer, i: int, version: int = 1, **kwargs: object) -> None:
    web.put(f"/story/{i}", body=page(i, version), etag=f'"page-{i}-v{version}"', **kwargs)


def watcher(
    store: OxigraphStore,
    extractor: Extractor,
    events: list[WatchEvent] | None = None,
    stop: StopFlag | None = None,
) -> Watcher:
    """A fresh watcher, as a new `kg watch` process would make (a new fetcher)."""
    sink = events.append if events is not None else None
    return Watcher(store, extractor, Fetcher(FAST), stop=stop, on_event=sink)


def article_urls(store: OxigraphStore) -> list[str]:
    result = store.query("SELECT ?u WHERE { GRAPH ?g { ?g a kg:Article ; schema:url ?u } }")
    assert isinstance(result, SelectResult)
    return sorted(str(r[0]) for r in result.rows)


def page_requests(web: WebServer) -> list[str]:
    return [p for p in web.paths() if p.startswith("/story/")]


# --- the bar -----------------------------------------------------------------------------


def test_once_twice_on_an_unchanged_feed_fetches_each_page_once(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    for i in (1, 2):
        put_page(web, i)
    url = put_feed(web, [(1, 1, False), (2, 1, False), (3, 1, True)], etag='"feed-1"')
    events: list[WatchEvent] = []
    first = watcher(store, extractor, events).run([url], every=60, once=True)
    assert (first.new, first.updated, first.failures) == (3, 0, [])
    new = [e for e in events if e.kind == "new"]
    assert [e.url for e in new] == [web.url(f"/story/{i}") for i in (1, 2, 3)]
    assert all(e.claims > 0 for e in new)  # a line per new article, with its counts
    assert sorted(page_requests(web)) == ["/story/1", "/story/2"]  # 3 was in full in the feed
    assert article_urls(store) == [web.url(f"/story/{i}") for i in (1, 2, 3)]

    web.clear_log()
    second = watcher(store, extractor).run([url], every=60, once=True)
    assert (second.new, second.updated, second.failures, second.polls) == (0, 0, [], 1)
    asked = web.requests()  # robots.txt too comes from the store (for a day)
    assert [r.path for r in asked] == ["/feed.xml"]
    assert asked[0].headers["If-None-Match"] == '"feed-1"'
    assert asked[0].headers["If-Modified-Since"] == "Mon, 12 May 2025 08:00:00 GMT"
    assert len(article_urls(store)) == 3


def test_a_feed_without_validators_still_fetches_no_page_twice(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    put_page(web, 1)
    url = web.put("/plain.xml", body=rss(web, [(1, 1, False)]), content_type="application/xml")
    assert watcher(store, extractor).run([url], every=60, once=True).new == 1
    web.clear_log()
    report = watcher(store, extractor).run([url], every=60, once=True)
    assert (report.new, report.updated) == (0, 0)
    assert page_requests(web) == []


def test_a_changed_item_is_reingested_and_a_new_one_added(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    for i in (1, 2, 3):
        put_page(web, i)
    url = put_feed(web, [(1, 1, False), (2, 1, False), (3, 1, True)], etag='"v1"')
    watcher(store, extractor).run([url], every=60, once=True)
    old_text = _text_of(store, web.url("/story/1"))

    # Item 1 changes (feed and page), item 2 changes in the feed only (its page is the
    # same: a 304), item 3 (full text in the feed) changes, item 4 is new.
    put_page(web, 1, version=2)
    put_page(web, 4)
    url = put_feed(web, [(1, 2, False), (2, 2, False), (3, 2, True), (4, 1, False)], etag='"v2"')
    web.clear_log()
    events: list[WatchEvent] = []
    report = watcher(store, extractor, events).run([url], every=60, once=True)
    assert (report.new, report.updated, report.failures) == (1, 2, [])
    kinds = {e.url: e.kind for e in events if e.kind in ("new", "updated")}
    assert kinds == {
        web.url("/story/1"): "updated",
        web.url("/story/3"): "updated",
        web.url("/story/4"): "new",
    }
    page_asks = {r.path: r.headers.get("If-None-Match") for r in web.requests()}
    assert page_asks["/story/1"] == '"page-1-v1"'  # conditional: the stored page's ETag
    assert page_asks["/story/2"] == '"page-2-v1"'  # answered 304: not stored again
    assert "/story/3" not in page_asks
    assert _text_of(store, web.url("/story/1")) != old_text
    assert "a 17 percent tariff" in _text_of(store, web.url("/story/1"))  # version 2
    assert len(article_urls(store)) == 4


def _text_of(store: OxigraphStore, url: str) -> str:
    result = store.query(
        "SELECT ?s WHERE { GRAPH ?g { ?g schema:url ?u . ?e kg:sentence ?s } "
        "FILTER (STR(?u) = ?url) } ORDER BY ?s",
        {"url": Literal(url)},
    )
    assert isinstance(result, SelectResult)
    return " ".join(str(r[0]) for r in result.rows)


# --- state in the store --------------------------------------------------------------------


def test_state_lives_in_its_own_graph_with_declared_terms(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    from tests.test_ontology import declared_terms

    put_page(web, 1)
    url = put_feed(web, [(1, 1, False), (2, 1, False)], etag='"s1"')  # no page for 2: 404
    watcher(store, extractor).run([url], every=60, once=True)
    state = load_state(store, url)
    assert state.etag == '"s1"' and state.last_polled is not None
    one, two = state.items["story-1"], state.items["story-2"]
    assert (one.status, one.etag, one.attempts) == ("ingested", '"page-1-v1"', 0)
    assert one.article == URIRef(
        "https://w3id.org/kg/id/article/"
        + web.url("/story/1").replace(":", "%3A").replace("/", "%2F")
    )
    assert (two.status, two.failure, two.attempts) == ("failed", "HTTP 404 Not Found", 1)
    result = store.query(  # the feed's graph and the site's robots.txt graph
        "SELECT DISTINCT ?p ?c WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s a ?c } } "
        "FILTER (STRSTARTS(STR(?g), STR(?watch))) }",
        {"watch": WATCH_GRAPHS},
    )
    assert isinstance(result, SelectResult)
    used = {str(t) for row in result.rows for t in row if t is not None}
    declared = declared_terms() | {str(RDF.type)}
    assert used - declared == set()
    assert {str(KG.FeedItem), str(KG.storedAs), str(KG.robotsText)} <= used
    assert validate(store).conforms  # the state graph passes the shapes with the articles


def test_failed_items_are_retried_a_few_times_then_left(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    web.put("/story/1", status=500)
    url = web.put("/nofeed.xml", body=rss(web, [(1, 1, False)]), content_type="application/xml")
    for attempt in range(1, MAX_ATTEMPTS + 2):
        events: list[WatchEvent] = []
        watcher(store, extractor, events).run([url], every=60, once=True)
        failures = [e for e in events if e.kind == "failed"]
        if attempt <= MAX_ATTEMPTS:
            assert [(e.url, e.reason) for e in failures] == [
                (web.url("/story/1"), "HTTP 500 Internal Server Error (after 2 tries)")
            ]
        else:
            assert failures == []  # given up on until the item changes
    assert load_state(store, url).items["story-1"].attempts == MAX_ATTEMPTS
    put_page(web, 1)
    url = web.put("/nofeed.xml", body=rss(web, [(1, 2, False)]), content_type="application/xml")
    assert watcher(store, extractor).run([url], every=60, once=True).new == 1


def test_bad_feeds_are_one_line_each_and_the_rest_go_on(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    put_page(web, 1)
    good = put_feed(web, [(1, 1, False)], etag='"g"')
    html = web.put("/page.html", body=page(5))
    missing = web.url("/missing.xml")
    loop = web.put("/loop", status=302, headers={"Location": "/loop"})
    closed = closed_port_url("/feed")
    events: list[WatchEvent] = []
    report = watcher(store, extractor, events).run(
        [html, missing, closed, loop, good], every=60, once=True
    )
    assert report.new == 1
    assert [str(f) for f in report.failures] == [
        f"{html}: not an RSS/Atom feed (text/html)",
        f"{missing}: HTTP 404 Not Found",
        f"{closed}: cannot connect: Connection refused",
        f"{loop}: redirect loop: {loop} -> {loop}",
    ]
    assert load_state(store, missing).failure == "HTTP 404 Not Found"


def test_stop_after_the_article_in_progress_then_resume(
    store: OxigraphStore, extractor: Extractor, web: WebServer
) -> None:
    for i in (1, 2, 3):
        put_page(web, i)
    url = put_feed(web, [(1, 1, False), (2, 1, False), (3, 1, False)], etag='"e"')
    stop = StopFlag()

    def on_event(event: WatchEvent) -> None:
        if event.kind == "new":
            stop.set()  # as Ctrl-C during the first article would

    first = Watcher(store, extractor, Fetcher(FAST), stop=stop, on_event=on_event)
    report = first.run([url], every=60)  # not --once: the stop ends it
    assert report.interrupted and report.new == 1
    assert load_state(store, url).etag is None  # the feed is not done: ask for all of it again
    web.clear_log()
    report = watcher(store, extractor).run([url], every=60, once=True)
    assert report.new == 2
    assert sorted(page_requests(web)) == ["/story/2", "/story/3"]
    assert len(article_urls(store)) == 3


def test_stop_flag_ends_a_wait() -> None:
    stop = StopFlag()
    stop.set()
    started = time.monotonic()
    with pytest.raises(Stopped):
        stop.sleep(30)
    assert time.monotonic() - started < 1


def test_robots_txt_is_kept_in_the_store_for_a_day(store: OxigraphStore, web: WebServer) -> None:
    web.put("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    web.put("/a", body=b"a")
    cache = StoreRobotsCache(store)
    Fetcher(FAST, robots_cache=cache).get(web.url("/a"))
    later = Fetcher(FAST, robots_cache=cache)  # another run
    later.get(web.url("/a"))
    with pytest.raises(InputError, match="disallowed by"):
        later.get(web.url("/private/x"))
    assert web.paths() == ["/robots.txt", "/a", "/a"]
    record = cache.get(web.url("/robots.txt"))
    assert record is not None and "Disallow: /private/" in record.text
    cache.put(replace(record, fetched=record.fetched - dt.timedelta(days=1, seconds=1)))
    Fetcher(FAST, robots_cache=cache).get(web.url("/a"))
    assert web.paths()[-2:] == ["/robots.txt", "/a"]  # a day old: asked for again


# --- inputs --------------------------------------------------------------------------------


def test_parse_interval() -> None:
    assert [parse_interval(v) for v in ("15m", "90s", "90", "1h30m", "1d", "0.5s")] == [
        900.0, 90.0, 90.0, 5400.0, 86400.0, 0.5
    ]  # fmt: skip
    for bad in ("", "0", "15x", "m", "-5m"):
        with pytest.raises(Exception, match="bad interval"):
            parse_interval(bad)


def test_read_feed_list(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# world news\nhttps://a.example/rss\n\nnot a url\nhttps://b.example/atom  # b\n"
        "https://a.example/rss\n"
    )
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml><body><outline text="c" xmlUrl="https://c.example/feed"/>'
        "</body></opml>"
    )
    feeds, errors = read_feed_list(
        ["https://z.example/f", str(listing), str(opml), "ftp://x/y", str(tmp_path / "nope")]
    )
    assert feeds == [
        "https://z.example/f",
        "https://a.example/rss",
        "https://b.example/atom",
        "https://c.example/feed",
    ]
    assert [str(e) for e in errors] == [
        f"{listing}:4: not an http(s) URL: not a url",
        "ftp://x/y: not an http(s) URL",
        f"{tmp_path / 'nope'}: not a URL, and cannot read it as a list: no such file",
    ]


# --- kg ingest URL -------------------------------------------------------------------------


def test_ingest_url_again_replaces(
    store: OxigraphStore, extractor: Extractor, web: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.sources.webpages, "_default_fetcher", Fetcher(FAST))
    url = web.put("/story/1", body=page(1))
    first = ingest([url], store, extractor=extractor)
    assert (first.articles, first.replaced, first.failures) == (1, 0, [])
    assert first.article_ids == [url]
    web.put("/story/1", body=page(1, version=2))
    again = ingest([url], store, extractor=extractor)
    assert (again.articles, again.replaced) == (1, 1)
    assert article_urls(store) == [url]


def test_cli_ingest_urls_and_watch_once(
    tmp_path: Path, web: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands in-process: a batch of URLs with failures, then `watch --once`."""
    for name, value in FAST_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(kg.sources.webpages, "_default_fetcher", None)
    monkeypatch.setenv("KG_GAZETTEER", "")
    store = str(tmp_path / "store")
    runner = CliRunner()
    good = web.put("/story/7", body=page(7))
    bad = web.put("/empty", body=b"<html><body><nav>menu</nav></body></html>")
    result = runner.invoke(app, ["ingest", good, bad, web.url("/gone"), "--store", store, "-q"])
    assert result.exit_code == 1
    assert f"kg: failed: {bad}: no article text found in HTML" in result.stderr
    assert f"kg: failed: {web.url('/gone')}: HTTP 404 Not Found" in result.stderr
    assert "kg: 2 input(s) failed" in result.stderr

    put_page(web, 1)
    feed = put_feed(web, [(1, 1, False), (7, 1, False)], etag='"c1"')
    put_page(web, 7)
    result = runner.invoke(app, ["watch", feed, "--once", "--store", store])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1  # story 7 is in the store already: not fetched, no line
    assert f"new     {web.url('/story/1')}  (" in lines[0] and "claims" in lines[0]
    assert lines[0].endswith("Trade dispute 1")
    result = runner.invoke(app, ["watch", feed, "--once", "--store", store, "-v"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith(f"feed    {feed}  (not modified)")


# --- kill -9 -------------------------------------------------------------------------------

GUARDED_KG = (
    "import sys; sys.path.insert(0, {root!r}); from tests.webserver import closed_port_url, guard_process; "
    "guard_process(); from kg.cli import app; app(prog_name='kg')"
)


def test_kill_9_during_watch_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, web: WebServer
) -> None:
    count = 6
    for i in range(1, count + 1):
        put_page(web, i, delay=0.3)  # slow pages: the kill lands in the middle
    url = put_feed(web, [(i, 1, False) for i in range(1, count + 1)], etag='"k"')
    store = tmp_path / "store"
    env = {**os.environ, **FAST_ENV, "KG_GAZETTEER": ""}
    env.pop("KG_STORE", None)
    command = [sys.executable, "-c", GUARDED_KG.format(root=str(ROOT))]
    args = ["watch", url, "--every", "1s", "--store", str(store)]
    process = subprocess.Popen(
        command + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    printed = []
    try:
        assert process.stdout is not None
        while len(printed) < 2:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "no output"
            printed.append(line.split()[2])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert process.stderr is not None and "guard" not in process.stderr.read()

    reopened = OxigraphStore(store)
    try:
        stored = article_urls(reopened)
        assert set(printed) <= set(stored)  # nothing printed as stored was lost
    finally:
        reopened.close()

    web.clear_log()
    result = subprocess.run(
        command + ["watch", url, "--once", "--store", str(store)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "guard" not in result.stderr
    reopened = OxigraphStore(store)
    try:
        urls = article_urls(reopened)
        assert urls == sorted(web.url(f"/story/{i}") for i in range(1, count + 1))  # once each
        graphs = reopened.article_graphs()
        assert len(graphs) == count
    finally:
        reopened.close()
    refetched = set(page_requests(web))
    assert not {u.removeprefix(web.base) for u in stored} & refetched  # stored: not fetched again


def test_ctrl_c_stops_after_the_article_in_progress(tmp_path: Path, web: WebServer) -> None:
    count = 5
    for i in range(1, count + 1):
        put_page(web, i, delay=0.3)
    url = put_feed(web, [(i, 1, False) for i in range(1, count + 1)], etag='"i"')
    store = tmp_path / "store"
    env = {**os.environ, **FAST_ENV, "KG_GAZETTEER": ""}
    env.pop("KG_STORE", None)
    process = subprocess.Popen(
        [sys.executable, "-c", GUARDED_KG.format(root=str(ROOT)), "watch", url, "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    first = process.stdout.readline()
    process.send_signal(signal.SIGINT)  # while the next page is on its way
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    printed = [line.split()[2] for line in [first, *out.splitlines()] if line.strip()]
    assert "stopping after the article in progress" in err
    assert f"kg: stopped; {len(printed)} new, 0 updated, 0 failed" in err
    assert 1 <= len(printed) < count
    reopened = OxigraphStore(store)
    try:
        assert article_urls(reopened) == sorted(printed)  # what was begun was finished
        state = load_state(reopened, url)
        assert sorted(i.link for i in state.items.values() if i.link) == sorted(printed)
        assert state.etag is None
    finally:
        reopened.close()
