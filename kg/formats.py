"""Every file and media format govkg reads or writes, in one table: name, suffix, media type, rdflib and Oxigraph."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Format:
    name: str  # as --format takes it
    suffix: str  # what a file of it is called; "" for a format no file is written in
    media: str  # the media type a server sends it as
    rdflib: str | None  # rdflib's parser and serializer name; None for answers, which rdflib does not write
    oxigraph: str  # the member of pyoxigraph.RdfFormat or QueryResultsFormat
    quads: bool = False  # holds named graphs
    answers: bool = False  # a SPARQL query results format, not a graph
    also: tuple[str, ...] = ()  # other suffixes and media types read as this format

    def ox(self):
        """The pyoxigraph format object."""
        import pyoxigraph as ox

        return getattr(ox.QueryResultsFormat if self.answers else ox.RdfFormat, self.oxigraph)


FORMATS: tuple[Format, ...] = (
    Format("turtle", ".ttl", "text/turtle", "turtle", "TURTLE"),
    Format("nt", ".nt", "application/n-triples", "nt", "N_TRIPLES"),
    Format("json-ld", ".jsonld", "application/ld+json", "json-ld", "JSON_LD", also=(".json",)),
    Format("trig", ".trig", "application/trig", "trig", "TRIG", quads=True),
    Format("nquads", ".nq", "application/n-quads", "nquads", "N_QUADS", quads=True),
    Format("rdf-xml", ".rdf", "application/rdf+xml", "xml", "RDF_XML", also=(".owl",)),
    Format("json", ".srj", "application/sparql-results+json", None, "JSON", answers=True,
           also=("application/json",)),
    Format("xml", ".srx", "application/sparql-results+xml", None, "XML", answers=True),
    Format("csv", ".csv", "text/csv", None, "CSV", answers=True),
    Format("tsv", ".tsv", "text/tab-separated-values", None, "TSV", answers=True),
)

GRAPHS = tuple(f for f in FORMATS if not f.answers)
ANSWERS = tuple(f for f in FORMATS if f.answers)
# what kg build writes one report's graph in (a corpus build writes its dataset as nquads or trig)
WRITTEN = tuple(f for f in GRAPHS if f.name in ("turtle", "nt", "json-ld", "trig"))
# the graph files govkg reads, by suffix
GRAPH_SUFFIXES: tuple[str, ...] = tuple(s for f in GRAPHS if f.name != "rdf-xml"
                                        for s in (f.suffix, *f.also))


def by_name(name: str) -> Format:
    """The format `--format` calls `name`; KeyError for any other.

    >>> by_name("turtle").suffix
    '.ttl'
    """
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)


def of_file(path: str | Path) -> Format:
    """The graph format of a file, by its suffix; ValueError naming the suffixes read, for any other.

    >>> of_file("corpus.nq").name, of_file("x.JSON").name
    ('nquads', 'json-ld')
    """
    suffix = Path(path).suffix.lower()
    for fmt in GRAPHS:
        if suffix in (fmt.suffix, *fmt.also) and suffix in GRAPH_SUFFIXES:
            return fmt
    raise ValueError(f"{path}: unknown graph format (expected {', '.join(GRAPH_SUFFIXES)})")


def by_media(media: str, answers: bool) -> Format | None:
    """The format a media type names among answers (SELECT, ASK) or graphs (CONSTRUCT), or None.

    >>> by_media("application/json", answers=True).name
    'json'
    """
    for fmt in ANSWERS if answers else GRAPHS:
        if media in (fmt.media, *fmt.also):
            return fmt
    return None


def offered(answers: bool) -> tuple[str, ...]:
    """The media types a SPARQL endpoint gives answers (SELECT, ASK) or a CONSTRUCT's graph in, in the order it
    prefers them: the first is given when Accept names none. A CONSTRUCT makes triples, so no quad format.

    >>> offered(answers=False)
    ('text/turtle', 'application/n-triples', 'application/ld+json', 'application/rdf+xml')
    >>> offered(answers=True)[:2]
    ('application/sparql-results+json', 'application/json')
    """
    kinds = ANSWERS if answers else tuple(f for f in GRAPHS if not f.quads)
    return tuple(media for fmt in kinds for media in (fmt.media, *fmt.also) if "/" in media)
