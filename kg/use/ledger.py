"""The ledger: each target a report set, held against the actual the same place's next report gives for that year.

kg/queries/ledger.rq finds the commitments; this module counts them per place and year and writes them as a
table for people, or as a CSV with CSVW metadata beside it. The projects due (kg/use/promises.py) come after them."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from kg.errors import InputError
from kg.resources import shipped_query
from kg.use import csvw
from kg.use import promises as projects_due
from kg.use.graphs import graph_files
from kg.use.query import open_file, open_folder, selected
from kg.use.render import render

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


class Ledger(list):
    """The commitments, with the projects due of the same places in `projects`: the two parts kg ledger shows."""

    def __init__(self, rows=(), projects: list[projects_due.Promise] | None = None):
        super().__init__(rows)
        self.projects = list(projects or [])


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
    return shipped_query("ledger")


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


def commitments(source: Path, text: str | None = None) -> Ledger:
    """The commitments of a corpus folder or a graph file, sorted by place, year, indicator and measure, with
    the projects due there."""
    store = _store(source)
    rows = selected(store, text if text is not None else ledger_query(),
                                 [variable for _, variable, _, _ in COLUMNS], "ledger")
    found = [Commitment(*(_number(cell) if datatype == "decimal" else ("" if cell is None else str(cell))
                          for cell, (_, _, datatype, _) in zip(row, COLUMNS))) for row in rows]
    return Ledger(sorted(found), projects_due.promises(store))


def places(rows: list[Commitment]) -> list[str]:
    """The places of the commitments and of the projects due."""
    return sorted({row.place for row in [*rows, *getattr(rows, "projects", [])]})


def only(rows: list[Commitment], name: str) -> Ledger:
    """The commitments and projects due of the place named `name`, or else of those whose name holds it (清苑
    finds 清苑区); InputError when none does. A whole name finds that place alone: 易县 is not 米易县."""
    every = places(rows)
    chosen = {name} if name in every else {place for place in every if name in place}
    if not chosen:
        known = ", ".join(every) or "none: the ledger is empty"
        raise InputError(f"no place in the ledger matches {name!r} (places: {known})")
    return Ledger([row for row in rows if row.place in chosen],
                  [row for row in getattr(rows, "projects", []) if row.place in chosen])


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
    text = "\n".join(counts) + "\n\n" + render([column for column, *_ in COLUMNS], [list(row) for row in rows])
    due = getattr(rows, "projects", [])
    return text + ("\nprojects due\n\n" + projects_due.table(due) if due else "")


def to_csv(rows: list[Commitment]) -> bytes:
    return csvw.to_csv([column for column, *_ in COLUMNS], sorted(rows))


def metadata(csv_name: str) -> bytes:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) describing the ledger's columns."""
    return csvw.metadata(
        csv_name, "govkg ledger: targets of government work reports against the actuals of the next year's report",
        [(column, datatype, text) for column, _, datatype, text in COLUMNS], ["place", "year", "indicator", "measure"],
        "A ceiling (以内, 以下, 低于, 不超过, 控制在) is met when actual <= target; 左右 when actual >= "
        "target - 0.5 points (for a value, 99% of the target); any other target when actual >= target.")


def files(rows: list[Commitment], output: Path) -> list[tuple[Path, bytes]]:
    """What -o writes: the commitments' CSV and its CSVW metadata, then the projects due as <stem>-projects.csv
    with its own metadata (a project has no target or actual: one table for both would leave half its cells empty)."""
    projects = projects_due.csv_path(output)
    return [(output, to_csv(rows)), (output.with_name(output.name + "-metadata.json"), metadata(output.name)),
            (projects, projects_due.to_csv(getattr(rows, "projects", []))),
            (projects.with_name(projects.name + "-metadata.json"), projects_due.metadata(projects.name))]
