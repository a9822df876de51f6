"""The typer application and what every command shares: the store option, error
handling that prints one line and exits non-zero, and the console."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="Turn news into a knowledge graph of actors, policies and claims, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
# Messages are never wrapped: one error is one line, whatever the terminal's width.
err_console = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar="KG_STORE",
        help="Store: a directory (embedded Oxigraph) or an http(s) SPARQL endpoint. "
        "Default: ~/.local/share/kg/store.",
        show_default=False,
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``kg: error: message`` on one line to stderr; return the exit to raise."""
    err_console.print(f"kg: error: {' '.join(message.split())}", highlight=False, markup=False)
    return typer.Exit(code)


def reports_errors(func: F) -> F:
    """Turn kg's errors into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as e:
            raise fail(str(e)) from None
        except BrokenPipeError:  # `kg query ... | head`
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from kg import __version__
        from kg.terms import ONTOLOGY_VERSION

        console.print(f"kg {__version__} (ontology {ONTOLOGY_VERSION})", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn news into a knowledge graph of actors, policies and claims, with evidence."""
