"""kg load against a real Oxigraph server started by the tests, and against small loopback stubs
for what a real server will not do on demand (ask for a password, fail once)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.cli import main
from kg.corpus import build_corpus
from kg.load import graphs_of

from conftest import OxigraphServer, free_port


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


def test_server_gone_mid_load_then_rerun_completes(built, tmp_path, monkeypatch, capsys):
    import kg.load

    server = OxigraphServer(tmp_path / "data").start()
    real_send = kg.load._send
    calls = []

    def flaky(client, method, url, graph, **kwargs):
        calls.append(graph)
        if len(calls) == 2:
            server.stop()  # the server goes away after the first graph
        return real_send(client, method, url, graph, **kwargs)
    monkeypatch.setattr(kg.load, "_send", flaky)
    monkeypatch.setattr(kg.load, "RETRIES", 1)
    assert main(load_args(built, server)) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and calls[1] in err and "run the same command again" in err
    monkeypatch.setattr(kg.load, "_send", real_send)
    server.start()
    try:
        assert main(load_args(built, server)) == 0
        assert all(server.count(g.name) == g.triples for g in graphs_of(built))
    finally:
        server.stop()


class Stub(BaseHTTPRequestHandler):
    """A Graph Store endpoint that wants a password and may fail the first PUTs with 503."""
    password = "secret"
    failures = 0
    puts: list[str] = []

    def log_message(self, *args):
        pass

    def do_PUT(self):  # noqa: N802
        import base64

        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expected = "Basic " + base64.b64encode(f"govkg:{self.password}".encode()).decode()
        if self.headers.get("Authorization") != expected:
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


@pytest.fixture
def stub():
    Stub.failures, Stub.puts = 0, []
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
    import kg.load

    monkeypatch.setattr(kg.load.time, "sleep", lambda seconds: None)
    monkeypatch.setenv("GOVKG_USER", "govkg")
    monkeypatch.setenv("GOVKG_PASSWORD", "secret")
    Stub.failures = 2
    graphs = graphs_of(built)
    done = kg.load.load(graphs, f"{stub}/gsp", None, kg.load.auth_from_env())
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
