"""What the commands share: option types declared once, filters from option values,
and printing rows as a table, CSV or JSON.

>>> short_label("Government of the United States")
'United States'
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import inspect
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.table import Table

from kg.cli.app import console, fail
from kg.errors import KgError
from kg.query import resolve_entity
from kg.store import Store, open_store

if TYPE_CHECKING:
    from kg.project import Filters

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
StdoutFileOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="File (default: stdout).")
]
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
    """Filters from command-line values (:meth:`kg.project.Filters.from_names`); a bad
    date is the option's error, an unknown actor the store's."""
    from kg.project import Filters

    return Filters.from_names(
        store,
        since=parse_date(since, end=False),
        until=parse_date(until, end=True),
        claim_types=types or (),
        policy_types=policy_types or (),
        actors=actors or (),
        depth=depth,
        sources=sources or (),
        min_confidence=min_confidence,
        roll_up=roll_up,
    )


def rolled_up(store: Store, level: str | None, *iris: object) -> tuple[str, ...]:
    """Resolved actors as the roll-up counts them (a minister: their government)."""
    from kg.query.actors import roll_up_actors

    return roll_up_actors(store, level, *(str(i) for i in iris))


def opened(location: str | None, write: bool = False) -> Store:
    """The store, read-only unless results are to be written; use it in ``with``."""
    return open_store(location, read_only=not write, create=False)


# --- the filter options, declared once ------------------------------------------------------

FILTER_NAMES = (
    "since", "until", "types", "actors", "depth", "sources", "min_confidence", "roll_up",
)  # fmt: skip
_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "since": (SinceOption, None),
    "until": (UntilOption, None),
    "types": (TypeOption, None),
    "actors": (ActorOption, None),
    "depth": (DepthOption, 1),
    "sources": (SourceOption, None),
    "min_confidence": (ConfidenceOption, 0.0),
    "roll_up": (RollUpOption, None),
}


@dataclass(frozen=True)
class Selection:
    """The filter options of one command, as given (see :func:`filter_options`)."""

    since: str | None = None
    until: str | None = None
    types: Sequence[str] | None = None
    actors: Sequence[str] | None = None
    depth: int = 1
    sources: Sequence[str] | None = None
    min_confidence: float = 0.0
    roll_up: str | None = None

    def actors_named(self, store: Store, *names: str) -> tuple[str, ...]:
        """The actors ``names`` name (looked up in ``store``), as the roll-up counts them."""
        return rolled_up(store, self.roll_up, *(resolve_entity(store, n) for n in names))

    def filters(self, store: Store, **overrides: Any) -> Filters:
        """:class:`kg.project.Filters` for these options, actors looked up in ``store``."""
        values = dataclasses.asdict(self) | overrides
        return make_filters(store, **values)


NO_SELECTION = Selection()
F = TypeVar("F", bound=Callable[..., Any])


def filter_options(*names: str) -> Callable[[F], F]:
    """Give a command the filter options ``names`` (default: all of :data:`FILTER_NAMES`)
    in place of its ``selection: Selection`` parameter, which receives their values."""
    chosen = names or FILTER_NAMES

    def decorate(command: F) -> F:
        signature = inspect.signature(command, eval_str=True)
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            if param.name != "selection":
                params.append(param)
                continue
            for name in chosen:
                annotation, default = _FILTER_OPTIONS[name]
                params.append(param.replace(name=name, annotation=annotation, default=default))

        @functools.wraps(command)
        def with_selection(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in chosen if name in kwargs}
            return command(*args, selection=Selection(**given), **kwargs)

        with_selection.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        with_selection.__annotations__ = {p.name: p.annotation for p in params}
        return with_selection  # type: ignore[return-value]

    return decorate


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
