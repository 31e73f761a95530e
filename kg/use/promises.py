"""Projects due: each project a report promises for its year, with the status the same place's next report gives it.

kg/queries/promises.rq finds them; this module counts them per place and year, and shows them as a table for
people or as a CSV with CSVW metadata beside it. kg ledger shows them after the targets."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from kg.resources import shipped_query
from kg.use import csvw
from kg.use.query import selected
from kg.use.render import render

# (column, the query variable it is read from, its CSVW datatype, what it holds)
COLUMNS = (
    ("place", "place", "string", "the place whose report promised the project, as its reports name it"),
    ("year", "period", "integer", "the year the project was due (report N), whose review is report N+1"),
    ("project", "project", "string", "the project, as report N names it"),
    ("due", "due", "date", "its earliest milestone date in that year"),
    ("status", "status", "string", "what report N+1 says of it: Completed, Started, Reported (named without a "
                                   "milestone reached), Planned (promised again) or NotMentioned"),
)
# the statuses in the order the count line gives them, each with its heading there
STATUSES = (("Completed", "completed"), ("Started", "started"), ("Reported", "reported"), ("Planned", "planned"),
            ("NotMentioned", "not mentioned"))
SUMMARY = ["place", "year", "due", *(heading for _, heading in STATUSES)]
EVERY = "(all)"  # the place and year of the total line, which no place label can be


class Promise(NamedTuple):
    """One project due in a year against the next report, every field as the table and the CSV show it."""
    place: str
    year: str
    project: str
    due: str
    status: str


def promises_query() -> str:
    return shipped_query("promises")


def promises(store, text: str | None = None) -> list[Promise]:
    """The projects due in an Oxigraph store, sorted by place, year and project."""
    rows = selected(store, text if text is not None else promises_query(), [v for _, v, _, _ in COLUMNS], "projects")
    return sorted(Promise(*("" if cell is None else str(cell) for cell in row)) for row in rows)


def summary(rows: list[Promise]) -> list[list[str]]:
    """Per place and year: the projects due and how many have each status; then the total line."""
    groups: dict[tuple[str, str], list[Promise]] = {}
    for row in rows:
        groups.setdefault((row.place, row.year), []).append(row)

    def line(place: str, year: str, due: list[Promise]) -> list[str]:
        return [place, year, str(len(due)), *(str(sum(row.status == status for row in due)) for status, _ in STATUSES)]

    return [*(line(place, year, due) for (place, year), due in sorted(groups.items())), line(EVERY, EVERY, rows)]


def table(rows: list[Promise]) -> str:
    """The projects due for people: the counts per place and year, then the projects themselves."""
    counts = render(SUMMARY, summary(rows)).splitlines()[:-1]  # its row count would count the total line too
    return "\n".join(counts) + "\n\n" + render([column for column, *_ in COLUMNS], [list(row) for row in rows])


def csv_path(output: Path) -> Path:
    """Where the projects go beside the ledger's CSV: ledger.csv → ledger-projects.csv."""
    return output.with_name(f"{output.stem}-projects{output.suffix or '.csv'}")


def to_csv(rows: list[Promise]) -> bytes:
    return csvw.to_csv([column for column, *_ in COLUMNS], sorted(rows))


def metadata(csv_name: str) -> bytes:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) describing the projects' columns."""
    return csvw.metadata(csv_name, "govkg projects due: projects promised in government work reports against "
                                   "what the next year's report says of them",
                         [(column, datatype, text) for column, _, datatype, text in COLUMNS],
                         ["place", "year", "project"])
