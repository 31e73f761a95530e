"""Shared fixtures: the repository, the sample and the corpus, documents made from test sentences."""
from __future__ import annotations

import glob
from pathlib import Path

import pytest

from kg.build.document import Document, parse_document
from kg.build.pipeline import build, facts_of
from kg.resources import sample_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*/expected.ttl from the current build")


def corpus_reports() -> list[Path]:
    """Every report of ../shared/corpus (empty when the corpus is not beside the checkout)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.txt"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout: the corpus and the gold files (CI lays it there)."""
    folder = ROOT.parent / "shared"
    if not (folder / "eval" / "gold").is_dir():
        missing("../shared/eval/gold is not beside this checkout")
    return folder


def missing(what: str) -> None:
    """Skip a test whose data is not beside the checkout; in CI, where it is laid there, fail instead:
    a suite that skips its contract tests unnoticed passes without testing."""
    import os

    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so this is an error, not a skip)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return sample_report()


@pytest.fixture(scope="session")
def sample_built():
    """The sample built once for the whole session (extraction, graph and validation)."""
    return build(sample_report())


@pytest.fixture(scope="session")
def sample_doc(sample_built) -> Document:
    return sample_built.doc


@pytest.fixture
def doc_of():
    """A Document from a few sentences of report text, in a report of the given year.

    The sentences are put in the plan part of a report (二、2024年工作安排) unless `review` is set.
    """
    def make(text: str, year: int = 2024, review: bool = False) -> Document:
        part = f"一、{year - 1}年工作回顾\n" if review else f"二、{year}年工作安排\n"
        return parse_document(part + text + "\n", name="test", year=year)
    return make


@pytest.fixture
def facts_in(doc_of):
    """The consolidated facts of a few sentences, as the rules find them (the model has tests of its own)."""
    def run(text: str, year: int = 2024, review: bool = False):
        return facts_of(doc_of(text, year=year, review=review), mode="rules")
    return run


@pytest.fixture(scope="session")
def shacl_outcomes():
    """pySHACL's full outcome of a graph against shapes: conforms, and every result as a tuple of its
    focus node, component, path, value, severity, message and source shape (a blank node by its label)."""
    from pyshacl import validate as shacl
    from rdflib.namespace import RDF, SH

    def outcome(graph, shapes_graph) -> tuple[bool, set[tuple]]:
        conforms, report, _ = shacl(graph, shacl_graph=shapes_graph, inference="none")
        fields = (SH.focusNode, SH.sourceConstraintComponent, SH.resultPath, SH.value, SH.resultSeverity,
                  SH.resultMessage, SH.sourceShape)
        return conforms, {tuple(str(report.value(result, field)) for field in fields)
                          for result in report.subjects(RDF.type, SH.ValidationResult)}
    return outcome


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """A real Oxigraph server (the oxigraph package) on a free loopback port, with its data on disk."""

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        import shutil
        import subprocess
        import sys
        import time
        import urllib.request

        # the venv's scripts sit beside its python, which need not be on PATH (.venv/bin/pytest)
        beside = Path(sys.executable).parent / "oxigraph"
        binary = str(beside) if beside.is_file() else shutil.which("oxigraph")
        if binary is None:
            pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
        self.process = subprocess.Popen([binary, "serve", "--location", str(self.location),
                                         "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail("the oxigraph server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def count(self, graph: str) -> int:
        import json
        import urllib.parse
        import urllib.request

        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        request = urllib.request.Request(f"{self.url}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def oxigraph(tmp_path):
    """A started Oxigraph server, stopped after the test."""
    server = OxigraphServer(tmp_path / "oxigraph-data").start()
    yield server
    server.stop()


REPORT_HEADER = "——2024年1月10日在{place}第五届人民代表大会第三次会议上\n{place}人民政府{title} 林海\n\n"
REPORT_BODY = ("一、2023年工作回顾\n支持{firm}、恒泰等企业做大做强。\n"
               "二、2024年工作安排\n总投资5亿元的{work}，6月底投产。地区生产总值增长6%左右。\n")


def write_report(folder: Path, name: str, place: str, firm: str, work: str, title: str = "市长") -> Path:
    """A small report of our own making, with a header that names its place."""
    path = folder / f"{name}.txt"
    path.write_text(REPORT_HEADER.format(place=place, title=title) + REPORT_BODY.format(firm=firm, work=work),
                    encoding="utf-8")
    return path


def liuxi(year: int, gdp: float, industry: float) -> str:
    """A report of 柳溪市 for `year`: last year's growth rates, this year's targets, a project due, a chain."""
    return (f"——{year}年1月10日在柳溪市第五届人民代表大会第三次会议上\n柳溪市人民政府市长 林海\n\n"
            f"一、{year - 1}年工作回顾\n全年地区生产总值增长{gdp}%，规模以上工业增加值增长{industry}%。"
            "支持青禾材料、恒泰等企业做大做强。推进新能源汽车产业链建设。\n"
            f"二、{year}年工作安排\n地区生产总值增长6%左右，规模以上工业增加值增长8%以上。"
            "总投资5亿元的柳溪水库引水工程，6月底投产。壮大新能源汽车产业链。\n")


@pytest.fixture
def corpus(tmp_path):
    """Three small reports: two of one city (one enterprise and project named in both), one of another."""
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder, "qingchuan-2024", "青川市", "青禾材料", "青川港物流园项目")
    write_report(folder, "qingchuan-2025", "青川市", "青禾材料", "青川港物流园项目")
    write_report(folder, "liuxi-2024", "柳溪市", "恒泰", "柳溪水库引水工程")
    return folder


def children(pid: int) -> set[int]:
    """The processes `pid` forked, from any of its threads."""
    found = set()
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(path, encoding="ascii") as listed:
                found.update(map(int, listed.read().split()))
        except OSError:
            pass  # the thread or the process is gone
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as status:
            stat = status.read()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # a zombie is dead, only not yet reaped


@pytest.fixture(scope="module")
def oxigraph_union(tmp_path_factory):
    """A started Oxigraph server whose default graph is the union of its named graphs (--union-default-graph),
    shared by a module's tests and stopped after them."""
    import subprocess

    popen = subprocess.Popen
    with pytest.MonkeyPatch.context() as patch:  # OxigraphServer.start spells the command; the option is added to it
        patch.setattr(subprocess, "Popen", lambda command, **options: popen([*command, "--union-default-graph"],
                                                                             **options))
        server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-union") / "data").start()
    yield server
    server.stop()
