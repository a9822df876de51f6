"""First pages of the canned lists read from the page index (:mod:`kg.store.page_index`):
which lists a query's first page can be read from, and the query that reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Identifier

from kg.sparql import with_value_rows
from kg.store.index_triples import list_iri, pair_key
from kg.store.page_index import has_index, ox_term
from kg.terms import INDEX_GRAPH, KG

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["ARTICLES_PAGE", "CLAIMS_ABOUT_PAGE", "PROFILE", "first_page"]

_OX_BUCKET, _OX_MEMBER, _OX_INDEX = (
    ox_term(KG.indexBucket),
    ox_term(KG.indexMember),
    ox_term(INDEX_GRAPH),
)


# Oxigraph joins a VALUES block with a UNION or an OPTIONAL only after evaluating them
# whole, so the queries that have them are written here for a page of known items:
# the same patterns and the same rows (tests/test_page_index.py compares them), each
# UNION branch and OPTIONAL a sub-SELECT, which gets the items' VALUES of its own, and
# an article's own properties read outside its GRAPH (kg writes them nowhere else).
ARTICLES_PAGE = """
SELECT ?id ?published ?title ?source
       (COUNT(?c) AS ?claims) (COUNT(?p) AS ?policies) (COUNT(DISTINCT ?e) AS ?events)
WHERE {
  {
    SELECT ?article ?published
    WHERE { GRAPH ?article { ?article a kg:Article } OPTIONAL { ?article dcterms:issued ?published } }
    ORDER BY DESC(?published) ?article
    # page
  }
  GRAPH ?article { ?article dcterms:identifier ?id }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:publisher ?source }
  OPTIONAL {
    SELECT ?article ?c ?p ?e
    WHERE { GRAPH ?article { { ?c kg:speaker ?s } UNION { ?p kg:status ?st } UNION { ?e kg:participant ?pa } } }
  }
}
GROUP BY ?article ?id ?published ?title ?source
ORDER BY DESC(?published) ?article
"""


CLAIMS_ABOUT_PAGE = """SELECT DISTINCT ?speakerLabel ?type ?targetLabel ?policyType ?topicLabel ?content ?sentence ?articleId ?claim
WHERE {
  {
    SELECT DISTINCT ?claim ?type ?article ?ev ?policyType ?about ?topicLabel ?published
    WHERE {
      {
        SELECT ?claim ?type ?article ?ev ?policyType ?about ?topicLabel
        WHERE {
        GRAPH ?article { ?claim kg:evidence ?ev ; a ?class . ?measure kg:evidence ?ev ; a ?measureClass }
        ?measureClass kg:policyType ?policyType .
        ?class kg:claimType ?type .
        OPTIONAL { ?claim kg:about ?about . ?about skos:prefLabel ?topicLabel }
        }
      } UNION {
        SELECT ?claim ?type ?article ?ev ?about ?topicLabel
        WHERE {
        GRAPH ?article { ?claim a ?class ; kg:evidence ?ev }
        ?claim kg:about ?about . ?about skos:prefLabel ?topicLabel .
        ?class kg:claimType ?type .
        FILTER NOT EXISTS { GRAPH ?article { ?other kg:evidence ?ev ; a ?otherClass } ?otherClass kg:policyType ?otherType }
        }
      }
      FILTER (!BOUND(?policy) || ?policyType = ?policy)
      FILTER (!BOUND(?topic) || ?about = ?topic)
      OPTIONAL { ?article dcterms:issued ?published }
    }
    ORDER BY DESC(?published) ?claim ?policyType ?topicLabel
    # page
  }
  GRAPH ?article {
    ?claim kg:speaker ?speaker ; kg:content ?content .
    ?ev kg:sentence ?sentence .
    ?article dcterms:identifier ?articleId .
  }
  ?speaker skos:prefLabel ?speakerLabel .
  OPTIONAL { ?claim kg:target ?target . ?target skos:prefLabel ?targetLabel }
}
ORDER BY DESC(?published) ?claim ?policyType ?topicLabel
"""


@dataclass(frozen=True)
class _Plan:
    """How a canned list reads the index: the variable its items bind, the order of its
    dates, whether they are compared as values (one more bucket read), the parameters
    the items already satisfy (left unbound, so the engine starts from the items), and
    the text for a page of known items where the canned one does not suit."""

    variable: str
    descending: bool
    by_value: bool
    implied: frozenset[str]
    text: str | None = None


_PLANS = {
    "accusations": _Plan("claim", True, False, frozenset({"actor"})),
    "articles": _Plan("article", True, True, frozenset(), ARTICLES_PAGE),
    "claims-about": _Plan("claim", True, True, frozenset(), CLAIMS_ABOUT_PAGE),
    "tariff-history": _Plan("policy", False, False, frozenset({"a", "b"})),
}


# actor-profile from the index: the same rows as kg/queries/actor-profile.rq, its
# counts taken from the actor's profile buckets (each branch a sub-SELECT, as above).
PROFILE = """
SELECT ?label ?role ?kind (COUNT(DISTINCT ?item) AS ?count)
WHERE {
  ?actor skos:prefLabel ?label .
  {
    SELECT ?role ?kind ?item
    WHERE { GRAPH ?index { ?list kg:indexBucket ?bucket . ?bucket kg:indexRole ?role ;
                           kg:indexKind ?kind ; kg:indexMember ?item } }
  } UNION {
    SELECT ?role ?kind ?item
    WHERE { ?actor a ?class . ?class rdfs:label ?classLabel . BIND ("type" AS ?role) BIND (STR(?classLabel) AS ?kind) BIND (?actor AS ?item) }
  } UNION {
    SELECT ?role ?kind ?item
    WHERE { ?actor owl:sameAs ?item . BIND ("wikidata" AS ?role) BIND (STR(?item) AS ?kind) }
  }
}
GROUP BY ?label ?role ?kind
ORDER BY ?role DESC(?count) ?kind
"""


def first_page(
    store: Store,
    name: str,
    text: str,
    bindings: Mapping[str, Identifier],
    limit: int | None,
    offset: int = 0,
) -> tuple[str, dict[str, Identifier]] | None:
    """The text and bindings that give one page of canned query ``name`` (its ``text``,
    ``bindings`` bound) from the index, before :func:`kg.sparql.with_page`; None where
    the index cannot help (no index, no page, a parameter it does not list) and the
    query reads the articles as it is."""
    if limit is None or not has_index(store):
        return None
    if name == "actor-profile":
        if set(bindings) != {"actor"}:
            return None
        return PROFILE, {**bindings, "index": INDEX_GRAPH,
                         "list": list_iri("profile", bindings["actor"])}  # fmt: skip
    plan = _PLANS.get(name)
    lst = _list_for(name, bindings)
    if plan is None or lst is None:
        return None
    items = _items(store, lst, limit + offset, plan)  # type: ignore[arg-type]
    kept = {k: v for k, v in bindings.items() if k not in plan.implied}
    return with_value_rows(plan.text or text, plan.variable, items), kept


def _list_for(name: str, b: Mapping[str, Identifier]) -> URIRef | None:
    """The list that holds exactly the items query ``name`` selects with bindings ``b``."""
    keys = set(b)
    if name == "accusations" and keys <= {"actor"}:
        return list_iri("accusations", *([b["actor"]] if b else []))
    if name == "articles" and not keys:
        return list_iri("articles")
    if name == "claims-about" and keys <= {"policy", "topic"}:
        parts: list[Identifier | str] = []
        if "policy" in b:
            parts += ["policy", quote(str(b["policy"]))]
        if "topic" in b:
            parts += ["topic", b["topic"]]
        return list_iri("claims-about", *parts)
    if name == "tariff-history" and keys <= {"a", "b"}:
        sides = sorted({b[k] for k in keys}, key=str)
        if len(sides) == 2:
            return pair_key(*sides)
        return list_iri("tariffs", *sides)
    return None


def _items(store: Store, lst: URIRef, need: int, plan: _Plan) -> list[URIRef]:
    """Items of the newest (or oldest) buckets of list ``lst`` until there are ``need``,
    that whole bucket included, and the bucket after it where dates compare as values."""
    items: list[URIRef] = []
    extra = 1 if plan.by_value else 0
    stack = [ox_term(lst)]  # buckets still to read, the next on top
    while stack:
        node = stack.pop()
        below = _children(store.oxigraph, node, _OX_BUCKET, plan.descending)
        if below:
            stack += reversed(below)
            continue
        if len(items) >= need:
            if not extra:
                break
            extra -= 1
        items += [URIRef(n.value) for n in _children(store.oxigraph, node, _OX_MEMBER, False)]
    return items


def _children(
    db: ox.Store, node: ox.NamedNode, predicate: ox.NamedNode, descending: bool
) -> list[ox.NamedNode]:
    """What ``node`` holds in the index, in key order."""
    found = db.quads_for_pattern(node, predicate, None, _OX_INDEX)
    return sorted((q.object for q in found), key=lambda n: n.value, reverse=descending)  # type: ignore[misc]
