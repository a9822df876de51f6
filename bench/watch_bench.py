"""kg watch against a loopback server: what a first poll, an unchanged poll and a poll
of re-sent but unchanged feeds cost, in seconds and requests.

    .venv/bin/python bench/watch_bench.py            # 10 feeds of 10 summary-only items
    .venv/bin/python bench/watch_bench.py --quick    # 3 feeds of 5 items

Not part of bench/run.py: it measures politeness and state, not throughput.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.extract import Extractor
from kg.ingest.watch import Watcher
from kg.sources.web import Fetcher, FetchSettings
from kg.store import OxigraphStore
from tests.test_watch import put_page, rss
from tests.webserver import running_server

SETTINGS = FetchSettings(delay=0, timeout=5, retries=1, backoff=0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 feeds of 5 items")
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args()
    feeds_n, items_n = (3, 5) if args.quick else (args.feeds, args.items)
    extractor = Extractor()
    with running_server() as web, tempfile.TemporaryDirectory() as tmp:
        feeds = [_put_feed(web, f, items_n, "a") for f in range(feeds_n)]
        store = OxigraphStore(Path(tmp) / "store")
        try:
            _poll("first poll", web, store, extractor, feeds)
            _poll("unchanged feeds (304)", web, store, extractor, feeds)
            feeds = [_put_feed(web, f, items_n, "b") for f in range(feeds_n)]  # new ETags
            _poll("re-sent feeds, same items", web, store, extractor, feeds)
        finally:
            store.close()


def _put_feed(web, feed: int, items: int, etag: str) -> str:  # type: ignore[no-untyped-def]
    stories = [(feed * 1000 + i, 1, False) for i in range(items)]
    for story, _, _ in stories:
        put_page(web, story)
    body = rss(web, stories)
    return web.put(f"/feed{feed}.xml", body=body, content_type="application/rss+xml", etag=etag)


def _poll(name: str, web, store, extractor, feeds: list[str]) -> None:  # type: ignore[no-untyped-def]
    web.clear_log()
    started = time.perf_counter()
    report = Watcher(store, extractor, Fetcher(SETTINGS)).run(feeds, every=60, once=True)
    seconds = time.perf_counter() - started
    pages = sum(1 for r in web.requests() if r.path.startswith("/story/"))
    print(
        f"{name:28} {seconds:6.2f} s  {len(web.requests()):4} requests ({pages} pages)  "
        f"{report.new} new, {report.updated} updated, {len(report.failures)} failed"
    )


if __name__ == "__main__":
    main()
