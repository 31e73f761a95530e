"""Regressions for what a review of the corpus, site, serve and query code found."""
from __future__ import annotations

import os
import stat
import threading
import urllib.error
import urllib.request

import pytest

from kg.cli import main
from kg.corpus import build_corpus
from kg.resources import sample_report
from kg.text import parse_document

from conftest import write_report


def test_reports_with_chinese_file_names_get_their_own_pages(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    write_report(reports, "青川市2024", "青川市", "青禾材料", "青川港物流园项目")
    write_report(reports, "柳溪市2024", "柳溪市", "恒泰", "柳溪水库引水工程")
    build_corpus([reports], tmp_path / "out", jobs=1, store=False)
    assert main(["site", str(tmp_path / "out"), "-o", str(tmp_path / "site")]) == 0
    folders = sorted(p.name for p in (tmp_path / "site").iterdir() if p.is_dir())
    assert folders == ["liu-xi-shi-2024", "qing-chuan-shi-2024"]


def test_site_never_writes_outside_its_folder(tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(
        "@prefix gk: <https://w3id.org/govkg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "<https://e.org/r> a gk:Report ; dcterms:identifier \"r\" .\n"
        "<https://e.org/r/../../../../escaped> a gk:Enterprise ; gk:report <https://e.org/r> .\n", encoding="utf-8")
    assert main(["site", str(evil), "-o", str(tmp_path / "site")]) == 0
    assert [p.name for p in (tmp_path / "site").rglob("escaped.*")] != []  # its page is inside, so nowhere else


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings_do_not_hide_the_glossary_or_the_speaker(ending):
    text = sample_report().read_text(encoding="utf-8")
    lf, other = parse_document(text), parse_document(text.replace("\n", ending))
    assert (other.glossary is not None, other.meta.speaker, len(other.sections)) == \
        (True, lf.meta.speaker, len(lf.sections))


def test_cache_follows_the_base(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1, store=False)
    build_corpus([corpus], out, jobs=1, store=False, base="https://example.org/x/")
    graphs = {line.rsplit(" ", 2)[-2] for line in (out / "corpus.nq").read_text(encoding="utf-8").split("\n") if line}
    assert all(g.startswith("<https://example.org/x/") for g in graphs)


def test_outputs_are_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        assert main(["build", "-o", str(tmp_path), "-q"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "houma-2024.ttl").stat().st_mode) == 0o644


def test_unreadable_file_in_a_corpus_is_left_out(corpus, tmp_path, capsys):
    (corpus / "unreadable.txt").symlink_to("/proc/self/mem")  # reading it fails, even as root
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2
    assert "unreadable: left out" in capsys.readouterr().err and (tmp_path / "out" / "corpus.nq").exists()


def test_exit_status_does_not_depend_on_how_the_folder_is_written(corpus, tmp_path, monkeypatch):
    (corpus / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(corpus.parent)
    assert main(["build", "reports", "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2


def test_no_store_removes_an_old_store(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    (corpus / "liuxi-2024.txt").unlink()
    build_corpus([corpus], out, jobs=1, store=False)
    assert not (out / "store").exists()


def test_bare_query_name_is_the_shipped_query(tmp_path, root, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "projects").write_text("")  # what `kg query … projects > projects` leaves behind
    assert main(["query", str(root / "output" / "houma-2024.ttl"), "projects", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("report,name,investmentCNY,due,status")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    from kg.serve import Server

    folder = tmp_path_factory.mktemp("reports")
    write_report(folder, "qingchuan-2024", "青川市", "青禾材料", "青川港物流园项目")
    out = tmp_path_factory.mktemp("out")
    build_corpus([folder], out, jobs=1)
    server = Server(out, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("length, status", [("abc", 400), (str(10**12), 413)], ids=["not-a-number", "too-big"])
def test_bad_content_length(endpoint, length, status):
    import http.client
    import urllib.parse

    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.putrequest("POST", url.path)
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", length)
    connection.endheaders()
    assert connection.getresponse().status == status


def test_the_word_service_in_data_is_no_service_call(endpoint):
    query = 'SELECT ?s WHERE { ?s ?p "customer service" } LIMIT 1'
    request = urllib.request.Request(endpoint, data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def test_port_out_of_range_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", str(tmp_path), "--port", "70000"])
    assert exit_.value.code == 2 and "no port" in capsys.readouterr().err
