"""Every command of the real command line, driven with hostile arguments: a store
that is not there, a file for a store, an output folder that does not exist, unknown
actors, bad option values, typos. Each must answer with one line on stderr, a
non-zero exit and no traceback; and reading never creates a store.

The commands are found by walking the typer application, so a new command is tested
without anyone adding it here. They run in this process (``kg.cli.main``), which is
what the ``kg`` program runs; a few run as real processes at the end.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from kg.cli import app, main
from tests.conftest import run_kg

pytestmark = pytest.mark.slow  # every command, in process, on bad input

# Stand-ins for a command's required arguments, by parameter name.
ARGUMENTS = {
    "paths": "nothing-here.txt",
    "articles": "no-such-article",
    "sparql": "articles",
    "qid": "Q148",
    "kind": "Person",
}
# Commands whose arguments must be real for the store to be reached at all: `kg eval`
# scores a store when it is given gold and no articles.
COMMAND_ARGUMENTS = {("eval",): [str(Path(__file__).parent / "fixtures" / "eval" / "gold")]}


def _commands() -> list[tuple[str, ...]]:
    """The path of every command that does something (groups' own callbacks included
    where they do work: ``kg viz`` alone draws a page)."""
    found: list[tuple[str, ...]] = []

    def walk(command, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append(path)
            return
        if getattr(command, "invoke_without_command", False):
            found.append(path)
        for name, sub in sorted(subcommands.items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _commands()


@functools.cache
def _cli() -> Any:
    """The click command behind the app, built once (collection asks it for every command)."""
    return typer.main.get_command(app)


def _params(path: tuple[str, ...]):
    command = _cli()
    for name in path:
        command = command.commands[name]
    return command.params


def _required_args(path: tuple[str, ...]) -> list[str]:
    """Values for the command's required positional arguments."""
    if path in COMMAND_ARGUMENTS:
        return COMMAND_ARGUMENTS[path]
    return [
        ARGUMENTS.get(p.name, "Atlantis")
        for p in _params(path)
        if p.param_type_name == "argument" and (p.required or p.name in ARGUMENTS)
    ]


def _options(path: tuple[str, ...]) -> set[str]:
    return {opt for p in _params(path) for opt in getattr(p, "opts", [])}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KG_STORE", "KG_NX_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KG_GAZETTEER", "")
    monkeypatch.setenv("KG_DEBUG", "0")  # --debug sets it; this restores it afterwards


def kg(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``kg ARGS`` in this process: (exit code, stdout, stderr). An exception that
    escaped the command line would fail the test here."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), out, err


def assert_one_line(code: int, err: str, *expected: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code != 0, err
    assert "Traceback" not in err
    assert len(lines) == 1, err
    assert lines[0].startswith("kg: error: "), lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"ingest", "query", "stats", "validate", "remove", "serve", "viz"} <= names
    assert {"analyze strength", "analyze ego", "viz timeline", "export rdf"} <= names
    assert len(COMMANDS) >= 24


def _reading(path: tuple[str, ...]) -> bool:
    return path not in (("ingest",), ("watch",))  # the two that fill a store


@pytest.mark.parametrize("path", [p for p in COMMANDS if _reading(p)], ids=" ".join)
def test_missing_store_is_one_line_and_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, path: tuple[str, ...]
) -> None:
    missing = tmp_path / "stroe"
    code, _, err = kg(capsys, *path, *_required_args(path), "--store", str(missing))
    assert_one_line(code, err, f"no kg store at {missing} (run kg ingest first)")
    assert not missing.exists()


@pytest.mark.parametrize("path", [p for p in COMMANDS if _reading(p)], ids=" ".join)
def test_a_file_for_a_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, path: tuple[str, ...]
) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("x")
    code, _, err = kg(capsys, *path, *_required_args(path), "--store", str(not_a_store))
    assert_one_line(code, err, "it is a file, not a store directory")


WITH_OUTPUT = [p for p in COMMANDS if "--output" in _options(p)]


@pytest.mark.parametrize("path", WITH_OUTPUT, ids=" ".join)
def test_output_into_a_missing_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, empty_store: str, path: tuple[str, ...]
) -> None:
    target = tmp_path / "missing" / "dir" / "out.x"
    args = ["-o", str(target), "--store", empty_store]
    code, _, err = kg(capsys, *path, *_required_args(path), *args)
    assert_one_line(code, err, f"cannot write {target}: the folder {target.parent} does not exist")


def test_every_output_command_is_covered() -> None:
    names = {" ".join(p) for p in WITH_OUTPUT}
    assert {"viz", "viz timeline", "viz ego", "export claims", "export graphml"} <= names


WITH_ACTORS = [
    p for p in COMMANDS if any(a.name in ("a", "actor") for a in _params(p) if a.required)
]


@pytest.mark.parametrize("path", WITH_ACTORS, ids=" ".join)
def test_unknown_actor(
    capsys: pytest.CaptureFixture[str], empty_store: str, path: tuple[str, ...]
) -> None:
    code, _, err = kg(capsys, *path, *_required_args(path), "--store", empty_store)
    assert_one_line(code, err, "no actor named 'Atlantis' in the store")


def _bad_values(path: tuple[str, ...]) -> Iterator[list[str]]:
    options = _options(path)
    if "--format" in options:
        yield ["--format", "bogus"]
    if "--since" in options:
        yield ["--since", "2025-13"]
    if "--top" in options:
        yield ["--top", "-3"]
    if "--min-confidence" in options:
        yield ["--min-confidence", "2"]
    yield ["--no-such-option"]


BAD_VALUES = [(p, v) for p in COMMANDS for v in _bad_values(p)]


@pytest.mark.parametrize(
    ("path", "values"), BAD_VALUES, ids=[" ".join((*p, *v)) for p, v in BAD_VALUES]
)
def test_bad_option_values(
    capsys: pytest.CaptureFixture[str],
    empty_store: str,
    path: tuple[str, ...],
    values: list[str],
) -> None:
    args = [*path, *_required_args(path), *values, "--store", empty_store]
    code, _, err = kg(capsys, *args)
    line = assert_one_line(code, err)
    # The option is named, unless an argument was found wrong first (no such actor).
    assert values[0] in line or "format" in line or "no actor named" in line, line


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = kg(capsys, "analyse", "pagerank")
    assert_one_line(code, err, "No such command 'analyse'")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("acusations", "no canned query 'acusations' (did you mean 'accusations'?"),
        ("DELETE WHERE { ?s ?p ?o }", "SPARQL updates (DELETE) are not accepted here"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "SPARQL updates (INSERT) are not accepted here"),
        ("SELECT * WHERE { ?s foo:bar ?o }", "column 21: unknown prefix 'foo:'"),
        ("SELEC ?x WHERE { ?x ?y ?z }", "a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE"),
        ("SELECT ?x WHERE { ?x ?y ?z FILTER(?x = ) }", "SPARQL syntax error at line 1, column"),
    ],
)
def test_hostile_sparql(
    capsys: pytest.CaptureFixture[str], empty_store: str, query: str, expected: str
) -> None:
    code, _, err = kg(capsys, "query", query, "--store", empty_store)
    line = assert_one_line(code, err, expected)
    assert "..=" not in line and "\\u{" not in line  # no character-class dumps


def test_a_bug_is_one_line_and_debug_shows_the_trace(
    capsys: pytest.CaptureFixture[str], empty_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("kg.query.stats.stats", broken)
    code, _, err = kg(capsys, "stats", "--store", empty_store)
    assert_one_line(code, err, "unexpected ZeroDivisionError: a bug", "KG_DEBUG=1")
    code, _, err = kg(capsys, "--debug", "stats", "--store", empty_store)
    assert code == 1
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("kg: error: ")


def test_reading_never_creates_a_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for args in (["stats"], ["validate"], ["query", "articles"], ["analyze", "pagerank"]):
        kg(capsys, *args, "--store", str(tmp_path / "typo"))
    assert not (tmp_path / "typo").exists()


# --- as real processes ------------------------------------------------------------------


def test_real_process_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    for args in (
        ["stats", "--store", str(missing)],
        ["export", "claims", "-f", "csv", "-o", "/missing/dir/x.csv", "--store", str(missing)],
        ["ingest", "--workers", "0", "x.txt"],
    ):
        result = run_kg(*args)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("kg: error: ")
