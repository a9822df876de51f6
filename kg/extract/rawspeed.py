"""The bare spaCy pipeline's speed in the extraction pool's workers: what ``bench/run.py``
measures kg's extraction against (``ExtractionPool.ordered_map(parse_texts, chunks)``)."""

from __future__ import annotations

from kg.extract.parallel import worker_extractor

__all__ = ["parse_texts"]


def parse_texts(texts: list[str], batch_size: int = 16) -> int:
    """Run the worker's bare spaCy pipeline over ``texts`` and count tokens: the
    raw speed kg's extraction is measured against (``bench/run.py``)."""
    nlp = worker_extractor().nlp
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
