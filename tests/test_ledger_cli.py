"""kg ledger over a hand-made ledger graph: counts per place and year, the place filter, the CSV, its CSVW, errors."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from kg.build.dataset import load_store
from kg.cli import main
from kg.use import ledger

FIXTURE = Path(__file__).resolve().parent / "data" / "ledger"  # a hand-made ledger that follows the contract
LEDGER = FIXTURE / "corpus.trig"


def _file(tmp_path: Path) -> Path:
    return LEDGER


def _folder(tmp_path: Path) -> Path:
    shutil.copy(LEDGER, tmp_path / "corpus.trig")
    return tmp_path


def _store(tmp_path: Path) -> Path:
    load_store(tmp_path / "store", LEDGER, "trig")
    return tmp_path


SOURCES = [pytest.param(_file, id="graph-file"), pytest.param(_folder, id="folder-of-graphs"),
           pytest.param(_store, id="corpus-store")]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ledger", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _summary(out: str) -> list[list[str]]:
    """The rows of the first table (place, year, met, missed, rate) below its rule line."""
    counts = out.split("\n\n")[0].splitlines()[2:]
    return [line.split() for line in counts]


SUMMARIES = [
    pytest.param([], [["丙乙县", "2019", "1", "0", "100%"], ["乙县", "2019", "1", "1", "50%"],
                      ["甲苑区", "2020", "1", "1", "50%"], ["甲苑区", "2021", "2", "0", "100%"],
                      ["(all)", "(all)", "5", "2", "71%"]], id="every-place"),
    pytest.param(["--place", "甲苑"], [["甲苑区", "2020", "1", "1", "50%"], ["甲苑区", "2021", "2", "0", "100%"],
                                      ["(all)", "(all)", "3", "1", "75%"]], id="place-by-part-of-its-name"),
    pytest.param(["--place", "乙县"], [["乙县", "2019", "1", "1", "50%"], ["(all)", "(all)", "1", "1", "50%"]],
                 id="whole-name-not-a-longer-one-holding-it"),
    pytest.param(["--place", "乙"], [["丙乙县", "2019", "1", "0", "100%"], ["乙县", "2019", "1", "1", "50%"],
                                    ["(all)", "(all)", "2", "1", "67%"]], id="part-of-two-names"),
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("options, expected", SUMMARIES)
def test_counts_and_rate_per_place_and_year(tmp_path, capsys, source, options, expected):
    code, out, err = _run(capsys, str(source(tmp_path)), *options)
    assert (code, err) == (0, "")
    assert _summary(out) == expected


# (place, year, indicator): what the verdict says, with the rule that gives it
VERDICTS = [
    pytest.param("甲苑区", "2020", "地区生产总值", "6.5", "6.1", "左右", "met", id="about-within-half-a-point"),
    pytest.param("乙县", "2019", "地区生产总值", "7", "6", "左右", "missed", id="about-short-by-a-point"),
    pytest.param("乙县", "2019", "固定资产投资", "5000000000", "4980000000", "左右", "met", id="about-a-value-within-1pct"),
    pytest.param("甲苑区", "2020", "一般公共预算收入", "8", "5", "以上", "missed", id="floor-short"),
    pytest.param("甲苑区", "2021", "居民消费价格", "3", "1.2", "以内", "met", id="ceiling-under"),
    pytest.param("甲苑区", "2021", "地区生产总值", "7", "7.2", "", "met", id="no-qualifier-over"),
    pytest.param("丙乙县", "2019", "地区生产总值", "6", "6", "以上", "met", id="floor-met-exactly"),
]


@pytest.mark.parametrize("place, year, indicator, target, actual, qualifier, verdict", VERDICTS)
def test_each_commitment_is_a_csv_row(tmp_path, capsys, place, year, indicator, target, actual, qualifier, verdict):
    code, _, _ = _run(capsys, str(LEDGER), "-o", str(tmp_path / "ledger.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "ledger.csv").read_text(encoding="utf-8"))))
    found = [row for row in rows if (row["place"], row["year"], row["indicator"]) == (place, year, indicator)]
    assert code == 0 and len(found) == 1
    assert {key: found[0][key] for key in ("target", "actual", "qualifier", "verdict")} == \
        {"target": target, "actual": actual, "qualifier": qualifier, "verdict": verdict}


def test_csv_is_sorted_by_place_year_indicator_and_the_same_every_time(tmp_path, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    outs = [_run(capsys, str(LEDGER), "-o", str(path))[1] for path in (first, second)]
    assert first.read_bytes() == second.read_bytes()
    assert outs[0].replace("a.csv", "b.csv").replace("a-projects", "b-projects") == outs[1]
    rows = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8"))))
    assert rows[0] == ["place", "year", "indicator", "measure", "target", "actual", "qualifier", "verdict"]
    assert len(rows) == 8 and rows[1:] == sorted(rows[1:], key=lambda row: (row[0], row[1], row[2]))


METADATA = [
    pytest.param(lambda doc, name: doc["url"] == name, id="names-its-csv"),
    pytest.param(lambda doc, name: [c["name"] for c in doc["tableSchema"]["columns"]]
                 == ["place", "year", "indicator", "measure", "target", "actual", "qualifier", "verdict"], id="columns"),
    pytest.param(lambda doc, name: {c["name"]: c["datatype"] for c in doc["tableSchema"]["columns"]
                                    if c["datatype"] != "string"}
                 == {"year": "integer", "target": "decimal", "actual": "decimal"}, id="datatypes"),
    pytest.param(lambda doc, name: all(c.get("dc:description") for c in doc["tableSchema"]["columns"]),
                 id="every-column-described"),
    pytest.param(lambda doc, name: "csvw" in doc["@context"][0], id="csvw-context"),
]


@pytest.mark.parametrize("holds", METADATA)
def test_csvw_metadata_beside_the_csv(tmp_path, capsys, holds):
    code, out, _ = _run(capsys, str(LEDGER), "--place", "甲苑", "-o", str(tmp_path / "l.csv"))
    doc = json.loads((tmp_path / "l.csv-metadata.json").read_text(encoding="utf-8"))
    assert code == 0 and "4 commitments" in out and holds(doc, "l.csv")


def _not_rdf(tmp_path: Path) -> list[str]:
    (tmp_path / "broken.ttl").write_text("this is @not turtle <", encoding="utf-8")
    return [str(tmp_path / "broken.ttl")]


def _blocked_output(tmp_path: Path) -> list[str]:
    (tmp_path / "file").write_text("", encoding="utf-8")
    return [str(LEDGER), "-o", str(tmp_path / "file" / "ledger.csv")]


ERRORS = [
    pytest.param(lambda tmp: [str(tmp)], "no corpus here", id="folder-without-corpus"),
    pytest.param(lambda tmp: [str(tmp / "nowhere")], "no such file or folder", id="missing-source"),
    pytest.param(lambda tmp: [str(LEDGER), "--place", "丁"], "places: 丙乙县, 乙县, 甲苑区", id="unknown-place"),
    pytest.param(_not_rdf, "not a valid", id="not-a-graph"),
    pytest.param(_blocked_output, "cannot write it", id="write-error"),
]


@pytest.mark.parametrize("argv, words", ERRORS)
def test_errors_are_one_line_and_exit_2(tmp_path, capsys, argv, words):
    code, out, err = _run(capsys, *argv(tmp_path))
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and words in err


EMPTY = [
    pytest.param([], 0, "no commitments", id="shown-with-a-note"),
    pytest.param(["--place", "甲苑"], 2, "the ledger is empty", id="no-place-to-find"),
]


@pytest.mark.parametrize("options, status, words", EMPTY)
def test_a_graph_without_commitments(tmp_path, capsys, options, status, words):
    (tmp_path / "plain.ttl").write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    code, _, err = _run(capsys, str(tmp_path / "plain.ttl"), *options)
    assert code == status and words in err


@pytest.mark.parametrize("words", ["以内", "控制在", "左右", "0.5 points", "99% of the target", "at least the target"])
def test_help_says_the_verdict_rules(capsys, words):
    with pytest.raises(SystemExit):
        main(["ledger", "--help"])
    assert words in " ".join(capsys.readouterr().out.split())


NUMBERS = [
    pytest.param("6.5", "6.5", id="decimal"), pytest.param("7.0", "7", id="whole-decimal"),
    pytest.param("6.50", "6.5", id="trailing-zero"), pytest.param("5.0E9", "5000000000", id="double"),
    pytest.param("-0.40", "-0.4", id="negative"), pytest.param("", "", id="absent"),
]


@pytest.mark.parametrize("lexical, shown", NUMBERS)
def test_figures_are_shown_as_people_write_them(lexical, shown):
    assert ledger._number(lexical or None) == shown


def _projects_part(out: str) -> list[list[str]]:
    """The rows of the projects due, below their own header, or [] when the ledger shows none."""
    if "\nprojects due\n" not in out:
        return []
    return [line.split() for line in out.split("\nprojects due\n")[1].split("\n\n")[1].splitlines()[2:-1]]


PROJECTS = [
    pytest.param([], [["甲苑区", "2020", "甲河大桥", "2020-06-30", "Completed"],
                      ["甲苑区", "2020", "甲苑科技园", "2020-12-31", "NotMentioned"]], id="after-the-commitments"),
    pytest.param(["--place", "甲苑"], [["甲苑区", "2020", "甲河大桥", "2020-06-30", "Completed"],
                                      ["甲苑区", "2020", "甲苑科技园", "2020-12-31", "NotMentioned"]],
                 id="place-filter-keeps-its-projects"),
    pytest.param(["--place", "乙县"], [], id="place-filter-drops-other-places-projects"),
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("options, expected", PROJECTS)
def test_projects_due_follow_the_commitments(tmp_path, capsys, source, options, expected):
    code, out, err = _run(capsys, str(source(tmp_path)), *options)
    assert (code, err) == (0, "")
    assert _projects_part(out) == expected


def test_projects_due_are_counted_per_status(capsys):
    _, out, _ = _run(capsys, str(LEDGER))
    counts = out.split("\nprojects due\n")[1].split("\n\n")[0].strip().splitlines()
    assert counts[0].split()[2:] == ["due", "completed", "started", "reported", "planned", "not", "mentioned"]
    assert [line.split() for line in counts[2:]] == [["甲苑区", "2020", "2", "1", "0", "0", "0", "1"],
                                                     ["(all)", "(all)", "2", "1", "0", "0", "0", "1"]]


def _projects_files(tmp_path: Path) -> dict[str, bytes]:
    rows = ledger.commitments(LEDGER)
    return {path.name: data for path, data in ledger.files(rows, tmp_path / "ledger.csv")}


PROJECT_FILES = [
    pytest.param(lambda out: list(out) == ["ledger.csv", "ledger.csv-metadata.json", "ledger-projects.csv",
                                           "ledger-projects.csv-metadata.json"], id="four-files-beside-each-other"),
    pytest.param(lambda out: out["ledger-projects.csv"].decode().splitlines()
                 == ["place,year,project,due,status", "甲苑区,2020,甲河大桥,2020-06-30,Completed",
                     "甲苑区,2020,甲苑科技园,2020-12-31,NotMentioned"], id="projects-csv-rows"),
    pytest.param(lambda out: json.loads(out["ledger-projects.csv-metadata.json"])["url"] == "ledger-projects.csv",
                 id="projects-metadata-names-its-csv"),
    pytest.param(lambda out: {c["name"]: c["datatype"] for c in
                              json.loads(out["ledger-projects.csv-metadata.json"])["tableSchema"]["columns"]}
                 == {"place": "string", "year": "integer", "project": "string", "due": "date", "status": "string"},
                 id="projects-metadata-datatypes"),
    pytest.param(lambda out: len(out["ledger.csv"].decode().splitlines()) == 8, id="commitments-csv-unchanged"),
]


@pytest.mark.parametrize("holds", PROJECT_FILES)
def test_projects_are_written_beside_the_ledger_csv(tmp_path, holds):
    assert holds(_projects_files(tmp_path))


def test_promises_query_gives_the_same_rows_in_rdflib_and_oxigraph():
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(LEDGER, format="trig")
    in_rdflib = sorted(tuple("" if cell is None else str(cell) for cell in row)
                       for row in dataset.query(ledger.projects_due.promises_query()))
    in_oxigraph = sorted(tuple(row) for row in ledger.commitments(LEDGER).projects)
    assert in_rdflib == in_oxigraph and len(in_rdflib) == 2
