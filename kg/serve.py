"""A read-only SPARQL endpoint over a corpus folder's Oxigraph store, for YASGUI or any SPARQL client.

GET or POST /sparql (the SPARQL 1.1 Protocol: ?query=, a form, or an application/sparql-query body).
Updates are refused, and so is SERVICE, which would make the server fetch from elsewhere. Bodies over
1 MB are refused, idle connections time out, and no more queries run at once than there are cores
(the rest get 503); a query itself has no time limit, which is why the server listens on loopback
unless told otherwise.
"""
from __future__ import annotations

import html
import os
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.query import query_text, shipped

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?[<?$]", re.I)  # the keyword, not schema:Service
MAX_BODY = 1024 * 1024


def _pick(accept: str, formats: dict, default: str) -> str:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in formats:
            return media
    return default


class _Handler(BaseHTTPRequestHandler):
    store: ox.Store
    server_version = "govkg-serve"
    timeout = 30  # seconds a connection may sit idle or dribble its request

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        if self.server.verbose:
            super().log_message(format, *args)

    def _reply(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._reply(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_OPTIONS(self):  # noqa: N802 - http.server's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._reply(HTTPStatus.OK, _index().encode("utf-8"), "text/html; charset=utf-8")
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        params = parse_qs(url.query)
        if "update" in params:
            return self._refuse_update()
        if "query" not in params:
            return self._error(HTTPStatus.BAD_REQUEST, "give a query: /sparql?query=…")
        self._answer(params["query"][0])

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length.isdigit() else HTTPStatus.BAD_REQUEST,
                               f"a request body is 0 to {MAX_BODY} bytes with a Content-Length saying so")
        body = self.rfile.read(int(length)).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self._refuse_update()
        if media == "application/sparql-query":
            return self._answer(body)
        params = parse_qs(body)
        if "update" in params:
            return self._refuse_update()
        if "query" not in params:
            return self._error(HTTPStatus.BAD_REQUEST, "give a query: a form field 'query' or an application/sparql-query body")
        self._answer(params["query"][0])

    def _refuse_update(self):
        self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL UPDATE is refused")

    def _answer(self, query: str) -> None:
        if _SERVICE.search(query):
            return self._error(HTTPStatus.BAD_REQUEST, "SERVICE is refused: this endpoint queries only its own data")
        if not self.server.slots.acquire(blocking=False):
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, "busy: as many queries run as there are cores; retry")
        try:
            self._run(query)
        finally:
            self.server.slots.release()

    def _run(self, query: str) -> None:
        try:
            result = self.store.query(query)
        except SyntaxError as exc:
            if re.match(r"\s*(PREFIX\s+\S+\s+<[^>]*>\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b",
                        query, re.I):
                return self._refuse_update()
            return self._error(HTTPStatus.BAD_REQUEST, f"query error: {exc}")
        except OSError as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the store failed: {exc}")
        accept = self.headers.get("Accept") or ""
        if isinstance(result, ox.QueryTriples):
            media = _pick(accept, GRAPH_FORMATS, "application/n-triples")
            body = result.serialize(format=GRAPH_FORMATS[media])
        else:
            media = _pick(accept, RESULT_FORMATS, "application/sparql-results+json")
            body = result.serialize(format=RESULT_FORMATS[media])
        self._reply(HTTPStatus.OK, body, media + ("; charset=utf-8" if media.startswith("text/") else ""))


def _index() -> str:
    items = "".join(
        f'<li><a href="/sparql?query={html.escape(_quote(query_text(name)))}">{html.escape(name)}</a></li>'
        for name in shipped())
    return ("<!doctype html><meta charset=utf-8><title>govkg SPARQL endpoint</title>"
            "<h1>govkg SPARQL endpoint</h1><p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code> "
            "(GET or POST; results as JSON, XML, CSV or TSV by <code>Accept</code>). The default graph is "
            "the union of every report; <code>GRAPH ?g { … }</code> reaches one report.</p>"
            f"<p>The shipped queries:</p><ul>{items}</ul>")


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder, host: str = "127.0.0.1", port: int = 7879, verbose: bool = False):
        from kg.query import open_folder

        store = open_folder(folder)
        handler = type("Handler", (_Handler,), {"store": store})
        self.verbose = verbose
        self.slots = threading.BoundedSemaphore(os.cpu_count() or 2)
        super().__init__((host, port), handler)
