"""kg.web and kg.sources.webpages over real HTTP, against a server on 127.0.0.1: politeness
(User-Agent, robots.txt, one request at a time per host, pauses, retries honouring
Retry-After), redirects, timeouts, size caps, charsets, pages and feeds. No request
leaves loopback (the ``loopback_only`` guard)."""

from __future__ import annotations

import email.utils
import itertools
import threading
import time
from dataclasses import replace

import pytest

from kg import __version__
from kg.errors import InputError
from kg.model import Article
from kg.sources.web import Fetcher, FetchError, FetchSettings, decode_text
from kg.sources.webpages import read_url
from tests.webserver import (  # noqa: F401  (fixtures)
    Answer,
    WebServer,
    closed_port_url,
    loopback_only,
    no_outside_network,
    running_server,
    web,
)

pytestmark = pytest.mark.slow  # HTTP servers on loopback, per test

FAST = FetchSettings(delay=0, timeout=2, deadline=4, retries=2, backoff=0.01, max_wait=10)


def fetcher(**changes: object) -> Fetcher:
    return Fetcher(replace(FAST, **changes))  # type: ignore[arg-type]


def error_of(f: Fetcher, url: str) -> str:
    with pytest.raises(FetchError) as info:
        f.get(url)
    assert info.value.origin == url
    assert "\n" not in str(info.value)
    return info.value.reason


PARAGRAPH = (
    "The United States imposed a 25 percent tariff on Canadian steel last week. "
    "Canada's trade minister criticised the new duties on Tuesday. "
    "Officials said talks would resume in Geneva next month."
)


def page_html(title: str = "Steel duties", extra_head: str = "", body: str = PARAGRAPH) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title>{extra_head}</head>"
        f"<body><nav>Home | World | Business</nav><article><h1>{title}</h1>"
        + f"<p>{body}</p>" * 4
        + "</article><footer>Copyright</footer></body></html>"
    )


# --- politeness ------------------------------------------------------------------------------


def test_user_agent_names_kg_and_its_version(web: WebServer) -> None:
    url = web.put("/a", body=b"<p>hello</p>")
    page = fetcher().get(url)
    assert page.status == 200 and page.content == b"<p>hello</p>"
    agents = {r.headers["User-Agent"] for r in web.requests()}
    assert agents == {f"kg/{__version__} (+https://w3id.org/kg)"}


def test_robots_txt_is_honoured_and_read_once_per_site(web: WebServer) -> None:
    web.put(
        "/robots.txt",
        body=b"User-agent: Googlebot\nDisallow: /\n\nUser-agent: kg\nDisallow: /private\n",
        content_type="text/plain",
    )
    web.put("/news/1", body=b"<p>one</p>")
    web.put("/private/2", body=b"<p>two</p>")
    f = fetcher()
    assert f.get(web.url("/news/1")).content == b"<p>one</p>"
    reason = error_of(f, web.url("/private/2"))
    assert reason == f"disallowed by {web.base}/robots.txt"
    assert web.paths() == ["/robots.txt", "/news/1"]  # the disallowed page is never asked for


def test_robots_txt_crawl_delay_is_obeyed(web: WebServer) -> None:
    web.put("/robots.txt", body=b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    web.put("/a", body=b"a")
    web.put("/b", body=b"b")
    f = fetcher()
    f.get(web.url("/a"))
    f.get(web.url("/b"))
    a, b = web.requests("/a")[0].at, web.requests("/b")[0].at
    assert b - a >= 0.98  # robotparser reads whole seconds only


def test_missing_robots_txt_allows_and_a_failing_one_forbids(web: WebServer) -> None:
    web.put("/a", body=b"a")
    assert fetcher().get(web.url("/a")).content == b"a"  # robots.txt is a 404 here
    web.put("/robots.txt", status=503)
    reason = error_of(fetcher(retries=0), web.url("/a"))
    assert reason.startswith("robots.txt unavailable (HTTP 503 Service Unavailable)")


def test_pause_between_requests_to_one_host(web: WebServer) -> None:
    for name in "abc":
        web.put(f"/{name}", body=name.encode())
    f = fetcher(delay=0.25)
    for name in "abc":
        f.get(web.url(f"/{name}"))
    times = [r.at for r in web.requests()]  # robots.txt, a, b, c
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 3 and min(gaps) >= 0.24, gaps


def test_one_request_at_a_time_per_host(web: WebServer) -> None:
    for i in range(4):
        web.put(f"/slow/{i}", body=b"x", delay=0.15)
    f = fetcher()
    threads = [threading.Thread(target=f.get, args=(web.url(f"/slow/{i}"),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(web.requests()) == 5  # robots.txt and the four pages
    assert web.max_in_flight == 1


def test_429_retry_after_is_honoured(web: WebServer) -> None:
    url = web.put(
        "/busy",
        Answer(status=429, headers={"Retry-After": "7"}),
        Answer(status=503),
        Answer(body=b"done"),
    )
    waits: list[float] = []
    f = Fetcher(FAST, sleep=waits.append)
    assert f.get(url).content == b"done"
    assert waits == [7.0, 0.02]  # the server's 7 s, then back-off (0.01 doubled) for the 503
    assert len(web.requests("/busy")) == 3


def test_retry_after_as_a_date(web: WebServer) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    url = web.put("/busy", Answer(status=429, headers={"Retry-After": when}), Answer(body=b"ok"))
    waits: list[float] = []
    assert Fetcher(replace(FAST, max_wait=60), sleep=waits.append).get(url).content == b"ok"
    assert len(waits) == 1 and 25 <= waits[0] <= 31


def test_retry_after_too_long_and_persistent_5xx_fail_with_reasons(web: WebServer) -> None:
    url = web.put("/later", status=429, headers={"Retry-After": "3600"})
    reason = error_of(Fetcher(FAST, sleep=lambda s: None), url)
    assert reason == "HTTP 429 Too Many Requests; asked to retry after 3600 s, longer than kg waits"
    url = web.put("/down", status=502)
    reason = error_of(Fetcher(FAST, sleep=lambda s: None), url)
    assert reason == "HTTP 502 Bad Gateway (after 3 tries)"
    assert len(web.requests("/down")) == 3


# --- redirects ---------------------------------------------------------------------------


def test_redirects_are_followed_within_http(web: WebServer) -> None:
    web.put("/old", status=301, headers={"Location": "/new#frag"})
    web.put("/new", body=b"moved")
    page = fetcher().get(web.url("/old"))
    assert (page.url, page.final_url, page.content) == (web.url("/old"), web.url("/new"), b"moved")


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/pub/x", "file:///etc/passwd", "data:,x"])
def test_no_redirect_to_another_scheme(web: WebServer, target: str) -> None:
    url = web.put("/away", status=302, headers={"Location": target})
    assert error_of(fetcher(), url) == f"redirect to a non-http(s) URL: {target}"


def test_redirect_loop_and_too_many_redirects(web: WebServer) -> None:
    web.put("/loop/a", status=302, headers={"Location": "/loop/b"})
    web.put("/loop/b", status=307, headers={"Location": "/loop/a"})
    reason = error_of(fetcher(), web.url("/loop/a"))
    assert reason == (
        f"redirect loop: {web.url('/loop/a')} -> {web.url('/loop/b')} -> {web.url('/loop/a')}"
    )
    for i in range(5):
        web.put(f"/hop/{i}", status=302, headers={"Location": f"/hop/{i + 1}"})
    assert error_of(fetcher(max_redirects=3), web.url("/hop/0")) == (
        "too many redirects (more than 3)"
    )


# --- timeouts, sizes, unreachable hosts --------------------------------------------------------


def test_slow_answer_times_out_and_is_retried(web: WebServer) -> None:
    url = web.put("/slow", Answer(body=b"late", delay=1.0), Answer(body=b"quick"))
    started = time.monotonic()
    assert fetcher(timeout=0.3).get(url).content == b"quick"
    assert time.monotonic() - started < 2.0
    url = web.put("/slower", body=b"late", delay=1.0)
    assert error_of(fetcher(timeout=0.2, retries=1), url) == "timed out after 0.2 s (after 2 tries)"


def test_trickling_body_hits_the_deadline(web: WebServer) -> None:
    url = web.put("/trickle", body=b"x" * 1000, trickle=0.05)
    reason = error_of(fetcher(timeout=1, deadline=0.3, retries=0), url)
    assert reason == "too slow: not read within 0.3 s"


def test_size_cap(web: WebServer) -> None:
    url = web.put("/huge", body=b"<p>" + b"x" * 5000 + b"</p>")
    assert error_of(fetcher(max_bytes=1000), url) == "too large: 5007 bytes (the limit is 1000)"
    url = web.put("/huge-unsized", body=b"x" * 5000, send_length=False)
    assert error_of(fetcher(max_bytes=1000), url) == "too large: over 1000 bytes (the limit)"


def test_unreachable_hosts_and_http_errors(web: WebServer) -> None:
    f = fetcher()
    assert error_of(f, closed_port_url("/x")) == "cannot connect: Connection refused"
    assert error_of(f, "http://nowhere.invalid/x") == "cannot connect: Name or service not known"
    assert error_of(f, web.url("/missing")) == "HTTP 404 Not Found"
    assert error_of(f, "ftp://127.0.0.1/x") == "not an http(s) URL"


# --- charsets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        ("<p>Müller’s café</p>".encode("cp1252"), "iso-8859-1"),  # Latin-1 label, cp1252 bytes
        ("<meta charset='windows-1252'><p>Müller’s café</p>".encode("cp1252"), None),
        ("<p>Müller’s café</p>".encode("utf-16"), None),  # BOM
        ("<p>Müller’s café</p>".encode(), "no-such-charset"),
        ("<p>Müller’s café</p>".encode(), None),
        (
            "<?xml version='1.0' encoding='iso-8859-15'?><p>Müller's café €</p>".encode(
                "iso-8859-15"
            ),
            None,
        ),
    ],
)
def test_decode_text(data: bytes, declared: str | None) -> None:
    text = decode_text(data, declared)
    assert "Müller" in text and "café" in text
    assert "\ufffd" not in text


def test_undeclared_non_utf8_is_guessed() -> None:
    text = ("Le ministre a déclaré que les négociations reprendraient à Genève. " * 5).encode(
        "cp1252"
    )
    assert "négociations reprendraient à Genève" in decode_text(text)


# --- pages and feeds as articles -------------------------------------------------------------


def articles(url: str, f: Fetcher | None = None) -> list[Article | InputError]:
    return list(read_url(url, f or fetcher()))


def test_page_article_text_title_date_author_and_canonical_url(web: WebServer) -> None:
    head = (
        "<link rel='canonical' href='/world/steel-duties?utm_source=rss&amp;id=7'>"
        "<meta name='author' content='Jane Roe'>"
        "<meta property='article:published_time' content='2025-05-12T08:00:00Z'>"
    )
    html = page_html("Steel duties: Ottawa hits back", head, PARAGRAPH + " Müller’s café.")
    url = web.put(
        "/p?id=7", body=html.encode("cp1252"), content_type="text/html; charset=iso-8859-1"
    )
    (article,) = articles(url)
    assert isinstance(article, Article), article
    assert article.id == article.url == web.url("/world/steel-duties?id=7")
    assert article.title == "Steel duties: Ottawa hits back"
    assert str(article.published) == "2025-05-12"
    assert article.metadata["author"] == "Jane Roe"
    assert "Müller’s café" in article.text and "Copyright" not in article.text
    assert article.origin == url


def test_page_without_canonical_link_is_known_by_its_final_url(web: WebServer) -> None:
    web.put("/short", status=301, headers={"Location": "/long/story"})
    web.put("/long/story", body=page_html().encode())
    (article,) = articles(web.url("/short"))
    assert isinstance(article, Article) and article.id == web.url("/long/story")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer(body=b"<html><body><nav>Home</nav></body></html>"), "no article text found in HTML"),
        (Answer(body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"),
         "not an article page or a feed (Content-Type image/png)"),
        (Answer(status=404), "HTTP 404 Not Found"),
        (Answer(status=410), "HTTP 410 Gone"),
    ],
)  # fmt: skip
def test_bad_pages_are_one_line_each(web: WebServer, answer: Answer, reason: str) -> None:
    url = web.put("/bad", answer)
    (error,) = articles(url)
    assert isinstance(error, InputError)
    assert (error.origin, error.reason) == (url, reason)


def rss(items: list[tuple[str, str, str]], title: str = "World news") -> bytes:
    """An RSS 2.0 feed of (link, title, description) items."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 12 May 2025 08:00:00 GMT</pubDate><description>{d}</description></item>"
        for link, t, d in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{title}</title><link>http://127.0.0.1/</link>{body}</channel></rss>"
    ).encode()


def test_feed_items_summary_only_fetch_their_pages(web: WebServer) -> None:
    long_text = " ".join([PARAGRAPH] * 8)  # over SUMMARY_WORDS: the feed has the full text
    web.put("/a", body=page_html("Page A").encode())
    feed = rss(
        [
            (web.url("/a?utm_source=rss"), "Item A", "A short summary…"),
            (web.url("/b"), "Item B", long_text),
        ]
    )
    url = web.put("/feed.xml", body=feed, content_type="application/rss+xml")
    a, b = articles(url)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == web.url("/a") and a.title == "Page A" and a.source == "World news"
    assert PARAGRAPH in a.text
    assert b.id == web.url("/b") and b.title == "Item B" and b.text == long_text
    assert "/b" not in web.paths()  # full text in the feed: its page is not fetched


def test_feed_item_whose_page_fails_is_one_line_and_the_rest_go_on(web: WebServer) -> None:
    web.put("/ok", body=page_html("OK").encode())
    feed = rss([(web.url("/gone"), "Gone", "Summary."), (web.url("/ok"), "OK", "Summary.")])
    url = web.put("/feed", body=feed, content_type="application/xml")
    gone, ok = articles(url)
    assert isinstance(gone, InputError) and str(gone) == f"{web.url('/gone')}: HTTP 404 Not Found"
    assert isinstance(ok, Article) and ok.title == "OK"


def test_not_a_feed_and_empty_feed(web: WebServer) -> None:
    from kg.sources.webpages import feed_items

    page = fetcher().get(web.put("/x", body=b"<html><body>hi</body></html>"))
    with pytest.raises(InputError, match="not an RSS/Atom feed \\(text/html\\)"):
        feed_items(page)
    url = web.put("/empty", body=rss([]), content_type="application/rss+xml")
    (error,) = articles(url)
    assert isinstance(error, InputError) and error.reason == "feed has no entries"


def test_batch_of_urls_through_read_articles(web: WebServer, monkeypatch) -> None:
    """`kg ingest URL...`: sources hands URLs to kg.sources.webpages, and a bad one is one line."""
    import kg.sources.webpages
    from kg.sources import read_articles

    monkeypatch.setattr(kg.sources.webpages, "_default_fetcher", fetcher())
    good = web.put("/good", body=page_html("Good").encode())
    results = list(read_articles([web.url("/nope"), "ftp://127.0.0.1/x", good, closed_port_url()]))
    kinds = [isinstance(r, InputError) for r in results]
    assert kinds == [True, True, False, True]
    assert str(results[0]) == f"{web.url('/nope')}: HTTP 404 Not Found"
    assert (
        str(results[1])
        == "ftp://127.0.0.1/x: unsupported URL (expected an http:// or https:// URL)"
    )
    assert str(results[3]).endswith("cannot connect: Connection refused")


def test_atom_feed_with_full_content(web: WebServer) -> None:
    long_text = " ".join([PARAGRAPH] * 8)
    atom = (
        "<?xml version='1.0' encoding='iso-8859-1'?>"
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>Caf\xe9 wire</title>"
        f"<entry><id>urn:x:1</id><title>Steel</title><link href='{web.url('/s')}'/>"
        "<updated>2025-05-12T08:00:00+09:00</updated><author><name>Jane Roe</name></author>"
        f"<content type='html'>&lt;p&gt;{long_text}&lt;/p&gt;</content></entry></feed>"
    ).encode("iso-8859-1")
    url = web.put("/atom", body=atom, content_type="application/atom+xml")
    (article,) = articles(url)
    assert isinstance(article, Article), article
    assert (article.id, article.title, article.source) == (web.url("/s"), "Steel", "Café wire")
    assert str(article.published) == "2025-05-12" and article.metadata["author"] == "Jane Roe"
    assert article.text == long_text
    assert web.paths() == ["/robots.txt", "/atom"]
