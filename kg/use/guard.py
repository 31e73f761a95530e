"""What a SPARQL query must be before an engine runs it: small, shallow, a query (not an update), local."""
from __future__ import annotations

import re
from http import HTTPStatus

from kg.errors import QueryError

MAX_QUERY = 100_000  # characters; the longest shipped query is under 3,000
# Oxigraph's parser recurses per bracket and a few thousand levels overflow its stack (a segfault, not an
# error); rdflib's parser, used here to read the query, gives up at about 30 levels of parentheses
MAX_DEPTH = 24

# an IRI is <…> without spaces; a < followed by anything else is the less-than operator
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_OPEN, _CLOSE = "([{", ")]}"


class Refused(QueryError):
    """A query no engine here will run: kg query says why and exits 2, kg serve answers with `status`."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def depth(query: str) -> int:
    """The deepest nesting of brackets outside strings, IRIs and comments."""
    deepest = level = i = 0
    length = len(query)
    while i < length:
        ch = query[i]
        if ch == "#":
            nl = query.find("\n", i)
            i = length if nl == -1 else nl + 1
            continue
        if ch == "<" and (iri := _IRI.match(query, i)):
            i = iri.end()
            continue
        if ch in "\"'":
            i = _string_end(query, i)
            continue
        if ch in _OPEN:
            level += 1
            deepest = max(deepest, level)
        elif ch in _CLOSE:
            level -= 1
        i += 1
    return deepest


def _string_end(query: str, i: int) -> int:
    quote = query[i] * 3 if query.startswith(query[i] * 3, i) else query[i]
    j = i + len(quote)
    while j < len(query):
        if query[j] == "\\":
            j += 2
            continue
        if query.startswith(quote, j):
            return j + len(quote)
        if len(quote) == 1 and query[j] == "\n":
            return j  # an unterminated short string: the parser will say so
        j += 1
    return j


def bounded(query: str) -> None:
    """Raise Refused for a query too long or nested too deep for any engine to read safely."""
    if len(query) > MAX_QUERY:
        raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query is at most {MAX_QUERY:,} characters")
    if depth(query) > MAX_DEPTH:
        raise Refused(HTTPStatus.BAD_REQUEST, f"query error: brackets nested deeper than {MAX_DEPTH} levels")


def check(query: str) -> None:
    """Raise Refused unless the query is one this endpoint may run."""
    bounded(query)
    tree = _parse(query)
    if _has(tree, "ServiceGraphPattern"):
        raise Refused(HTTPStatus.BAD_REQUEST, "SERVICE is refused: this endpoint queries only its own data")


def _parse(query: str):
    """The query's parse tree. The query is read, not matched against patterns, so no spelling of an update
    or of SERVICE (a comment between the keyword and the IRI, a prefixed name, SILENT) slips past."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(query)
    except RecursionError:
        raise Refused(HTTPStatus.BAD_REQUEST, "query error: nested too deeply to read") from None
    except ParseException as exc:
        try:
            parseUpdate(query)
        except (ParseException, RecursionError):
            raise Refused(HTTPStatus.BAD_REQUEST, f"query error: {exc}") from None
        raise Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL UPDATE is refused") from None


def _has(node, name: str) -> bool:
    """Whether the parse tree holds a node of that name, at any depth."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        item = stack.pop()
        if getattr(item, "name", None) == name:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return False
