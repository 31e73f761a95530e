"""A query's answer as people and programs read it: an aligned table, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TextIO

from rdflib import URIRef
from rdflib.term import Literal

from kg.vocab import PREFIXES

_REMEMBERED = 100_000  # distinct values cells() keeps turned at once; past it, it starts again


def plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal) and isinstance(value.toPython(), Decimal):
        number = value.toPython()
        return format(number.to_integral_value() if number == number.to_integral_value() else number, "f")
    return str(value)


def _compact(value) -> str:
    """A table cell: IRIs of the known vocabularies as prefixed names (gk:Actual), others by their last
    segment (a report as houma-2024); CSV and JSON keep whole IRIs."""
    if isinstance(value, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(value).startswith(str(ns)) and len(str(value)) > len(str(ns)):
                return f"{prefix}:{str(value)[len(str(ns)):]}"
        return str(value).rstrip("/").rsplit("/", 1)[-1] or str(value)
    return plain(value)


def _cut(text: str, width: int = 60) -> str:
    """A table cell at most `width` columns wide; CSV and JSON keep the whole text."""
    if _width(text) <= width:
        return text
    used = 0
    for end, ch in enumerate(text):
        used += _width(ch)
        if used > width - 1:
            return text[:end] + "…"
    return text


def _json_value(value):
    if value is None:
        return None
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, Decimal):  # money: a JSON number, whole yuan as an integer
            return int(py) if py == py.to_integral_value() else float(py)
        return py if isinstance(py, (int, float, str, bool)) else str(value)
    return str(value)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table_cell(value) -> tuple[str, int]:
    text = _cut(_compact(value))
    return text, _width(text)


_CELL: dict[str, Callable] = {"table": _table_cell, "csv": plain, "json": _json_value}


def cells(rows: Iterable[Sequence], fmt: str = "table", sort: bool = False,
          convert: Callable | None = None) -> Iterator[list]:
    """Rows of values as rows of cells in `fmt` (a table's cell is its text and its width), lazily unless
    `sort`, which orders them by the plain text of their values, column after column.

    Each distinct value is turned once (an answer repeats a report, a unit, a status thousands of times);
    `convert` first turns an engine's own term into the rdflib term the cells are made from."""
    make, seen = _CELL[fmt], {}

    def cell(value):
        try:
            return seen[value]
        except KeyError:
            if len(seen) >= _REMEMBERED:
                seen.clear()
            term = convert(value) if convert else value
            found = seen[value] = (plain(term), make(term))
            return found

    pairs: Iterable[tuple] = (tuple(map(cell, row)) for row in rows)
    if sort:  # by the keys alone, and stable: rows alike keep the engine's order
        pairs = sorted(pairs, key=lambda row: [key for key, _ in row])
    return ([made for _, made in row] for row in pairs)


def write(names: list[str], rows: Iterable[list], fmt: str, out: TextIO) -> int:
    """Rows of cells (see cells) under their column names, to `out`: CSV and JSON row by row as they come,
    a table once every row is in (its columns are as wide as their widest cell). The number of rows."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(row)
            count += 1
        return count
    if fmt == "json":  # the bytes json.dumps(list, indent=1) gives, one object at a time
        out.write("[")
        for count, row in enumerate(rows, 1):
            item = json.dumps(dict(zip(names, row)), ensure_ascii=False, indent=1)
            out.write(("\n" if count == 1 else ",\n") + "\n".join(" " + line for line in item.split("\n")))
        out.write("\n]\n" if count else "]\n")
        return count
    table = list(rows)
    head = [(name, _width(name)) for name in names]
    widths = [max(width for _, width in column) for column in zip(head, *table)]

    def line(row: list) -> str:
        return "  ".join(text + " " * (w - width) for (text, width), w in zip(row, widths)).rstrip()

    out.write(line(head) + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for row in table:
        out.write(line(row) + "\n")
    out.write(f"({len(table)} row{'s' if len(table) != 1 else ''})\n")
    return len(table)


def render(names: list[str], rows: list[list], fmt: str = "table") -> str:
    """The rows under their column names, as an aligned table (cells cut to fit), CSV or JSON."""
    buf = io.StringIO()
    write(names, cells(rows, fmt), fmt, buf)
    return buf.getvalue()
