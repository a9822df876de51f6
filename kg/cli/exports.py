"""``kg export``: the graph as RDF, claims and policies as records (GraphML and GEXF are
added by :mod:`kg.cli.views`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import (
    StoreOption,
    app,
    err_console,
    fail,
    output_path,
    reports_errors,
)
from kg.cli.options import StdoutFileOption
from kg.query import export as export_module
from kg.store import open_store

__all__ = ["export_app", "export_claims", "export_policies", "export_rdf"]


export_app = typer.Typer(help="Export the graph as RDF, or claims and policies as records.")
app.add_typer(export_app, name="export")


@export_app.command("rdf")
@reports_errors
def export_rdf(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="turtle, nt, nquads, trig, jsonld or xml.")
    ] = "turtle",
    output: StdoutFileOption = None,
    store: StoreOption = None,
) -> None:
    """The whole graph; nquads and trig keep one named graph per article."""
    if fmt not in export_module.RDF_FORMATS:
        raise fail(f"unknown RDF format {fmt!r} (expected {', '.join(export_module.RDF_FORMATS)})")
    output_path(output)
    with open_store(store, read_only=True) as target:
        if output is None:
            export_module.write_rdf(target, fmt, sys.stdout.buffer)
        else:
            with output.open("wb") as out:
                export_module.write_rdf(target, fmt, out)


def _export_records(kind: str, fmt: str, output: Path | None, store: str | None) -> None:
    if fmt not in ("jsonl", "csv"):
        raise fail(f"unknown format {fmt!r} (expected jsonl or csv)")
    output_path(output)
    with open_store(store, read_only=True) as target:
        records = (
            export_module.claims(target) if kind == "claims" else export_module.policies(target)
        )
        if output is None:
            count = export_module.write_records(records, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = export_module.write_records(records, fmt, out)
            err_console.print(f"wrote {count} {kind} to {output}", highlight=False)


RecordFormat = Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")]


@export_app.command("claims")
@reports_errors
def export_claims(
    fmt: RecordFormat = "jsonl",
    output: StdoutFileOption = None,
    store: StoreOption = None,
) -> None:
    """Every claim: type, speaker, target, content, evidence sentence and offsets, article."""
    _export_records("claims", fmt, output, store)


@export_app.command("policies")
@reports_errors
def export_policies(
    fmt: RecordFormat = "jsonl",
    output: StdoutFileOption = None,
    store: StoreOption = None,
) -> None:
    """Every measure: type, imposer, target, goods, rates, status, date, sentence, article."""
    _export_records("policies", fmt, output, store)
