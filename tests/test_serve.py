"""kg serve: the shipped queries over HTTP give what kg query gives; updates and SERVICE are refused."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.corpus import build_corpus
from kg.query import open_folder, query_text, run_store, shipped
from kg.resources import sample_report
from kg.serve import Server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conftest import write_report

    folder = tmp_path_factory.mktemp("reports")
    write_report(folder, "qingchuan-2024", "青川市", "青禾材料", "青川港物流园项目")
    write_report(folder, "liuxi-2024", "柳溪市", "恒泰", "柳溪水库引水工程")
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
    query = urllib.parse.quote("SELECT ?name WHERE { ?e a <https://w3id.org/govkg/ontology#Enterprise> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }")
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


def test_service_is_refused(served):
    _, url = served
    status, text = post(f"{url}/sparql", b"SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                        "application/sparql-query")
    assert status == 400 and b"SERVICE" in text


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
