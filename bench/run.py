"""kg's benchmark: ingest, store and query, projection, views and analyses, against the
limits of the parts they are built on. Prints a table, writes the figures as JSON.

    python bench/run.py --quick        # about six minutes on two cores: bench/results.json
    python bench/run.py                # the full sizes: bench/results-full.json

* ingest: articles/s and tokens/s of ``kg ingest`` with 1 and 2 workers, each next to
  the bare spaCy pipeline (``nlp.pipe``) over the same texts in the same processes,
  alternating with it for a few rounds (the median round counts), and the peak RSS at
  growing corpus sizes (:mod:`bench.ingest_bench`, one fresh process per measurement);
* store: triples written per second, p50/p95 of every canned query and of the
  projection to networkx on stores of generated RDF (:mod:`bench.store_bench`);
* scale: ``kg ingest --cluster`` on 1, 2, 4 Dask workers, first pages of the canned
  queries and projection at up to 10 M triples, the same store in Virtuoso
  (:mod:`bench.scale_bench`);
* graphs: time to write the who-accused-whom page and whether Chromium sees it
  stabilise, and the time of every analysis, on plain networkx and on each installed
  networkx backend (:mod:`bench.graph_bench`).

Each figure set is measured in a child process (``--part``), so that one part's memory
and caches do not colour the next.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: bench and kg import from the checkout
    sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

# The bars of issue 5.
INGEST_RATIO_BAR = 0.8
QUERY_P50_BAR_MS = 100.0
QUERY_BAR_TRIPLES = 1_000_000
PROJECTION_BAR_S = 10.0
VIEW_BAR_S = 5.0
VIEW_BAR_CLAIMS = 10_000
# The bars of issue 14 (first pages use QUERY_P50_BAR_MS, at the largest store measured).
SCALE_PROJECTION_BAR_S = 20.0


@dataclass(frozen=True)
class Sizes:
    """What one mode measures."""

    name: str
    # (articles, workers, rounds): rounds of ingest between raw runs (0: no raw side)
    ingest: tuple[tuple[int, int, int], ...]
    triples: tuple[int, ...]
    write_articles: int
    claims: tuple[int, ...]
    browser_up_to: int  # claims: larger pages are written but not opened
    query_budget_s: float
    memory: tuple[int, ...] = ()  # articles written through kg and to a bare store, for RSS
    cluster: tuple[int, tuple[int, ...]] = (0, ())  # articles, worker counts (issue 14)
    pages: tuple[int, ...] = ()  # store sizes: first pages and projection (issue 14)
    virtuoso: tuple[int, ...] = ()  # store sizes loaded into Virtuoso too


SIZES = {
    "tiny": Sizes("tiny", ((6, 1, 1),), (20_000,), 10, (300,), 0, 0.2),
    "quick": Sizes(
        "quick",
        ((100, 1, 3), (100, 2, 3)),
        (100_000, 1_000_000),
        100,
        (1_000, 10_000),
        10_000,
        1.0,
        memory=(500,),
        cluster=(16, (1, 2)),
        pages=(100_000,),
        virtuoso=(100_000,),
    ),
    "full": Sizes(
        "full",
        ((200, 1, 3), (200, 2, 3), (1_000, 1, 1), (1_000, 2, 1), (5_000, 2, 0)),
        (100_000, 1_000_000, 10_000_000),
        500,
        (1_000, 10_000, 100_000),
        100_000,
        4.0,
        memory=(5_000,),
        cluster=(100, (1, 2, 4)),
        pages=(10_000_000,),
        virtuoso=(10_000_000,),
    ),
}


# --- parts, each run in a child process ---------------------------------------------------


def part_ingest(sizes: Sizes, workdir: Path) -> dict[str, Any]:
    """Every ingest measurement of ``sizes``, each in a fresh process."""
    from bench import corpus

    largest = max(n for n, _, _ in sizes.ingest)
    real = corpus.real_records(SHARED_CORPUS)
    warmup = corpus.write_jsonl(workdir / "warmup.jsonl", 8, seed=99)
    runs = []
    for articles, workers, rounds in sizes.ingest:
        extra = real if articles == largest else []
        path = workdir / f"corpus-{articles}+{len(extra)}.jsonl"  # generated + real articles
        if not path.exists():
            corpus.write_jsonl(path, articles, extra=extra)
        spec = {
            "workers": workers,
            "corpus": str(path),
            "warmup": str(warmup),
            "articles": articles,
            "rounds": rounds,
        }
        done = subprocess.run(
            [sys.executable, "-m", "bench.ingest_bench", json.dumps(spec)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append({"corpus_articles": articles} | json.loads(done.stdout.splitlines()[-1]))
    return {"runs": runs, "real_articles": len(real)}


def part_store(sizes: Sizes, workdir: Path) -> dict[str, Any]:
    """Write rate, canned queries and projection at each store size."""
    from bench import store_bench
    from kg.store import OxigraphStore

    out: dict[str, Any] = {"write": store_bench.write_rate(workdir, sizes.write_articles, seed=7)}
    for triples in sizes.triples:
        path, info = store_bench.build(workdir, triples)
        store = OxigraphStore(path, read_only=True)
        params = store_bench.pick_params(store)
        out[str(triples)] = {
            "store": info,
            "queries": store_bench.time_queries(store, params, sizes.query_budget_s),
            "projection": store_bench.time_projection(store, 3 * sizes.query_budget_s),
        }
        store.close()
    for articles in sizes.memory:
        out[f"memory-{articles}"] = {how: _memory(workdir, articles, how) for how in ("kg", "bare")}
    return out


def _memory(workdir: Path, articles: int, how: str) -> list[dict[str, float]]:
    """RSS checkpoints of writing ``articles`` through kg or to a bare store, in a fresh
    process (:func:`bench.store_bench.write_memory`)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.store_bench", str(workdir), str(articles), how],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def part_graphs(sizes: Sizes, workdir: Path) -> dict[str, Any]:
    """The page and the analyses at each number of claims, per networkx backend."""
    from bench import graph_bench
    from kg.analysis import backends

    out: dict[str, Any] = {"backends": backends.installed(), "cpus": os.cpu_count()}
    for claims in sizes.claims:
        graph = graph_bench.claims_graph(claims)
        row: dict[str, Any] = {"actors": graph.number_of_nodes()}
        row["view"] = graph_bench.time_view(graph, browser=claims <= sizes.browser_up_to)
        row["analyses"] = {"networkx": graph_bench.time_analyses(graph)}
        for backend in backends.installed():
            row["analyses"][backend] = graph_bench.time_analyses(graph, backend)
        out[str(claims)] = row
    return out


def part_scale(sizes: Sizes, workdir: Path) -> dict[str, Any]:
    """Issue 14: cluster ingest, first pages and projection, Virtuoso beside them."""
    from bench import scale_bench, store_bench
    from kg.store import OxigraphStore

    out: dict[str, Any] = {}
    articles, workers = sizes.cluster
    if workers:
        out["cluster"] = scale_bench.time_cluster(workdir, articles, workers)
    for triples in sorted(set(sizes.pages) | set(sizes.virtuoso)):
        path, info = store_bench.build(workdir, triples)
        store = OxigraphStore(path, read_only=True)
        params = store_bench.pick_params(store)
        row: dict[str, Any] = {"store": info}
        if triples in sizes.pages:
            row["pages"] = scale_bench.time_pages(store, params, sizes.query_budget_s)
            row["projection"] = scale_bench.time_projection(store, 3 * sizes.query_budget_s)
        store.close()
        if triples in sizes.virtuoso:
            row["virtuoso"] = scale_bench.time_virtuoso(path, params, sizes.query_budget_s)
        out[str(triples)] = row
    return out


PARTS = {"ingest": part_ingest, "store": part_store, "graphs": part_graphs, "scale": part_scale}


def run_part(name: str, sizes: Sizes, workdir: Path) -> dict[str, Any]:
    """One part in a child process; its figures, and how long it took."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--part", name, "--sizes", sizes.name,
         "--workdir", str(workdir)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:], "seconds": 0.0}
    return json.loads(done.stdout) | {"seconds": time.perf_counter() - started}


# --- figures ------------------------------------------------------------------------------


def ingest_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per run with a raw side: kg's and spaCy's articles/s and tokens/s, and the ratio
    (of the round with the median ratio, when ingest and raw runs alternated)."""
    rows = []
    for run in runs:
        ing = run["ingest"]
        row = {
            "articles": ing["articles"],
            "workers": run["workers"],
            "ingest_articles_per_s": ing["articles"] / ing["seconds"],
            "peak_rss_mb": ing["peak_rss_mb"],
            "peak_main_rss_mb": ing["peak_main_rss_mb"],
            "failures": ing["failures"],
        }
        if "raw" in run:
            raw = run["raw"]
            row["spacy_articles_per_s"] = raw["articles"] / raw["seconds"]
            row["ingest_tokens_per_s"] = raw["tokens"] / ing["seconds"]
            row["spacy_tokens_per_s"] = raw["tokens"] / raw["seconds"]
            row["ingest_ratio"] = row["ingest_articles_per_s"] / row["spacy_articles_per_s"]
            row["cpus_busy"] = f"{ing['cpus_busy']:.2f} / {raw['cpus_busy']:.2f}"
            row["round_ratios"] = [r["ratio"] for r in run.get("rounds", [])]
        rows.append(row)
    return {"rows": rows}


def headline(results: dict[str, Any]) -> dict[str, Any]:
    """The figures the issue names, at the top of the JSON; the ingest ones are those of
    the worst ratio among the largest compared runs (the bar must hold for every one)."""
    out: dict[str, Any] = {}
    rows = [r for r in results.get("ingest", {}).get("rows", []) if "ingest_ratio" in r]
    if rows:
        largest = max(r["articles"] for r in rows)
        worst = min((r for r in rows if r["articles"] == largest), key=lambda r: r["ingest_ratio"])
        for key in ("ingest_articles_per_s", "spacy_articles_per_s", "ingest_ratio", "workers"):
            out[key if key != "workers" else "ingest_ratio_workers"] = worst[key]
        for r in rows:
            if r["articles"] == largest:
                out[f"ingest_ratio_w{r['workers']}"] = r["ingest_ratio"]
    return out


def bars(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each bar of the issue: the figure, the limit, and whether it holds."""
    found: list[dict[str, Any]] = []
    cpus = results.get("machine", {}).get("cpus") or os.cpu_count() or 1
    for row in results.get("ingest", {}).get("rows", []):
        if "ingest_ratio" in row:
            # N workers and the writer: more processes than CPUs share them, so the ratio
            # is the parse's share of all the CPU time, not the speed of an idle machine.
            crowded = " (workers and writer share the CPUs)" if row["workers"] >= cpus else ""
            found.append(_bar(f"ingest / spaCy, {row['articles']} articles, "
                              f"{row['workers']} worker(s){crowded}", row["ingest_ratio"],
                              f">= {INGEST_RATIO_BAR}", row["ingest_ratio"] >= INGEST_RATIO_BAR))  # fmt: skip
    at = results.get("store", {}).get(str(QUERY_BAR_TRIPLES))
    if at:
        for name, q in at["queries"].items():
            found.append(_bar(f"{name} p50 at 1M triples ({q['rows']} rows)", q["p50_ms"],
                              f"< {QUERY_P50_BAR_MS:g} ms", q["p50_ms"] < QUERY_P50_BAR_MS))  # fmt: skip
        projection = at["projection"]["actor_graph"]["p50_ms"] / 1000
        found.append(_bar("projection of 1M triples (s)", projection, f"< {PROJECTION_BAR_S:g} s",
                          projection < PROJECTION_BAR_S))  # fmt: skip
    found += _scale_bars(results.get("scale", {}))
    view = results.get("graphs", {}).get(str(VIEW_BAR_CLAIMS), {}).get("view")
    if view:
        found.append(_bar("HTML for 10k claims (s)", view["total_s"], f"< {VIEW_BAR_S:g} s",
                          view["total_s"] < VIEW_BAR_S))  # fmt: skip
        if "stabilised" in view:
            found.append(_bar("10k-claim page stabilises", view["stabilised"], "true",
                              bool(view["stabilised"])))  # fmt: skip
    return found


def _scale_bars(scale: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 14's bars at the largest store measured: first pages, projection."""
    sizes = sorted((int(k) for k in scale if k.isdigit() and "pages" in scale[k]), reverse=True)
    if not sizes:
        return []
    at, label = scale[str(sizes[0])], f"{sizes[0] / 1e6:g}M triples"
    found = [
        _bar(f"{name} p50 at {label}", q["p50_ms"], f"< {QUERY_P50_BAR_MS:g} ms",
             q["p50_ms"] < QUERY_P50_BAR_MS)
        for name, q in at["pages"].items()
    ]  # fmt: skip
    seconds = at["projection"]["p50_ms"] / 1000
    found.append(_bar(f"projection of {label} (s)", seconds, f"< {SCALE_PROJECTION_BAR_S:g} s",
                      seconds < SCALE_PROJECTION_BAR_S))  # fmt: skip
    return found


def _bar(name: str, value: Any, limit: str, ok: bool) -> dict[str, Any]:
    return {"bar": name, "value": value, "limit": limit, "ok": ok}


def collect(sizes: Sizes, workdir: Path, parts: list[str]) -> dict[str, Any]:
    """Run the parts and put their figures together, headline and bars first."""
    results: dict[str, Any] = {}
    for name in parts:
        results[name] = run_part(name, sizes, workdir)
    if "runs" in results.get("ingest", {}):
        results["ingest"] |= ingest_summary(results["ingest"]["runs"])
    return headline(results) | {"bars": bars(results), "mode": sizes.name,
                                "sizes": asdict(sizes), "machine": machine()} | results  # fmt: skip


def machine() -> dict[str, Any]:
    import networkx
    import pyoxigraph
    import spacy

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": spacy.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "networkx": networkx.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def merged(path: Path, results: dict[str, Any], parts: list[str]) -> dict[str, Any]:
    """``results`` of some parts over what ``path`` already holds of the others, bars
    recomputed from the whole (``--part`` runs add sections, never clobber them)."""
    if set(parts) == set(PARTS) or not path.exists():
        return results
    old = json.loads(path.read_text(encoding="utf-8"))
    combined = old | {k: v for k, v in results.items() if k in parts}
    return combined | headline(combined) | {"bars": bars(combined)}


def write_results(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")


# --- the table ----------------------------------------------------------------------------


def print_table(results: dict[str, Any], console: Console) -> None:
    for title, rows in tables(results).items():
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for i, column in enumerate(rows[0]):
            table.add_column(column, justify="left" if i == 0 else "right")
        for row in rows:
            table.add_row(*(_fmt(v) for v in row.values()))
        console.print(table)


def tables(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The figures as rows of plain values, one list per table."""
    out: dict[str, list[dict[str, Any]]] = {}
    out["Ingest (kg ingest against nlp.pipe of the same pipeline, same texts)"] = [
        {"articles": r["articles"], "workers": r["workers"],
         "kg art/s": r["ingest_articles_per_s"], "spaCy art/s": r.get("spacy_articles_per_s"),
         "kg tok/s": r.get("ingest_tokens_per_s"), "spaCy tok/s": r.get("spacy_tokens_per_s"),
         "ratio": r.get("ingest_ratio"),
         "rounds": " ".join(f"{x:.2f}" for x in r.get("round_ratios", [])) or None,
         "CPUs busy kg / spaCy": r.get("cpus_busy"),
         "peak RSS MB": r["peak_rss_mb"],
         "main RSS MB": r["peak_main_rss_mb"]}
        for r in results.get("ingest", {}).get("rows", [])
    ]  # fmt: skip
    store = results.get("store", {})
    sizes = [k for k in store if k.isdigit()]
    if sizes:
        names = list(store[sizes[0]]["queries"])
        out["Canned queries, p50 / p95 ms (rows at the largest size)"] = [
            {"query": n}
            | {f"{int(s):,} triples": _pair(store[s]["queries"][n]) for s in sizes}
            | {"rows": store[sizes[-1]]["queries"][n]["rows"]}
            for n in names
        ]
        out["Projection to networkx, p50 s"] = [
            {"what": n} | {f"{int(s):,} triples": store[s]["projection"][n]["p50_ms"] / 1000
                           for s in sizes}
            for n in store[sizes[0]]["projection"]
        ]  # fmt: skip
    if "write" in store:
        w = store["write"]
        out["Writes (one transaction per article, on disk)"] = [
            {"what": "kg write_article", "triples/s": w["triples_per_s"],
             "ms/article": w["write_article_ms"]},
            {"what": "pyoxigraph extend (floor)", "triples/s": w["oxigraph_extend_triples_per_s"],
             "ms/article": w["extend_ms"]},
        ]  # fmt: skip
    memory = [k for k in store if k.startswith("memory-")]
    if memory:
        out["Store memory: RSS MB while writing, through kg and to a bare pyoxigraph store"] = [
            {"articles written": c["articles"], "kg": c["rss_mb"], "bare store": b["rss_mb"]}
            for k in memory
            for c, b in zip(store[k]["kg"], store[k]["bare"])
        ]
    graphs = results.get("graphs", {})
    claims = [k for k in graphs if k.isdigit()]
    if claims:
        out["Views: who-accused-whom page"] = [
            {"claims": int(c), "actors": graphs[c]["actors"], "write s": graphs[c]["view"]["total_s"],
             "MB": graphs[c]["view"]["html_mb"], "drawn edges": graphs[c]["view"]["drawn_edges"],
             "stabilised": graphs[c]["view"].get("stabilised", "not opened"),
             "layout s": graphs[c]["view"].get("stabilised_s")}
            for c in claims
        ]  # fmt: skip
        engines = list(graphs[claims[0]]["analyses"])
        out["Analyses, seconds"] = [
            {"analysis": a} | {f"{int(c):,} claims" + ("" if e == "networkx" else f" [{e}]"):
                               graphs[c]["analyses"][e][a]["s"] for c in claims for e in engines}
            for a in graphs[claims[0]]["analyses"]["networkx"]
        ]  # fmt: skip
    out |= _scale_tables(results.get("scale", {}))
    out["Bars"] = [
        {
            "bar": b["bar"],
            "value": b["value"],
            "limit": b["limit"],
            "ok": "yes" if b["ok"] else "NO",
        }
        for b in results.get("bars", [])
    ]
    return out


def _scale_tables(scale: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if "cluster" in scale:
        out[f"kg ingest --cluster (LocalCluster, {scale['cluster']['articles']} articles)"] = [
            {"workers": r["workers"], "art/s": r["articles_per_s"], "speed-up": r["speedup"],
             "efficiency": r["efficiency"], "start-up s": r["startup_s"],
             "same exports": "yes" if r.get("exports_identical", True) else "NO"}
            for r in scale["cluster"]["runs"]
        ]  # fmt: skip
    sizes = [k for k in scale if k.isdigit()]
    paged = [k for k in sizes if "pages" in scale[k]]
    if paged:
        names = list(scale[paged[0]]["pages"])
        out["First page (--limit 50), p50 / p95 ms: embedded store [Virtuoso]"] = [
            {"query": n}
            | {f"{int(s):,} triples": _pair(scale[s]["pages"][n]) for s in paged}
            | {f"{int(s):,} [Virtuoso]": _pair(scale[s]["virtuoso"]["pages"][n])
               for s in sizes if "pages" in scale[s].get("virtuoso", {})}
            for n in names
        ]  # fmt: skip
        out["Projection (actor_graph), s"] = [
            {"triples": int(s), "seconds": scale[s]["projection"]["p50_ms"] / 1000,
             "edges": scale[s]["projection"]["edges"]}
            for s in paged
        ]  # fmt: skip
    loaded = [k for k in sizes if "load_s" in scale[k].get("virtuoso", {})]
    if loaded:
        out["Virtuoso bulk load, s"] = [
            {"triples": int(s), "dump from Oxigraph": scale[s]["virtuoso"]["dump_s"],
             "ld_dir + rdf_loader_run": scale[s]["virtuoso"]["load_s"],
             "embedded build": scale[s]["store"]["build_s"]}
            for s in loaded
        ]  # fmt: skip
    return out


def _pair(q: dict[str, Any]) -> str:
    return f"{q['p50_ms']:.1f} / {q['p95_ms']:.1f}"


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--quick", action="store_true", help="small sizes: about six minutes on two cores"
    )
    mode.add_argument("--tiny", action="store_true", help="smallest sizes: a smoke test")
    mode.add_argument("--sizes", choices=sorted(SIZES), help=argparse.SUPPRESS)
    parser.add_argument("--part", choices=sorted(PARTS), action="append",
                        help="only these parts (repeatable; default: all)")  # fmt: skip
    parser.add_argument("--out", type=Path, help="where the JSON goes (default: by mode)")
    parser.add_argument("--workdir", type=Path, help="corpora and stores, reused across runs")
    args = parser.parse_args(argv)
    name = args.sizes or ("quick" if args.quick else "tiny" if args.tiny else "full")
    sizes = SIZES[name]
    workdir = args.workdir or Path(tempfile.gettempdir()) / "kg-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    if args.sizes:  # a child: one part, its JSON on stdout
        (part,) = args.part
        print(json.dumps(PARTS[part](sizes, workdir), default=str))
        return None
    results = collect(sizes, workdir, args.part or list(PARTS))
    default = {"quick": "results.json", "full": "results-full.json", "tiny": "results-tiny.json"}
    out = args.out or Path(__file__).parent / default[name]
    results = merged(out, results, args.part or list(PARTS))
    write_results(out, results)
    console = Console(width=max(Console().width, 130))
    print_table(results, console)
    console.print(f"figures written to {out}")
    return results


if __name__ == "__main__":
    main()
