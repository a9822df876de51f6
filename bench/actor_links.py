"""Actor identity on the real articles with gold (``../shared/corpus``): Wikidata links
and actors split within an article.

* **linked**: of the gold actors that the gold links to Wikidata and that kg outputs
  (a kg actor of the article matches them: same label as the gold name or an alias,
  case, punctuation and a leading "the" ignored, or the same QID), how many kg gives
  that QID.
* **split**: gold actors that two or more kg actors of one article match.

Run: ``.venv/bin/python bench/actor_links.py [--corpus ../shared/corpus] [--json]``.
Skips (exit 0, a note on stderr) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kg.extract import Extractor
from kg.extract.gazetteer import normalise
from kg.ingest import ingest
from kg.store import OxigraphStore, SelectResult
from kg.triples import article_iri

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

MENTIONED = """
SELECT ?actor ?label ?qid WHERE {
  GRAPH ?article { ?article kg:mentions ?actor }
  ?actor skos:prefLabel ?label .
  OPTIONAL { ?actor owl:sameAs ?qid }
}
"""


def measure(corpus: Path) -> dict:
    gold_dir, articles = corpus / "gold", corpus / "wikinews"
    store = OxigraphStore(None)
    started = time.perf_counter()
    report = ingest([str(articles)], store, extractor=Extractor())
    seconds = time.perf_counter() - started
    linked, unlinked, splits = [], [], []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        system = _actors(store, gold["article"])
        for actor in gold["actors"]:
            forms = {normalise(f) for f in [actor["name"], *actor.get("aliases", [])]}
            qid = actor.get("wikidata")
            matched = [
                s for s in system if normalise(s["label"]) in forms or (qid and s["qid"] == qid)
            ]
            if len(matched) > 1:
                splits.append(f"{gold['article']}: {' / '.join(s['label'] for s in matched)}")
            if qid and matched:
                bucket = linked if any(s["qid"] == qid for s in matched) else unlinked
                bucket.append(f"{actor['name']} ({qid})")
    return {
        "articles": report.articles,
        "ingest_seconds": round(seconds, 2),
        "linked": len(linked),
        "linked_total": len(linked) + len(unlinked),
        "unlinked": unlinked,
        "splits": splits,
    }


def _actors(store: OxigraphStore, article_id: str) -> list[dict]:
    result = store.query(MENTIONED, {"article": article_iri(article_id)})
    assert isinstance(result, SelectResult)
    found: dict[str, dict] = {}
    for iri, label, qid in result.rows:
        qid_text = str(qid).rsplit("/", 1)[-1] if qid is not None else None
        found[str(iri)] = {"label": str(label), "qid": qid_text}
    return list(found.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / "gold").is_dir():
        print(f"no corpus with gold at {args.corpus}: skipped", file=sys.stderr)
        return 0
    figures = measure(args.corpus)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    share = figures["linked"] / figures["linked_total"] if figures["linked_total"] else 1.0
    print(f"{figures['articles']} articles ingested in {figures['ingest_seconds']} s")
    print(f"linked: {figures['linked']} of {figures['linked_total']} ({share:.2f})")
    for name in figures["unlinked"]:
        print(f"  unlinked: {name}")
    print(f"split within an article: {len(figures['splits'])}")
    for split in figures["splits"]:
        print(f"  split: {split}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
