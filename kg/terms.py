"""The vocabulary: every IRI kg writes or reads is named here and nowhere else.

The ontology itself lives in ``ontology/kg.ttl``; this module mirrors its terms
for Python code, and ``tests/test_ontology.py`` checks that the two agree.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef, namespace
from rdflib.namespace import DefinedNamespace

__all__ = [
    "ACTORS_GRAPH",
    "ACTOR_CLASS",
    "ACTOR_TYPES",
    "CLAIM_CLASS",
    "CLAIM_TYPES",
    "COARSE_CLASS",
    "DCTERMS",
    "EVENT_CLASS",
    "EVENT_SUBTYPE_CLASS",
    "EVENT_TYPES",
    "FETCH_STATUSES",
    "ID",
    "INDEX_GRAPH",
    "KG",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION",
    "OWL",
    "PLOVER",
    "POLICY_CLASS",
    "POLICY_STATUSES",
    "POLICY_TYPES",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "ROLE_TYPES",
    "ROLL_UP_LEVELS",
    "ROLL_UP_PROPERTIES",
    "SCHEMA",
    "SH",
    "SKOS",
    "WATCH_GRAPHS",
    "WD",
    "XSD",
    "sparql_prefixes",
]


class _Namespace(Namespace):
    """rdflib's :class:`~rdflib.Namespace`, making each attribute term once.

    rdflib builds and checks a new :class:`~rdflib.URIRef` at every ``KG.speaker``; the
    triple mapping asks for such terms about a million times per thousand articles.
    One standing for a closed rdflib vocabulary (``_closed``) asks it for each term
    first, so a term it does not define is refused (or warned about) as rdflib does.
    """

    _closed: type[DefinedNamespace] | None = None

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # copy, pickle and mock probe for such names
            raise AttributeError(name)
        term = getattr(self._closed, name) if self._closed else self.term(name)
        self.__dict__[name] = term
        return term


def _remembered(vocabulary: type[DefinedNamespace]) -> _Namespace:
    ns = _Namespace(str(vocabulary))
    ns._closed = vocabulary
    return ns


KG = _Namespace("https://w3id.org/kg/ontology#")
PLOVER = _Namespace("https://w3id.org/kg/plover/")
ID = _Namespace("https://w3id.org/kg/id/")
WD = _Namespace("http://www.wikidata.org/entity/")
SCHEMA = _Namespace("https://schema.org/")
SH = _Namespace("http://www.w3.org/ns/shacl#")
DCTERMS, OWL, PROV = (_remembered(v) for v in (namespace.DCTERMS, namespace.OWL, namespace.PROV))
RDF, RDFS = _remembered(namespace.RDF), _remembered(namespace.RDFS)
SKOS, XSD = _remembered(namespace.SKOS), _remembered(namespace.XSD)

ONTOLOGY_IRI = URIRef("https://w3id.org/kg/ontology")
ONTOLOGY_VERSION = "0.1.0"
ONTOLOGY_VERSION_IRI = URIRef(f"https://w3id.org/kg/ontology/{ONTOLOGY_VERSION}")

# Named graphs that are not articles.
ONTOLOGY_GRAPH = ONTOLOGY_IRI
ACTORS_GRAPH = ID["graph/actors"]
ANALYSIS_GRAPH = ID["graph/analysis"]
# The page index (kg.store.page_index): derived from the article graphs, not data of its own.
INDEX_GRAPH = ID["graph/index"]
# `kg watch` keeps each feed's polling state in the graph WATCH_GRAPHS + the feed's URL,
# percent-encoded (a kg:Feed with its kg:FeedItem's), and each site's robots.txt in
# WATCH_GRAPHS + "robots/" + the robots.txt URL, percent-encoded (a kg:RobotsTxt).
WATCH_GRAPHS = ID["graph/watch/"]
FETCH_STATUSES: tuple[str, ...] = ("ingested", "failed")  # values of kg:fetchStatus

# The eleven claim types of GOLD_FORMAT.md, in its order.
CLAIM_TYPES: tuple[str, ...] = (
    "accuse",
    "criticize",
    "deny",
    "reject",
    "threaten",
    "warn",
    "demand",
    "appeal",
    "praise",
    "agree",
    "state",
)
CLAIM_CLASS: dict[str, URIRef] = {t: KG[f"{t.capitalize()}Claim"] for t in CLAIM_TYPES}
# Coarse classes the scorer matches on (GOLD_FORMAT.md).
COARSE_CLASS: dict[str, str] = {
    "accuse": "ACCUSE",
    "criticize": "ACCUSE",
    "deny": "REJECT",
    "reject": "REJECT",
    "threaten": "THREATEN",
    "warn": "THREATEN",
    "demand": "DEMAND",
    "appeal": "DEMAND",
    "praise": "SUPPORT",
    "agree": "AGREE",
    "state": "STATE",
}

POLICY_TYPES: tuple[str, ...] = (
    "tariff",
    "export_control",
    "import_ban",
    "sanction",
    "visa_restriction",
    "investment_restriction",
    "agreement",
    "other",
)
POLICY_CLASS: dict[str, URIRef] = {
    "tariff": KG.Tariff,
    "export_control": KG.ExportControl,
    "import_ban": KG.ImportBan,
    "sanction": KG.Sanction,
    "visa_restriction": KG.VisaRestriction,
    "investment_restriction": KG.InvestmentRestriction,
    "agreement": KG.Agreement,
    "other": KG.OtherMeasure,
}
POLICY_STATUSES: tuple[str, ...] = (
    "implemented",
    "agreed",
    "proposed",
    "threatened",
    "suspended",
    "revoked",
)

EVENT_TYPES: tuple[str, ...] = ("consult", "negotiate", "sign")
EVENT_CLASS: dict[str, URIRef] = {
    "consult": KG.Consultation,
    "negotiate": KG.Negotiation,
    "sign": KG.Signing,
}
# Finer kinds of consultation.
EVENT_SUBTYPE_CLASS: dict[str, URIRef] = {
    "call": KG.Call,
    "meeting": KG.Meeting,
    "visit": KG.Visit,
}

ACTOR_TYPES: tuple[str, ...] = (
    "Person",
    "Government",
    "Country",
    "Organization",
    "GovernmentAgency",
    "Company",
    "InternationalOrganization",
    "PoliticalParty",
    "Group",
)
ACTOR_CLASS: dict[str, URIRef] = {t: KG[t] for t in ACTOR_TYPES}

# Kinds of role a person holds in a government or organisation (kg:roleType).
ROLE_TYPES: tuple[str, ...] = (
    "head-of-state",
    "head-of-government",
    "deputy-head-of-government",
    "foreign-minister",
    "trade-minister",
    "commerce-minister",
    "finance-minister",
    "defence-minister",
    "interior-minister",
    "minister",
    "spokesperson",
    "central-bank-governor",
    "trade-representative",
    "ambassador",
    "leader",
    "official",
    "member",
)
# The relations along which an actor's claims count for another (kg:speaksFor and the
# two it generalises), and the levels an analysis can roll actors up to.
ROLL_UP_PROPERTIES: tuple[URIRef, ...] = (KG.speaksFor, KG.leaderOf, KG.partOf)
ROLL_UP_LEVELS: tuple[str, ...] = ("government", "organization")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgid": str(ID),
    "plover": str(PLOVER),
    "wd": str(WD),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every prefix in :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
