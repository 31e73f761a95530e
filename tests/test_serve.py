"""kg serve: the shipped queries over HTTP give what kg query gives; updates, SERVICE and runaway queries
cannot hurt it (the probes of a hostile or careless client, each a test)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib.namespace import SKOS

from conftest import alive, children, free_port
from kg.build.corpus import build_corpus
from kg.resources import sample_report
from kg.use.negotiate import pick
from kg.use.query import open_folder, query_text, run_store, shipped
from kg.use.serve import Server
from kg.vocab import GK


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conftest import liuxi, write_report

    folder = tmp_path_factory.mktemp("reports")
    write_report(folder, "qingchuan-2024", "青川市", "青禾材料", "青川港物流园项目")
    for year, gdp, industry in ((2023, 5.8, 7), (2024, 5.2, 8.5)):  # two years of one place: a ledger
        (folder / f"liuxi-{year}.txt").write_text(liuxi(year, gdp, industry), encoding="utf-8")
    (folder / "houma-2024.txt").write_bytes(sample_report().read_bytes())  # it has a glossary
    out = tmp_path_factory.mktemp("out")
    build_corpus([folder], out, jobs=1)
    server = Server(out, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def post(url, body: bytes, media: str, accept="application/sparql-results+json"):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": media, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.mark.parametrize("name", shipped())
def test_shipped_queries_over_http(served, name):
    out, url = served
    status, body = post(f"{url}/sparql", query_text(name).encode("utf-8"), "application/sparql-query")
    rows = json.loads(body)["results"]["bindings"]
    local = run_store(open_folder(out), query_text(name))[1]
    assert (status, len(rows)) == (200, len(local)) and len(local) > 0


def test_get_with_csv(served):
    _, url = served
    query = urllib.parse.quote(f"SELECT ?name WHERE {{ ?e a <{GK.Enterprise}> ; <{SKOS.prefLabel}> ?name }}")
    request = urllib.request.Request(f"{url}/sparql?query={query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        lines = response.read().decode("utf-8").split()
    assert lines[0] == "name" and "恒泰" in lines


@pytest.mark.parametrize("body, media", [
    pytest.param(b"INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "application/sparql-update", id="update-body"),
    pytest.param(b"update=" + urllib.parse.quote("DROP ALL").encode(), "application/x-www-form-urlencoded", id="update-form"),
    pytest.param(b"query=" + urllib.parse.quote("CLEAR DEFAULT").encode(), "application/x-www-form-urlencoded",
                 id="update-as-query"),
])
def test_update_is_refused(served, body, media):
    out, url = served
    status, text = post(f"{url}/sparql", body, media)
    assert status == 403 and b"read-only" in text
    assert len(run_store(open_folder(out), query_text("enterprises"))[1]) > 0


def test_bad_query_is_400(served):
    _, url = served
    status, text = post(f"{url}/sparql", b"SELECT WHERE {", "application/sparql-query")
    assert status == 400 and b"query error" in text


def test_listens_on_loopback_by_default(served, tmp_path):
    out, _ = served
    server = Server(out, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


class _Stub(ThreadingHTTPServer):
    """A loopback web server that counts what reaches it: a SERVICE that got through would show here."""

    def __init__(self):
        hits = self.hits = []

        class Count(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Count)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


@pytest.fixture(scope="module")
def stub():
    server = _Stub()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("form", [
    pytest.param("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", id="plain"),
    pytest.param("SELECT * WHERE {{ SERVICE<{url}>{{ ?s ?p ?o }} }}", id="no-space"),
    pytest.param("PREFIX ex: <{url}#> SELECT * WHERE {{ SERVICE ex:x {{ ?s ?p ?o }} }}", id="prefixed-name"),
    pytest.param("SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}", id="comment-between"),
    pytest.param("PREFIX ex: <{url}#> SELECT * WHERE {{ SERVICE SILENT ex:e {{ ?s ?p ?o }} }}", id="silent-prefixed"),
    pytest.param("SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}", id="variable"),
    pytest.param("select * where {{ optional {{ service <{url}> {{ ?s ?p ?o }} }} }}", id="lower-case-nested"),
])
def test_no_service_form_reaches_a_server(served, stub, form):
    _, url = served
    status, text = post(f"{url}/sparql", form.format(url=stub.url).encode(), "application/sparql-query")
    assert (status, b"SERVICE" in text, stub.hits) == (400, True, [])


def _deep(levels: int) -> str:
    return "SELECT * WHERE { FILTER(" + "(" * levels + "1" + ")" * levels + ") }"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_nesting_is_refused_and_the_server_lives(served, method):
    _, url = served
    query = _deep(7000)  # 14 KB; this once crashed the server's process
    if method == "POST":
        status, text = post(f"{url}/sparql", query.encode(), "application/sparql-query")
    else:
        request = urllib.request.Request(f"{url}/sparql?query={urllib.parse.quote(query)}")
        try:
            urllib.request.urlopen(request, timeout=10)
            status, text = 200, b""
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read()
    assert (status, b"nested" in text) == (400, True)
    assert post(f"{url}/sparql", b"ASK { ?s ?p ?o }", "application/sparql-query")[0] == 200


@pytest.mark.parametrize("query, accept, status", [
    pytest.param("CONSTRUCT", "application/rdf+xml", 200, id="construct-as-rdf-xml-sparqlwrapper-default"),
    pytest.param("CONSTRUCT", "text/turtle", 200, id="construct-as-turtle"),
    pytest.param("CONSTRUCT", "*/*", 200, id="construct-as-anything"),
    pytest.param("CONSTRUCT", "", 200, id="construct-no-accept"),
    pytest.param("CONSTRUCT", "image/png", 406, id="construct-as-an-image-is-406"),
    pytest.param("SELECT", "text/turtle", 406, id="select-as-turtle-is-406"),
    pytest.param("SELECT", "application/sparql-results+xml", 200, id="select-as-xml"),
])
def test_formats(served, query, accept, status):
    _, url = served
    text = (f"CONSTRUCT WHERE {{ ?s a <{GK.Enterprise}> }} LIMIT 2" if query == "CONSTRUCT"
            else f"SELECT ?s WHERE {{ ?s a <{GK.Enterprise}> }} LIMIT 2").encode()
    assert post(f"{url}/sparql", text, "application/sparql-query", accept=accept)[0] == status


@pytest.mark.parametrize("accept, offered, expected", [
    pytest.param("text/csv", ("application/json", "text/csv"), "text/csv", id="named"),
    pytest.param("text/*", ("application/json", "text/csv"), "text/csv", id="wildcard-type"),
    pytest.param("application/xml, */*;q=0.1", ("application/json",), "application/json", id="any-after-unknown"),
    pytest.param("image/png", ("application/json",), None, id="nothing-acceptable"),
])
def test_pick(accept, offered, expected):
    assert pick(accept, offered) == expected


# ---- runaway queries: each test gets a server of its own, with limits small enough to hit in seconds ----

CARTESIAN_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"  # grows without end
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs without end
CHEAP = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{GK.Enterprise}> }}"


@pytest.fixture
def serving(served):
    started = []

    def start(**limits) -> tuple[Server, str]:
        server = Server(served[0], port=0, **limits)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def _busy(server: Server) -> int:
    return server.pool.count - len(server.pool.idle)


def _until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("limits, query, says", [
    pytest.param({"max_memory_mb": 300, "timeout": 120}, CARTESIAN_SORTED, b"300 MB", id="memory"),
    pytest.param({"max_memory_mb": 0, "timeout": 1}, CARTESIAN_COUNT, b"longer than 1 s", id="time"),
])
def test_runaway_query_is_stopped(serving, limits, query, says):
    server, url = serving(**limits)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def watch():  # the workers' own high-water marks of resident memory, read until the query is over
        while not done.is_set():
            for pid in children(os.getpid()):
                peaks[pid] = max(peaks.get(pid, 0), _high_water_mb(pid))
            time.sleep(0.005)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    status, text = post(url, query.encode(), "application/sparql-query")
    done.set()
    watcher.join()
    assert (status, says in text) == (503, True)
    if limits["max_memory_mb"]:
        assert 0 < max(peaks.values()) < limits["max_memory_mb"]
    assert _until(lambda: _busy(server) == 0)
    assert post(url, CHEAP.encode(), "application/sparql-query")[0] == 200


def test_cheap_query_is_answered_while_two_runaways_run(serving):
    server, url = serving(timeout=60, workers=3)
    runaways = [threading.Thread(target=post, args=(url, CARTESIAN_COUNT.encode(), "application/sparql-query"),
                                 daemon=True) for _ in range(2)]
    for thread in runaways:
        thread.start()
    assert _until(lambda: _busy(server) == 2)
    status, body = post(url, CHEAP.encode(), "application/sparql-query")
    assert status == 200 and json.loads(body)["results"]["bindings"]
    assert all(thread.is_alive() for thread in runaways)  # the cheap one did not wait for them


def test_abandoned_query_is_cancelled(serving):
    server, url = serving(timeout=120)
    port = server.server_address[1]
    body = CARTESIAN_COUNT.encode()
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                       b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        assert _until(lambda: _busy(server) == 1)
    # the client is gone; its query must not run on for the two minutes it was allowed
    assert _until(lambda: _busy(server) == 0, seconds=10)


@pytest.mark.parametrize("cors, header", [
    pytest.param(None, None, id="off-by-default"),
    pytest.param("http://localhost:8080", "http://localhost:8080", id="opted-in"),
])
def test_cors_is_opt_in(serving, cors, header):
    _, url = serving(cors=cors)
    request = urllib.request.Request(url, data=CHEAP.encode(), headers={"Content-Type": "application/sparql-query",
                                                                        "Origin": "http://elsewhere.example"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("Access-Control-Allow-Origin") == header


def test_a_rebuilt_store_is_noticed(tmp_path):
    from conftest import write_report

    folder, out = tmp_path / "reports", tmp_path / "out"
    folder.mkdir()
    write_report(folder, "qingchuan-2024", "青川市", "青禾材料", "青川港物流园项目")
    build_corpus([folder], out, jobs=1)
    server = Server(out, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    count = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{GK.Report}> }}".encode()
    try:
        before = json.loads(post(url, count, "application/sparql-query")[1])["results"]["bindings"][0]["n"]["value"]
        write_report(folder, "liuxi-2024", "柳溪市", "恒泰", "柳溪水库引水工程")
        build_corpus([folder], out, jobs=1)
        after = json.loads(post(url, count, "application/sparql-query")[1])["results"]["bindings"][0]["n"]["value"]
    finally:
        server.shutdown()
        server.server_close()
    assert (before, after) == ("1", "2")


def test_workers_die_with_the_server(served):
    out, _ = served
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(out), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert server.stdout.readline().startswith(b"SPARQL endpoint")
        post(f"http://127.0.0.1:{port}/sparql", CHEAP.encode(), "application/sparql-query")
        workers = children(server.pid)
        assert workers
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    assert _until(lambda: not any(alive(pid) for pid in workers), seconds=10)


def test_fifty_clients_at_once_all_get_answers(serving):
    _, url = serving(workers=2)
    answers = []

    def ask():
        answers.append(post(url, CHEAP.encode(), "application/sparql-query")[0])
    clients = [threading.Thread(target=ask) for _ in range(50)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(60)
    assert answers == [200] * 50  # they queue for the two workers; none is turned away


def _high_water_mb(pid: int) -> int:
    """A worker's peak resident memory; 0 for any other child.

    A child caught between fork and exec still carries the forking process's high-water mark (the whole
    test session's, in CI), so only a process already running the worker counts."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as command:
            if b"kg.use.worker" not in command.read():
                return 0
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration, ValueError):
        return 0


def test_a_client_leaving_early_leaves_no_traceback(serving, capfd):
    server, url = serving()
    body = b"CONSTRUCT WHERE { ?s ?p ?o }"  # a long answer, still flowing when the client goes
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", server.server_address[1])) as client:
            client.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            client.recv(1)
    assert _until(lambda: _busy(server) == 0)
    assert post(url, CHEAP.encode(), "application/sparql-query")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("length, status", [("abc", 400), (str(10**12), 413)], ids=["not-a-number", "too-big"])
def test_bad_content_length(served, length, status):
    endpoint = served[1] + "/sparql"
    import http.client
    import urllib.parse

    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.putrequest("POST", url.path)
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", length)
    connection.endheaders()
    assert connection.getresponse().status == status


def test_the_word_service_in_data_is_no_service_call(served):
    endpoint = served[1] + "/sparql"
    query = 'SELECT ?s WHERE { ?s ?p "customer service" } LIMIT 1'
    request = urllib.request.Request(endpoint, data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
