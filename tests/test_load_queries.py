"""After kg load into a real Oxigraph server, every shipped query gives the rows kg query gives on the corpus
folder, and kg load warns when the store's default graph does not hold what it loaded."""
from __future__ import annotations

import json
import re
import shutil
import urllib.parse
import urllib.request

import httpx
import pytest

from conftest import CORPUS, liuxi, missing
from kg.build.corpus import build_corpus
from kg.cli import main
from kg.use.load import UNION_WARNING, graphs_of, load
from kg.use.query import open_folder, query_text, run_store, shipped


def consecutive_pair() -> list:
    """The first two reports of one place in consecutive years (name-2021, name-2022), so that the queries
    across reports (the ledger) have something to join."""
    reports = sorted((CORPUS / "counties").glob("*.txt")) if (CORPUS / "counties").is_dir() else []
    stems = {path.stem: path for path in reports}
    for path in reports:
        after = re.sub(r"\d+$", lambda year: str(int(year.group()) + 1), path.stem)
        if after != path.stem and after in stems:
            return [path, stems[after]]
    return []


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory, sample_path):
    """A corpus folder built from two consecutive reports of one place, the sample report, and two made-up
    years of one city whose project due in the first is named in the second (the promises have a row)."""
    pair = consecutive_pair()
    if not pair:
        missing("../shared/corpus/counties has no two consecutive reports of one place")
    reports = tmp_path_factory.mktemp("reports")
    for path in [*pair, sample_path]:
        shutil.copy(path, reports / path.name)
    for year, gdp, industry in ((2023, 5.8, 7), (2024, 5.2, 8.5)):
        (reports / f"liuxi-{year}.txt").write_text(liuxi(year, gdp, industry), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build_corpus([reports], out, jobs=1, store=False)
    return out


@pytest.fixture(scope="module")
def loaded(corpus_out, oxigraph_union):
    assert main(["load", str(corpus_out), "--endpoint", f"{oxigraph_union.url}/store", "-q"]) == 0
    return oxigraph_union


def lexical(kind: str | None, value: str | None) -> str | None:
    """A term as it is compared: its lexical value; a blank node only as one, since each store labels its own."""
    return "_:" if kind in ("bnode", "BNode") else value


def asked(server, text: str) -> list[tuple]:
    """The rows the server's SPARQL endpoint gives, over HTTP."""
    request = urllib.request.Request(f"{server.url}/query", data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    names = answer["head"]["vars"]
    return [tuple(lexical(row[name]["type"], row[name]["value"]) if name in row else None for name in names)
            for row in answer["results"]["bindings"]]


def queried(folder, text: str) -> list[tuple]:
    """The rows kg query gives on the corpus folder."""
    _, rows = run_store(open_folder(folder), text)
    return [tuple(None if term is None else lexical(type(term).__name__, str(term)) for term in row) for row in rows]


@pytest.mark.parametrize("name", shipped())
def test_shipped_query_gives_the_same_rows_in_the_store(corpus_out, loaded, name):
    text = query_text(name)
    want = sorted(queried(corpus_out, text), key=repr)
    assert want, f"{name}: the test corpus gives it no rows, so the comparison would prove nothing"
    assert sorted(asked(loaded, text), key=repr) == want


WARNS = [
    pytest.param("oxigraph", [], True, id="default-graph-apart-warns"),
    pytest.param("oxigraph", ["-q"], True, id="quiet-still-warns"),
    pytest.param("oxigraph", ["--no-check"], False, id="no-check-asks-nothing"),
    pytest.param("oxigraph", ["--dry-run"], False, id="dry-run-asks-nothing"),
    pytest.param("oxigraph_union", [], False, id="union-default-graph-is-quiet"),
]


@pytest.mark.parametrize("server, more, warns", WARNS)
def test_load_warns_when_the_default_graph_is_not_the_union(corpus_out, request, caplog, capsys, server, more, warns):
    store = request.getfixturevalue(server)
    assert main(["load", str(corpus_out), "--endpoint", f"{store.url}/store", *more]) == 0
    said = caplog.text + capsys.readouterr().err
    assert ("does not hold the loaded graphs" in said, "--union-default-graph" in said) == (warns, warns)


def fake_store(ask: httpx.Response):
    """A Graph Store that keeps what it is sent, counts it right, and answers the ASK with `ask`."""
    held: dict[str, int] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            held[request.url.params["graph"]] = request.content.count(b"\n")
            return httpx.Response(204)
        query = urllib.parse.parse_qs(request.content.decode())["query"][0]
        if query.startswith("ASK"):
            return ask
        graph = re.search(r"GRAPH <([^>]+)>", query).group(1)
        return httpx.Response(200, json={"results": {"bindings": [{"n": {"value": str(held[graph])}}]}})
    return httpx.MockTransport(answer)


@pytest.mark.parametrize("ask, union, says", [
    pytest.param(httpx.Response(200, json={"head": {}, "boolean": True}), True, None, id="union"),
    pytest.param(httpx.Response(200, json={"head": {}, "boolean": False}), False, UNION_WARNING, id="not-union"),
    pytest.param(httpx.Response(400, text="ASK not supported"), None, "could not tell", id="refused"),
    pytest.param(httpx.Response(200, json={"head": {}}), None, "could not tell", id="no-boolean"),
    pytest.param(httpx.Response(200, json={"boolean": "yes"}), None, "could not tell", id="not-a-boolean"),
])
def test_the_union_check_answers(corpus_out, ask, union, says):
    told: list[str] = []
    done = load(graphs_of(corpus_out), "http://store.invalid/store", "http://store.invalid/query",
                transport=fake_store(ask), warn=told.append)
    assert done.union is union
    assert (len(told), all(says in line for line in told)) == (0 if says is None else 1, True)
