"""``kg analyze`` on a pair of actors or one actor: weekly timeline, tariff history,
paths between two actors, an actor's ego network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import StoreOption, fail, reports_errors
from kg.cli.options import (
    NO_SELECTION,
    ActorArgument,
    Column,
    FormatOption,
    Selection,
    TopOption,
    busy_columns,
    check_format,
    emit,
    filter_options,
    opened,
    with_class_pairs,
)

if TYPE_CHECKING:
    pass


from kg.cli.analyze import analyze_app


@analyze_app.command("timeline")
@reports_errors
@filter_options("since", "until", "types", "sources", "min_confidence", "roll_up")
def timeline_command(
    a: ActorArgument,
    b: ActorArgument,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Claims per week between two actors, by class: escalation and de-escalation."""
    from kg import project
    from kg.analysis import timeline

    check_format(fmt)
    with opened(store) as target:
        ia, ib = selection.actors_named(target, a, b)
        flt = selection.filters(target)
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
@filter_options("since", "until", "sources", "min_confidence", "roll_up")
def tariffs_command(
    a: ActorArgument,
    b: ActorArgument,
    policy_types: Annotated[
        list[str] | None,
        typer.Option("--policy-type", "-p", help="Measure type (default tariff); repeatable."),
    ] = None,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Tariff rates (or other measures) between two actors over time."""
    from kg import project
    from kg.analysis import timeline

    check_format(fmt)
    kinds = tuple(policy_types or ("tariff",))
    with opened(store) as target:
        ia, ib = selection.actors_named(target, a, b)
        flt = selection.filters(target, policy_types=kinds)
        rows = timeline.tariffs(project.policy_graph(target, flt), ia, ib, kinds)
    columns: list[Column] = [
        ("date_text", "date"), ("imposer_label", "imposer"), ("target_label", "target"), "goods",
        ("rate_from", "from"), ("rate_to", "to"), "status",
    ]  # fmt: skip
    emit(rows, fmt, columns, title=f"{', '.join(kinds)}: {a} and {b}")


@analyze_app.command("path")
@reports_errors
@filter_options("since", "until", "types", "sources", "min_confidence", "roll_up")
def path_command(
    a: ActorArgument,
    b: ActorArgument,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many paths.")] = 5,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """How two actors are connected: the shortest chains of claims, meetings and measures."""
    from kg import project
    from kg.analysis import paths

    check_format(fmt)
    with opened(store) as target:
        ia, ib = selection.actors_named(target, a, b)
        flt = selection.filters(target)
        claims = project.actor_graph(target, flt)
        interactions = project.interactions(target, flt, claims)
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
@filter_options("since", "until", "types", "sources", "min_confidence", "roll_up")
def ego_command(
    actor: ActorArgument,
    radius: Annotated[
        int, typer.Option("--radius", "-r", min=1, help="Hops around the actor.")
    ] = 1,
    selection: Selection = NO_SELECTION,
    fmt: FormatOption = "table",
    top: TopOption = 0,
    store: StoreOption = None,
) -> None:
    """An actor's counterparts: what it said about each, and what each said about it."""
    from kg import project
    from kg.analysis import paths

    check_format(fmt)
    with opened(store) as target:
        (centre,) = selection.actors_named(target, actor)
        flt = selection.filters(target)
        rows = paths.ego_rows(project.actor_graph(target, flt), centre, radius)
    rows = rows[: top or None]
    classes: list[Column] = []
    if fmt == "table":
        rows, classes = with_class_pairs(rows)
    columns = [("label", "counterpart"), "hops", "out", "in", *classes]
    emit(
        rows, fmt, columns, title=f"{actor}: counterparts (out: said by {actor}; out/in per class)"
    )
