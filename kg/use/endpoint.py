"""The HTTP side of kg serve: SPARQL 1.1 Protocol requests read, guarded, and relayed to a worker and back."""
from __future__ import annotations

import contextlib
import html
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from multiprocessing.connection import wait
from urllib.parse import parse_qs, quote, urlsplit

from kg.use.guard import Refused, check
from kg.use.query import query_text, shipped
from kg.use.worker import Worker

MAX_BODY = 1024 * 1024
_POLL = 0.02  # seconds between looks at a running query's clock, memory and client
# the watcher stops a query at this share of --max-memory, so that growth between two looks stays under it
_MARGIN = 0.9


class _Gone(Exception):
    """The client hung up."""


class Handler(BaseHTTPRequestHandler):
    server_version = "govkg-serve"
    timeout = 30  # seconds a connection may sit idle or dribble its request

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        if self.server.verbose:
            super().log_message(format, *args)

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that leaves early is no error of ours
            super().handle()

    def _head(self, status: int, media: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Vary", "Origin")
        self.end_headers()

    def _reply(self, status: int, body: bytes, media: str) -> None:
        self._head(status, media, len(body))
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._reply(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_OPTIONS(self):  # noqa: N802 - http.server's naming
        if not self.server.cors:
            return self._error(HTTPStatus.FORBIDDEN, "cross-origin requests are off: start kg serve with --cors ORIGIN")
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", self.server.cors)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Vary", "Origin")
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
        try:
            check(query)
        except Refused as exc:
            return self._error(exc.status, str(exc))
        server = self.server
        try:
            worker = server.pool.acquire(server.queue_wait)
        except RuntimeError as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        if worker is None:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE,
                               f"busy: every query worker stayed taken for {server.queue_wait:g} s; retry")
        try:
            done = self._relay(worker, query)
        except _Gone:
            done = False
        if done:
            server.pool.release(worker)
        else:
            server.pool.discard(worker)

    def _relay(self, worker: Worker, query: str) -> bool:
        """Run the query in the worker and pass its answer on. False when the worker had to be killed."""
        server = self.server
        worker.conn.send((query, self.headers.get("Accept") or ""))
        deadline = time.monotonic() + server.query_timeout
        started = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                worker.kill()
                if not started:
                    self._error(HTTPStatus.SERVICE_UNAVAILABLE,
                                f"the query ran longer than {server.query_timeout:g} s and was stopped")
                return False
            ready = wait([worker.conn, self.connection], min(left, _POLL))
            if server.max_memory and worker.rss() > server.max_memory * _MARGIN:
                worker.kill()
                if not started:
                    self._error(HTTPStatus.SERVICE_UNAVAILABLE,
                                f"the query needed more than {server.max_memory // 2**20} MB and was stopped")
                return False
            if self.connection in ready and _hung_up(self.connection):
                worker.kill()
                raise _Gone
            if worker.conn not in ready:
                continue
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):  # the worker died: out of its address space, or a crash in the engine
                if not started:
                    limit = f" (it may have needed more than {server.max_memory // 2**20} MB)" if server.max_memory else ""
                    self._error(HTTPStatus.SERVICE_UNAVAILABLE, f"the query stopped its worker{limit}; it was not answered")
                return False
            kind = message[0]
            if kind == "error":
                self._error(message[1], message[2])
                return True
            try:
                if kind == "head":
                    media = message[1]
                    self._head(HTTPStatus.OK, media + ("; charset=utf-8" if media.startswith("text/") else ""))
                    started = True
                elif kind == "data":
                    self.wfile.write(message[1])
                elif kind == "end":
                    return True
                elif kind == "fail":
                    self.log_error("a result could not be written: %s", message[1])
                    self.close_connection = True
                    return True
            except OSError:  # the client left while the answer was flowing
                worker.kill()
                raise _Gone from None


def _hung_up(sock: socket.socket) -> bool:
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _index() -> str:
    items = "".join(
        f'<li><a href="/sparql?query={html.escape(quote(query_text(name), safe=""))}">{html.escape(name)}</a></li>'
        for name in shipped())
    return ("<!doctype html><meta charset=utf-8><title>govkg SPARQL endpoint</title>"
            "<h1>govkg SPARQL endpoint</h1><p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code> "
            "(GET or POST; results as JSON, XML, CSV or TSV by <code>Accept</code>). The default graph is "
            "the union of every report; <code>GRAPH ?g { … }</code> reaches one report.</p>"
            f"<p>The shipped queries:</p><ul>{items}</ul>")
