"""Extraction: articles in, plain :class:`kg.model.Extraction` records out. No RDF here.

The spaCy loader (:mod:`kg.extract.nlp`), the gazetteer (:mod:`kg.extract.gazetteer`),
the rule modules (actors, claims, policies, events) and the process pools
(:mod:`kg.extract.parallel`, :mod:`kg.extract.cluster`) live here. ``Extractor`` is
imported on first use, so that the gazetteer can be read without loading spaCy.

>>> from kg.extract import Extractor
>>> extractor = Extractor()                     # doctest: +SKIP
>>> extraction = extractor.extract(article)     # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor, extract_doc

__all__ = ["Extractor", "extract_doc"]


def __getattr__(name: str) -> Any:
    if name in __all__:  # spaCy loads here, not when a sibling module is imported
        from kg.extract import extractor

        return getattr(extractor, name)
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")
