"""``kg analyze``: network analyses of who said what about whom, as tables, CSV or JSON.

Every command reads a projection of the store (:mod:`kg.project`) with the same filter
options, runs one plain function of :mod:`kg.analysis`, and prints rows. ``--write``
stores centralities and communities in the analysis graph for SPARQL.

The option types and helpers here are shared with :mod:`kg.cli.views`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kg.cli.app import StoreOption, app, console, err_console, fail, reports_errors
from kg.errors import KgError
from kg.query import resolve_entity
from kg.store import Store, open_store

if TYPE_CHECKING:
    from kg.project import Filters

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


FORMATS = ("table", "csv", "json")

# --- options shared by every analysis and view command ----------------------------------

SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", help="Only facts dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until", help="Only facts dated on or before this (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type", "-t", help="Only claims of this type (accuse) or class (ACCUSE); repeatable."
    ),
]
ActorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--actor", "-a", help="Only this actor (name, QID or IRI) and its neighbours; repeatable."
    ),
]
DepthOption = Annotated[
    int, typer.Option("--depth", min=0, help="With --actor: keep neighbours up to this many hops.")
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option("--source", help="Only articles from this publisher; repeatable."),
]
ConfidenceOption = Annotated[
    float,
    typer.Option("--min-confidence", min=0.0, max=1.0, help="Only facts at least this confident."),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]
TopOption = Annotated[
    int, typer.Option("--top", "-n", min=0, help="At most this many rows (0: all).")
]
WriteOption = Annotated[
    bool, typer.Option("--write", help="Also store the results in the store's analysis graph.")
]
OnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--on", help="Claim classes or types that make the accusation graph (default ACCUSE)."
    ),
]
RollUpOption = Annotated[
    str | None,
    typer.Option(
        "--roll-up",
        help="Count each actor's claims, measures and meetings for the government (or "
        "organization) it speaks for, leads or belongs to; the speakers stay in the details.",
        show_default=False,
    ),
]
ActorArgument = Annotated[str, typer.Argument(help="An actor: name, alias, Wikidata QID or IRI.")]


def parse_date(value: str | None, end: bool) -> dt.date | None:
    """The first (or last, with ``end``) day of a YYYY, YYYY-MM or YYYY-MM-DD option."""
    from kg import project

    if value is None:
        return None
    try:
        first, last = project.parse_period(value)
    except KgError as e:
        raise typer.BadParameter(str(e), param_hint="--until" if end else "--since") from None
    return last if end else first


def make_filters(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    types: Sequence[str] | None = None,
    actors: Sequence[str] | None = None,
    depth: int = 1,
    sources: Sequence[str] | None = None,
    min_confidence: float = 0.0,
    policy_types: Sequence[str] | None = None,
    roll_up: str | None = None,
) -> Filters:
    """Filters from command-line values; actor names are looked up in the store."""
    from kg.project import Filters

    return Filters(
        since=parse_date(since, end=False),
        until=parse_date(until, end=True),
        claim_types=frozenset(types or ()),
        policy_types=frozenset(policy_types or ()),
        actors=tuple(str(resolve_entity(store, name)) for name in actors or ()),
        depth=depth,
        sources=frozenset(sources or ()),
        min_confidence=min_confidence,
        roll_up=roll_up,
    )


def rolled_up(store: Store, level: str | None, *iris: object) -> tuple[str, ...]:
    """Resolved actors as the roll-up counts them (a minister: their government)."""
    from kg.query.actors import roll_up_actors

    return roll_up_actors(store, level, *(str(i) for i in iris))


@contextmanager
def opened(location: str | None, write: bool = False) -> Iterator[Store]:
    """The store, read-only unless results are to be written; closed afterwards."""
    target = open_store(location, read_only=not write, create=False)
    try:
        yield target
    finally:
        target.close()


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r} (expected {', '.join(FORMATS)})")


# --- output ---------------------------------------------------------------------------------


Column = str | tuple[str, str]  # a row key, or (row key, table header)


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[Column] | None = None,
    title: str | None = None,
) -> None:
    """Print rows: a table (``columns`` only), or every column as CSV or JSON."""
    if fmt == "json":
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        _write_csv(rows)
    else:
        _print_table(rows, columns, title)


def _write_csv(rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    names = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(sys.stdout, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _cell(value: Any, short: bool = False) -> str:
    if value is None:
        return ""
    if short and isinstance(value, str):
        return short_label(value)
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


_GOVERNMENT = re.compile(r"^Government of (?:the )?(.+)$")
LONGEST_WORD = 16  # a column is never narrower than its longest word, up to this


def short_label(label: str) -> str:
    """An actor's label for a narrow table column.

    >>> short_label("Government of the United States")
    'United States'
    """
    m = _GOVERNMENT.match(label)
    return m.group(1) if m else label


def _widths(cells: list[list[str]], headers: list[str], numeric: list[bool]) -> list[int]:
    """Column widths that fit the terminal and break lines only between words: each
    column as wide as its content, then the widest text columns narrowed, first down to
    their longest word (at most :data:`LONGEST_WORD`), then further only if need be."""
    natural, floors = [], []
    for i, header in enumerate(headers):
        texts = [line[i] for line in cells] + [header]
        words = [w for t in texts for w in t.split()]
        longest = max((len(w) for w in words), default=1)
        natural.append(max(len(t) for t in texts))
        floors.append(natural[-1] if numeric[i] else min(longest, LONGEST_WORD))
    widths = list(natural)
    room = console.width - (3 * len(widths) + 1)  # borders and padding
    last_resort = [f if n else min(f, 4) for f, n in zip(floors, numeric)]
    for floor in (floors, last_resort):
        while sum(widths) > room:
            shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _print_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column] | None, title: str | None
) -> None:
    """A table that fits the terminal and wraps between words (see :func:`_widths`);
    actor labels are shortened."""
    if not rows:
        console.print(f"[dim]{title + ': ' if title else ''}no results[/dim]")
        return
    names = columns or list(dict.fromkeys(k for row in rows for k in row))
    pairs = [(c, c) if isinstance(c, str) else c for c in names]
    cells = [[_cell(row.get(key), short=key.endswith("label")) for key, _ in pairs] for row in rows]
    numeric = [isinstance(rows[0].get(key), int | float) for key, _ in pairs]
    widths = _widths(cells, [header for _, header in pairs], numeric)
    table = Table(title=title)
    for (_, header), is_number, width in zip(pairs, numeric, widths):
        justify = "right" if is_number else "left"
        table.add_column(header, justify=justify, width=width, overflow="fold")
    for line in cells:
        table.add_row(*line)
    console.print(table)


def busy_columns(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> list[str]:
    """The names among ``names`` with a non-zero value in some row (for narrow tables)."""
    return [n for n in names if any(row.get(n) for row in rows)]


def with_class_pairs(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[Column]]:
    """Rows with one ``out/in`` text column per coarse class that occurs, for tables.

    >>> rows, cols = with_class_pairs([{"out_ACCUSE": 2, "in_ACCUSE": 1, "out_AGREE": 0}])
    >>> rows[0]["ACCUSE"], cols
    ('2/1', [('ACCUSE', 'ACCUSE')])
    """
    from kg.project import COARSE_CLASSES

    classes = [c for c in COARSE_CLASSES if busy_columns(rows, (f"out_{c}", f"in_{c}"))]
    out = [
        dict(row) | {c: f"{row.get(f'out_{c}', 0)}/{row.get(f'in_{c}', 0)}" for c in classes}
        for row in rows
    ]
    return out, [(c, c) for c in classes]


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
def strength(
    by: Annotated[
        str, typer.Option("--by", help="Sort by: in, out, or in_CLASS/out_CLASS (in_ACCUSE).")
    ] = "in",
    since: SinceOption = None,
    until: UntilOption = None,
    types: TypeOption = None,
    actors: ActorOption = None,
    depth: DepthOption = 1,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
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
        flt = make_filters(
            target, since, until, types, actors, depth, sources, min_confidence, roll_up=roll_up
        )
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
def pagerank(
    on: OnOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actors: ActorOption = None,
    depth: DepthOption = 1,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
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
        flt = make_filters(
            target, since, until, None, actors, depth, sources, min_confidence, roll_up=roll_up
        )
        graph = project.actor_graph(target, flt)
        scores = centrality.pagerank(graph, _on(on))
        if write:
            _stored(target, {"pagerank": scores})
    rows = centrality.ranking(graph, scores, "pagerank", top)
    emit(rows, fmt, ["rank", ("label", "actor"), "type", "pagerank"], title="PageRank (accused)")


@analyze_app.command()
@reports_errors
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
    since: SinceOption = None,
    until: UntilOption = None,
    types: TypeOption = None,
    actors: ActorOption = None,
    depth: DepthOption = 1,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    write: WriteOption = False,
    store: StoreOption = None,
) -> None:
    """Betweenness on the interaction graph (claims, shared events, measures): the brokers."""
    from kg.analysis import centrality

    check_format(fmt)
    with opened(store, write) as target:
        flt = make_filters(
            target, since, until, types, actors, depth, sources, min_confidence, roll_up=roll_up
        )
        graph = _interactions(target, flt)
        scores = centrality.betweenness(graph, weighted=weighted, samples=samples)
        if write:
            _stored(target, {"betweenness": scores})
    rows = centrality.ranking(graph, scores, "betweenness", top)
    emit(rows, fmt, ["rank", ("label", "actor"), "type", "betweenness"], title="Betweenness")


def _interactions(target: Store, flt: Filters) -> Any:
    from kg import project

    return project.interaction_graph(
        project.actor_graph(target, flt),
        project.event_graph(target, flt),
        project.policy_graph(target, flt),
    )


@analyze_app.command("reciprocity")
@reports_errors
def reciprocity_command(
    on: OnOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actors: ActorOption = None,
    depth: DepthOption = 1,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
    fmt: FormatOption = "table",
    top: TopOption = 20,
    store: StoreOption = None,
) -> None:
    """Pairs that accuse each other: who started, and each side's first accusation."""
    from kg import project
    from kg.analysis import reciprocity

    check_format(fmt)
    with opened(store) as target:
        flt = make_filters(
            target, since, until, None, actors, depth, sources, min_confidence, roll_up=roll_up
        )
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
def balance_command(
    since: SinceOption = None,
    until: UntilOption = None,
    actors: ActorOption = None,
    depth: DepthOption = 1,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
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
        flt = make_filters(
            target, since, until, None, actors, depth, sources, min_confidence, roll_up=roll_up
        )
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
def communities_command(
    since: SinceOption = None,
    until: UntilOption = None,
    actors: ActorOption = None,
    depth: DepthOption = 1,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
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
        flt = make_filters(
            target, since, until, None, actors, depth, sources, min_confidence, roll_up=roll_up
        )
        coop = balance.cooperation_graph(
            project.actor_graph(target, flt), project.event_graph(target, flt)
        )
        groups = balance.communities(coop, seed=seed)
        if write:
            _stored(target, {"community": {a: i for i, g in enumerate(groups) for a in g}})
    rows = balance.community_rows(coop, groups)
    columns = ["community", ("label", "actor"), "type", "size"]
    emit(rows, fmt, columns, title="Cooperating communities")


@analyze_app.command("timeline")
@reports_errors
def timeline_command(
    a: ActorArgument,
    b: ActorArgument,
    since: SinceOption = None,
    until: UntilOption = None,
    types: TypeOption = None,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Claims per week between two actors, by class: escalation and de-escalation."""
    from kg import project
    from kg.analysis import timeline

    check_format(fmt)
    with opened(store) as target:
        ia, ib = rolled_up(target, roll_up, resolve_entity(target, a), resolve_entity(target, b))
        flt = make_filters(
            target, since, until, types, None, 1, sources, min_confidence, roll_up=roll_up
        )
        graph = project.actor_graph(target, flt)
    rows = timeline.weekly(graph, ia, ib)
    classes = busy_columns(rows, project.COARSE_CLASSES)
    columns = [
        "week", ("a_to_b", "a→b"), ("b_to_a", "b→a"), *classes, ("conflict", "confl."),
        ("cooperation", "coop."), "net", "trend",
    ]  # fmt: skip
    emit(
        rows,
        fmt,
        columns,
        title=f"Claims per week: {a} (a) and {b} (b); net = coop. - confl.",
    )


@analyze_app.command("tariffs")
@reports_errors
def tariffs_command(
    a: ActorArgument,
    b: ActorArgument,
    policy_types: Annotated[
        list[str] | None,
        typer.Option("--policy-type", "-p", help="Measure type (default tariff); repeatable."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Tariff rates (or other measures) between two actors over time."""
    from kg import project
    from kg.analysis import timeline

    check_format(fmt)
    kinds = tuple(policy_types or ("tariff",))
    with opened(store) as target:
        ia, ib = rolled_up(target, roll_up, resolve_entity(target, a), resolve_entity(target, b))
        flt = make_filters(
            target,
            since,
            until,
            None,
            None,
            1,
            sources,
            min_confidence,
            policy_types=kinds,
            roll_up=roll_up,
        )
        rows = timeline.tariffs(project.policy_graph(target, flt), ia, ib, kinds)
    columns: list[Column] = [
        ("date_text", "date"), ("imposer_label", "imposer"), ("target_label", "target"), "goods",
        ("rate_from", "from"), ("rate_to", "to"), "status",
    ]  # fmt: skip
    emit(rows, fmt, columns, title=f"{', '.join(kinds)}: {a} and {b}")


@analyze_app.command("path")
@reports_errors
def path_command(
    a: ActorArgument,
    b: ActorArgument,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many paths.")] = 5,
    since: SinceOption = None,
    until: UntilOption = None,
    types: TypeOption = None,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """How two actors are connected: the shortest chains of claims, meetings and measures."""
    from kg import project
    from kg.analysis import paths

    check_format(fmt)
    with opened(store) as target:
        ia, ib = rolled_up(target, roll_up, resolve_entity(target, a), resolve_entity(target, b))
        flt = make_filters(
            target, since, until, types, None, 1, sources, min_confidence, roll_up=roll_up
        )
        claims = project.actor_graph(target, flt)
        interactions = project.interaction_graph(
            claims, project.event_graph(target, flt), project.policy_graph(target, flt)
        )
    found = paths.shortest_paths(interactions, ia, ib, limit)
    if not found:
        raise fail(f"{a} and {b} are not connected in the selected part of the graph")
    rows = paths.path_rows(found, claims, interactions)
    columns = [
        "path",
        "step",
        ("from_label", "from"),
        ("to_label", "to"),
        ("says", "what links them"),
    ]
    emit(rows, fmt, columns, title=f"How {a} and {b} are connected")


@analyze_app.command("ego")
@reports_errors
def ego_command(
    actor: ActorArgument,
    radius: Annotated[
        int, typer.Option("--radius", "-r", min=1, help="Hops around the actor.")
    ] = 1,
    since: SinceOption = None,
    until: UntilOption = None,
    types: TypeOption = None,
    sources: SourceOption = None,
    min_confidence: ConfidenceOption = 0.0,
    roll_up: RollUpOption = None,
    fmt: FormatOption = "table",
    top: TopOption = 0,
    store: StoreOption = None,
) -> None:
    """An actor's counterparts: what it said about each, and what each said about it."""
    from kg import project
    from kg.analysis import paths

    check_format(fmt)
    with opened(store) as target:
        (centre,) = rolled_up(target, roll_up, resolve_entity(target, actor))
        flt = make_filters(
            target, since, until, types, None, 1, sources, min_confidence, roll_up=roll_up
        )
        rows = paths.ego_rows(project.actor_graph(target, flt), centre, radius)
    rows = rows[: top or None]
    classes: list[Column] = []
    if fmt == "table":
        rows, classes = with_class_pairs(rows)
    columns = [("label", "counterpart"), "hops", "out", "in", *classes]
    emit(
        rows, fmt, columns, title=f"{actor}: counterparts (out: said by {actor}; out/in per class)"
    )
