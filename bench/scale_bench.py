"""Past one machine: extraction on a Dask cluster, first pages of the canned queries,
projection, and Virtuoso beside the embedded store.

* cluster: ``kg ingest --cluster`` on a ``LocalCluster`` of 1, 2, 4 worker processes
  (one thread each, loopback TCP) over the same generated articles, pipelines loaded
  before the clock starts; articles/s, scaling efficiency (speed-up / workers), and
  whether the exports (claims, policies, events) are byte-identical to plain ingest's;
* pages: the first page (``--limit 50``) of every canned query and the whole answer of
  ``accusations`` for one actor, p50/p95, and :func:`kg.project.actor_graph`;
* virtuoso: the same store bulk-loaded into Virtuoso 7 (``ld_dir`` + ``rdf_loader_run``),
  then the same first pages through ``--store URL`` (:class:`kg.store.endpoint.EndpointStore`).
  Skipped, with the reason, without ``virtuoso-t`` and ``isql-vt``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import corpus, store_bench
from kg import query
from kg.store import Store

__all__ = ["FIRST_PAGE", "time_cluster", "time_pages", "time_virtuoso"]

FIRST_PAGE = 50


# --- cluster ------------------------------------------------------------------------------


def time_cluster(workdir: Path, articles: int, workers: tuple[int, ...]) -> dict[str, Any]:
    """Ingest ``articles`` generated articles through a LocalCluster of each size."""
    from distributed import LocalCluster

    from kg.extract import Extractor
    from kg.extract.cluster import ClusterExtraction
    from kg.ingest import ingest
    from kg.store import OxigraphStore

    path = corpus.write_jsonl(workdir / f"cluster-{articles}.jsonl", articles, seed=5)
    plain = OxigraphStore(None)
    ingest([path], plain, extractor=Extractor())
    reference = _exports(plain)  # what kg ingest stores without a cluster
    runs = []
    for n in workers:
        with (
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster,
            ClusterExtraction(cluster.scheduler_address, batch_size=4) as remote,
        ):  # fmt: skip
            started = time.perf_counter()
            remote.ready(n)
            startup = time.perf_counter() - started
            store = OxigraphStore(None)
            started = time.perf_counter()
            report = ingest([path], store, extractor=remote)
            seconds = time.perf_counter() - started
        runs.append({
            "workers": n, "articles": report.articles, "failures": len(report.failures),
            "startup_s": startup, "seconds": seconds, "articles_per_s": report.articles / seconds,
            "exports_identical": _exports(store) == reference,
        })  # fmt: skip
    base = runs[0]["articles_per_s"] / runs[0]["workers"]
    for run in runs:
        run["speedup"] = run["articles_per_s"] / runs[0]["articles_per_s"]
        run["efficiency"] = run["articles_per_s"] / (base * run["workers"])
    return {"articles": articles, "runs": runs}


def _exports(store: Store) -> tuple[str, ...]:
    """``kg export claims``, ``policies`` and ``events`` as JSON Lines text."""
    import io

    from kg.query import export

    out = []
    for records in (export.claims(store), export.policies(store), export.events(store)):
        buffer = io.StringIO()
        export.write_records(records, "jsonl", buffer)
        out.append(buffer.getvalue())
    return tuple(out)


# --- pages --------------------------------------------------------------------------------


def time_pages(
    store: Store, params: dict[str, dict[str, str]], budget_s: float
) -> dict[str, dict[str, Any]]:
    """p50/p95 of the first page of each canned query, and of the whole answer of
    ``accusations`` for one (the most involved) actor."""
    out: dict[str, dict[str, Any]] = {}
    for label, values in params.items():
        name = label.split(" (")[0]
        times, result = store_bench.timed(
            lambda n=name, v=values: query.run(store, n, v, limit=FIRST_PAGE), budget_s
        )
        out[label] = store_bench.percentiles(times) | {"rows": len(result), "params": values}
    values = params["accusations"]
    times, result = store_bench.timed(lambda: query.run(store, "accusations", values), budget_s)
    out["accusations, one actor, every row"] = store_bench.percentiles(times) | {
        "rows": len(result),
        "params": values,
    }
    return out


def time_projection(store: Store, budget_s: float) -> dict[str, Any]:
    from kg import project

    times, graph = store_bench.timed(lambda: project.actor_graph(store), budget_s, max_runs=3)
    return store_bench.percentiles(times) | {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }


# --- Virtuoso -----------------------------------------------------------------------------


def time_virtuoso(
    store_path: Path, params: dict[str, dict[str, str]], budget_s: float, buffers: int = 170_000
) -> dict[str, Any]:
    """Bulk-load the embedded store at ``store_path`` into a fresh Virtuoso and time the
    same first pages there. ``buffers`` (8 KB pages) sizes Virtuoso's cache."""
    template = next((p for p in _virtuoso_inis() if p.exists()), None)
    if not shutil.which("virtuoso-t") or not shutil.which("isql-vt") or template is None:
        return {"skipped": "Virtuoso is not installed (apt-get install virtuoso-opensource)"}
    import pyoxigraph as ox

    from kg.store.endpoint import EndpointStore
    from tests.servers import free_port, virtuoso_ini

    with tempfile.TemporaryDirectory(prefix="kg-virtuoso-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        source = ox.Store.read_only(str(store_path))
        source.dump(str(folder / "data.nq"), ox.RdfFormat.N_QUADS)
        del source
        dump_s = time.perf_counter() - started
        http_port, sql_port = free_port(), free_port()
        ini = virtuoso_ini(template, folder, http_port, sql_port)
        ini = ini.replace("NumberOfBuffers = 10000", f"NumberOfBuffers = {buffers}")
        (folder / "virtuoso.ini").write_text(ini)
        log = (folder / "server.log").open("wb")
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
            cwd=folder, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{http_port}/sparql"
            _wait(url, process)
            started = time.perf_counter()
            for statement in (
                f"ld_dir('{folder}', 'data.nq', 'urn:kg:unused');",
                "rdf_loader_run();",
                "checkpoint;",
            ):
                _isql(sql_port, statement)
            load_s = time.perf_counter() - started
            store = EndpointStore(url)
            out: dict[str, Any] = {
                "dump_s": dump_s,
                "load_s": load_s,
                "pages": time_pages(store, params, budget_s),
            }
            store.close()
            return out
        finally:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


def _virtuoso_inis() -> tuple[Path, ...]:
    return (
        Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
        Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
    )


def _isql(sql_port: int, statement: str) -> None:
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True, text=True, timeout=4 * 3600,
    )  # fmt: skip
    if done.returncode != 0 or "Error" in done.stdout:
        raise RuntimeError(f"isql {statement}: {done.stdout[-300:]} {done.stderr[-300:]}")


def _wait(url: str, process: subprocess.Popen[bytes], timeout: float = 300.0) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Virtuoso did not come up at {url}")
