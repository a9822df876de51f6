"""``kg viz``: interactive HTML pages and an SVG timeline; ``kg export graphml|gexf``.

``kg viz`` alone writes the who-accused-whom page; ``kg viz ego|dispute|policies`` the
other views; ``kg viz timeline A B`` an SVG chart. Every page is one self-contained
file that works offline.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.cli.app import (
    StoreOption,
    app,
    console,
    err_console,
    fail,
    output_path,
    reports_errors,
)
from kg.cli.exports import export_app
from kg.cli.options import (
    NO_SELECTION,
    ActorArgument,
    Selection,
    StdoutFileOption,
    filter_options,
    opened,
)

if TYPE_CHECKING:
    import networkx as nx

# networkx, pyvis and the views load inside the commands: `kg --help` stays quick.
DEFAULT_TOP = 150  # kg.views.network.DEFAULT_TOP

viz_app = typer.Typer(
    help="Interactive HTML graphs (one offline file each) and timeline pictures. "
    "Without a subcommand: who accused whom.",
    invoke_without_command=True,
)
app.add_typer(viz_app, name="viz")


def _output_option(kind: str, default: str) -> Any:
    """The --output option of a view that writes a ``kind`` (default: ``default``)."""
    return Annotated[
        Path | None, typer.Option("--output", "-o", help=f"{kind} (default: {default}).")
    ]


GraphOutputFile = _output_option("HTML file", "kg-graph.html")
EgoOutput = _output_option("HTML file", "kg-ego.html")
DisputeOutput = _output_option("HTML file", "kg-dispute.html")
PoliciesOutput = _output_option("HTML file", "kg-policies.html")
TimelineOutput = _output_option("SVG file", "kg-timeline.svg")
TopActors = Annotated[
    int,
    typer.Option(
        "--top", "-n", min=1, help="Draw the most involved actors; fold the rest into one node."
    ),
]
PolicyTypeOption = Annotated[
    list[str] | None,
    typer.Option("--policy-type", "-p", help="Only measures of this type; repeatable."),
]


def _output(value: Path | None, default: str) -> Path:
    """The file to write, checked before any work."""
    path = output_path(value if value is not None else Path(default))
    assert path is not None
    return path


def _wrote(path: Path) -> None:
    console.print(str(path.resolve()), highlight=False, soft_wrap=True)


@viz_app.callback()
@reports_errors
@filter_options()
def viz(
    ctx: typer.Context,
    output: GraphOutputFile = None,
    top: TopActors = DEFAULT_TOP,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """Who accused whom: actors, and edges from speaker to target by claim type."""
    if ctx.invoked_subcommand is not None:
        return
    from kg import project
    from kg.views import network

    path = _output(output, "kg-graph.html")
    with opened(store) as target:
        flt = selection.filters(target)
        graph = project.actor_graph(target, flt)
    _wrote(network.write_html(network.who_accused_whom(graph, top=top), path))


@viz_app.command("ego")
@reports_errors
@filter_options("since", "until", "types", "sources", "min_confidence", "roll_up")
def viz_ego(
    actor: ActorArgument,
    radius: Annotated[
        int, typer.Option("--radius", "-r", min=1, help="Hops around the actor.")
    ] = 1,
    output: EgoOutput = None,
    top: TopActors = DEFAULT_TOP,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """One actor's ego network: everyone within --radius hops and the claims among them."""
    from kg import project
    from kg.views import network

    path = _output(output, "kg-ego.html")
    with opened(store) as target:
        (centre,) = selection.actors_named(target, actor)
        flt = selection.filters(target)
        graph = project.actor_graph(target, flt)
    if centre not in graph:
        raise fail(f"{actor} made or received no claim in the selected part of the graph")
    view = network.ego_view(graph, centre, radius, top=top)
    _wrote(network.write_html(view, path))


@viz_app.command("dispute")
@reports_errors
@filter_options("since", "until", "types", "sources", "min_confidence", "roll_up")
def viz_dispute(
    a: ActorArgument,
    b: ActorArgument,
    output: DisputeOutput = None,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """Two actors' dispute: their claims about each other and the measures between them,
    with a chart of claims per week and tariff rates."""
    from kg import project
    from kg.views import network

    path = _output(output, "kg-dispute.html")
    with opened(store) as target:
        ia, ib = selection.actors_named(target, a, b)
        flt = selection.filters(target, actors=[ia, ib])
        claims, policies = project.actor_graph(target, flt), project.policy_graph(target, flt)
    chart = _chart(claims, policies, ia, ib)
    view = network.dispute_view(claims, policies, ia, ib, chart)
    _wrote(network.write_html(view, path))


def _chart(claims: nx.MultiDiGraph, policies: nx.Graph, a: str, b: str) -> str:
    """The SVG chart of a dispute: claims per week and tariff rates."""
    from kg.analysis import timeline
    from kg.views import network, svg

    weeks, rates = timeline.weekly(claims, a, b), timeline.tariffs(policies, a, b)
    names = [network.label_of(n, claims, policies) for n in (a, b)]
    return svg.timeline_svg(weeks, rates, f"{names[0]} and {names[1]} over time")


@viz_app.command("policies")
@reports_errors
@filter_options("since", "until", "actors", "depth", "sources", "min_confidence", "roll_up")
def viz_policies(
    output: PoliciesOutput = None,
    top: TopActors = DEFAULT_TOP,
    policy_types: PolicyTypeOption = None,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """Actors and the measures they imposed: imposer → measure → target."""
    from kg import project
    from kg.views import network

    path = _output(output, "kg-policies.html")
    with opened(store) as target:
        flt = selection.filters(target, policy_types=policy_types)
        graph = project.policy_graph(target, flt)
    _wrote(network.write_html(network.policies_view(graph, top=top), path))


@viz_app.command("timeline")
@reports_errors
@filter_options("since", "until", "types", "sources", "min_confidence", "roll_up")
def viz_timeline(
    a: ActorArgument,
    b: ActorArgument,
    output: TimelineOutput = None,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """A picture of two actors' dispute: claims per week by class, and tariff rates."""
    from kg import project

    path = _output(output, "kg-timeline.svg")
    with opened(store) as target:
        ia, ib = selection.actors_named(target, a, b)
        flt = selection.filters(target, actors=[ia, ib])
        claims, policies = project.actor_graph(target, flt), project.policy_graph(target, flt)
    path.write_text(_chart(claims, policies, ia, ib), encoding="utf-8")
    _wrote(path)


# --- GraphML and GEXF, in the export group ----------------------------------------------


def _export_graph(
    fmt: str, output: Path | None, per_claim: bool, store: str | None, selection: Selection
) -> None:
    from kg import project
    from kg.views import gephi

    output_path(output)
    with opened(store) as target:
        flt = selection.filters(target)
        graph = project.actor_graph(target, flt)
    out = graph if per_claim else project.aggregate(graph)
    if output is None:
        gephi.write_gephi(out, sys.stdout.buffer, fmt)
        return
    gephi.write_gephi(out, output, fmt)
    err_console.print(
        f"wrote {out.number_of_nodes()} actors and {out.number_of_edges()} edges to {output}",
        highlight=False,
    )


PerClaimOption = Annotated[
    bool,
    typer.Option(
        "--per-claim", help="One edge per claim with its evidence (default: one per pair, counts)."
    ),
]


@export_app.command("graphml")
@reports_errors
@filter_options()
def export_graphml(
    output: StdoutFileOption = None,
    per_claim: PerClaimOption = False,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """The actor graph as GraphML (Gephi, yEd, Cytoscape): counts per claim type per pair."""
    _export_graph("graphml", output, per_claim, store, selection)


@export_app.command("gexf")
@reports_errors
@filter_options()
def export_gexf(
    output: StdoutFileOption = None,
    per_claim: PerClaimOption = False,
    selection: Selection = NO_SELECTION,
    store: StoreOption = None,
) -> None:
    """The actor graph as GEXF (Gephi): counts per claim type per pair."""
    _export_graph("gexf", output, per_claim, store, selection)
