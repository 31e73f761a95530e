"""kg.use.guard: what a query must be before an engine sees it, read from the query and not matched in its text."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import QueryError
from kg.use.guard import MAX_DEPTH, MAX_QUERY, Refused, check, depth
from kg.use.query import query_text, shipped


@pytest.mark.parametrize("query, expected", [
    pytest.param("SELECT * WHERE { ?s ?p ?o }", 1, id="one-group"),
    pytest.param("SELECT * WHERE { ?s ?p ?o FILTER((?o > 1)) }", 3, id="parentheses"),
    pytest.param('SELECT * WHERE { ?s ?p "((((((" }', 1, id="brackets-in-a-string"),
    pytest.param("SELECT * WHERE { ?s ?p <http://x/(((> }", 1, id="brackets-in-an-iri"),
    pytest.param("SELECT * WHERE { ?s ?p ?o # ((((\n }", 1, id="brackets-in-a-comment"),
    pytest.param("SELECT * WHERE { ?s ?p ?o FILTER(?o < 5 && ?o > (1)) }", 3, id="less-than-is-no-iri"),
    pytest.param("SELECT * WHERE { ?s ?p '''a\n((((''' }", 1, id="long-string"),
])
def test_depth(query, expected):
    assert depth(query) == expected


@pytest.mark.parametrize("query, status, says", [
    pytest.param("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", 400, "SERVICE", id="service"),
    pytest.param("PREFIX e: <http://x/> SELECT * { SERVICE SILENT e:x { ?s ?p ?o } }", 400, "SERVICE",
                 id="service-silent-prefixed"),
    pytest.param("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", 403, "read-only", id="insert"),
    pytest.param("PREFIX e: <http://x/>\nDELETE WHERE { ?s e:p ?o }", 403, "read-only", id="delete-after-prefix"),
    pytest.param("LOAD <http://x/data.ttl>", 403, "read-only", id="load"),
    pytest.param("SELECT WHERE {", 400, "query error", id="syntax"),
    pytest.param("SELECT * WHERE { FILTER(" + "(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1) + ") }", 400,
                 "nested", id="one-level-too-deep"),
    pytest.param("SELECT * WHERE { ?s ?p ?o }" + " " * MAX_QUERY, 413, "at most", id="too-long"),
])
def test_refused(query, status, says):
    with pytest.raises(Refused) as caught:
        check(query)
    # a QueryError too: kg query says it in one line and exits 2, as for any query that cannot run
    assert (int(caught.value.status), says in str(caught.value), isinstance(caught.value, QueryError)) == \
        (status, True, True)


@pytest.mark.parametrize("query", [
    pytest.param("PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s a schema:Service }", id="a-class-called-service"),
    pytest.param('SELECT * WHERE { ?s ?p "SERVICE <http://x/> DROP ALL" }', id="keywords-in-a-string"),
    pytest.param("SELECT * WHERE { FILTER(" + "(" * (MAX_DEPTH - 2) + "1" + ")" * (MAX_DEPTH - 2) + ") }",
                 id="deepest-allowed"),
    *[pytest.param(query_text(name), id=f"shipped-{name}") for name in shipped()],
])
def test_allowed(query):
    check(query)


def test_kg_query_refuses_a_deep_query_instead_of_crashing(tmp_path, sample_built):
    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE { FILTER(" + "(" * 7000 + "1" + ")" * 7000 + ") }", encoding="utf-8")
    graph = tmp_path / "houma-2024.ttl"
    graph.write_bytes(sample_built.graph.serialize(format="turtle", encoding="utf-8"))
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(graph), str(deep)],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, "nested" in done.stderr) == (2, True)
