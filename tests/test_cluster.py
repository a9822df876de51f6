"""Extraction on a Dask cluster over loopback TCP: the same exports as ``kg ingest``
without it, input order kept, a killed worker costing nothing, bad articles one line.

A ``LocalCluster`` with separate worker processes, and a scheduler and workers started
as separate ``dask`` processes; the store is the embedded one or an Oxigraph server.
Skips without ``dask[distributed]`` (``pip install -e '.[test]'`` installs it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("distributed", reason="needs dask[distributed] (pip install 'kg[cluster]')")

from distributed import Client, LocalCluster

from bench import corpus
from kg.extract.cluster import ClusterError, ClusterExtraction
from kg.ingest import ingest
from kg.query import export
from kg.store import OxigraphStore, Store, open_store
from tests.conftest import run_kg
from tests.servers import Server, free_port

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    pass

pytestmark = [pytest.mark.cluster, pytest.mark.slow]
ARTICLES = 24


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few dozen generated articles, plus two bad lines in the middle."""
    path = tmp_path_factory.mktemp("cluster") / "articles.jsonl"
    corpus.write_jsonl(path, ARTICLES, seed=14)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(5, "{not json\n")
    lines.insert(12, json.dumps({"id": "no-text"}) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _exports(store: Store) -> tuple[bytes, bytes]:
    """``kg export claims`` and ``kg export policies`` as JSON Lines bytes."""
    import io

    out = []
    for records in (export.claims(store), export.policies(store)):
        buffer = io.StringIO()
        export.write_records(records, "jsonl", buffer)
        out.append(buffer.getvalue().encode())
    return out[0], out[1]


@pytest.fixture(scope="module")
def reference(corpus_file: Path) -> tuple[bytes, bytes, list[str], list[str]]:
    """What plain ``kg ingest`` (one process) stores for the corpus."""
    from kg.extract import Extractor

    store = OxigraphStore(None)
    report = ingest([corpus_file], store, extractor=Extractor())
    assert len(report.failures) == 2
    return (*_exports(store), report.article_ids, [str(f) for f in report.failures])


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[LocalCluster]:
    """Two worker processes (one thread each) and a scheduler on 127.0.0.1."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        protocol="tcp://",
        dashboard_address=None,
    ) as cluster:
        yield cluster


def _worker_pids(client: Client) -> dict[str, int]:
    return client.run(os.getpid)


def test_local_cluster_stores_what_one_process_stores(
    local_cluster: LocalCluster, corpus_file: Path, reference: tuple
) -> None:
    claims, policies, ids, failures = reference
    assert local_cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    store = OxigraphStore(None)
    with ClusterExtraction(local_cluster.scheduler_address, batch_size=3) as remote:
        remote.ready(2)
        assert len(set(_worker_pids(remote.client).values())) == 2
        report = ingest([corpus_file], store, extractor=remote)
    assert report.article_ids == ids  # input order
    assert [str(f) for f in report.failures] == failures
    assert len(ids) == ARTICLES
    assert _exports(store) == (claims, policies)


def test_a_killed_worker_loses_and_duplicates_nothing(
    local_cluster: LocalCluster, corpus_file: Path, reference: tuple
) -> None:
    claims, policies, ids, _ = reference
    store = OxigraphStore(None)
    written: list[str] = []
    killed: list[int] = []
    with ClusterExtraction(local_cluster.scheduler_address, batch_size=2) as remote:
        remote.ready(2)

        def kill_one(origin: str) -> None:
            written.append(origin)
            if len(written) == 4 and not killed:  # chunks are in flight on both workers
                pid = next(iter(_worker_pids(remote.client).values()))
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        report = ingest([corpus_file], store, extractor=remote, on_article=kill_one)
        remote.ready(2, timeout=120)  # the nanny brings a fresh worker back
        assert killed[0] not in _worker_pids(remote.client).values()
    assert report.article_ids == ids
    assert len(set(report.article_ids)) == len(report.article_ids)
    assert len(store.article_graphs()) == ARTICLES
    assert _exports(store) == (claims, policies)


def test_a_missing_model_fails_before_any_work(local_cluster: LocalCluster) -> None:
    with (
        ClusterExtraction(local_cluster.scheduler_address, model="no_such_spacy_model") as remote,
        pytest.raises(ClusterError, match=r"failed to start: .*no_such_spacy_model"),
    ):
        remote.ready(2)


def test_an_unreachable_scheduler_is_one_line() -> None:
    port = free_port()
    with pytest.raises(
        ClusterError, match=rf"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"
    ):
        ClusterExtraction(f"tcp://127.0.0.1:{port}", timeout=2)


# --- a scheduler and workers as separate `dask` processes --------------------------------


@pytest.fixture(scope="module")
def dask_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and ``dask worker`` (2 processes) on 127.0.0.1, as on a cluster."""
    folder = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    logs = [(folder / "scheduler.log").open("wb"), (folder / "worker.log").open("wb")]
    scheduler = subprocess.Popen(  # its dashboard on a free port: 8787 may be taken
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", "127.0.0.1:0"],
        stdout=logs[0],
        stderr=subprocess.STDOUT,
        cwd=folder,
    )  # fmt: skip
    _wait_for_line(folder / "scheduler.log", "Scheduler at", scheduler)
    workers = subprocess.Popen(
        [*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
         "--host", "127.0.0.1", "--local-directory", str(folder / "workers")],
        stdout=logs[1],
        stderr=subprocess.STDOUT,
        cwd=folder,
    )  # fmt: skip
    try:
        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=180)
        yield address
    finally:
        for process in (workers, scheduler):
            process.send_signal(signal.SIGINT)
        for process in (workers, scheduler):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        for log in logs:
            log.close()


def _wait_for_line(log: Path, text: str, process: subprocess.Popen, seconds: int = 120) -> None:
    """Wait until a started process logs ``text``; fail with its log if it dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        written = log.read_text(errors="replace") if log.exists() else ""
        if text in written:
            return
        if process.poll() is not None:
            pytest.fail(f"{log.name}: the process ended: {written[-2000:]}")
        time.sleep(0.2)
    pytest.fail(f"{log.name}: no {text!r} after {seconds} s")


def _cli_exports(location: str) -> tuple[bytes, bytes]:
    found = []
    for kind in ("claims", "policies"):
        done = run_kg("export", kind, "-f", "jsonl", "-s", location)
        assert done.returncode == 0, done.stderr
        found.append(done.stdout.encode())
    return found[0], found[1]


def test_cli_on_dask_processes_into_the_embedded_store(
    dask_processes: str, corpus_file: Path, reference: tuple, tmp_path: Path
) -> None:
    claims, policies, _, _ = reference
    location = str(tmp_path / "store")
    done = run_kg(
        "ingest", "-q", "-s", location, str(corpus_file), env={"KG_CLUSTER": dask_processes}
    )
    assert done.returncode == 1  # the two bad lines
    lines = done.stderr.strip().splitlines()
    assert lines[-1] == "kg: 2 input(s) failed"
    assert f"kg: failed: {corpus_file}:6: malformed JSON" in lines[0]
    assert len(lines) == 3, lines
    assert _cli_exports(location) == (claims, policies)


def test_cli_on_dask_processes_into_an_oxigraph_server(
    dask_processes: str, corpus_file: Path, reference: tuple, oxigraph_server: Server
) -> None:
    claims, policies, _, _ = reference
    oxigraph_server.reset()
    done = run_kg(
        "ingest",
        "-q",
        "--cluster",
        dask_processes,
        "-s",
        oxigraph_server.location,
        str(corpus_file),
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "kg: 2 input(s) failed"
    store = open_store(oxigraph_server.location)
    try:
        graphs = store.query(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a kg:Article } }"
        )
        assert int(graphs.rows[0][0]) == ARTICLES  # type: ignore[union-attr]
    finally:
        store.close()
    assert _cli_exports(oxigraph_server.location) == (claims, policies)


def test_cli_refuses_workers_and_cluster_together(corpus_file: Path, tmp_path: Path) -> None:
    done = run_kg(
        "ingest",
        "-w",
        "2",
        "--cluster",
        "tcp://127.0.0.1:1",
        "-s",
        str(tmp_path / "s"),
        str(corpus_file),
    )
    assert done.returncode != 0
    assert "give --workers or --cluster, not both" in done.stderr
