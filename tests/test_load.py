"""kg load against a real Oxigraph server started by the tests, and against small loopback stubs
for what a real server will not do on demand (ask for a password, fail once)."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from conftest import OxigraphServer, free_port
from kg.build.corpus import build_corpus
from kg.cli import main
from kg.use.load import graphs_of


@pytest.fixture
def built(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1, store=False)
    return out


def load_args(source, server, *more):
    return ["load", str(source), "--endpoint", f"{server.url}/store", "-q", *more]


@pytest.mark.parametrize("times", [1, 2], ids=["once", "twice"])
def test_load_corpus_counts_match(built, oxigraph, times):
    for _ in range(times):
        assert main(load_args(built, oxigraph)) == 0
    assert {g.name: oxigraph.count(g.name) for g in graphs_of(built)} == {g.name: g.triples for g in graphs_of(built)}


@pytest.mark.parametrize("times", [1, 2], ids=["once", "twice"])
def test_load_sample_file(root, oxigraph, times):
    sample = root / "output" / "houma-2024.ttl"
    for _ in range(times):
        assert main(load_args(sample, oxigraph)) == 0
    (graph,) = graphs_of(sample)
    assert (graph.name, oxigraph.count(graph.name)) == ("https://w3id.org/govkg/houma-2024", graph.triples)


class _GoesAway(httpx.HTTPTransport):
    """The network to a real server that stops once the first graph is in."""

    def __init__(self, server):
        super().__init__()
        self.server, self.graphs = server, []

    def handle_request(self, request):
        if request.method == "PUT":
            self.graphs.append(request.url.params["graph"])
            if len(self.graphs) == 2:
                self.server.stop()
        return super().handle_request(request)


def test_server_gone_mid_load_then_rerun_completes(built, tmp_path, monkeypatch, capsys):
    import kg.use.load

    monkeypatch.setattr(kg.use.load, "RETRIES", 1)
    server = OxigraphServer(tmp_path / "data").start()
    graphs, network = graphs_of(built), _GoesAway(server)
    with pytest.raises(kg.use.load.LoadError) as failed:
        kg.use.load.load(graphs, f"{server.url}/store", f"{server.url}/query", transport=network)
    assert "cannot be reached" in str(failed.value) and network.graphs[1] in str(failed.value)
    server.start()
    try:
        assert main(load_args(built, server)) == 0  # the same load again completes it
        assert all(server.count(g.name) == g.triples for g in graphs)
    finally:
        server.stop()


def test_a_failed_load_says_how_to_complete_it(built, capsys, monkeypatch):
    import kg.use.load

    monkeypatch.setattr(kg.use.load, "RETRIES", 0)
    port = free_port()  # nothing listens there
    assert main(["load", str(built), "--endpoint", f"http://127.0.0.1:{port}/store", "-q"]) == 1
    assert "run the same command again" in capsys.readouterr().err


def test_transient_failure_is_retried_through_a_mock_transport(built, monkeypatch):
    import kg.use.load

    monkeypatch.setattr(kg.use.load.time, "sleep", lambda seconds: None)
    answers = iter([503, 503] + [204] * 100)
    puts = []

    def store(request):
        status = next(answers)
        if status == 204:
            puts.append(request.url.params["graph"])
        return httpx.Response(status)
    graphs = graphs_of(built)
    done = kg.use.load.load(graphs, "http://store.invalid/gsp", None, transport=httpx.MockTransport(store))
    assert (done.graphs, puts) == (len(graphs), [g.name for g in graphs])


class Stub(BaseHTTPRequestHandler):
    """A Graph Store endpoint that wants a password, may fail the first PUTs with 503, may refuse every
    password or answer slowly, and answers count queries with whatever a test gives it."""
    password = "secret"
    failures = 0
    puts: list[str] = []
    auth: list[str] = []
    refuse = False
    delay = 0.0
    count_reply: bytes | None = None

    def log_message(self, *args):
        pass

    def do_PUT(self):  # noqa: N802
        import base64
        import time as clock

        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).auth.append(self.headers.get("Authorization") or "")
        clock.sleep(self.delay)
        expected = "Basic " + base64.b64encode(f"govkg:{self.password}".encode()).decode()
        if self.refuse or self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.end_headers()
            return
        if type(self).failures > 0:
            type(self).failures -= 1
            self.send_response(503)
            self.end_headers()
            return
        type(self).puts.append(self.path)
        self.send_response(204)
        self.end_headers()

    def do_POST(self):  # noqa: N802 - the count query
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = self.count_reply if self.count_reply is not None else b'{"results": {"bindings": [{"n": {"value": "0"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def stub():
    Stub.failures, Stub.puts, Stub.auth, Stub.refuse, Stub.delay, Stub.count_reply = 0, [], [], False, 0.0, None
    Stub.password = "secret"
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_wrong_password_is_a_clear_error(built, stub, monkeypatch, capsys):
    monkeypatch.setenv("GOVKG_USER", "govkg")
    monkeypatch.setenv("GOVKG_PASSWORD", "wrong")
    assert main(["load", str(built), "--endpoint", f"{stub}/gsp", "--query-endpoint", f"{stub}/q", "-q"]) == 1
    err = capsys.readouterr().err
    assert "refused the credentials" in err and "401" in err and "wrong" not in err


def test_transient_failure_is_retried(built, stub, monkeypatch):
    import kg.use.load

    monkeypatch.setattr(kg.use.load.time, "sleep", lambda seconds: None)
    monkeypatch.setenv("GOVKG_USER", "govkg")
    monkeypatch.setenv("GOVKG_PASSWORD", "secret")
    Stub.failures = 2
    graphs = graphs_of(built)
    done = kg.use.load.load(graphs, f"{stub}/gsp", None, kg.use.load.auth_from_env())
    assert (done.graphs, len(Stub.puts)) == (len(graphs), len(graphs))


def test_dry_run_sends_nothing(built, stub, capsys):
    assert main(["load", str(built), "--endpoint", f"{stub}/gsp", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.count("PUT ") == len(graphs_of(built)) and Stub.puts == []


@pytest.mark.parametrize("source, words", [
    pytest.param("nowhere", "no such file or folder", id="missing"),
    pytest.param("emptydir", "no corpus.nq", id="folder-without-dataset"),
])
def test_load_bad_source(tmp_path, capsys, source, words):
    (tmp_path / "emptydir").mkdir()
    assert main(["load", str(tmp_path / source), "--endpoint", "http://127.0.0.1:9/store"]) == 2
    assert words in capsys.readouterr().err


SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize("where", ["url", "environment"])
@pytest.mark.parametrize("mode", ["load", "dry-run", "refused", "unreachable"])
def test_no_credential_is_ever_printed(built, stub, monkeypatch, capsys, where, mode):
    host = stub.split("://")[1]
    port = free_port() if mode == "unreachable" else None
    base = f"http://127.0.0.1:{port}" if port else stub
    if where == "url":
        endpoint = base.replace("://", f"://govkg:{SECRET}@") + "/gsp"
    else:
        monkeypatch.setenv("GOVKG_USER", "govkg")
        monkeypatch.setenv("GOVKG_PASSWORD", SECRET)
        endpoint = f"{base}/gsp"
    import kg.use.load

    monkeypatch.setattr(kg.use.load, "RETRIES", 0)
    Stub.refuse, Stub.password = mode == "refused", SECRET
    args = ["load", str(built), "--endpoint", endpoint, "--query-endpoint", f"{base}/q"]
    main(args + (["--dry-run"] if mode == "dry-run" else []))
    said = capsys.readouterr()
    assert SECRET not in said.out + said.err and host  # every line kg printed, success or failure


def test_credentials_in_the_url_are_used(built, stub):
    Stub.password = SECRET
    endpoint = stub.replace("://", f"://govkg:{SECRET}@") + "/gsp"
    assert main(["load", str(built), "--endpoint", endpoint, "--no-check", "-q"]) == 0
    assert Stub.auth and all(a.startswith("Basic ") for a in Stub.auth)


@pytest.mark.parametrize("endpoint, extra, says", [
    pytest.param("ftp://127.0.0.1/store", [], "http:// or https://", id="not-http"),
    pytest.param("http:///store", [], "with a host", id="no-host"),
    pytest.param("127.0.0.1:7878/store", [], "http:// or https://", id="no-scheme"),
    pytest.param("http://127.0.0.1:9/gsp", [], "--no-check", id="unverifiable-load-refused"),
])
def test_bad_endpoint_is_exit_2_at_once(built, capsys, endpoint, extra, says):
    started = time.monotonic()
    assert main(["load", str(built), "--endpoint", endpoint, "-q", *extra]) == 2
    assert says in capsys.readouterr().err and time.monotonic() - started < 5  # no retries of a hopeless URL


@pytest.mark.parametrize("reply", [b"[]", b"{}", b'{"results": {"bindings": []}}', b"not json"])
def test_odd_count_reply_is_a_clear_error(built, stub, monkeypatch, capsys, reply):
    monkeypatch.setenv("GOVKG_USER", "govkg")
    monkeypatch.setenv("GOVKG_PASSWORD", "secret")
    Stub.count_reply = reply
    assert main(["load", str(built), "--endpoint", f"{stub}/gsp", "--query-endpoint", f"{stub}/q", "-q"]) == 1
    assert "gave no count" in capsys.readouterr().err


def test_deadline_stops_a_slow_load(built, stub, monkeypatch, capsys):
    monkeypatch.setenv("GOVKG_USER", "govkg")
    monkeypatch.setenv("GOVKG_PASSWORD", "secret")
    Stub.delay = 3.0
    started = time.monotonic()
    assert main(["load", str(built), "--endpoint", f"{stub}/gsp", "--no-check", "--deadline", "1", "-q"]) == 1
    assert "--deadline" in capsys.readouterr().err and time.monotonic() - started < 3
