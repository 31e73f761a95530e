"""The corpus dataset's pieces as Oxigraph quads, its TriG form, and its on-disk store, loaded whole or updated.

Each report is in its named graph; places, indicator concepts and the things several reports name are in the
shared graph.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.build.identity import Cluster
from kg.build.mint import same_node, shared_graph
from kg.formats import GRAPHS, by_name
from kg.vocab import GK, PREFIXES

SHARED_CLASSES = (GK.Place, GK.Indicator)  # minted under the base, not the report: one node for every report
LOAD_LINES = 250_000  # quads per call of the bulk loader
UPDATE_BATCH = 50_000  # quads per transaction of an update
DATASETS = {fmt.name: f"corpus{fmt.suffix}" for fmt in GRAPHS if fmt.quads}  # the formats a corpus is written in


def term(node: URIRef | BNode | Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term of an rdflib term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)


def quads(triples: Iterable[tuple], graph: URIRef) -> list[ox.Quad]:
    """rdflib triples as Oxigraph quads in `graph`."""
    name = ox.NamedNode(str(graph))
    return [ox.Quad(term(subject), term(predicate), term(obj), name) for subject, predicate, obj in triples]


def report_quads(graph: Graph, report: URIRef, base: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """A report's triples in its own graph, and those of its places and indicator concepts in the shared graph."""
    shared = {node for cls in SHARED_CLASSES for node in graph.subjects(RDF.type, cls)}
    own = quads((triple for triple in graph if triple[0] not in shared), report)
    return own, quads((triple for triple in graph if triple[0] in shared), shared_graph(base))


def cluster_triples(cluster: Cluster, base: str) -> list[tuple]:
    """One thing named in several reports: a node with each report's entity as a member, the names that
    matched and the rule. A member's own evidence says where each report names it."""
    node = same_node(base, cluster.key)
    return [(node, RDF.type, GK.SameEntity),
            *((node, GK.member, URIRef(member.iri)) for member in cluster.members),
            *((node, GK.matchedName, Literal(name, lang="zh")) for name in cluster.names),
            (node, GK.rule, Literal(cluster.label, lang="zh"))]


def to_trig(nquads: Path, target: Path) -> None:
    """The N-Quads dataset written again as TriG, quad by quad, with the prefixes of the vocabulary."""
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    ox.serialize(ox.parse(path=str(nquads), format=by_name("nquads").ox()), str(target),
                 format=by_name("trig").ox(), prefixes=prefixes)


def serialize(dataset: list[ox.Quad], fmt: str) -> bytes:
    """The dataset in `fmt` (nquads or trig), its quads in the order given."""
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()} if fmt == "trig" else None
    return ox.serialize(dataset, format=by_name(fmt).ox(), prefixes=prefixes)


def update_store(target: Path, before: Path, dataset: Path, graphs: list[str], segments: list[list[int]],
                 shared: tuple[Path, list[int], list[int]] | None = None) -> None:
    """The store of a new generation as a copy of the last one (its files hard-linked, not copied) with only
    `graphs` replaced: each one's quads are removed from it and from the union in the default graph, then
    the lines of `segments` in `dataset` (N-Quads) are added to their graphs and to the union. `shared` is
    (the last dataset, the shared graph's lines there, its lines in `dataset`) when that graph changes in
    place: only the lines that differ leave it or join it.

    A report's own graph holds no triple another report's graph holds (every subject is under its IRI), so
    its triples leave the union with it.
    """
    ox.Store.read_only(str(before)).backup(str(target))
    store = ox.Store(str(target))
    # in batches: a write is held in memory until its transaction ends, and the shared graph alone has
    # 300,000 quads at 16x
    for graph in graphs:
        name = ox.NamedNode(graph)
        while batch := list(islice(store.quads_for_pattern(None, None, None, name), UPDATE_BATCH)):
            _remove(store, batch)
    with dataset.open("rb") as lines:
        for segment in segments:
            within = _segment(lines, segment)
            while chunk := b"".join(islice(within, UPDATE_BATCH)):
                _add(store, chunk)
    if shared is not None:
        # one report edited at 16x changes a few dozen of the shared graph's 300,000 quads: replacing it whole
        # took most of the rebuild
        old_dataset, old_segment, new_segment = shared
        with old_dataset.open("rb") as old, dataset.open("rb") as new:
            gone, came = differing(_segment(old, old_segment), _segment(new, new_segment))
        for at in range(0, len(gone), UPDATE_BATCH):
            _remove(store, list(ox.parse(b"".join(gone[at:at + UPDATE_BATCH]), format=by_name("nquads").ox())))
        for at in range(0, len(came), UPDATE_BATCH):
            _add(store, b"".join(came[at:at + UPDATE_BATCH]))
    store.flush()
    del store


def _remove(store: ox.Store, batch: list[ox.Quad]) -> None:
    """Quads out of their graph and of the union, in one flushed transaction."""
    for quad in batch:
        store.remove(quad)
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    store.flush()  # RocksDB's write buffers go to disk: they were 0.4 GB at 16x, kept till the end


def _add(store: ox.Store, chunk: bytes) -> None:
    """N-Quads lines into their graphs and the union, in one flushed transaction."""
    added = list(ox.parse(chunk, format=by_name("nquads").ox()))
    store.extend(added)
    store.extend(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()) for quad in added)
    store.flush()


def _segment(lines, segment: list[int]) -> Iterator[bytes]:
    lines.seek(segment[0])
    return _lines_within(lines, segment[1])


def differing(old: Iterator[bytes], new: Iterator[bytes]) -> tuple[list[bytes], list[bytes]]:
    """The lines only `old` holds and those only `new` holds, of two runs of sorted, distinct lines (byte
    order is code point order in UTF-8, the order they were written in)."""
    gone, came = [], []
    a, b = next(old, None), next(new, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a < b):
            gone.append(a)
            a = next(old, None)
        elif a is None or b < a:
            came.append(b)
            b = next(new, None)
        else:
            a, b = next(old, None), next(new, None)
    return gone, came


def _lines_within(lines, length: int) -> Iterator[bytes]:
    """The lines of an open file from where it stands, up to `length` bytes (a segment ends with a line)."""
    while length > 0 and (line := lines.readline()):
        length -= len(line)
        yield line


def load_store(target: Path, dataset: Path, fmt: str) -> None:
    """An on-disk store of the dataset in `target`, inside a generation not yet published.

    Besides the named graphs, the default graph holds their union: Oxigraph answers the shipped
    queries about eight times faster over one graph than over the union of 140 named ones.
    """
    store = ox.Store(str(target))
    rdf_format = by_name(fmt).ox()
    for chunk in _chunks(dataset, fmt):
        store.bulk_load(chunk, rdf_format)
        store.bulk_extend(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())
                          for quad in ox.parse(chunk, rdf_format))
    store.flush()
    store.optimize()  # compacted, the shipped queries answer about three times faster
    del store


def _chunks(dataset: Path, fmt: str) -> Iterator[bytes]:
    """The dataset in pieces of LOAD_LINES lines when it is N-Quads (a line is a quad, and it has no blank
    nodes whose labels would span pieces), else whole: Oxigraph's bulk loader holds what it is given in
    memory, 1.7 GB for the 5.5 M quads of the corpus at 16x, against 0.3 GB in pieces, for about a quarter
    more load time."""
    with dataset.open("rb") as lines:
        if fmt != "nquads":
            yield lines.read()
            return
        while chunk := b"".join(islice(lines, LOAD_LINES)):
            yield chunk
