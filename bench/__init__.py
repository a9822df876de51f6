"""kg's benchmark: ``python bench/run.py [--quick]`` (see :mod:`bench.run`).

* :mod:`bench.corpus` — generated news articles for scale runs;
* :mod:`bench.rdfgen` — the same articles as kg's own triples, bulk-loaded into big stores;
* :mod:`bench.ingest_bench` — one ingest measurement against the bare spaCy pipeline;
* :mod:`bench.store_bench` — writes, canned queries, projection, store memory;
* :mod:`bench.graph_bench` — the interactive page and the analyses.
"""
