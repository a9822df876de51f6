"""Analysis results back into the store, as RDF in :data:`kg.terms.ANALYSIS_GRAPH`.

Each result is a property of the ontology with domain ``kg:Actor``: ``kg:pagerank``,
``kg:betweenness``, ``kg:inStrength``, ``kg:outStrength`` (``xsd:decimal``) and
``kg:community`` (``xsd:integer``). Writing some properties keeps the others already
stored, so results of several analyses add up; SPARQL then reads them like any fact::

    SELECT ?actor ?rank WHERE { ?actor kg:pagerank ?rank } ORDER BY DESC(?rank)

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore(None)
>>> write_results(store, {"pagerank": {"https://w3id.org/kg/id/actor/Q148": 0.5}})
1
>>> store.query("SELECT ?r WHERE { ?a kg:pagerank ?r }").rows[0][0].toPython()
Decimal('0.5')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rdflib import Literal, URIRef

from kg.errors import KgError
from kg.store import Store, Triple
from kg.terms import ANALYSIS_GRAPH, KG, XSD

__all__ = ["PROPERTIES", "analysis_triples", "write_results"]

# Result name -> (property, datatype).
PROPERTIES: dict[str, tuple[URIRef, URIRef]] = {
    "pagerank": (KG.pagerank, XSD.decimal),
    "betweenness": (KG.betweenness, XSD.decimal),
    "community": (KG.community, XSD.integer),
    "inStrength": (KG.inStrength, XSD.decimal),
    "outStrength": (KG.outStrength, XSD.decimal),
}


def _literal(value: float, datatype: URIRef) -> Literal:
    if datatype == XSD.integer:
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(str(round(float(value), 8))), datatype=XSD.decimal)


def analysis_triples(results: Mapping[str, Mapping[str, float]]) -> list[Triple]:
    """Triples for ``{result name: {actor IRI: value}}``.

    >>> [str(t[1]) for t in analysis_triples({"community": {"https://x/a": 2}})]
    ['https://w3id.org/kg/ontology#community']
    """
    triples: list[Triple] = []
    for name, values in results.items():
        if name not in PROPERTIES:
            raise KgError(f"cannot store result {name!r} (known: {', '.join(PROPERTIES)})")
        prop, datatype = PROPERTIES[name]
        triples += [(URIRef(a), prop, _literal(v, datatype)) for a, v in sorted(values.items())]
    return triples


def _kept(store: Store, replaced: set[URIRef]) -> list[Triple]:
    """The analysis graph's triples of properties not being replaced."""
    result = store.select(
        "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ANALYSIS_GRAPH}
    )
    return [(s, p, o) for s, p, o, _ in result.rows if p not in replaced]


def write_results(store: Store, results: Mapping[str, Mapping[str, float]]) -> int:
    """Store results in the analysis graph in one transaction; return the triples written.

    Properties named in ``results`` are replaced entirely; others stay.
    """
    replace = getattr(store, "replace_graph", None)
    if replace is None:
        raise KgError(f"{store.location}: this store cannot hold analysis results")
    new = analysis_triples(results)
    replaced = {PROPERTIES[name][0] for name in results}
    replace(ANALYSIS_GRAPH, _kept(store, replaced) + new)
    return len(new)
