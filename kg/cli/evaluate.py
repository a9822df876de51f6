"""``kg eval``: score extraction against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kg.cli.app import StoreOption, app, console, err_console, fail, reports_errors

FORMATS = ("table", "json")


@app.command("eval")
@reports_errors
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Directory of gold files (<article id>.json).")],
    articles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles to ingest into a fresh in-memory store and score (files or "
            "directories); only those with a gold file are read. Without them, --store is scored."
        ),
    ] = None,
    store: StoreOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List every miss and false alarm with its sentence.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    model: Annotated[
        str | None,
        typer.Option(help="spaCy pipeline (default: KG_SPACY_MODEL or the small model)."),
    ] = None,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Score only claims at or above this confidence."),
    ] = 0.0,
) -> None:
    """Precision, recall and F1 of claims, policies and events against gold files.

    Matching follows docs/gold-format.md: a claim matches when speaker and target
    match a gold claim's and the type is in the same coarse class ('lenient' also
    accepts the body a gold speaker speaks for); policies by type, imposer, target and
    rates; events by type and participants.
    """
    from kg import evaluate as ev

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    golden = ev.load_gold(gold)
    problems: list[str] = []
    if articles:
        extractor = None
        if model:
            from kg.extract import Extractor
            from kg.extract import gazetteer as gazetteer_module

            gaz = gazetteer_module.load()
            extractor = Extractor(gaz, model=model)
        report, problems = ev.evaluate_articles(
            golden, articles, extractor=extractor, min_confidence=min_confidence
        )
    else:
        if store is None:
            raise fail("give the articles to score, or --store to score a store's contents")
        from kg.store import open_store

        with open_store(store, read_only=True) as opened:
            report = ev.evaluate_store(golden, opened, min_confidence)
    if fmt == "json":
        data = report.as_dict()
        if not explain:
            data.pop("misses")
        data["problems"] = problems
        console.print_json(json.dumps(data))
    else:
        _print_tables(report, explain)
    for line in problems:
        err_console.print(f"kg: failed: {line}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(1)


def _print_tables(report, explain: bool) -> None:  # type: ignore[no-untyped-def]
    from kg.evaluate import METRICS

    table = Table(title="extraction against gold")
    for column in ("metric", "P", "R", "F1", "tp", "fp", "fn", "what"):
        table.add_column(column, justify="left" if column in ("metric", "what") else "right")
    for name, score in report.scores.items():
        table.add_row(
            name, f"{score.precision:.2f}", f"{score.recall:.2f}",
            f"{score.f1:.2f}", str(score.tp), str(score.fp), str(score.fn), METRICS[name],
        )  # fmt: skip
    console.print(table)
    per = Table(title="per article (claims, lenient, coarse; typed policies)")
    for column in ("article", "claims F1", "tp", "fp", "fn", "typed policies F1"):
        per.add_column(column, justify="left" if column == "article" else "right")
    for article, scores in sorted(report.articles.items()):
        c, p = scores["claims"], scores["typed-policies"]
        per.add_row(article, f"{c.f1:.2f}", str(c.tp), str(c.fp), str(c.fn), f"{p.f1:.2f}")
    console.print(per)
    if explain:
        for miss in report.misses:
            if miss.metric in ("claims", "typed-policies", "policies", "events"):
                console.print(
                    f"[{miss.metric}] {miss.kind}: {miss.article}: {miss.what}\n    {miss.sentence}",
                    highlight=False,
                    markup=False,
                )
