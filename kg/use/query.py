"""Running SPARQL over a built graph: a shipped query by name or a query file; table, CSV or JSON out."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.term import Literal

from kg.resources import queries_dir

_PARSE_FORMAT = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig",
                 ".nq": "nquads"}


_INLINE = re.compile(r"\s*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


class QueryError(Exception):
    """A query or graph that cannot be used; the message is meant for the user."""


def shipped() -> list[str]:
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def query_text(query: str) -> str:
    """The text of a query given inline (SELECT …), as the name of a shipped query (projects, glossary.rq)
    or as a file path.

    A bare name is a shipped query even when a file of that name sits in the working folder
    (`kg query OUT projects > projects` creates one before kg runs).
    """
    if _INLINE.match(query) and not _is_file(query):
        return query  # kg query OUT 'SELECT …': the query itself, not a file's name
    path = Path(query)
    candidate = queries_dir() / f"{path.stem}.rq"
    if _is_file(str(candidate)) and path.suffix in ("", ".rq") and len(path.parts) == 1:
        return candidate.read_text(encoding="utf-8")
    if _is_file(query):
        return path.read_text(encoding="utf-8")
    raise QueryError(f"{query}: no such query file, and no shipped query of that name "
                     f"(shipped: {', '.join(shipped())})")


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL in it
        return False


def load_graph(path: Path) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file")
    fmt = _PARSE_FORMAT.get(path.suffix.lower())
    if fmt is None:
        raise QueryError(f"{path}: unknown graph format (expected {', '.join(_PARSE_FORMAT)})")
    graph = Dataset(default_union=True) if fmt in ("trig", "nquads") else Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds; all mean the file is not valid RDF
        raise QueryError(f"{path}: not a valid {fmt} file ({str(exc).splitlines()[0][:200]})") from None
    return graph


def open_folder(path: Path):
    """A pyoxigraph store for a folder kg build wrote: its store/, or else its graph files loaded in memory."""
    import pyoxigraph as ox

    path = Path(path)
    if (path / "store").is_dir():
        try:
            return ox.Store.read_only(str(path / "store"))
        except OSError as exc:
            raise QueryError(f"{path / 'store'}: cannot open the store ({exc})") from None
    from kg.serialize import graph_files, ox_format

    store = ox.Store()
    try:
        files = graph_files(path)
    except FileNotFoundError:
        raise QueryError(f"{path}: no store/ and no graph files in this folder") from None
    for file in files:
        _read_into(store, file, ox_format(file))
    return store


def _read_into(store, file: Path, fmt) -> None:
    """Every graph's triples of the file in the store's default graph, as in a store kg build wrote."""
    import pyoxigraph as ox

    try:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in ox.parse(path=str(file), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{file}: not a valid graph file ({str(exc).splitlines()[0][:200]})") from None


def open_file(path: Path):
    """A pyoxigraph store in memory holding a graph file's triples (of every graph, for a dataset) in its
    default graph: the engine kg query uses for folders, so a file answers as fast and errs alike."""
    import pyoxigraph as ox

    from kg.serialize import ox_format

    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file")
    try:
        fmt = ox_format(path)
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    store = ox.Store()
    _read_into(store, path, fmt)
    return store


def _from_ox(term):
    """A pyoxigraph term as the rdflib term render() knows."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))


def run_store(store, text: str) -> tuple[list[str], list[list]]:
    """A SELECT query over the store's default graph, which kg build fills with the union of the
    report graphs (a folder of graph files loaded in memory has everything in it too)."""
    _bounded(text)
    try:
        result = store.query(text)
    except (SyntaxError, OSError) as exc:  # a bad query, or one the store cannot run (SERVICE)
        raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None
    if not hasattr(result, "variables"):
        raise QueryError("only SELECT queries can be shown as a table")
    names = [v.value for v in result.variables]
    return names, [[_from_ox(solution[name]) for name in names] for solution in result]


def _bounded(text: str) -> None:
    from kg.use.guard import Refused, bounded

    try:
        bounded(text)
    except Refused as exc:
        raise QueryError(str(exc)) from None


def run(graph: Graph, text: str) -> tuple[list[str], list[list]]:
    _bounded(text)
    try:
        result = graph.query(text)
    except Exception as exc:  # parse and evaluation errors from rdflib's SPARQL engine
        raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None
    if result.type != "SELECT":
        raise QueryError("only SELECT queries can be shown as a table")
    names = [str(v) for v in result.vars]
    return names, [list(row) for row in result]


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
    from rdflib import URIRef

    from kg.vocab import PREFIXES

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
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
