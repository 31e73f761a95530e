"""A read-only SPARQL endpoint over a corpus folder's Oxigraph store, for YASGUI or any SPARQL client.

GET or POST /sparql (the SPARQL 1.1 Protocol: ?query=, a form, or an application/sparql-query body).
Every query is read before it runs (kg.use.guard): updates, SERVICE, and queries too long or nested too deep
are refused. Queries run in worker processes, never in the server: one that runs past --timeout, grows past
--max-memory, or whose client hangs up is killed with its process, and a fresh worker takes its place.
Results stream from the worker to the client. Requests wait for a free worker rather than being turned
away. Browsers on other origins may read the answers only with --cors ORIGIN.
"""
from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection, wait
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.use.guard import Refused, check
from kg.use.query import open_folder, query_text, shipped

# media type → the name of its pyoxigraph format (QueryResultsFormat for solutions, RdfFormat for graphs),
# in the order they are offered; RDF/XML is what SPARQLWrapper asks a CONSTRUCT for unless told otherwise
RESULT_FORMATS = {"application/sparql-results+json": "JSON", "application/json": "JSON",
                  "application/sparql-results+xml": "XML", "text/csv": "CSV", "text/tab-separated-values": "TSV"}
GRAPH_FORMATS = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
                 "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML"}
MAX_BODY = 1024 * 1024
CHUNK = 64 * 1024
_POLL = 0.02  # seconds between looks at a running query's clock, memory and client
# the watcher stops a query at this share of --max-memory, so that growth between two looks stays under it
_MARGIN = 0.9
_SPARE = 2  # workers kept started and idle


def pick(accept: str, offered: tuple[str, ...]) -> str | None:
    """The first offered media type the Accept header names (or matches by a wildcard), the first offered
    one when it names none; None when the client accepts only types this endpoint cannot give (406)."""
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    if not wanted:
        return offered[0]
    for media in wanted:
        if media in offered:
            return media
        if media.endswith("/*"):
            if match := next((m for m in offered if m.startswith(media[:-1]) or media == "*/*"), None):
                return match
    return None


# ---- the worker: one process, one store, one query at a time --------------------------------------------

class _Sender:
    """A binary file for pyoxigraph's serializers that sends what it is given up the pipe in chunks."""

    def __init__(self, conn):
        self.conn, self.buffer = conn, bytearray()

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send(("data", bytes(self.buffer)))
            self.buffer.clear()


def _die_with_parent() -> None:
    """On Linux the kernel kills the worker when the server dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _cap_memory(max_memory: int) -> None:
    """The kernel's bound on what the worker may still allocate: its address space now, plus what its resident
    memory may still grow by. The watcher in the server stops a query before this; this holds if it is late."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a query that dies of it leaves no core file behind
    if not max_memory:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size, resident = (int(x) * os.sysconf("SC_PAGE_SIZE") for x in statm.read().split()[:2])
    except OSError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + max(max_memory - resident, 0)
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def _work(folder: str, conn, max_memory: int = 0) -> None:
    import pyoxigraph as ox

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops the workers
    try:
        store = open_folder(Path(folder))
    except Exception as exc:  # noqa: BLE001 - whatever it is, the server says it instead of hanging
        conn.send(("broken", str(exc)))
        return
    _cap_memory(max_memory)
    conn.send(("ready",))
    while True:
        try:
            query, accept = conn.recv()
        except EOFError:
            return
        try:
            result = store.query(query)
        except SyntaxError as exc:
            conn.send(("error", HTTPStatus.BAD_REQUEST, f"query error: {exc}"))
            continue
        except OSError as exc:
            conn.send(("error", HTTPStatus.INTERNAL_SERVER_ERROR, f"the store failed: {exc}"))
            continue
        graph = isinstance(result, ox.QueryTriples)
        formats = GRAPH_FORMATS if graph else RESULT_FORMATS
        offered = tuple(formats)
        media = pick(accept, offered)
        if media is None:
            conn.send(("error", HTTPStatus.NOT_ACCEPTABLE, f"this answer can be given as {', '.join(offered)}"))
            continue
        conn.send(("head", media))
        sender = _Sender(conn)
        try:
            kind = ox.RdfFormat if graph else ox.QueryResultsFormat
            result.serialize(sender, format=getattr(kind, formats[media]))
        except OSError as exc:  # the head is out: the client sees a cut answer, and the log says why
            conn.send(("fail", str(exc)))
            continue
        sender.flush()
        conn.send(("end",))


class _Worker:
    """A query process of its own (python -m kg.use.serve FD FOLDER), talking over a socket pair: started
    afresh, it imports nothing of the program that started it."""

    def __init__(self, folder: Path, generation, max_memory: int = 0):
        mine, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, "-m", "kg.use.serve", str(theirs.fileno()), str(folder),
                                         str(max_memory)],
                                        pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(mine.detach())
        self.generation = generation
        self.ready = False

    def wait_ready(self, timeout: float = 60) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start")
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            message = ("broken", "it exited while starting")
        if message[0] != "ready":
            self.kill()
            raise RuntimeError(f"a query worker could not start: {message[1]}")
        self.ready = True

    def rss(self) -> int:
        """Resident memory in bytes (Linux); 0 where /proc is not there to tell."""
        try:
            with open(f"/proc/{self.process.pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


def _generation(folder: Path):
    """What changes when kg build puts a new store (or new graph files) in place."""
    store = folder / "store"
    try:
        if store.is_dir():
            info = store.stat()
            return ("store", info.st_ino, info.st_mtime_ns)
        return ("files", tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()
                                      if p.is_file() and not p.name.startswith("."))))  # not .lock: every build touches it
    except OSError:
        return None


class Pool:
    """Worker processes over one folder: a query takes an idle one or waits for one."""

    def __init__(self, folder: Path, size: int, max_memory: int = 0):
        self.folder, self.size, self.max_memory = Path(folder), size, max_memory
        self.generation = _generation(self.folder)
        self.idle: list[_Worker] = []
        self.count = 0
        self.lock = threading.Condition()
        self.closed = False
        # workers are started from one thread that lives as long as the pool: the kernel's parent-death
        # signal follows the thread that started a process, and request threads come and go
        self.spawner = ThreadPoolExecutor(1, thread_name_prefix="kg-serve-spawner")
        first = self._spawn()
        first.wait_ready()  # a store that cannot be opened fails the start, not the first query
        self.idle.append(first)
        self.count = 1
        self.spawner.submit(self._top_up)

    def acquire(self, timeout: float) -> _Worker | None:
        deadline = time.monotonic() + timeout
        with self.lock:
            now = _generation(self.folder)
            if now != self.generation:  # a rebuilt store: idle workers hold the old one
                self.generation = now
                for worker in self.idle:
                    worker.kill()
                self.count -= len(self.idle)
                self.idle.clear()
            while not self.idle and self.count >= self.size:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)
            if self.idle:
                worker = self.idle.pop()
                if not self.idle:
                    self.spawner.submit(self._top_up)
                return worker
            self.count += 1
        try:
            worker = self._spawn()
            worker.wait_ready()
            return worker
        except RuntimeError:
            self.discard(None)
            raise

    def _top_up(self) -> None:
        """Keep workers started and waiting (on the spawner thread): a query that comes while others run
        away should not also wait for a process to start on busy cores."""
        while True:
            with self.lock:
                if self.closed or self.count >= self.size or len(self.idle) >= _SPARE:
                    return
                self.count += 1
                generation = self.generation
            worker = _Worker(self.folder, generation, self.max_memory)
            try:
                worker.wait_ready()
            except RuntimeError:
                self.discard(None)
                return
            self.release(worker)

    def _spawn(self) -> _Worker:
        return self.spawner.submit(_Worker, self.folder, self.generation, self.max_memory).result()

    def release(self, worker: _Worker) -> None:
        with self.lock:
            if not self.closed and worker.generation == self.generation and worker.alive():
                self.idle.append(worker)
            else:
                worker.kill()
                self.count -= 1
            self.lock.notify()

    def discard(self, worker: _Worker | None) -> None:
        if worker is not None:
            worker.kill()
        with self.lock:
            self.count -= 1
            self.lock.notify()
        if worker is not None and not self.closed:
            self.spawner.submit(self._top_up)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            for worker in self.idle:
                worker.kill()
            self.idle.clear()
        self.spawner.shutdown(wait=False)


# ---- the HTTP side --------------------------------------------------------------------------------------

class _Gone(Exception):
    """The client hung up."""


class _Handler(BaseHTTPRequestHandler):
    server_version = "govkg-serve"
    timeout = 30  # seconds a connection may sit idle or dribble its request

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        if self.server.verbose:
            super().log_message(format, *args)

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # a client that leaves early is no error of ours

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

    def _relay(self, worker: _Worker, query: str) -> bool:
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
    request_queue_size = 128  # the listen backlog: 50 clients at once queue instead of stalling

    def __init__(self, folder, host: str = "127.0.0.1", port: int = 7879, verbose: bool = False,
                 timeout: float = 30, max_memory_mb: int = 2048, workers: int | None = None,
                 cors: str | None = None, queue_wait: float = 60):
        self.verbose = verbose
        self.query_timeout = timeout
        self.max_memory = max_memory_mb * 2**20 if max_memory_mb else 0
        self.cors = cors
        self.queue_wait = queue_wait
        # more workers than cores: two runaway queries must leave a worker for a cheap one
        self.pool = Pool(Path(folder), workers or (os.cpu_count() or 2) + 2, self.max_memory)
        try:
            super().__init__((host, port), _Handler)
        except OSError:
            self.pool.close()
            raise

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


if __name__ == "__main__":  # a worker, started by _Worker
    _work(sys.argv[2], Connection(int(sys.argv[1])), int(sys.argv[3]))
