"""``kg serve``: the store as a SPARQL 1.1 endpoint, with a page to query it."""

from __future__ import annotations

import signal
from types import FrameType
from typing import Annotated

import typer

from kg.cli.app import StoreOption, app, console, err_console, reports_errors


@app.command()
@reports_errors
def serve(
    store: StoreOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on. Anything but loopback opens it to others.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 7878,
    timeout: Annotated[
        float, typer.Option(help="Seconds a query may run; then it is stopped (503).")
    ] = 10.0,
    max_results: Annotated[
        int, typer.Option("--max-results", help="Most rows or triples one answer may hold.")
    ] = 10_000,
    workers: Annotated[int, typer.Option(help="Queries that run at once (one process each).")] = 2,
    allow_update: Annotated[
        bool,
        typer.Option(
            "--allow-update", help="Take SPARQL Update at /update, e.g. kg ingest --store URL."
        ),
    ] = False,
    cors: Annotated[
        bool, typer.Option("--cors", help="Let web pages from other origins query it.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No request log.")] = False,
) -> None:
    """Serve the store as a SPARQL endpoint (GET/POST /sparql) with a query page at /.

    Read-only unless --allow-update; SERVICE and LOAD are refused; each query runs in
    a worker process stopped at --timeout. While it runs it holds the store: write
    to it through the server (--allow-update, then --store http://HOST:PORT/sparql).
    """
    from kg.server.serve import make_server

    server = make_server(
        store,
        host,
        port,
        timeout,
        max_results,
        workers=workers,
        allow_update=allow_update,
        cors=cors,
    )
    server.quiet = quiet
    signal.signal(signal.SIGTERM, _interrupt)
    mode = "read-write (--allow-update)" if allow_update else "read-only"
    console.print(
        f"Serving {server.store.location} ({mode}) at {server.url}\n"
        f"SPARQL endpoint: {server.url}sparql   canned queries: {server.url}queries\n"
        "Ctrl-C to stop.",
        highlight=False,
        soft_wrap=True,
    )
    if allow_update and host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"kg: warning: anyone who can reach {host}:{port} can change the store")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops the server as Ctrl-C does: workers stopped, store closed."""
    raise KeyboardInterrupt


__all__ = ["serve"]
