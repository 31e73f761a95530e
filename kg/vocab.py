"""The govkg vocabulary as a closed namespace (a typo is an error, not a new IRI), and the prefixes."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, URIRef


class GK(DefinedNamespace):
    """Terms of ontology/govkg.ttl; tests check the two agree."""
    _NS = Namespace("https://w3id.org/govkg/ontology#")
    _fail = True

    Report: URIRef
    Place: URIRef
    Enterprise: URIRef
    Project: URIRef
    IndustryChain: URIRef
    GlossaryTerm: URIRef
    Glossary: URIRef
    Milestone: URIRef
    Mention: URIRef
    ProjectStatus: URIRef
    Completed: URIRef
    Started: URIRef
    Reported: URIRef
    Planned: URIRef
    place: URIRef
    province: URIRef
    partOf: URIRef
    year: URIRef
    reviewYear: URIRef
    speaker: URIRef
    meeting: URIRef
    report: URIRef
    evidence: URIRef
    sentence: URIRef
    totalInvestment: URIRef
    outputTarget: URIRef
    originalText: URIRef
    milestone: URIRef
    milestoneType: URIRef
    dueDate: URIRef
    status: URIRef
    confidence: URIRef
    enterprise: URIRef
    chain: URIRef
    leader: URIRef
    usedIn: URIRef
    Indicator: URIRef
    Indicators: URIRef
    MeasureKind: URIRef
    Actual: URIRef
    Target: URIRef
    IndicatorStructure: URIRef
    refArea: URIRef
    refPeriod: URIRef
    indicator: URIRef
    measureKind: URIRef
    value: URIRef
    growthPct: URIRef
    growthPctUpper: URIRef
    unit: URIRef
    qualifier: URIRef
    rank: URIRef
    nameInReport: URIRef
    SameEntity: URIRef
    member: URIRef
    matchedName: URIRef
    rule: URIRef
    PlaceLevel: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    District: URIRef
    level: URIRef
    previousReport: URIRef
    Commitment: URIRef
    Verdict: URIRef
    Met: URIRef
    Missed: URIRef
    target: URIRef
    outcome: URIRef
    comparedOn: URIRef
    verdict: URIRef
    margin: URIRef
    promise: URIRef
    outcomeStatus: URIRef
    NotMentioned: URIRef


SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
QB = Namespace("http://purl.org/linked-data/cube#")
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"  # the JSON-LD context of CSVW metadata (W3C Tabular Data)
DEFAULT_BASE = "https://w3id.org/govkg/"

PREFIXES = {
    "gk": GK._NS, "qb": QB, "skos": SKOS._NS, "prov": PROV._NS, "schema": SCHEMA, "nif": NIF,
    "dcterms": DCTERMS._NS, "xsd": XSD._NS, "rdfs": RDFS._NS, "rdf": RDF._NS, "owl": OWL._NS,
}
