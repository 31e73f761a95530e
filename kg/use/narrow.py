"""Filters of a query by report and place, written into its SPARQL, so the engine reads only those reports.

VALUES on ?report, or on ?place for the queries that bind only that (the ledger, the projects due).
"""
from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph

from kg.errors import QueryError
from kg.use.query import blanked, from_ox, query_text, run
from kg.vocab import GK


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


def _is(report, given: str) -> bool:
    """Whether a report's IRI is the one given, whole (<…> or not) or by its last segment (qingyuan-2021)."""
    iri = str(report)
    return given.strip("<>") == iri or given == iri.rstrip("/").rsplit("/", 1)[-1]


def _reports(source) -> list[list]:
    """Each report with the label of its place as report.rq gives it (rdflib terms), from an Oxigraph store
    or an rdflib graph."""
    if not isinstance(source, Graph):
        return _store_reports(source)
    names, rows = run(source, query_text("report"))
    if "report" not in names or "place" not in names:
        raise QueryError("the report query selects no ?report and ?place to filter by")
    return [[row[names.index("report")], row[names.index("place")]] for row in rows]


def _store_reports(store: ox.Store) -> list[list]:
    """report.rq's ?report and ?place, looked up in the store's indexes: a query over every report's graph
    would read them all (half a second at 3,000 reports)."""
    kind, report_class = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.Report))
    place, label = ox.NamedNode(str(GK.place)), ox.NamedNode(str(RDFS.label))
    found = []
    for quad in store.quads_for_pattern(None, kind, report_class, ox.DefaultGraph()):
        labels = sorted({named.object for where in store.quads_for_pattern(quad.subject, place, None, ox.DefaultGraph())
                         for named in store.quads_for_pattern(where.object, label, None, ox.DefaultGraph())
                         if isinstance(where.object, ox.NamedNode)}, key=str)
        found.extend([from_ox(quad.subject), None if text is None else from_ox(text)] for text in labels or [None])
    return sorted(found, key=lambda row: (str(row[0]), str(row[1])))


def narrowed(source, text: str, report: str | None = None, place: str | None = None) -> str:
    """The query with --report and --place put into it, so that the engine reads only those reports.

    The reports are chosen from report.rq's answer: `report` by its id (its IRI's last segment) or its IRI;
    `place` by the place's label, the place of that label or else every place whose label holds it (清苑
    finds 清苑区 and 清苑县); with both, the report if it is of that place. A query that
    binds ?report then opens its WHERE with VALUES ?report { <IRI> … }; one that binds only ?place (a place
    label: ledger, promises) with VALUES ?place { "label"@zh … }. QueryError when the query binds neither
    variable a filter needs, or when no report (or no report of that place) goes by the name given."""
    if report is None and place is None:
        return text
    syntax = blanked(text)
    start = _where(syntax)
    by_report = _binds(syntax[start:], "report")
    if report is not None and not by_report:
        raise QueryError(f"--report {report}: this query cannot be filtered by report (it binds no ?report)")
    if place is not None and not by_report and not _binds(syntax[start:], "place"):
        raise QueryError(f"--place {place}: this query cannot be filtered by place (it binds no ?report or ?place)")
    every = chosen = _reports(source)
    if report is not None:
        chosen = [row for row in chosen if _is(row[0], report)]
        if not chosen:
            raise QueryError(f"--report {report}: no such report here (kg query GRAPH report lists them)")
    if place is not None:
        labels = {str(label) for _, label in every if label is not None}
        named = {place} if place in labels else {label for label in labels if place in label}
        if not named:
            raise QueryError(f"--place {place}: no report's place is named so (kg query GRAPH report lists them)")
        chosen = [row for row in chosen if row[1] is not None and str(row[1]) in named]
        if not chosen:  # only with --report too; and rdflib cannot read an empty VALUES block
            raise QueryError(f"--report {report} --place {place}: that report is not of that place")
    column, variable = (0, "report") if by_report else (1, "place")
    terms = " ".join(dict.fromkeys(row[column].n3() for row in chosen))
    # on the line of the {, so the engine's errors name the lines of the query as written
    return f"{text[:start]} VALUES ?{variable} {{ {terms} }} {text[start:]}"
