"""kg.terms: namespaces that make each term once and agree with rdflib's."""

from __future__ import annotations

import pickle

import pytest
from rdflib import URIRef
from rdflib import namespace as rdflib_namespace

from kg.terms import KG, RDF, SKOS, XSD


def test_terms_equal_rdflibs_and_are_made_once() -> None:
    assert RDF.type == rdflib_namespace.RDF.type
    assert XSD.decimal == rdflib_namespace.XSD.decimal
    assert SKOS.prefLabel == rdflib_namespace.SKOS.prefLabel
    assert KG.speaker == URIRef("https://w3id.org/kg/ontology#speaker")
    assert KG.speaker is KG.speaker
    assert RDF.type is RDF.type
    assert KG["speaker"] == KG.speaker  # item access still builds any name


def test_closed_vocabulary_still_refuses_an_undefined_term() -> None:
    with pytest.raises(AttributeError, match="notAnRdfTerm"):
        RDF.notAnRdfTerm  # noqa: B018
    assert not hasattr(RDF, "notAnRdfTerm")


def test_private_names_are_not_terms() -> None:
    with pytest.raises(AttributeError):
        KG._mock_name  # noqa: B018
    with pytest.raises(AttributeError):
        XSD.__wrapped__  # noqa: B018


def test_namespaces_pickle() -> None:
    again = pickle.loads(pickle.dumps(KG))
    assert again == KG and again.claim == KG.claim
