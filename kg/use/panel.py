"""A tidy panel of indicator observations across reports: one CSV row each, with CSVW metadata beside it.

pandas, R or Stata load it with the right types."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from kg.resources import shipped_query
from kg.use import csvw
from kg.use.graphs import graph_files as graphs_of
from kg.use.query import load_graph, run
from kg.use.render import plain

COLUMNS = (
    ("report", "string", "the report's identifier (its file name)"),
    ("place", "string", "the place the report is about, as the report names it"),
    ("province", "string", "the province, where the report states it"),
    ("year", "integer", "the year the figure is for"),
    ("indicator", "string", "the indicator, normalised and shared across reports"),
    ("name_in_report", "string", "the indicator as this report names it"),
    ("kind", "string", "actual (the review year) or target (the report year)"),
    ("value", "decimal", "the figure in its unit"),
    ("unit", "string", "元 for money, else 人, 亩, 公斤, 吨 …"),
    ("growth_pct", "decimal", "growth over the year before, in percent (the lower end of a range)"),
    ("growth_pct_upper", "decimal", "the upper end of a growth range"),
    ("qualifier", "string", "the hedge word: 以上, 左右, 突破, 以内, 不低于, 力争 …"),
    ("rank", "string", "a rank the report states (全省第2)"),
    ("sentence", "string", "the sentence of the report the figure comes from"),
)


def graph_files(paths: Iterable[Path]) -> list[Path]:
    """The graph files named, and the graphs of the folders named (a corpus folder's dataset), in order."""
    out: list[Path] = []
    for path in map(Path, paths):
        try:
            out.extend(graphs_of(path))
        except FileNotFoundError:
            out.append(path)  # reading it says what is wrong, in the words of the other errors
    return out


@cache
def panel_query() -> str:
    """The SPARQL of the panel, shipped as queries/export/panel.rq."""
    return shipped_query("export/panel")


def rows_of(path: Path) -> list[list[str]]:
    """The panel rows of one graph file; raises QueryError when it cannot be read."""
    names, rows = run(load_graph(path), panel_query())
    index = [names.index(column) for column, _, _ in COLUMNS]
    return [[plain(row[i]) for i in index] for row in rows]


def to_csv(rows: list[list[str]]) -> bytes:
    return csvw.to_csv([column for column, _, _ in COLUMNS], sorted(rows, key=lambda row: (row[0], row[3], row[6], row[4])))


def metadata(csv_name: str) -> bytes:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) describing the panel's columns."""
    return csvw.metadata(csv_name, "govkg indicator panel: actuals and targets from government work reports",
                         COLUMNS, ["report", "indicator", "year", "kind"])
