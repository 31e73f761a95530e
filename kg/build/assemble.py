"""The corpus dataset written report by report from the cache, never whole in memory; unchanged reports copied.

The N-Quads file holds each report's graph in the order of the reports' IRIs, each sorted, then the shared
graph. build.json keeps where each report's lines are, so the next build copies the lines of a report
that did not change and writes anew only those that did: the store replaces just their graphs.
"""
from __future__ import annotations

import shutil
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.build.across import read_of, renamed, resolved, shared_triples
from kg.build.cache import parts, quads_file
from kg.build.dataset import cluster_triples, quads
from kg.build.identity import Cluster, Entity, clusters
from kg.build.mint import place_iri, shared_graph
from kg.build.sorted_lines import SortedLines
from kg.build.workers import NQUADS, Outcome
from kg.files import atomic_writer
from kg.vocab import GK

_PLACE = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.Place)))


@dataclass
class Written:
    """What writing the dataset did: the figures build.json keeps for the next build, and what changed."""
    shared_entities: int = 0  # things named in several reports
    segments: dict[str, list[int]] = field(default_factory=dict)  # report → [offset, length] of its lines
    areas: dict[str, str | None] = field(default_factory=dict)  # report → its place's IRI in the dataset
    graphs: dict[str, str] = field(default_factory=dict)  # report → its named graph's IRI
    shared_graph: str = ""
    changed: list[str] = field(default_factory=list)  # the reports whose graphs the store must replace
    removed: list[str] = field(default_factory=list)  # the graphs of reports no longer there
    shared: list[int] = field(default_factory=list)  # [offset, length] of the shared graph's lines


def write_nquads(good: list[Outcome], cache_dir: Path, base: str, target: Path, before: dict,
                 before_file: Path | None) -> Written:
    """Write the dataset to `target` as N-Quads, one report at a time. `before` is the last build's record
    (build.json) and `before_file` its dataset: a report built from the same bytes whose place is the same
    has its lines copied from there. The shared graph's lines are sorted in runs on disk beside `target` once
    they are many: it was the largest thing the corpus stage held, 54 MB of lines at 16x."""
    with SortedLines(target.parent) as shared_lines:
        return _write_nquads(good, cache_dir, base, target, before, before_file, shared_lines)


def _write_nquads(good: list[Outcome], cache_dir: Path, base: str, target: Path, before: dict,
                  before_file: Path | None, shared_lines: SortedLines) -> Written:
    reads = [read_of(parts(cache_dir, outcome.name)[0]) for outcome in good]
    places = resolved(reads)
    entities: list[Entity] = []
    for outcome in good:  # entities need every report's place resolved first: a second read of each record
        _, held, shared = parts(cache_dir, outcome.name, places)
        entities.extend(held)
        shared_lines.update(_shared_lines(shared))
    found = clusters(entities)
    del entities
    written = Written(len(found), shared_graph=str(shared_graph(base)))
    old_segments = before.get("segments", {}) if before_file is not None and before_file.is_file() else {}
    old_reports, old_areas = before.get("reports", {}), before.get("areas", {})
    with atomic_writer(target) as out, (before_file.open("rb") if old_segments else nullcontext()) as old:
        for outcome, seen in sorted(zip(good, reads), key=lambda pair: pair[0].graph):
            name = outcome.name
            new = place_iri(base, *places[name].names) if name in places else None
            area = str(new) if new is not None else seen.area
            written.areas[name], written.graphs[name] = area, outcome.graph
            start = out.tell()
            if name in old_segments and old_reports.get(name) == outcome.digest and old_areas.get(name) == area:
                offset, length = old_segments[name]
                old.seek(offset)
                out.write(old.read(length))
            else:
                written.changed.append(name)
                _write_report(out, quads_file(cache_dir, name), seen.area, new)
            written.segments[name] = [start, out.tell() - start]
        start = out.tell()
        for group in _batches(found):
            shared_lines.update(_lines(quads([triple for cluster in group for triple in cluster_triples(cluster, base)],
                                             shared_graph(base))))
        shared_lines.update(_lines(quads(shared_triples(reads, places, found, base), shared_graph(base))))
        for line in shared_lines.sorted_bytes():
            out.write(line)
        written.shared = [start, out.tell() - start]
    written.removed = sorted(set(old_segments) - set(written.segments))
    return written


def _batches(found: list[Cluster], size: int = 1000) -> list[list[Cluster]]:
    """The clusters a thousand at a time: their triples, quads and lines exist for one batch at a time."""
    return [found[at:at + size] for at in range(0, len(found), size)]


def _shared_lines(nquads: str) -> list[str]:
    """A report's lines of the shared graph but its own places, which the corpus describes anew."""
    parsed = list(ox.parse(nquads.encode("utf-8"), format=NQUADS.ox()))
    own_places = {quad.subject for quad in parsed if (quad.predicate, quad.object) == _PLACE}
    return _lines([quad for quad in parsed if quad.subject not in own_places])


def _lines(found: list[ox.Quad]) -> list[str]:
    return ox.serialize(found, format=NQUADS.ox()).decode("utf-8").splitlines(keepends=True)


def _write_report(out, path: Path, old: str | None, new: URIRef | None) -> None:
    """A report's lines from the cache, its place renamed to the corpus's (then sorted again)."""
    if new is None or old == str(new):
        with path.open("rb") as cached:
            shutil.copyfileobj(cached, out)
        return
    parsed = renamed(list(ox.parse(path=str(path), format=NQUADS.ox())), old, new)
    out.write(ox.serialize(sorted(parsed, key=str), format=NQUADS.ox()))
