"""Where kg's shipped files live: the ontology, the shapes, the gazetteer, canned queries.

In a wheel they are packaged under ``kg/_shipped``; in a source checkout (editable
install, tests) they are the top-level ``ontology/`` and ``data/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_shipped"
_CHECKOUT = _PACKAGE.parent


def _locate(*parts: str) -> Path:
    for root in (_SHIPPED, _CHECKOUT):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"kg is missing its shipped file {'/'.join(parts)}; reinstall kg")


def ontology_path() -> Path:
    return _locate("ontology", "kg.ttl")


def shapes_path() -> Path:
    return _locate("ontology", "shapes.ttl")


def gazetteer_dir() -> Path:
    return _locate("data", "gazetteer")


def queries_dir() -> Path:
    """Canned SPARQL queries, one readable ``.rq`` file each."""
    return _PACKAGE / "queries"
