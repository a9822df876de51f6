"""The watch command: poll feeds and store new and changed articles as they appear."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import StoreOption, app, reports_errors
from kg.errors import KgError
from kg.extract import gazetteer as gazetteer_module
from kg.store import open_store

if TYPE_CHECKING:
    from kg.ingest.watch import WatchEvent


@app.command()
@reports_errors
def watch(
    feeds: Annotated[
        list[str],
        typer.Argument(
            help="Feed URLs (RSS/Atom), or files that list them: one URL a line, or OPML.",
            metavar="FEED_OR_LIST",
        ),
    ],
    store: StoreOption = None,
    every: Annotated[
        str, typer.Option("--every", "-e", help="How often to poll: 90s, 15m, 1h, 1h30m.")
    ] = "15m",
    once: Annotated[
        bool, typer.Option("--once", help="Poll each feed once and exit (for cron).")
    ] = False,
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option("--gazetteer", "-g", help="Extra gazetteer file (JSON Lines); repeatable."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy pipeline to use (default: KG_SPACY_MODEL or the small English model)."
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also a line for each poll of a feed.")
    ] = False,
) -> None:
    """Poll feeds and store each new or changed article, with a line for each.

    Conditional requests (ETag, Last-Modified) keep an unchanged feed to one small
    request; the state of every feed lives in the store, so a restart goes on where it
    left off. Ctrl-C stops after the article in progress. Exit code 1 when any feed or
    item failed.
    """
    from kg.extract import Extractor
    from kg.ingest.watch import StopFlag, Watcher, parse_interval, read_feed_list
    from kg.sources.web import Fetcher, FetchSettings

    interval = parse_interval(every)
    urls, errors = read_feed_list(feeds)
    for error in errors:
        _say(f"kg: failed: {error}", err=True)
    if not urls:
        raise KgError("no feeds to watch")
    files = gazetteer_module.default_files() + list(gazetteer or [])
    gaz = gazetteer_module.load(files)
    extractor = Extractor(gaz, model=model)
    stop = StopFlag()
    with (
        open_store(store) as target,
        Fetcher(FetchSettings.from_env(), sleep=stop.sleep) as fetcher,
    ):
        watcher = Watcher(
            target, extractor, fetcher, stop=stop, on_event=lambda e: _event(e, verbose)
        )
        with stop.on_signals(lambda message: _say(f"kg: {message}", err=True)):
            report = watcher.run(urls, every=interval, once=once)
    failed = len(errors) + len(report.failures)
    if verbose or failed or report.interrupted:
        stopped = "stopped; " if report.interrupted else ""
        _say(
            f"kg: {stopped}{report.new} new, {report.updated} updated, {failed} failed",
            err=True,
        )
    if failed:
        raise typer.Exit(1)


def _event(event: WatchEvent, verbose: bool) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if event.kind in ("new", "updated"):
        counts = (
            f"{_n(event.claims, 'claim')}, {_n(event.policies, 'policy', 'policies')}, "
            f"{_n(event.events, 'event')}"
        )
        title = f"  {event.title}" if event.title else ""
        _say(f"{now} {event.kind:<7} {event.url}  ({counts}){title}")
    elif event.kind == "failed":
        _say(f"kg: failed: {event.url}: {event.reason}", err=True)
    elif verbose:
        what = "not modified" if event.kind == "unchanged" else event.reason
        _say(f"{now} feed    {event.url}  ({what})")


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _say(line: str, *, err: bool = False) -> None:
    typer.echo(line, err=err)  # flushed at once, so a log or a pipe sees each line as it comes
