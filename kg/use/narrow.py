"""Filters of a query by report and place: the reports chosen through the indexes, then only they are read.

A query marked with a `# per-report:` comment line, saying that the rows of a report come from that report's
graph alone, or from it and the shared graph (as for the shipped queries), runs over a store once per chosen
report with that graph, or those two, as its default graph: the engine starts from the report's own quads
whatever the corpus's size. Any other query, and any over an rdflib graph, opens its WHERE with VALUES on
?report, or on ?place for the queries that bind only that (the ledger, the projects due).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal

from kg.errors import QueryError
from kg.use.query import blanked, run, run_store, stream_store
from kg.vocab import GK, PREFIXES

PER_REPORT = re.compile(r"^#\s*per-report:([^\n]*)", re.M)  # with "shared" in the line: the shared graph too

_PREFIXES = "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}>\n" for prefix in ("gk", "rdfs"))
# the labels of the places: a few thousand at most, whatever the number of reports
_PLACE_LABELS = _PREFIXES + "SELECT DISTINCT ?label WHERE { ?place a gk:Place ; rdfs:label ?label }"
_OF_PLACES = _PREFIXES + """SELECT ?report ?label WHERE {
  VALUES ?label { %s } ?place rdfs:label ?label . ?report gk:place ?place . ?report a gk:Report }"""
_BY_ID = _PREFIXES + """SELECT ?report ?label WHERE { ?report a gk:Report .
  FILTER(STR(?report) = %s || STRENDS(STR(?report), %s)) OPTIONAL { ?report gk:place/rdfs:label ?label } }"""


def _where(syntax: str) -> int:
    """Where the body of a SELECT's WHERE group begins: after the first { outside parentheses."""
    level = 0
    for at, ch in enumerate(syntax):
        level += (ch == "(") - (ch == ")")
        if ch == "{" and level <= 0:
            if not re.search(r"\bSELECT\b", syntax[:at], re.I):
                break
            return at + 1
    raise QueryError("only SELECT queries can be shown as a table")


def _binds(syntax: str, name: str) -> bool:
    return re.search(rf"[?$]{name}(?![\w\u00b7\u0300-\u036f\u203f\u2040])", syntax) is not None


def _select(source, text: str) -> list[list]:
    return run(source, text)[1] if isinstance(source, Graph) else run_store(source, text)[1]


def _chosen(source, report: str | None, place: str | None) -> list[list]:
    """[report, label of its place] (rdflib terms) of the reports the filters choose, as report.rq gives
    them: `report` by its id (its IRI's last segment) or its IRI; `place` by the place's label, the place of
    that label or else every place whose label holds it (清苑 finds 清苑区 and 清苑县); with both, the
    report if it is of that place. QueryError when none is."""
    chosen = None
    if report is not None:
        given = report.strip("<>")
        # the report whose IRI is the one given, whole (<…> or not) or by its last segment (qingyuan-2021)
        chosen = _select(source, _BY_ID % (Literal(given).n3(), Literal("/" + given).n3()))
        if not chosen:
            raise QueryError(f"--report {report}: no such report here (kg query GRAPH report lists them)")
    if place is not None:
        labels = {str(row[0]): row[0] for row in _select(source, _PLACE_LABELS)}
        of_places = _of_places(source, [labels[place]] if place in labels else [])
        if not of_places:  # no place of that label, or none some report is of
            of_places = _of_places(source, [term for label, term in sorted(labels.items()) if place in label])
        if not of_places:
            raise QueryError(f"--place {place}: no report's place is named so (kg query GRAPH report lists them)")
        chosen = of_places if chosen is None else [row for row in chosen if row in of_places]
        if not chosen:  # only with --report too; and rdflib cannot read an empty VALUES block
            raise QueryError(f"--report {report} --place {place}: that report is not of that place")
    return sorted(chosen, key=lambda row: (str(row[0]), str(row[1])))


def _of_places(source, labels: list) -> list[list]:
    return _select(source, _OF_PLACES % " ".join(label.n3() for label in labels)) if labels else []


def _filtered(source, text: str, report: str | None, place: str | None) -> tuple[int, str, list[list]]:
    """Where the query's WHERE opens, the variable it is filtered on, and the chosen [report, label] rows."""
    syntax = blanked(text)
    start = _where(syntax)
    by_report = _binds(syntax[start:], "report")
    if report is not None and not by_report:
        raise QueryError(f"--report {report}: this query cannot be filtered by report (it binds no ?report)")
    if place is not None and not by_report and not _binds(syntax[start:], "place"):
        raise QueryError(f"--place {place}: this query cannot be filtered by place (it binds no ?report or ?place)")
    return start, "report" if by_report else "place", _chosen(source, report, place)


def _values(text: str, start: int, variable: str, chosen: list[list]) -> str:
    terms = " ".join(dict.fromkeys(row[variable == "place"].n3() for row in chosen))
    # on the line of the {, so the engine's errors name the lines of the query as written
    return f"{text[:start]} VALUES ?{variable} {{ {terms} }} {text[start:]}"


def narrowed(source, text: str, report: str | None = None, place: str | None = None) -> str:
    """The query with --report and --place written into it as VALUES (see _chosen for how they choose):
    VALUES ?report { <IRI> … } when it binds ?report, else VALUES ?place { "label"@zh … }. QueryError when
    the query binds neither variable a filter needs, or when no report goes by the names given."""
    if report is None and place is None:
        return text
    return _values(text, *_filtered(source, text, report, place))


def filtered_rows(store, text: str, report: str | None = None,
                  place: str | None = None) -> tuple[list[str], Iterator[tuple]]:
    """kg query's rows (see stream_store) filtered by --report and --place: a per-report query over each
    chosen report's graph (and the shared graph, if its mark says so), in the order of the reports' IRIs,
    when the store has them; else the query narrowed by VALUES."""
    if report is None and place is None:
        return stream_store(store, text)
    start, variable, chosen = _filtered(store, text, report, place)
    mark = PER_REPORT.search(text) if variable == "report" else None
    extra = [_shared_graph(store)] if mark is not None and "shared" in mark.group(1) else []
    graphs = [ox.NamedNode(str(iri)) for iri in dict.fromkeys(row[0] for row in chosen)]
    if mark is None or None in extra or not all(store.contains_named_graph(graph) for graph in graphs):
        return stream_store(store, _values(text, start, variable, chosen))
    if len(graphs) == 1:
        return stream_store(store, text, [graphs[0], *extra])
    # Oxigraph lets go of the GIL while it evaluates: a place of 96 reports took half the time on two cores
    pool = ThreadPoolExecutor(min(len(graphs), os.cpu_count() or 1, 8))
    answers = pool.map(lambda graph: _listed(stream_store(store, text, [graph, *extra])), graphs)
    pool.shutdown(wait=False)  # the reports still to come are answered all the same
    names, rows = next(answers)
    return names, chain(rows, chain.from_iterable(rows for _, rows in answers))


def _listed(answer: tuple[list[str], Iterator[tuple]]) -> tuple[list[str], list[tuple]]:
    return answer[0], list(answer[1])


def _shared_graph(store: ox.Store) -> ox.NamedNode | None:
    """The named graph that holds the places: the shared graph of a built corpus."""
    kind, place = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.Place))
    return next((quad.graph_name for quad in store.quads_for_pattern(None, kind, place, None)
                 if isinstance(quad.graph_name, ox.NamedNode)), None)
