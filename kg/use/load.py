"""Loading into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent with PUT, which replaces it: loading twice leaves the store as loading once,
and a load cut short is completed by running it again. Afterwards a SPARQL COUNT per graph against
the store's query endpoint checks that it holds what was sent, and one ASK whether the store's default
graph holds them too: the shipped queries read the default graph, so in a store whose default graph is
not the union of its named graphs they find nothing, and kg load warns (the load itself is done).

Credentials come from the environment: GOVKG_TOKEN (bearer) or GOVKG_USER and GOVKG_PASSWORD (basic).
A user:password@ in an endpoint URL is taken out of it and used as basic credentials, so that no URL
printed, logged or put in an error carries it.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from rdflib.namespace import RDF

from kg.errors import EndpointError, InputError, LoadError
from kg.formats import by_name
from kg.use.graphs import graph_files, read_quads
from kg.vocab import GK

RETRIES = 4
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}
# the settings that make a store's default graph the union of its named graphs (the README has the table)
UNION_SETTINGS = ("Oxigraph: `oxigraph serve --union-default-graph`; Fuseki: `tdb2:unionDefaultGraph true` "
                  "(TDB1: `tdb:unionDefaultGraph true`) in the dataset's configuration")
log = logging.getLogger(__name__)


def endpoint(url: str) -> tuple[str, httpx.Auth | None]:
    """The URL without its user:password@ (if any), and basic credentials made from them."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise EndpointError(f"{redact(url)}: not a URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise EndpointError(f"{redact(url)}: give an http:// or https:// URL with a host")
    auth = httpx.BasicAuth(parsed.username, parsed.password) if parsed.userinfo else None
    return str(parsed.copy_with(username=None, password=None)), auth


def redact(url: str) -> str:
    """The URL as it may be shown: whatever stands before an @ in its authority is replaced."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url.split("@")[-1] if "@" in url.split("/")[0] else url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{slash}{path}"


@dataclass(frozen=True)
class NamedGraph:
    name: str
    ntriples: bytes  # the graph's triples as N-Triples, one per line, sorted
    triples: int


def graphs_of(source: Path) -> list[NamedGraph]:
    """The named graphs to send: a corpus folder's dataset, or graph files, each named by its report's IRI."""
    import pyoxigraph as ox

    try:
        files = graph_files(source)
        parsed = [(path, read_quads(path)) for path in files]
    except (FileNotFoundError, InputError) as exc:
        raise LoadError(str(exc).splitlines()[0]) from None
    is_a, report_class = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.Report))
    quads = []
    for path, found in parsed:
        if found and all(isinstance(q.graph_name, ox.DefaultGraph) for q in found):
            # a one-report graph file: its graph is named after its report
            report = next((q.subject for q in found if q.predicate == is_a and q.object == report_class), None)
            if report is None:
                raise LoadError(f"{path}: no gk:Report in it to name its graph after")
            found = [ox.Quad(q.subject, q.predicate, q.object, report) for q in found]
        quads.extend(found)
    by_graph: dict[str, set[str]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        by_graph.setdefault(quad.graph_name.value, set()).add(str(ox.Triple(quad.subject, quad.predicate, quad.object)))
    shared = [name for name in by_graph if name.endswith("/graph/shared")]
    order = sorted(name for name in by_graph if name not in shared) + shared
    return [NamedGraph(name, "".join(f"{triple} .\n" for triple in sorted(by_graph[name])).encode("utf-8"),
                       len(by_graph[name])) for name in order]


def query_url_for(endpoint: str) -> str | None:
    """The SPARQL query URL that goes with a Graph Store endpoint of the usual servers, if it can be told."""
    base = endpoint.rstrip("/")
    for gsp, query in (("/store", "/query"), ("/data", "/sparql"), ("/rdf-graphs/service", "")):
        if base.endswith(gsp):
            return base[: -len(gsp)] + query
    return None


def auth_from_env() -> httpx.Auth | None:
    token, user, password = (os.environ.get(k) for k in ("GOVKG_TOKEN", "GOVKG_USER", "GOVKG_PASSWORD"))
    if token:
        return _Bearer(token)
    if user is not None or password is not None:
        return httpx.BasicAuth(user or "", password or "")
    return None


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self.token = token

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def _said(response: httpx.Response) -> str:
    text = " ".join(response.text.split())[:300]
    return f"HTTP {response.status_code} {response.reason_phrase}" + (f": {text}" if text else "")


def _send(client: httpx.Client, method: str, url: str, graph: str, deadline: float | None = None,
          **kwargs) -> httpx.Response:
    """One request, retried with backoff on connection failures and transient statuses, never past the deadline."""
    for attempt in range(RETRIES + 1):
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise LoadError(f"graph <{graph}>: the --deadline passed before it was done")
        try:
            response = client.request(method, url, timeout=None if left is None else min(left, client.timeout.read or left),
                                      **kwargs)
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            raise LoadError(f"graph <{graph}>: {redact(url.split('?')[0])} cannot be asked ({exc})") from None
        except httpx.TransportError as exc:
            if attempt == RETRIES:
                raise LoadError(f"graph <{graph}>: the server at {redact(url.split('?')[0])} cannot be reached "
                                f"({exc.__class__.__name__}: {exc}) after {RETRIES + 1} tries") from None
        else:
            if response.status_code in (401, 403):
                raise LoadError(f"graph <{graph}>: the server refused the credentials ({_said(response)}); "
                                "set GOVKG_TOKEN, or GOVKG_USER and GOVKG_PASSWORD")
            if response.status_code not in TRANSIENT or attempt == RETRIES:
                return response
        time.sleep(min(0.25 * 2 ** attempt, 4.0))
    raise AssertionError("unreachable")


@dataclass
class Loaded:
    graphs: int = 0
    triples: int = 0
    union: bool | None = None  # whether the default graph holds the loaded graphs; None: not asked or no answer


def _warn(message: str) -> None:
    # kg.use does not print (only the CLI does): a warning goes through logging, which without a
    # configured handler writes the message alone to stderr
    log.warning("kg: %s", message)


def load(graphs: list[NamedGraph], endpoint: str, query_url: str | None, auth: httpx.Auth | None = None,
         sent: Callable[[NamedGraph], None] | None = None, timeout: float = 60.0,
         deadline: float | None = None, transport: httpx.BaseTransport | None = None,
         warn: Callable[[str], None] = _warn) -> Loaded:
    """PUT every graph, then check each graph's triple count through the query endpoint, and whether the
    store's default graph holds them (`warn` is told when it does not, or when the store gives no answer).
    `deadline` is a time.monotonic() instant after which no request is made or waited for. `transport`
    replaces the network (httpx.MockTransport in tests, or a proxy's)."""
    done = Loaded()
    with httpx.Client(auth=auth, timeout=timeout, transport=transport) as client:
        for graph in graphs:
            response = _send(client, "PUT", endpoint, graph.name, deadline, params={"graph": graph.name},
                             content=graph.ntriples, headers={"Content-Type": by_name("nt").media})
            if response.status_code not in (200, 201, 204):
                raise LoadError(f"graph <{graph.name}>: the server did not store it ({_said(response)})")
            done.graphs += 1
            done.triples += graph.triples
            if sent:
                sent(graph)
        if query_url:
            for graph in graphs:
                held = count(client, query_url, graph.name, deadline)
                if held != graph.triples:
                    raise LoadError(f"graph <{graph.name}>: sent {graph.triples} triples, the store holds {held}")
            sample = next((graph for graph in graphs if graph.triples), None)
            if sample:
                done.union, why = default_holds(client, query_url, sample.name, deadline)
                if done.union is False:
                    warn(UNION_WARNING)
                elif done.union is None:
                    warn(f"warning: could not tell whether the store's default graph holds the loaded graphs ({why}); "
                         f"the shipped queries need it to be their union: {UNION_SETTINGS}")
    return done


UNION_WARNING = ("warning: the store's default graph does not hold the loaded graphs, so the shipped queries find "
                 "nothing there;\n  make it the union of the named graphs: " + UNION_SETTINGS)


def default_holds(client: httpx.Client, query_url: str, graph: str,
                  deadline: float | None = None) -> tuple[bool | None, str]:
    """Whether a triple of the graph is in the store's default graph too, and if that cannot be told, why."""
    query = f"ASK {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1 }} ?s ?p ?o }}"
    try:
        response = _send(client, "POST", query_url, graph, deadline, data={"query": query},
                         headers={"Accept": by_name("json").media})
    except LoadError as exc:  # the load is done and counted: a check that cannot be made does not undo it
        return None, str(exc)
    if response.status_code != 200:
        return None, _said(response)
    try:
        answer = response.json()["boolean"]
    except (ValueError, KeyError, TypeError):
        return None, "the query endpoint gave no yes or no"
    return (answer, "") if isinstance(answer, bool) else (None, "the query endpoint gave no yes or no")


def count(client: httpx.Client, query_url: str, graph: str, deadline: float | None = None) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = _send(client, "POST", query_url, graph, deadline, data={"query": query},
                     headers={"Accept": by_name("json").media})
    if response.status_code != 200:
        raise LoadError(f"graph <{graph}>: counting its triples failed ({_said(response)})")
    try:
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LoadError(f"graph <{graph}>: the query endpoint gave no count ({type(exc).__name__}: {exc})") from None
