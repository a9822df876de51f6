"""Large stores, quickly: generated articles → extractions → kg's own triples → bulk load.

The facts of :mod:`bench.corpus` become :class:`kg.model.Extraction` records without
spaCy, and :func:`kg.triples.article_write` turns them into exactly the triples an
ingest would write. They are serialised as N-Quads (article graphs, and the shared
actors graph once per actor) and loaded with pyoxigraph's ``bulk_load``, which
skips the per-article SPARQL Update of :meth:`kg.store.OxigraphStore.write_article`.
"""

from __future__ import annotations

import io
import multiprocessing as mp
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from bench import corpus
from kg.extract import gazetteer
from kg.model import Actor, Article, Claim, Event, Evidence, Extraction, Policy
from kg.store import ArticleWrite, OxigraphStore, nt
from kg.terms import ACTORS_GRAPH
from kg.triples import article_write


@cache
def _gazetteer() -> gazetteer.Gazetteer:
    return gazetteer.load()


def _actor(key: str, unknown: dict[str, str]) -> Actor:
    known = _gazetteer().actors.get(key)
    return known or Actor(key, unknown[key], "Person", aliases=(unknown[key].split()[-1],))


def extraction(gen: corpus.GenArticle) -> Extraction:
    """The extraction a perfect extractor would make of a generated article."""
    gaz = _gazetteer()
    article = Article(
        text=gen.text, id=gen.id, title=gen.title, published=gen.published, url=gen.url,
        source=gen.source, origin=gen.id,
    )  # fmt: skip
    out = Extraction(article=article)
    for i, f in enumerate(gen.facts):
        ev = Evidence(f.sentence, f.start, f.end)
        about = tuple(gaz.technologies[k] for k in f.about if k in gaz.technologies)
        confidence = 0.5 + (i % 5) / 10
        actors = [_actor(k, gen.unknown) for k in f.actors]
        if f.kind == "claim":
            target = actors[1] if len(actors) > 1 else None
            out.claims.append(
                Claim(f.type, actors[0], target, f.content, ev, f.date, confidence, about)
            )
        elif f.kind == "policy":
            out.policies.append(
                Policy(
                    f.type, actors[0], actors[1], ev, f.goods, f.rate_from, f.rate_to,
                    "percent" if f.rate_to is not None else None, f.status, f.date,
                    parties=tuple(actors) if f.type == "agreement" else (),
                    about=about, confidence=confidence,
                )
            )  # fmt: skip
        else:
            out.events.append(Event(f.type, tuple(actors), ev, f.subtype, f.date, None, 0.7))
        for a in actors:
            out.actors.setdefault(a.key, a)
        for t in about:
            out.technologies.setdefault(t.key, t)
    for a in list(out.actors.values()):  # as kg.extract adds leaders' governments
        for key in (a.leader_of, a.part_of):
            if key and key in gaz.actors:
                out.actors.setdefault(key, gaz.actors[key])
    return out


def nquads(write: ArticleWrite, shared_seen: set[str]) -> str:
    """N-Quads of one article's graph, plus shared triples not yet written."""
    g = nt(write.graph)
    lines = [f"{nt(s)} {nt(p)} {nt(o)} {g} .\n" for s, p, o in write.triples]
    shared = nt(ACTORS_GRAPH)
    for s, p, o in write.shared:
        line = f"{nt(s)} {nt(p)} {nt(o)} {shared} .\n"
        if line not in shared_seen:
            shared_seen.add(line)
            lines.append(line)
    return "".join(lines)


def _chunk(args: tuple[int, int, int]) -> tuple[bytes, int, int]:
    """N-Quads for articles ``start..stop`` of a seed: (data, quads, claims)."""
    seed, start, stop = args
    seen: set[str] = set()
    buf, quads, claims = io.StringIO(), 0, 0
    for i in range(start, stop):
        ex = extraction(corpus.article(seed, i))
        text = nquads(article_write(ex), seen)
        quads += text.count("\n")
        claims += len(ex.claims)
        buf.write(text)
    return buf.getvalue().encode("utf-8"), quads, claims


def generate(articles: int, seed: int = 0, processes: int = 2) -> Iterator[tuple[bytes, int, int]]:
    """N-Quads chunks for ``articles`` generated articles, made by ``processes``."""
    step = 250
    jobs = [(seed, i, min(i + step, articles)) for i in range(0, articles, step)]
    if processes <= 1:
        yield from map(_chunk, jobs)
        return
    with mp.get_context("spawn").Pool(processes) as pool:
        yield from pool.imap(_chunk, jobs)


def build_store(path: Path, triples: int, seed: int = 0, processes: int = 2) -> dict[str, float]:
    """A store at ``path`` with about ``triples`` quads: kg's ontology, then bulk-loaded
    generated articles. Returns what was built."""
    import time

    OxigraphStore(path).close()  # creates it with the ontology graph, as kg does
    store = ox.Store(str(path))
    per_article = _per_article(seed)
    n = max(1, round(triples / per_article))
    started = time.perf_counter()
    quads = claims = 0
    for data, q, c in generate(n, seed, processes):
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
        quads, claims = quads + q, claims + c
    store.flush()
    seconds = time.perf_counter() - started
    total = len(store)
    del store
    return {"articles": n, "quads": total, "claims": claims, "build_s": seconds} | index(path)


def index(path: Path) -> dict[str, float]:
    """Rebuild the page index of the store at ``path`` (a bulk load skips it): seconds
    and index triples."""
    import time

    from kg.store import page_index

    store = OxigraphStore(path)
    started = time.perf_counter()
    size = page_index.rebuild(store)
    seconds = time.perf_counter() - started
    store.close()
    return {"index_s": seconds, "index_triples": size}


@cache
def _per_article(seed: int) -> float:
    """Quads per article, from a sample (shared actor triples amortised)."""
    _, quads, _ = _chunk((seed, 0, 200))
    return quads / 200


if __name__ == "__main__":
    import sys
    import time

    t = time.perf_counter()
    total = sum(q for _, q, _ in generate(int(sys.argv[1]), processes=int(sys.argv[2])))
    print(total, "quads in", round(time.perf_counter() - t, 2), "s")
