"""The typer application and what every command shares: the store option, error
handling that prints one line and exits non-zero, and the console."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
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

# The click that typer runs on (its own copy since typer 0.22): usage errors and exits.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_PASS_THROUGH = (typer.Exit, typer.Abort, _ClickException)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``kg: error: message`` on one line to stderr; return the exit to raise."""
    err_console.print(f"kg: error: {' '.join(message.split())}", highlight=False, markup=False)
    return typer.Exit(code)


def debugging() -> bool:
    """Whether errors show their Python trace: ``--debug`` or ``KG_DEBUG=1``."""
    return os.environ.get("KG_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def reports_errors(func: F) -> F:
    """Turn every error into one line on stderr and exit code 1, never a traceback
    (``--debug`` or ``KG_DEBUG=1`` print the trace first)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except _PASS_THROUGH:
            raise  # typer.Exit, and usage errors (kg.cli.app.main prints them in one line)
        except BrokenPipeError:  # `kg query ... | head`
            sys.stderr.close()
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except Exception as e:  # one line, whatever failed
            if debugging():
                traceback.print_exc()
            raise fail(error_line(e)) from None

    return wrapper  # type: ignore[return-value]


def error_line(e: BaseException) -> str:
    """One line for any error: kg's own as they are, a file error naming its path, and
    anything else (a bug) with its type and how to see the trace."""
    if isinstance(e, KgError):
        return str(e)
    if isinstance(e, OSError) and e.filename is not None:
        return f"{e.filename}: {e.strerror or e}"
    if isinstance(e, OSError | MemoryError):
        return f"{type(e).__name__}: {e}"
    return f"unexpected {type(e).__name__}: {e} (KG_DEBUG=1 or --debug shows where)"


def output_path(path: Path | None) -> Path | None:
    """``path``, checked before any work: its folder must exist and it must not be one."""
    if path is None:
        return None
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise KgError(f"cannot write {path}: the folder {folder} {what}")
    if path.is_dir():
        raise KgError(f"cannot write {path}: it is a folder")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    """The ``kg`` program: the typer app, with usage errors in one line too."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args[: args.index("--") if "--" in args else len(args)]:
        args.remove("--debug")
        os.environ["KG_DEBUG"] = "1"
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="kg", standalone_mode=False)
    except _ClickException as e:
        if type(e).__name__ == "NoArgsIsHelpError":  # `kg` or `kg analyze` alone: the help
            e.show()
        else:
            err_console.print(f"kg: error: {_usage_line(e)}", highlight=False, markup=False)
        sys.exit(e.exit_code)
    except typer.Abort:
        err_console.print("kg: error: aborted", highlight=False, markup=False)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_line(e: Exception) -> str:
    message = " ".join(e.format_message().split())  # type: ignore[attr-defined]
    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        return f"{message} (see: {ctx.command_path} --help)"
    return message


def _version(value: bool) -> None:
    if value:
        from kg import __version__
        from kg.terms import ONTOLOGY_VERSION

        console.print(f"kg {__version__} (ontology {ONTOLOGY_VERSION})", highlight=False)
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="On an error, show its Python trace (or KG_DEBUG=1)."),
    ] = False,
) -> None:
    """Turn news into a knowledge graph of actors, policies and claims, with evidence."""
    if debug:
        os.environ["KG_DEBUG"] = "1"
