"""Running SPARQL over a built graph: a shipped query by name or a query file, over a graph file or a corpus folder."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import XSD, Dataset, Graph
from rdflib.term import Literal

from kg.errors import InputError, QueryError
from kg.formats import of_file
from kg.resources import queries_dir
from kg.use.graphs import graph_files, union_store
from kg.use.guard import bounded

# temporary: kg.cli and kg.use.panel import the rendering from here
from kg.use.render import plain, render  # noqa: F401

_STRING = str(XSD.string)
_INLINE = re.compile(r"\s*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


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
    """A graph file as an rdflib graph (every graph of a dataset in its default graph), for what needs rdflib:
    SHACL validation and the panel's queries."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file")
    try:
        fmt = of_file(path)
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    graph = Dataset(default_union=True) if fmt.quads else Graph()
    try:
        graph.parse(path, format=fmt.rdflib)
    except Exception as exc:  # rdflib raises many kinds; all mean the file is not valid RDF
        raise QueryError(f"{path}: not a valid {fmt.rdflib} file ({str(exc).splitlines()[0][:200]})") from None
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
    try:
        files = graph_files(path)
    except FileNotFoundError:
        raise QueryError(f"{path}: no store/ and no graph files in this folder") from None
    return _union(files)


def open_file(path: Path):
    """A pyoxigraph store in memory holding a graph file's triples (of every graph, for a dataset) in its
    default graph: the engine kg query uses for folders, so a file answers as fast and errs alike."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file")
    return _union([path])


def _union(files: list[Path]):
    try:
        return union_store(files)
    except InputError as exc:  # kg query reports every graph it cannot open as a query that cannot run
        raise QueryError(str(exc)) from None


def from_ox(term):
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


def shown(term):
    """A pyoxigraph term as render's cells take it: a string, with or without a language, as its text
    (which every format shows as it is, and which is quicker made than an rdflib literal), any other term
    as from_ox gives it."""
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and (term.language or term.datatype.value == _STRING):
        return term.value
    return from_ox(term)


def stream_store(store, text: str, graphs: list | None = None) -> tuple[list[str], Iterator[tuple]]:
    """A SELECT query over the store's default graph, which kg build fills with the union of the report
    graphs (a folder of graph files loaded in memory has everything in it too), or over the merge of
    `graphs` (pyoxigraph named nodes) when given: the names of its variables, and its rows as they come
    from the engine, each a tuple of pyoxigraph terms (None where unbound)."""
    bounded(text)
    try:
        result = store.query(text) if graphs is None else store.query(text, default_graph=graphs)
    except (SyntaxError, OSError) as exc:  # a bad query, or one the store cannot run (SERVICE)
        raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None
    if not hasattr(result, "variables"):
        raise QueryError("only SELECT queries can be shown as a table")
    return [v.value for v in result.variables], _solutions(result)


def _solutions(result) -> Iterator[tuple]:
    try:
        yield from map(tuple, result)
    except (SyntaxError, OSError) as exc:  # what fails only as the rows are computed
        raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None


def run_store(store, text: str) -> tuple[list[str], list[list]]:
    """A SELECT query over the store (see stream_store), its rows as lists of rdflib terms."""
    names, rows = stream_store(store, text)
    return names, [[from_ox(v) for v in row] for row in rows]


def run(graph: Graph, text: str) -> tuple[list[str], list[list]]:
    """A SELECT query over an rdflib graph (see load_graph)."""
    bounded(text)
    try:
        result = graph.query(text)
    except Exception as exc:  # parse and evaluation errors from rdflib's SPARQL engine
        raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None
    if result.type != "SELECT":
        raise QueryError("only SELECT queries can be shown as a table")
    names = [str(v) for v in result.vars]
    return names, [list(row) for row in result]


def selected(store, text: str, variables: list[str], what: str) -> list[list]:
    """The rows of a SELECT over the store, each the values of `variables` in their order; QueryError when the
    query (the `what` query) does not select one of them."""
    names, rows = run_store(store, text)
    missing = [variable for variable in variables if variable not in names]
    if missing:
        raise QueryError(f"the {what} query does not select {', '.join('?' + v for v in missing)}")
    index = [names.index(variable) for variable in variables]
    return [[row[i] for i in index] for row in rows]


# what in a query is not its own syntax: comments, strings (long ones first) and IRIs
_OPAQUE = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|' r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
                     r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|" r'<[^<>"{}|^`\\\s]*>', re.S)


def blanked(text: str) -> str:
    """The query with its comments, strings and IRIs blanked out: what is left at a place is syntax."""
    return _OPAQUE.sub(lambda found: " " * len(found.group()), text)


def ordered(text: str) -> bool:
    """Whether the query orders its rows itself (ORDER BY outside comments and strings)."""
    return re.search(r"\bORDER\s+BY\b", blanked(text), re.I) is not None
