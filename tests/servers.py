"""Real SPARQL servers for the tests, on loopback: Oxigraph server and Virtuoso 7.

Each starts once per session on free ports, in a temporary directory, and stops at
the end; a test gets an empty dataset (:meth:`Server.reset`). Without the binary
(``pip install oxigraph``; ``apt-get install virtuoso-opensource``) the fixture skips
with the reason.

``store_location`` is the ``--store`` of the test: a fresh directory (embedded), or a
server's URL, for each of :data:`STORE_KINDS`. Use it from ``tests/conftest.py``::

    from tests.servers import oxigraph_server, store_location, virtuoso_server  # noqa: F401
"""

from __future__ import annotations

import configparser
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

STORE_KINDS = ("embedded", "oxigraph-server", "virtuoso")
VIRTUOSO_INI = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)
VIRTUOSO_VAD = Path("/usr/share/virtuoso-opensource-7/vad")
START_TIMEOUT = 120.0


@dataclass
class Server:
    """A running server: ``location`` is what ``--store`` takes."""

    name: str
    location: str
    update_url: str
    process: subprocess.Popen[bytes]
    log: Path
    reset: Callable[[], None] = field(repr=False, default=lambda: None)

    @property
    def base(self) -> str:
        return self.location.rsplit("/", 1)[0]

    def update(self, text: str, url: str | None = None) -> None:
        response = requests.post(url or self.update_url, data={"update": text}, timeout=60)
        assert response.status_code < 300, response.text[:500]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(server: Server, probe_url: str) -> None:
    """Poll until the server answers a query, or fail with the end of its log."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if requests.get(probe_url, params={"query": "ASK {}"}, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    server.stop()
    tail = server.log.read_text(errors="replace")[-2000:] if server.log.exists() else ""
    pytest.fail(f"{server.name} did not start:\n{tail}")


# --- Oxigraph server ----------------------------------------------------------------------


def oxigraph_binary() -> str | None:
    venv_bin = str(Path(sys.executable).parent)
    return shutil.which("oxigraph", path=os.pathsep.join([venv_bin, os.environ.get("PATH", "")]))


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``oxigraph serve`` (PyPI ``oxigraph``), started without --union-default-graph."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("Oxigraph server is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    server = Server("oxigraph-server", f"{base}/query", f"{base}/update", process, log)
    server.reset = lambda: server.update("DROP ALL")
    wait_until_up(server, server.location)
    yield server
    server.stop()


# --- Virtuoso -----------------------------------------------------------------------------


def virtuoso_ini(template: Path, folder: Path, http_port: int, sql_port: int) -> str:
    """The packaged virtuoso.ini, moved into ``folder`` and onto loopback ports."""
    config = configparser.ConfigParser(
        strict=False, interpolation=None, inline_comment_prefixes=(";",)
    )
    config.optionxform = str  # type: ignore[assignment,method-assign]
    config.read(template)
    files = {
        "DatabaseFile": "db",
        "ErrorLogFile": "log",
        "LockFile": "lck",
        "TransactionFile": "trx",
    }
    for key, suffix in files.items():
        config["Database"][key] = str(folder / f"virtuoso.{suffix}")
    config["Database"]["xa_persistent_file"] = str(folder / "virtuoso.pxa")
    config["TempDatabase"]["DatabaseFile"] = str(folder / "virtuoso-temp.db")
    config["TempDatabase"]["TransactionFile"] = str(folder / "virtuoso-temp.trx")
    config["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    config["Parameters"]["DirsAllowed"] = f"., {folder}, {VIRTUOSO_VAD}"
    config["Parameters"]["NumberOfBuffers"] = "10000"
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    config["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    # Its cost estimate refuses kg's aggregate subqueries (docs/remote-stores.md).
    config["SPARQL"]["MaxQueryCostEstimationTime"] = "0"
    lines = []
    for section in config.sections():
        lines.append(f"[{section}]")
        lines += [f"{key} = {value}" for key, value in config[section].items()]
        lines.append("")
    return "\n".join(lines)


def virtuoso_sql(sql_port: int, statement: str) -> None:
    """Run one SQL statement as dba through isql."""
    result = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "Error" not in result.stdout, result.stdout + result.stderr


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso open source 7 with its own database, anonymous SPARQL updates granted."""
    template = next((p for p in VIRTUOSO_INI if p.exists()), None)
    if not shutil.which("virtuoso-t") or not shutil.which("isql-vt") or template is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(template, folder, http_port, sql_port))
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    server = Server("virtuoso", url, url, process, log)
    wait_until_up(server, url)
    virtuoso_sql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
    server.reset = lambda: drop_all_but_system_graphs(server)
    yield server
    server.stop()


def drop_all_but_system_graphs(server: Server) -> None:
    """Virtuoso keeps its own graphs (DROP ALL would break it): drop every other graph."""
    from kg.store import SelectResult
    from kg.store.endpoint import EndpointStore

    store = EndpointStore(server.location)
    try:
        result = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, SelectResult)
        graphs = [row[0] for row in result.rows]
    finally:
        store.close()
    if graphs:
        server.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


# --- the store under test -----------------------------------------------------------------

SERVER_FIXTURES = {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}


@pytest.fixture(params=STORE_KINDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the CLI under test keeps its store (``--store``): each kind in turn."""
    if request.param == "embedded":
        return str(tmp_path / "cli-store")
    server: Server = request.getfixturevalue(SERVER_FIXTURES[request.param])
    server.reset()
    return server.location
