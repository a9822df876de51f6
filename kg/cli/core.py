"""Commands that fill, read and check the store: ingest, remove, query, export, stats,
validate."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import query as query_module
from kg.cli.app import (
    StoreOption,
    app,
    console,
    err_console,
    fail,
    reports_errors,
)
from kg.errors import QueryError
from kg.extract import gazetteer as gazetteer_module
from kg.sparql import PAGE_SIZE, page_size
from kg.store import SelectResult, open_store, python_value

if TYPE_CHECKING:
    from kg.ingest import ExtractsMany


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@app.command()
@reports_errors
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .html .json .jsonl, RSS/Atom feeds), directories, - for stdin, "
            "or http(s) URLs of pages and feeds."
        ),
    ],
    store: StoreOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) where the input has none.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source name where the input has none.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title where the input has none.")] = None,
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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes that run the language pipeline (1: this one). The store is "
            "written here, in input order, either way.",
        ),
    ] = 1,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            envvar="KG_CLUSTER",
            help="Run the language pipeline on the Dask cluster whose scheduler is at this "
            "address (tcp://host:8786; pip install 'kg[cluster]'). The store is written "
            "here, in input order.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Name the files skipped in directories.")
    ] = False,
) -> None:
    """Read articles, extract actors, claims, policies and events, and store them.

    Each article becomes one named graph, written in one transaction; ingesting the
    same article again (same id or same text) replaces it.
    """
    from kg.ingest import ingest as run_ingest
    from kg.sources import Defaults

    defaults = Defaults(published=_date(published), source=source, title=title)
    files = gazetteer_module.default_files() + _curated(store) + list(gazetteer or [])
    gaz = gazetteer_module.load(files)  # a bad gazetteer file fails here, before any work
    if cluster and workers != 1:
        raise fail("give --workers or --cluster, not both")
    with (
        _extractor(gaz, files, model, workers, cluster) as extractor,
        open_store(store, create=True) as target,
        Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            TextColumn("{task.completed} articles"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=quiet or not err_console.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("ingesting", total=None)

        def advance(origin: str) -> None:
            progress.update(task, advance=1, description=f"ingesting {origin}")

        report = run_ingest(
            paths,
            target,
            defaults=defaults,
            extractor=extractor,
            stdin=sys.stdin.buffer,
            on_article=advance,
        )
    if not quiet:
        _print_ingest_summary(report, target.location, verbose)
    if report.failures:
        for failure in report.failures:
            err_console.print(f"kg: failed: {failure}", highlight=False, markup=False)
        err_console.print(f"kg: {len(report.failures)} input(s) failed", highlight=False)
        raise typer.Exit(1)


def _curated(store: str | None) -> list[Path]:
    """The user's curated gazetteer beside the store (``kg actors``), where there is one."""
    from kg.curate import user_gazetteer_path

    path = user_gazetteer_path(store)
    return [path] if path.exists() and path not in gazetteer_module.default_files() else []


@contextmanager
def _extractor(
    gaz: gazetteer_module.Gazetteer,
    files: list[Path],
    model: str | None,
    workers: int,
    cluster: str | None = None,
) -> Iterator[ExtractsMany]:
    """The pipeline loaded here (one worker), a pool of ``workers`` processes or the
    workers of a Dask ``cluster`` that have each loaded it (so that a missing model
    fails before the store is opened)."""
    if cluster:
        from kg.extract.cluster import ClusterExtraction

        with ClusterExtraction(cluster, files, model) as remote:
            remote.ready()
            yield remote
        return
    if workers == 1:
        from kg.extract import Extractor

        with Extractor(gaz, model=model, parse_process=True) as extractor:
            yield extractor
        return
    from kg.extract.parallel import ExtractionPool

    with ExtractionPool(workers, files, model) as pool:
        pool.ready()
        yield pool


def _print_ingest_summary(report, location: str, verbose: bool = False) -> None:
    table = Table(title=f"Ingested into {location}", show_header=True)
    for name in ("articles", "replaced", "claims", "policies", "events", "triples\nwritten"):
        table.add_column(name, justify="right")
    table.add_column("failures", justify="right")
    table.add_row(
        *(
            str(v)
            for v in (
                report.articles,
                report.replaced,
                report.claims,
                report.policies,
                report.events,
                report.triples,
                len(report.failures),
            )
        )
    )
    console.print(table)
    console.print(
        "[dim]triples written per article; actors shared by articles are stored once[/dim]"
    )
    if report.skipped:
        listing = (
            "".join(f"\n  {name}" for name in report.skipped) if verbose else " (-v names them)"
        )
        err_console.print(
            f"kg: skipped {len(report.skipped)} file(s) of other types in directories{listing}",
            highlight=False,
            markup=False,
        )


@app.command()
@reports_errors
def remove(
    articles: Annotated[list[str], typer.Argument(help="Article ids, IRIs or URLs.")],
    store: StoreOption = None,
) -> None:
    """Remove articles and everything extracted from them."""
    from kg.store.articles import find_article

    missing = []
    with open_store(store, create=False) as target:
        for ref in articles:
            graph = find_article(target, ref)
            if graph is None or not target.remove_article(graph):
                missing.append(ref)
            else:
                console.print(f"removed {ref}", highlight=False)
    if missing:
        raise fail(f"no article {', '.join(repr(m) for m in missing)} in the store")


@app.command()
@reports_errors
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(help="SPARQL text, a .rq file, a canned query's name, or - for stdin."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE, bound as a value; repeatable."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    list_queries: Annotated[
        bool, typer.Option("--list", "-l", help="List the canned queries and their parameters.")
    ] = False,
    roll_up: Annotated[
        str | None,
        typer.Option(
            "--roll-up",
            help="An actor parameter also stands for those who speak for it at this level "
            "(government: its ministries, ministers, spokespeople; organization).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help=f"Rows per page (a SELECT, in its ORDER BY order: the canned lists are most "
            f"recent first). Tables show {PAGE_SIZE} unless given; 0: all.",
        ),
    ] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Rows to skip first.")] = 0,
    store: StoreOption = None,
) -> None:
    """Run SPARQL on the store (over all graphs), print a table or csv/tsv/json."""
    if list_queries:
        _list_canned()
        return
    if sparql is None:
        raise fail("give a query (SPARQL, a .rq file or a canned query name), or --list")
    if fmt not in query_module.FORMATS:
        raise fail(f"unknown format {fmt!r} (expected {', '.join(query_module.FORMATS)})")
    text = sys.stdin.read() if sparql == "-" else sparql
    params = _params(param or [])
    page = _page_size(text, fmt, limit)
    with open_store(store, read_only=True) as target:
        # one row more than the page: says whether there is a next one
        fetch = page + 1 if page is not None and fmt == "table" else page
        result = query_module.run(target, text, params, roll_up=roll_up, limit=fetch, offset=offset)
    if fmt == "table" and isinstance(result, SelectResult):
        more = page is not None and len(result) > page
        if more:
            result = SelectResult(result.vars, result.rows[:page])
        _print_table(result, offset, more)
    else:
        sys.stdout.write(query_module.format_result(result, "csv" if fmt == "table" else fmt))
        sys.stdout.write("" if fmt in ("csv", "tsv") else "\n")


def _page_size(text: str, fmt: str, limit: int | None) -> int | None:
    """The page to fetch: ``--limit`` (0: all), else :data:`PAGE_SIZE` for a table of
    a SELECT that sets no LIMIT of its own, else everything."""
    if limit is not None or fmt != "table":
        return limit or None
    spec, _ = query_module.query_text(text)
    return page_size(spec, None)


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"bad --param {item!r} (expected NAME=VALUE)")
        params[name.strip()] = value
    return params


def _list_canned() -> None:
    table = Table(title="Canned queries (kg query NAME -p PARAM=VALUE)")
    table.add_column("name", style="bold")
    table.add_column("what it answers")
    table.add_column("parameters")
    for q in query_module.canned_queries():
        params = "\n".join(f"{p.name} ({p.kind}): {p.help}" for p in q.params) or "-"
        table.add_row(q.name, f"{q.title}\n[dim]{q.path}[/dim]", params)
    console.print(table)


def _cell(term: object, width: int = 48) -> str:
    text = "" if term is None else " ".join(str(python_value(term)).split())  # type: ignore[arg-type]
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(result: SelectResult, offset: int = 0, more: bool = False) -> None:
    """A readable table: long cells are cut (``-f csv`` or ``-f json`` give them whole)."""
    table = Table(show_lines=False)
    for var in result.vars:
        table.add_column(var, overflow="fold")
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    shown = (
        f"rows {offset + 1}–{offset + len(result)}" if offset or more else f"{len(result)} row(s)"
    )
    nxt = f"; more with --offset {offset + len(result)} (or --limit 0 for all)" if more else ""
    console.print(f"[dim]{shown}{nxt}; -f csv or -f json for whole values[/dim]")


@app.command()
@reports_errors
def stats(store: StoreOption = None) -> None:
    """Counts by class, articles, triples and the span of publication dates."""
    from kg.query.stats import stats as compute

    with open_store(store, read_only=True) as target:
        s = compute(target)
    console.print(
        f"[bold]{s.articles}[/bold] articles, [bold]{s.triples}[/bold] triples, "
        f"published {s.first_published or '?'} … {s.last_published or '?'}  [dim]({target.location})[/dim]",
        soft_wrap=True,
    )
    table = Table()
    table.add_column("class")
    table.add_column("count", justify="right")
    for _, label, n in s.classes:
        table.add_row(label, str(n))
    console.print(table)


@app.command()
@reports_errors
def validate(store: StoreOption = None) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations."""
    from kg.query.validate import validate as run_validate

    with open_store(store, read_only=True) as target:
        report = run_validate(target)
    if report.conforms:
        console.print(f"conforms: {report.triples} triples checked, no violations")
        return
    table = Table(title=f"{len(report.violations)} violation(s)")
    for name in ("severity", "focus", "path", "message"):
        table.add_column(name, overflow="fold")
    for v in report.violations:
        table.add_row(v.severity, v.focus, v.path or "", v.message)
    console.print(table)
    raise typer.Exit(1)
