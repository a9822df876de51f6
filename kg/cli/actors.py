"""``kg actors``: list the actors of the store, and curate them (merge, alias, link, type).

Each change goes to the user's gazetteer file and to the store at once (one
transaction); see :mod:`kg.curate`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import StoreOption, app, console, reports_errors
from kg.cli.options import FormatOption, TopOption, check_format, emit, opened

actors_app = typer.Typer(
    help="List actors with their mentions, aliases, types and QIDs; merge, alias, link, retype.",
    invoke_without_command=True,
)
app.add_typer(actors_app, name="actors")

GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        "-g",
        help="The gazetteer file to record the change in (default: KG_GAZETTEER's first "
        "file, else <store>.gazetteer.jsonl beside the store; kg ingest reads it).",
        show_default=False,
    ),
]
ActorName = Annotated[str, typer.Argument(help="An actor: name, alias, Wikidata QID or IRI.")]


@actors_app.callback()
@reports_errors
def actors_list(
    ctx: typer.Context,
    unlinked: Annotated[
        bool, typer.Option("--unlinked", help="Only actors without a Wikidata QID.")
    ] = False,
    fmt: FormatOption = "table",
    top: TopOption = 50,
    store: StoreOption = None,
) -> None:
    """Actors, most mentioned first: articles, facts, type, QID and aliases."""
    if ctx.invoked_subcommand is not None:
        return
    from kg import curate

    check_format(fmt)
    with opened(store) as target:
        rows = curate.actor_rows(target, unlinked=unlinked)[: top or None]
    if fmt == "table":  # a few aliases fit a terminal; CSV and JSON carry them all
        rows = [r | {"aliases": _few(r["aliases"])} for r in rows]
    columns = ["label", "type", "wikidata", "articles", "facts", "aliases"]
    emit(rows, fmt, columns, title="Actors without a Wikidata QID" if unlinked else "Actors")


def _few(aliases: str, keep: int = 4) -> str:
    names = [a for a in aliases.split("; ") if a]
    return "; ".join(names[:keep]) + (f" (+{len(names) - keep})" if len(names) > keep else "")


def _path(gazetteer: Path | None, store: str | None) -> Path:
    from kg import curate

    return gazetteer or curate.user_gazetteer_path(store)


def _change(
    change: Callable[..., str], store: str | None, gazetteer: Path | None, *args: str
) -> None:
    """One curation, written to the store and the user's gazetteer file; say what it did."""
    with opened(store, write=True) as target:
        said = change(target, *args, _path(gazetteer, store))
    console.print(said, highlight=False, markup=False)


@actors_app.command("merge")
@reports_errors
def actors_merge(
    actor: ActorName, into: ActorName, gazetteer: GazetteerOption = None, store: StoreOption = None
) -> None:
    """Merge ACTOR into INTO: its claims, measures, events, roles and names become INTO's."""
    from kg import curate

    _change(curate.merge, store, gazetteer, actor, into)


@actors_app.command("alias")
@reports_errors
def actors_alias(
    actor: ActorName,
    name: Annotated[str, typer.Argument(help="Another name of the actor.")],
    gazetteer: GazetteerOption = None,
    store: StoreOption = None,
) -> None:
    """Give ACTOR another NAME (found in future articles too)."""
    from kg import curate

    _change(curate.add_alias, store, gazetteer, actor, name)


@actors_app.command("link")
@reports_errors
def actors_link(
    actor: ActorName,
    qid: Annotated[str, typer.Argument(help="A Wikidata QID, e.g. Q148.")],
    gazetteer: GazetteerOption = None,
    store: StoreOption = None,
) -> None:
    """Link ACTOR to the Wikidata item QID."""
    from kg import curate

    _change(curate.link, store, gazetteer, actor, qid)


@actors_app.command("set-type")
@reports_errors
def actors_set_type(
    actor: ActorName,
    kind: Annotated[
        str, typer.Argument(help="Person, Government, Organization, GovernmentAgency, …")
    ],
    gazetteer: GazetteerOption = None,
    store: StoreOption = None,
) -> None:
    """Set ACTOR's type."""
    from kg import curate

    _change(curate.set_type, store, gazetteer, actor, kind)
