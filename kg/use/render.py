"""A query's answer as people and programs read it: an aligned table, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from decimal import Decimal

from rdflib import URIRef
from rdflib.term import Literal

from kg.vocab import PREFIXES


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
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


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
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(names: list[str], rows: list[list], fmt: str = "table") -> str:
    """The rows under their column names, as an aligned table (cells cut to fit), CSV or JSON."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[plain(v) for v in row] for row in rows])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(names, map(_json_value, row))) for row in rows],
                          ensure_ascii=False, indent=1) + "\n"
    cells = [names, *[[_cut(_compact(v)) for v in row] for row in rows]]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(names))]
    lines = []
    for number, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
