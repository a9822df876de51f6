"""The shipped ontology (ontology/kg.ttl) and shapes (ontology/shapes.ttl).

Checks that both files parse, that every kg term is documented, that the ontology
agrees with the Python mirror in kg.terms, and that the shapes accept a small
valid graph and reject a broken one for the right reasons.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import terms

ONTOLOGY_DIR = Path(__file__).parents[1] / "ontology"
SH = Namespace("http://www.w3.org/ns/shacl#")

DECLARATION_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.Concept,
    SKOS.ConceptScheme,
)

PREFIXES = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix kgid: <https://w3id.org/kg/id/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

VALID_DATA = (
    PREFIXES
    + """
kgid:article\\/a1 {
  kgid:article\\/a1 a kg:Article ;
      dcterms:identifier "a1" ;
      dcterms:title "US and China agree to cut tariffs" ;
      dcterms:issued "2025-06-05"^^xsd:date ;
      schema:url "https://example.org/a1"^^xsd:anyURI ;
      dcterms:publisher "Reuters" ;
      dcterms:language "en" ;
      kg:contentHash "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
      kg:mentions kgid:trump, kgid:us, kgid:china, kgid:chips .

  kgid:c1 a kg:AccuseClaim ;
      kg:speaker kgid:china ;
      kg:target kgid:us ;
      kg:content "violating the spirit of the Geneva agreement" ;
      kg:cue "accusing" ;
      kg:evidence kgid:e1 ;
      kg:date "2025-06-05"^^xsd:date ;
      kg:confidence "0.8"^^xsd:decimal ;
      kg:about kgid:chips ;
      prov:wasDerivedFrom kgid:article\\/a1 .

  kgid:e1 a kg:Evidence ;
      kg:sentence "Beijing accused Washington of violating the spirit of the Geneva agreement." ;
      kg:charStart 0 ;
      kg:charEnd 75 ;
      prov:wasDerivedFrom kgid:article\\/a1 .

  kgid:p1 a kg:Tariff ;
      kg:imposer kgid:us ;
      kg:target kgid:china ;
      kg:goods "Chinese imports" ;
      kg:rateFrom 145.0 ;
      kg:rateTo 30.0 ;
      kg:unit "percent" ;
      kg:status "agreed" ;
      kg:cue "tariffs" ;
      kg:evidence kgid:e1 ;
      kg:confidence 0.7 ;
      prov:wasDerivedFrom kgid:article\\/a1 .

  kgid:ev1 a kg:Consultation, kg:Call ;
      kg:participant kgid:trump, kgid:china ;
      kg:date "2025-06-05"^^xsd:date ;
      kg:cue "call" ;
      kg:evidence kgid:e1 ;
      kg:confidence 0.6 ;
      prov:wasDerivedFrom kgid:article\\/a1 .
}

kgid:graph\\/actors {
  kgid:trump a kg:Person ;
      skos:prefLabel "Donald Trump" ;
      skos:altLabel "Trump" ;
      owl:sameAs wd:Q22686 ;
      kg:leaderOf kgid:us .
  kgid:us a kg:Government ;
      skos:prefLabel "Government of the United States" ;
      skos:altLabel "Washington" .
  kgid:china a kg:Government ;
      skos:prefLabel "Government of China" ;
      skos:altLabel "Beijing" ;
      owl:sameAs wd:Q148 .
  kgid:chips a kg:Technology ;
      skos:prefLabel "semiconductors" .
}
"""
)

# One fault per line of the valid data: two speakers, no evidence on the claim,
# an unknown policy status and a negative character offset.
INVALID_DATA = (
    VALID_DATA.replace("kg:speaker kgid:china ;", "kg:speaker kgid:china, kgid:trump ;")
    .replace('kg:cue "accusing" ;\n      kg:evidence kgid:e1 ;', 'kg:cue "accusing" ;')
    .replace('kg:status "agreed"', 'kg:status "maybe"')
    .replace("kg:charStart 0 ;", "kg:charStart -5 ;")
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def _declared(graph: Graph) -> set[URIRef]:
    return {
        s for t in DECLARATION_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)
    }


def _has_english(graph: Graph, subject: URIRef, predicate: URIRef) -> bool:
    return any(
        isinstance(o, Literal) and o.language == "en" and str(o).strip()
        for o in graph.objects(subject, predicate)
    )


def _union(trig: str) -> Graph:
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    return union


def _violations(report: Graph) -> set[tuple[URIRef, URIRef]]:
    """(focus node, path) of every top-level result of a validation report."""
    found = set()
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        if isinstance(focus, URIRef) and isinstance(path, URIRef):
            found.add((focus, path))
    return found


def test_both_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert len(ontology) > 0
    assert len(shapes) > 0
    assert (None, RDF.type, SH.NodeShape) in shapes


def test_ontology_header(ontology: Graph) -> None:
    assert (terms.ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(terms.ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        f"{terms.ONTOLOGY_IRI}/{terms.ONTOLOGY_VERSION}"
    )
    assert str(ontology.value(terms.ONTOLOGY_IRI, OWL.versionInfo)) == terms.ONTOLOGY_VERSION


def test_every_kg_term_is_documented(ontology: Graph) -> None:
    own = [t for t in _declared(ontology) if str(t).startswith((str(terms.KG), str(terms.PLOVER)))]
    assert len(own) > 50
    for term in own:
        assert _has_english(ontology, term, RDFS.label), f"{term} has no English rdfs:label"
        assert _has_english(ontology, term, RDFS.comment), f"{term} has no English rdfs:comment"
        assert (term, RDFS.isDefinedBy, terms.ONTOLOGY_IRI) in ontology, term


def test_every_declared_term_has_a_label(ontology: Graph) -> None:
    for term in _declared(ontology):
        assert _has_english(ontology, term, RDFS.label), f"{term} has no English rdfs:label"
        assert ontology.value(term, RDFS.isDefinedBy) is not None, term


@pytest.mark.parametrize(
    "mapping",
    [
        terms.CLAIM_CLASS,
        terms.POLICY_CLASS,
        terms.EVENT_CLASS,
        terms.EVENT_SUBTYPE_CLASS,
        terms.ACTOR_CLASS,
    ],
    ids=["claims", "policies", "events", "event-subtypes", "actors"],
)
def test_python_classes_are_declared(ontology: Graph, mapping: dict[str, URIRef]) -> None:
    for key, iri in mapping.items():
        assert (iri, RDF.type, OWL.Class) in ontology, f"{key}: {iri} is not an owl:Class"
        assert _has_english(ontology, iri, RDFS.label), iri
        assert _has_english(ontology, iri, RDFS.comment), iri


def test_claim_classes_carry_their_tokens(ontology: Graph) -> None:
    assert set(terms.CLAIM_CLASS) == set(terms.COARSE_CLASS)
    for claim_type, iri in terms.CLAIM_CLASS.items():
        assert str(ontology.value(iri, terms.KG.claimType)) == claim_type
        assert str(ontology.value(iri, terms.KG.coarseClass)) == terms.COARSE_CLASS[claim_type]
        assert (iri, RDFS.subClassOf, terms.KG.Claim) in ontology
        category = ontology.value(iri, terms.KG.ploverCategory)
        assert (category, RDF.type, SKOS.Concept) in ontology, iri
        assert (category, SKOS.inScheme, terms.PLOVER.scheme) in ontology, iri


def test_policy_and_event_classes_carry_their_tokens(ontology: Graph) -> None:
    for policy_type, iri in terms.POLICY_CLASS.items():
        assert str(ontology.value(iri, terms.KG.policyType)) == policy_type
        assert (iri, RDFS.subClassOf, terms.KG.Policy) in ontology
    for event_type, iri in terms.EVENT_CLASS.items():
        assert str(ontology.value(iri, terms.KG.eventType)) == event_type
        assert (iri, RDFS.subClassOf, terms.KG.Event) in ontology
    for iri in terms.EVENT_SUBTYPE_CLASS.values():
        assert (iri, RDFS.subClassOf, terms.KG.Consultation) in ontology


def test_policy_statuses_match_shapes(shapes: Graph) -> None:
    patterns = {
        str(shapes.value(prop, SH.pattern))
        for prop in shapes.subjects(SH.path, terms.KG.status)
        if shapes.value(prop, SH.pattern) is not None
    }
    assert len(patterns) == 1
    alternatives = patterns.pop().strip("^$()").split("|")
    assert tuple(alternatives) == terms.POLICY_STATUSES


def test_written_properties_are_declared(ontology: Graph) -> None:
    declared = _declared(ontology)
    used = {p for p in _union(VALID_DATA).predicates() if p != RDF.type}
    assert used - declared == set()
    classes = {o for o in _union(VALID_DATA).objects(None, RDF.type) if isinstance(o, URIRef)}
    assert classes - declared == set()


@pytest.mark.slow
@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_valid_data_conforms(ontology: Graph, shapes: Graph, inference: str) -> None:
    conforms, _, text = pyshacl.validate(
        _union(VALID_DATA),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
        allow_warnings=True,
    )
    assert conforms, text


@pytest.mark.slow
@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_invalid_data_is_rejected(ontology: Graph, shapes: Graph, inference: str) -> None:
    conforms, report, text = pyshacl.validate(
        _union(INVALID_DATA),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
        allow_warnings=True,
    )
    assert not conforms
    kgid = terms.ID
    assert _violations(report) == {
        (kgid.c1, terms.KG.speaker),
        (kgid.c1, terms.KG.evidence),
        (kgid.p1, terms.KG.status),
        (kgid.e1, terms.KG.charStart),
    }, text


def test_shapes_have_labels_and_messages(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert _has_english(shapes, shape, RDFS.label), shape
        for prop in shapes.objects(shape, SH.property):
            assert isinstance(prop, BNode | URIRef)
            assert _has_english(shapes, prop, SH.message), (shape, shapes.value(prop, SH.path))
