"""The command line through main(argv): builds, errors with exit codes, validate and query."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main

ROOT_DIR = Path(__file__).resolve().parent.parent


def test_build_sample_matches_committed_output(tmp_path, root, capsys):
    assert main(["build", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "houma-2024.ttl").read_bytes() == (root / "output" / "houma-2024.ttl").read_bytes(), \
        "output/houma-2024.ttl is stale: run 'kg build' and commit it"
    assert "houma-2024:" in capsys.readouterr().out


BAD_INPUTS = [
    pytest.param("missing.txt", None, "no such file", id="missing"),
    pytest.param("empty.txt", b"", "empty", id="empty"),
    pytest.param("blank.txt", b"  \n\r\n\t", "empty", id="whitespace-only"),
    pytest.param("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="binary"),
    pytest.param("english.txt", b"This is a government report in English only.\n" * 20, "no Chinese", id="no-report-content"),
    pytest.param("latin1.txt", "café résumé naïve".encode("latin-1") * 10, "decode", id="undecodable"),
]


@pytest.mark.parametrize("name, data, words", BAD_INPUTS)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, capsys, name, data, words):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0] and name in err[0]
    assert not out.exists() or list(out.iterdir()) == []


def test_bad_report_does_not_stop_the_good_one(tmp_path, sample_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["build", str(tmp_path / "empty.txt"), str(sample_path), "-o", str(tmp_path / "out"), "-j", "1"]) == 2
    graphs = {line.rsplit(" ", 2)[-2] for line in (tmp_path / "out" / "corpus.nq").read_text(encoding="utf-8").splitlines()}
    assert graphs == {"<https://w3id.org/govkg/houma-2024>", "<https://w3id.org/govkg/graph/shared>"}
    assert "empty: left out" in capsys.readouterr().err


@pytest.mark.parametrize("fmt, suffix", [("nt", ".nt"), ("json-ld", ".jsonld"), ("trig", ".trig")])
def test_build_formats(tmp_path, fmt, suffix):
    assert main(["build", "--format", fmt, "-o", str(tmp_path)]) == 0
    assert (tmp_path / f"houma-2024{suffix}").stat().st_size > 0


def test_violation_fails_build_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from rdflib import Literal
    from rdflib.namespace import SKOS

    import kg.build.graph
    original = kg.build.graph.to_graph

    def unlabelled(doc, facts, base):
        graph = original(doc, facts, base)
        for s, o in list(graph.subject_objects(SKOS.prefLabel)):
            if str(o) == "北铜铜业":
                graph.set((s, SKOS.prefLabel, Literal("北铜铜业")))  # the @zh tag lost
        return graph
    monkeypatch.setattr("kg.build.pipeline.to_graph", unlabelled)
    assert main(["build", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    problem = next(line for line in err.splitlines() if line.strip().startswith("北铜铜业:"))
    assert "skos:prefLabel" in problem and "@zh" in problem and "「" in problem and "北铜" in problem.split("「")[1]
    assert list(tmp_path.iterdir()) == []


def test_validate_good_file(root, capsys):
    assert main(["validate", str(root / "output" / "houma-2024.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_validate_reports_violations(tmp_path, root, capsys):
    text = (root / "output" / "houma-2024.ttl").read_text(encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text(text.replace('schema:value 3492000000.0', 'schema:value -5.0'), encoding="utf-8")
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "schema:value" in out and "34.92亿元" in out


@pytest.mark.parametrize("content, words", [
    pytest.param(None, "no such graph file", id="missing"),
    pytest.param("this is not turtle <<<", "not a valid", id="unparseable"),
])
def test_validate_bad_file_exit_2(tmp_path, capsys, content, words):
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content)
    assert main(["validate", str(path)]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("query, fmt, check", [
    pytest.param("enterprises", "table", lambda out: "北铜铜业" in out and "rows)" in out, id="table"),
    pytest.param("projects", "csv", lambda out: out.splitlines()[0] == "report,name,investmentCNY,due,status,confidence",
                 id="csv-header"),
    pytest.param("industry-chains", "json",
                 lambda out: {"name": "新材料产业链", "leader": "建邦", "outputTargetCNY": 10000000000} in
                 [{k: r[k] for k in ("name", "leader", "outputTargetCNY")} for r in json.loads(out)], id="json"),
    pytest.param("glossary.rq", "csv", lambda out: len(out.splitlines()) == 34, id="name-with-suffix"),
])
def test_query_shipped(root, capsys, query, fmt, check):
    assert main(["query", str(root / "output" / "houma-2024.ttl"), query, "--format", fmt]) == 0
    assert check(capsys.readouterr().out)


def test_query_file(tmp_path, root, capsys):
    (tmp_path / "q.rq").write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert main(["query", str(root / "output" / "houma-2024.ttl"), str(tmp_path / "q.rq"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].isdigit()


@pytest.mark.parametrize("query, words", [
    pytest.param("nonesuch", "no shipped query", id="unknown-name"),
    pytest.param("mine.rq", "no such query file", id="not-a-file"),
    pytest.param("SELECT ?s WHERE {", "query failed", id="inline-with-an-error"),
    pytest.param("SELECT * WHERE { FILTER(" + "(" * 7000 + "1" + ")" * 7000 + ") }", "nested", id="inline-too-deep"),
])
def test_query_errors(root, capsys, query, words):
    assert main(["query", str(root / "output" / "houma-2024.ttl"), query]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("where", ["file", "folder"])
def test_inline_query(root, tmp_path, capsys, where):
    graph = root / "output" / "houma-2024.ttl"
    if where == "folder":
        (tmp_path / graph.name).write_bytes(graph.read_bytes())
        graph = tmp_path
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/govkg/ontology#Enterprise> }"
    assert main(["query", str(graph), query, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "16"]


def test_help_explains_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and all(c in out for c in ("build", "validate", "query"))


def test_stats_counts_each_report_and_the_total(tmp_path, sample_path, capsys):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "houma-2024.txt").write_bytes(sample_path.read_bytes())
    (tmp_path / "reports" / "thin.txt").write_text("二、2024年工作安排\n" + "今年我们继续努力工作推动各项事业全面发展取得新的成绩。" * 3,
                                                  encoding="utf-8")
    assert main(["stats", str(tmp_path / "reports")]) == 0
    lines = capsys.readouterr().out.splitlines()
    houma = next(line.split() for line in lines if "houma-2024" in line)
    thin = next(line for line in lines if "thin" in line)
    # enterprises and projects depend on the shipped model; chains, leaders and glossary on the rules alone
    assert all(n.isdigit() and int(n) > 0 for n in houma[1:4]) and houma[4:7] == ["5", "4", "33"]
    assert thin.startswith("!")
    assert lines[-1].split()[:3] == ["total", "(2", "reports)"]


def test_stats_unreadable_report_exit_2(tmp_path, sample_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["stats", str(tmp_path / "empty.txt"), str(sample_path)]) == 2
    captured = capsys.readouterr()
    assert "empty" in captured.err and "houma-2024" in captured.out


@pytest.mark.parametrize("base, ok", [
    pytest.param("https://example.org/kg/", True, id="https-slash"),
    pytest.param("http://example.org/kg#", True, id="http-hash"),
    pytest.param("javascript:alert(1)//", False, id="javascript"),
    pytest.param("https://example.org/kg", False, id="no-slash-at-the-end"),
    pytest.param("https://exa mple.org/", False, id="space"),
    pytest.param("ftp://example.org/", False, id="not-http"),
    pytest.param("https:///", False, id="no-host"),
    pytest.param("urn:x:", False, id="not-a-web-iri"),
])
def test_base_is_checked(tmp_path, capsys, base, ok):
    if ok:
        assert main(["build", "-q", "-o", str(tmp_path), "--base", base]) == 0
        assert base in (tmp_path / "houma-2024.ttl").read_text(encoding="utf-8")
    else:
        with pytest.raises(SystemExit) as exit_:
            main(["build", "-q", "-o", str(tmp_path), "--base", base])
        assert exit_.value.code == 2 and "ending in / or #" in capsys.readouterr().err
        assert not any(tmp_path.iterdir())


@pytest.mark.skipif(not (ROOT_DIR / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("path, ignored", [
    pytest.param("output/corpus.nq", True, id="dataset"),
    pytest.param("output/store/CURRENT", True, id="store"),
    pytest.param("output/cache/houma-2024.json", True, id="cache"),
    pytest.param("output/build.json", True, id="build-record"),
    pytest.param("output/houma-2024.ttl", False, id="the-sample-stays-tracked"),
])
def test_a_corpus_build_into_output_leaves_git_clean(path, ignored):
    import subprocess

    done = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT_DIR)
    assert (done.returncode == 0) == ignored


@pytest.mark.parametrize("output", [
    pytest.param("a-file", id="a-file"),
    pytest.param("a-file/out", id="a-folder-inside-a-file"),
])
def test_single_build_into_a_file_is_one_line(tmp_path, capsys, output):
    (tmp_path / "a-file").write_text("mine\n")
    assert main(["build", "-q", "-o", str(tmp_path / output)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "a-file" in err[0] and (tmp_path / "a-file").read_text() == "mine\n"


def test_bare_query_name_is_the_shipped_query(tmp_path, root, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "projects").write_text("")  # what `kg query … projects > projects` leaves behind
    assert main(["query", str(root / "output" / "houma-2024.ttl"), "projects", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("report,name,investmentCNY,due,status")


def test_port_out_of_range_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", str(tmp_path), "--port", "70000"])
    assert exit_.value.code == 2 and "no port" in capsys.readouterr().err
