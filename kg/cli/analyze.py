"""``kg analyze``: network analyses of who said what about whom, as tables, CSV or JSON.

Every command reads a projection of the store (:mod:`kg.project`) with the same filter
options, runs one plain function of :mod:`kg.analysis`, and prints rows. ``--write``
stores centralities and communities in the analysis graph for SPARQL.

Options and output helpers shared with the other commands are in :mod:`kg.cli.options`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import StoreOption, app, console, err_console, fail, reports_errors
from kg.cli.options import (
    NO_SELECTION,
    Column,
    FormatOption,
    OnOption,
    Selection,
    TopOption,
    WriteOption,
    busy_columns,
    check_format,
    emit,
    filter_options,
    opened,
    with_class_pairs,
)
from kg.store import Store

if TYPE_CHECKING:
    pass

# networkx, the analyses and the views load inside the commands: `kg --help` stays quick.

analyze_app = typer.Typer(
    help="Network analyses: who accuses whom most, PageRank, reciprocity, conflict and "
    "cooperation, timelines, paths.",
    no_args_is_help=True,
)
app.add_typer(analyze_app, name="analyze")


@analyze_app.callback()
@reports_errors
def analyze_options(
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            envvar="KG_NX_BACKEND",
            help="networkx backends to run the algorithms on, comma-separated "
            "(parallel: nx-parallel; cugraph: nx-cugraph, on a GPU). Default: networkx.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Network analyses of who said what about whom."""
    if backend:
        from kg.analysis import backends

        backends.use([name.strip() for name in backend.split(",") if name.strip()])


def _stored(target: Store, results: Mapping[str, Mapping[str, float]]) -> None:
    from kg.analysis import writeback

    count = writeback.write_results(target, results)
    err_console.print(
        f"stored {count} results ({', '.join(results)}) in the analysis graph of {target.location}",
        highlight=False,
    )


def _on(on: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(on or ("ACCUSE",))  # kg.analysis.centrality.ACCUSATION_CLASSES


# --- commands ---------------------------------------------------------------------------


@analyze_app.command()
@reports_errors
@filter_options()
def strength(
    by: Annotated[
        str, typer.Option("--by", help="Sort by: in, out, or in_CLASS/out_CLASS (in_ACCUSE).")
    ] = "in",
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    write: WriteOption = False,
    store: StoreOption = None,
) -> None:
    """Who accuses and who is accused most: claims made (out) and received (in) per class."""
    from kg import project
    from kg.analysis import centrality

    check_format(fmt)
    with opened(store, write) as target:
        flt = selection.filters(target)
        graph = project.actor_graph(target, flt)
        try:
            rows = centrality.strength_rows(graph, by=by, top=top)
        except ValueError as e:
            raise fail(str(e)) from None
        if write:
            values = centrality.strength(graph)
            _stored(target, {
                "inStrength": {a: v["in"] for a, v in values.items()},
                "outStrength": {a: v["out"] for a, v in values.items()},
            })  # fmt: skip
    classes: list[Column] = []
    if fmt == "table":  # narrow: one out/in column per class, no type (csv and json have it)
        rows, classes = with_class_pairs(rows)
    columns = [("label", "actor"), "out", "in", *classes]
    emit(rows, fmt, columns, title=f"Claims made/received (out/in), {_order(by)}")


def _order(by: str) -> str:
    """How strength rows are sorted, in words: "in_ACCUSE" → "most ACCUSE received first"."""
    direction, _, cls = by.partition("_")
    verb = "received" if direction == "in" else "made"
    return f"most {cls + ' ' if cls else ''}{verb} first"


@analyze_app.command()
@reports_errors
@filter_options("since", "until", "actors", "depth", "sources", "min_confidence", "roll_up")
def pagerank(
    on: OnOption = None,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    write: WriteOption = False,
    store: StoreOption = None,
) -> None:
    """PageRank on the accusation graph: high for actors accused by much-accused actors."""
    from kg import project
    from kg.analysis import centrality

    check_format(fmt)
    with opened(store, write) as target:
        flt = selection.filters(target)
        graph = project.actor_graph(target, flt)
        scores = centrality.pagerank(graph, _on(on))
        if write:
            _stored(target, {"pagerank": scores})
    rows = centrality.ranking(graph, scores, "pagerank", top)
    emit(rows, fmt, ["rank", ("label", "actor"), "type", "pagerank"], title="PageRank (accused)")


@analyze_app.command()
@reports_errors
@filter_options()
def betweenness(
    weighted: Annotated[
        bool, typer.Option("--weighted", help="Frequent dealings count as short distances.")
    ] = False,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            min=0,
            help="Estimate from shortest paths out of this many actors (0: exact). "
            "Default: exact up to 2000 actors, else 500.",
            show_default=False,
        ),
    ] = None,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    write: WriteOption = False,
    store: StoreOption = None,
) -> None:
    """Betweenness on the interaction graph (claims, shared events, measures): the brokers."""
    from kg import project
    from kg.analysis import centrality

    check_format(fmt)
    with opened(store, write) as target:
        flt = selection.filters(target)
        graph = project.interactions(target, flt)
        scores = centrality.betweenness(graph, weighted=weighted, samples=samples)
        if write:
            _stored(target, {"betweenness": scores})
    rows = centrality.ranking(graph, scores, "betweenness", top)
    emit(rows, fmt, ["rank", ("label", "actor"), "type", "betweenness"], title="Betweenness")


@analyze_app.command("reciprocity")
@reports_errors
@filter_options("since", "until", "actors", "depth", "sources", "min_confidence", "roll_up")
def reciprocity_command(
    on: OnOption = None,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    store: StoreOption = None,
) -> None:
    """Pairs that accuse each other: who started, and each side's first accusation."""
    from kg import project
    from kg.analysis import reciprocity

    check_format(fmt)
    with opened(store) as target:
        flt = selection.filters(target)
        graph = project.actor_graph(target, flt)
    pairs = reciprocity.reciprocal_pairs(graph, _on(on))
    rows = [p.row(graph) for p in pairs][: top or None]
    columns: list[Column] = [
        ("a_label", "a"), ("b_label", "b"), ("a_to_b", "a→b"), ("b_to_a", "b→a"),
        ("a_first_date", "a first"), ("a_first_content", "a said"),
        ("b_first_date", "b first"), ("b_first_content", "b said"),
    ]  # fmt: skip
    emit(rows, fmt, columns, title="Mutual accusations (a accused first)")
    if fmt == "table":
        share = reciprocity.reciprocity(graph, _on(on))
        console.print(f"[dim]{share:.0%} of accusation ties are returned[/dim]")


@analyze_app.command("balance")
@reports_errors
@filter_options("since", "until", "actors", "depth", "sources", "min_confidence", "roll_up")
def balance_command(
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    store: StoreOption = None,
) -> None:
    """Conflict (accuse, threaten, reject) against cooperation (praise, agree, meetings)
    per pair; most conflictual first."""
    from kg import project
    from kg.analysis import balance

    check_format(fmt)
    with opened(store) as target:
        flt = selection.filters(target)
        rows = balance.pair_balance(
            project.actor_graph(target, flt), project.event_graph(target, flt)
        )
    rows = rows[: top or None]
    detail = busy_columns(
        rows, (*balance.CONFLICT, *balance.COOPERATION, *balance.COOPERATIVE_EVENTS)
    )
    columns = [("a_label", "a"), ("b_label", "b"), "conflict", "cooperation", "balance", *detail]
    emit(
        rows,
        fmt,
        columns,
        title="Conflict and cooperation per pair (-1 all conflict, +1 all cooperation)",
    )


@analyze_app.command("communities")
@reports_errors
@filter_options("since", "until", "actors", "depth", "sources", "min_confidence", "roll_up")
def communities_command(
    selection: Selection = NO_SELECTION,
    seed: Annotated[int, typer.Option(help="Random seed of the Louvain method.")] = 0,
    fmt: FormatOption = "table",
    write: WriteOption = False,
    store: StoreOption = None,
) -> None:
    """Communities of actors that cooperate more than they fight (Louvain)."""
    from kg import project
    from kg.analysis import balance

    check_format(fmt)
    with opened(store, write) as target:
        flt = selection.filters(target)
        coop = balance.cooperation_graph(
            project.actor_graph(target, flt), project.event_graph(target, flt)
        )
        groups = balance.communities(coop, seed=seed)
        if write:
            _stored(target, {"community": {a: i for i, g in enumerate(groups) for a in g}})
    rows = balance.community_rows(coop, groups)
    columns = ["community", ("label", "actor"), "type", "size"]
    emit(rows, fmt, columns, title="Cooperating communities")
