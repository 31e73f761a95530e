"""kg query --report and --place: put into the SPARQL, the same rows as the unfiltered ones of those reports."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import liuxi, write_report
from kg.build.corpus import build_corpus
from kg.cli import main
from kg.errors import QueryError
from kg.use.narrow import PER_REPORT, filtered_rows, narrowed
from kg.use.query import load_graph, open_folder, query_text, run, shipped, stream_store
from kg.use.render import cells, plain, render, write

GLOSSARY = "推进“三链融合”行动。\n名词解释\n1.三链融合：产业链、创新链、人才链融合。\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A corpus of made-up reports: two years each of 柳溪市 and of 青川市 (ledgers, projects due, chains; a
    glossary for 青川市), and one of 柳溪县, a name that holds 柳溪 too."""
    folder = tmp_path_factory.mktemp("reports")
    for year, gdp, industry in ((2023, 5.8, 7), (2024, 5.2, 8.5)):
        (folder / f"liuxi-{year}.txt").write_text(liuxi(year, gdp, industry), encoding="utf-8")
        (folder / f"qingchuan-{year}.txt").write_text(liuxi(year, gdp + 1, industry).replace("柳溪", "青川")
                                                      + GLOSSARY, encoding="utf-8")
    write_report(folder, "liuxixian-2024", "柳溪县", "远川", "柳溪县城南供水项目", title="县长")
    built = tmp_path_factory.mktemp("out")
    build_corpus([folder], built, jobs=1)
    return built


def _cli(capsys, source: Path, query: str, *options: str) -> tuple[int, str, str]:
    code = main(["query", str(source), query, "--format", "csv", *options])
    said = capsys.readouterr()
    return code, said.out, said.err


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    head, *rows = csv.reader(io.StringIO(text))
    return head, rows


def _cli_rows(capsys, source: Path, query: str, *options: str) -> tuple[list[str], list[list[str]]]:
    code, text, said = _cli(capsys, source, query, *options)
    assert (code, said) == (0, "")
    return _rows(text)


def _rdflib_rows(source: Path, query: str, **filters) -> tuple[list[str], list[list[str]]]:
    graph = load_graph(source)
    names, rows = run(graph, narrowed(graph, query_text(query), **filters))
    return names, sorted([plain(value) for value in row] for row in rows)


def _corpus(out: Path) -> Path:
    return out


def _dataset_file(out: Path) -> Path:
    return out / "corpus.nq"


SOURCES = [pytest.param(_corpus, id="corpus-store"), pytest.param(_dataset_file, id="dataset-file")]

# (query, options, the places whose rows are kept, the report whose rows are kept or None for every report);
# each keeps some rows and leaves others, but ledger-of-a-place-without-one, which keeps none
FILTERS = [
    pytest.param("report", ["--report", "liuxi-2023"], None, "liuxi-2023", id="report-by-report-id"),
    pytest.param("report", ["--place", "柳溪"], {"柳溪市", "柳溪县"}, None, id="report-by-part-of-two-names"),
    pytest.param("enterprises", ["--report", "qingchuan-2024"], None, "qingchuan-2024", id="enterprises-by-report"),
    pytest.param("enterprises", ["--place", "青川市"], {"青川市"}, None, id="enterprises-by-place"),
    pytest.param("projects", ["--place", "柳溪市"], {"柳溪市"}, None, id="projects-whole-name-not-one-holding-it"),
    pytest.param("projects", ["--report", "liuxixian-2024"], None, "liuxixian-2024", id="projects-by-report"),
    pytest.param("industry-chains", ["--place", "柳溪"], {"柳溪市", "柳溪县"}, None, id="chains-by-place"),
    pytest.param("glossary", ["--report", "qingchuan-2023"], None, "qingchuan-2023", id="glossary-by-report"),
    pytest.param("indicators", ["--place", "柳溪市"], {"柳溪市"}, None, id="indicators-by-place"),
    pytest.param("indicators", ["--place", "柳溪", "--report", "liuxi-2024"], {"柳溪市", "柳溪县"}, "liuxi-2024",
                 id="indicators-by-place-and-report"),
    pytest.param("ledger", ["--place", "青川市"], {"青川市"}, None, id="ledger-by-place"),
    pytest.param("ledger", ["--place", "柳溪县"], {"柳溪县"}, None, id="ledger-of-a-place-without-one"),
    pytest.param("promises", ["--place", "柳溪"], {"柳溪市", "柳溪县"}, None, id="promises-by-place"),
]


def _kept(head: list[str], rows: list[list[str]], places_of: dict[str, str], places, report) -> list[list[str]]:
    """The unfiltered rows a filter keeps, told from their ?report (its place from the report query) or ?place."""
    def keep(row: list[str]) -> bool:
        if "report" in head:
            iri = row[head.index("report")]
            return ((places is None or places_of[iri] in places)
                    and (report is None or iri.rsplit("/", 1)[-1] == report))
        return row[head.index("place")] in places
    return [row for row in rows if keep(row)]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("query, options, places, report", FILTERS)
def test_filtered_rows_are_the_unfiltered_rows_of_those_reports(out, capsys, source, query, options, places, report):
    graph = source(out)
    places_of = {row[0]: row[1] for row in _cli_rows(capsys, graph, "report")[1]}
    head, every = _cli_rows(capsys, graph, query)
    kept = _kept(head, every, places_of, places, report)
    assert _cli_rows(capsys, graph, query, *options) == (head, kept)
    assert len(kept) < len(every) and (len(kept) > 0 or "柳溪县" in options)


@pytest.mark.parametrize("query, options, places, report", FILTERS)
def test_filters_run_on_rdflib_too(out, query, options, places, report):
    filters = dict(zip((option.lstrip("-") for option in options[::2]), options[1::2]))
    names, filtered = _rdflib_rows(out / "corpus.nq", query, **filters)
    _, every = _rdflib_rows(out / "corpus.nq", query)
    places_of = {row[0]: row[1] for row in _rdflib_rows(out / "corpus.nq", "report")[1]}
    assert filtered == _kept(names, every, places_of, places, report)


# (options, what the one line on stderr says); nothing is written on stdout
NOTHING_THERE = [
    pytest.param("projects", ["--place", "白云县"], "no report's place is named so", id="unknown-place"),
    pytest.param("ledger", ["--place", "白云县"], "no report's place is named so", id="unknown-place-ledger"),
    pytest.param("projects", ["--report", "baiyun-2024"], "no such report here", id="unknown-report"),
    pytest.param("projects", ["--report", "qingchuan-2024", "--place", "柳溪市"], "that report is not of that place",
                 id="report-not-of-that-place"),
]


UNFILTERABLE = [
    pytest.param("ledger", ["--report", "liuxi-2024"], "cannot be filtered by report", id="ledger-by-report"),
    pytest.param("promises", ["--report", "liuxi-2024"], "cannot be filtered by report", id="promises-by-report"),
    pytest.param("SELECT ?s WHERE { ?s a ?type }", ["--place", "柳溪市"], "cannot be filtered by place",
                 id="inline-by-place"),
    pytest.param("SELECT ?place WHERE { ?s ?p ?o } # ?report", ["--report", "liuxi-2024"],
                 "cannot be filtered by report", id="report-only-in-a-comment"),
    pytest.param("SELECT ?reportYear WHERE { ?s ?p ?reportYear }", ["--report", "liuxi-2024"],
                 "cannot be filtered by report", id="a-longer-variable-name"),
]


@pytest.mark.parametrize("query, options, words", NOTHING_THERE + UNFILTERABLE)
def test_a_filter_that_finds_nothing_or_cannot_be_taken_is_one_line_and_exit_2(out, capsys, query, options, words):
    code, text, said = _cli(capsys, out, query, *options)
    assert (code, text) == (2, "")
    assert said.count("\n") == 1 and words in said


# (query, where the filter goes: the text just before it)
PLACED = [
    pytest.param("SELECT ?report WHERE { ?report ?p ?o }", "SELECT ?report WHERE {", id="after-the-where-brace"),
    pytest.param("SELECT ?report { ?report ?p ?o }", "SELECT ?report {", id="where-left-out"),
    pytest.param('# a { in a comment\nSELECT (GROUP_CONCAT(?n; separator="{") AS ?ns) ?report\nWHERE { ?report ?p ?n }'
                 " GROUP BY ?report", '"{") AS ?ns) ?report\nWHERE {', id="braces-in-a-comment-and-a-string"),
    pytest.param("PREFIX a: <http://example.org/x#>\nSELECT ?report WHERE { { SELECT ?report WHERE { ?report ?p ?o } } }",
                 "SELECT ?report WHERE {", id="outside-a-subquery"),
]


@pytest.mark.parametrize("query, before", PLACED)
def test_the_filter_opens_the_outer_where_group(out, query, before):
    text = narrowed(open_folder(out), query, report="liuxi-2024")
    assert text.startswith(query[:query.index(before) + len(before)] + " VALUES ?report { <")
    assert text.count("VALUES") == 1 and text.endswith(query[query.index(before) + len(before):])


# a query that pairs each report with every report (over the union: all three of 柳溪市's and 柳溪县's
# reports; over one report's graph: only that report), and one that gives a report's place, which the
# shared graph names. (query, the pairs --place 柳溪 gives: report ids, or a report id and a place)
_PAIRS = ("PREFIX gk: <https://w3id.org/govkg/ontology#>\nSELECT ?report ?other "
          "WHERE { ?report a gk:Report . ?other a gk:Report . FILTER(CONTAINS(STR(?other), \"liuxi\")) }")
_PLACES = ("PREFIX gk: <https://w3id.org/govkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
           "SELECT ?report ?other WHERE { ?report a gk:Report ; gk:place/rdfs:label ?other }")
_OWN, _SHARED = "# per-report: the report's graph\n", "# per-report: the report's graph and the shared graph\n"
_LIUXI = ["liuxi-2023", "liuxi-2024", "liuxixian-2024"]
PRAGMA = [
    pytest.param(_PAIRS, {(report, other) for report in _LIUXI for other in _LIUXI}, id="unmarked-reads-the-union"),
    pytest.param(_OWN + _PAIRS, {(report, report) for report in _LIUXI}, id="marked-reads-one-report-at-a-time"),
    pytest.param(_OWN + _PLACES, set(), id="marked-own-graph-does-not-read-the-shared-graph"),
    pytest.param(_SHARED + _PLACES, {("liuxi-2023", "柳溪市"), ("liuxi-2024", "柳溪市"), ("liuxixian-2024", "柳溪县")},
                 id="marked-shared-reads-the-shared-graph-too"),
]


@pytest.mark.parametrize("query, pairs", PRAGMA)
def test_a_query_marked_per_report_runs_over_each_reports_graph(out, query, pairs):
    names, rows = filtered_rows(open_folder(out), query, place="柳溪")
    assert names == ["report", "other"]
    assert {tuple(str(term.value).rsplit("/", 1)[-1] for term in row) for row in rows} == pairs


@pytest.mark.parametrize("query", [name for name in shipped() if PER_REPORT.search(query_text(name))])
def test_a_shipped_query_marked_per_report_gives_the_rows_of_values(out, query):
    """The mark is a promise about the data a query reads; each report, and each place, checks it here."""
    store = open_folder(out)
    text = query_text(query)
    chosen = [{"report": report} for report in ("liuxi-2023", "liuxi-2024", "qingchuan-2024", "liuxixian-2024")]
    for filters in [*chosen, {"place": "柳溪"}, {"place": "青川市"}]:
        by_graphs = sorted([str(term) for term in row] for row in filtered_rows(store, text, **filters)[1])
        by_values = sorted([str(term) for term in row]
                           for row in stream_store(store, narrowed(store, text, **filters))[1])
        assert by_graphs == by_values, filters


def test_not_a_select_cannot_be_filtered(out):
    with pytest.raises(QueryError, match="only SELECT"):
        narrowed(open_folder(out), "CONSTRUCT { ?report ?p ?o } WHERE { ?report ?p ?o }", report="liuxi-2024")


def test_default_output_is_sorted_unless_the_query_orders_or_no_sort_is_given(out, capsys):
    head, rows = _cli_rows(capsys, out, "projects")
    assert rows == sorted(rows)
    unsorted = _cli_rows(capsys, out, "projects", "--no-sort")
    assert unsorted[0] == head and sorted(unsorted[1]) == rows
    descending = "SELECT ?report WHERE { ?report a ?type } ORDER BY DESC(?report)"
    assert _cli_rows(capsys, out, descending)[1] == sorted(_cli_rows(capsys, out, descending)[1], reverse=True)


@pytest.mark.parametrize("count", [0, 1, 3], ids=["no-row", "one-row", "rows"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_rows_written_as_they_come_are_the_rows_rendered_at_once(count, fmt):
    names, rows = ["a", "b"], [["甲乙", None], ["x" * 70, "1"], ["丙", "中" * 40]][:count]
    streamed = io.StringIO()
    assert write(names, cells(iter(rows), fmt), fmt, streamed) == count
    assert streamed.getvalue() == render(names, rows, fmt)
    if fmt == "json":
        assert streamed.getvalue() == json.dumps([dict(zip(names, row)) for row in rows], ensure_ascii=False,
                                                 indent=1) + "\n"
