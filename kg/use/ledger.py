"""The ledger: each target a report set, held against the actual the same place's next report gives for that year.

kg/queries/ledger.rq finds the commitments; this module counts them per place and year and writes them as a
table for people, or as a CSV with CSVW metadata beside it."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from kg.errors import InputError, QueryError
from kg.resources import queries_dir
from kg.use.graphs import graph_files
from kg.use.query import open_file, open_folder, run_store
from kg.use.render import render
from kg.vocab import CSVW_CONTEXT

# (column, the query variable it is read from, its CSVW datatype, what it holds)
COLUMNS = (
    ("place", "place", "string", "the place that set the target, as its reports name it"),
    ("year", "period", "integer", "the year the target was set for (report N) and the actual given for (report N+1)"),
    ("indicator", "indicator", "string", "the indicator, normalised and shared across reports"),
    ("measure", "measure", "string", "what is compared: growthPct (growth over the year before, in percent) "
                                     "or value (the figure in its unit)"),
    ("target", "target", "decimal", "the target report N set for year N"),
    ("actual", "actual", "decimal", "the actual report N+1 gives for year N"),
    ("qualifier", "qualifier", "string", "the hedge word of the target: 以上, 左右, 以内, 不低于, 力争 …"),
    ("verdict", "verdict", "string", "met or missed"),
)
MET, MISSED = "met", "missed"
SUMMARY = ["place", "year", MET, MISSED, "rate"]
EVERY = "(all)"  # the place and year of the total line, which no place label can be


class Commitment(NamedTuple):
    """One target against its actual, every field as the table and the CSV show it."""
    place: str
    year: str
    indicator: str
    measure: str
    target: str
    actual: str
    qualifier: str
    verdict: str


def ledger_query() -> str:
    """The SPARQL of the ledger, shipped as queries/ledger.rq."""
    path = queries_dir() / "ledger.rq"
    if not path.is_file():
        raise QueryError(f"{path}: the ledger query is missing from this installation of govkg")
    return path.read_text(encoding="utf-8")


def _store(source: Path):
    """The Oxigraph store to ask: a corpus folder's (or its graph files'), or a graph file's."""
    source = Path(source)
    if source.is_dir():
        if not (source / "store").is_dir():
            try:
                graph_files(source)
            except FileNotFoundError:
                raise InputError(f"{source}: no corpus here (no store/, corpus.nq or graph files); "
                                 f"build one with 'kg build REPORTS -o {source}'") from None
        return open_folder(source)
    if not source.exists():
        raise InputError(f"{source}: no such file or folder")
    return open_file(source)


def _number(term) -> str:
    """A figure as people write it: 6.5, 7, 5000000000 (whatever datatype the graph gave it)."""
    if term is None:
        return ""
    try:
        number = Decimal(str(term))
    except InvalidOperation:
        return str(term)
    whole = number.to_integral_value()
    return format(whole if number == whole else number.normalize(), "f")


def commitments(source: Path, text: str | None = None) -> list[Commitment]:
    """The commitments of a corpus folder or a graph file, sorted by place, year, indicator and measure."""
    names, rows = run_store(_store(source), text if text is not None else ledger_query())
    missing = [variable for _, variable, _, _ in COLUMNS if variable not in names]
    if missing:
        raise QueryError(f"the ledger query does not select {', '.join('?' + v for v in missing)}")
    index = [names.index(variable) for _, variable, _, _ in COLUMNS]
    found = []
    for row in rows:
        cells = [row[i] for i in index]
        found.append(Commitment(*(_number(cell) if datatype == "decimal" else ("" if cell is None else str(cell))
                                  for cell, (_, _, datatype, _) in zip(cells, COLUMNS))))
    return sorted(found)


def places(rows: list[Commitment]) -> list[str]:
    return sorted({row.place for row in rows})


def only(rows: list[Commitment], name: str) -> list[Commitment]:
    """The commitments of the place named `name`, or else of those whose name holds it (清苑 finds 清苑区);
    InputError when none does. A whole name finds that place alone: 易县 is not 米易县."""
    kept = [row for row in rows if row.place == name] or [row for row in rows if name in row.place]
    if not kept:
        known = ", ".join(places(rows)) or "none: the ledger is empty"
        raise InputError(f"no place in the ledger matches {name!r} (places: {known})")
    return kept


def _rate(met: int, missed: int) -> str:
    return f"{100 * met / (met + missed):.0f}%" if met + missed else ""


def summary(rows: list[Commitment]) -> list[list[str]]:
    """Per place and year: targets met, missed and the rate met; then the total line over all of them."""
    counts: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        tally = counts.setdefault((row.place, row.year), [0, 0])
        tally[row.verdict != MET] += 1
    lines = [[place, year, str(met), str(missed), _rate(met, missed)]
             for (place, year), (met, missed) in sorted(counts.items())]
    met = sum(row.verdict == MET for row in rows)
    return [*lines, [EVERY, EVERY, str(met), str(len(rows) - met), _rate(met, len(rows) - met)]]


def table(rows: list[Commitment]) -> str:
    """The ledger for people: the counts per place and year, then the commitments themselves."""
    counts = render(SUMMARY, summary(rows)).splitlines()[:-1]  # its row count would count the total line too
    return "\n".join(counts) + "\n\n" + render([column for column, *_ in COLUMNS], [list(row) for row in rows])


def to_csv(rows: list[Commitment]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column for column, *_ in COLUMNS])
    writer.writerows(sorted(rows))
    return buffer.getvalue().encode("utf-8")


def metadata(csv_name: str) -> bytes:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) describing the ledger's columns."""
    doc = {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_name,
        "dc:title": "govkg ledger: targets of government work reports against the actuals of the next year's report",
        "dc:description": "A ceiling (以内, 以下, 低于, 不超过, 控制在) is met when actual <= target; 左右 when actual >= "
                          "target - 0.5 points (for a value, 99% of the target); any other target when actual >= target.",
        "dialect": {"header": True, "encoding": "utf-8"},
        "tableSchema": {
            "columns": [{"name": column, "titles": column, "datatype": datatype, "dc:description": text}
                        for column, _, datatype, text in COLUMNS],
            "primaryKey": ["place", "year", "indicator", "measure"],
        },
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
