"""The arguments of the `kg` command: its commands, their help texts, and the types that check their values."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from kg import __version__
from kg.formats import GRAPHS
from kg.vocab import DEFAULT_BASE


def _default_first(names: list[str], default: str) -> tuple[str, ...]:
    return (default, *(name for name in names if name != default))


# kg build writes one report in any graph format but N-Quads (a dataset's) and RDF/XML (only read), and a
# corpus in a format that holds named graphs; the first of each is its default
ONE_REPORT = _default_first([f.name for f in GRAPHS if f.name not in ("nquads", "rdf-xml")], "turtle")
CORPUS = _default_first([f.name for f in GRAPHS if f.quads], "nquads")


def spoken(names: tuple[str, ...] | list[str]) -> str:
    """Names as a sentence lists them: 'a, b or c'."""
    return " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def _with_default(names: tuple[str, ...]) -> str:
    return spoken([f"{names[0]} (default)", *names[1:]])


def base_iri(text: str) -> str:
    """An absolute http(s) IRI with a host, ending in / or #, with no character an IRI may not hold: any
    other base gives IRIs a store rejects, or links a browser would run (javascript:)."""
    from urllib.parse import urlsplit

    if (not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", text) or not urlsplit(text).hostname
            or "#" in text[:-1]):
        raise argparse.ArgumentTypeError(f"{text!r}: give an http:// or https:// IRI with a host, ending in / or #")
    return text


def port(text: str) -> int:
    """A TCP port number; 0 lets the system choose a free one."""
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is no port: give 0 to 65535")
    return int(text)


def at_least(low: float, kind=float):
    """The type of an option that takes a number (float, or int as `kind` says) of at least `low`."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or value < low or value != value:  # NaN compares false with everything
            raise argparse.ArgumentTypeError(f"{text!r}: give a number of at least {low:g}")
        return value
    return parse


def _output(default: str | None, metavar: str, help: str) -> tuple:
    return ("-o", "--output"), dict(type=Path, default=Path(default) if default else None, metavar=metavar, help=help)


def _paths(name: str, nargs: str, metavar: str, help: str | None = None) -> tuple:
    return (name,), dict(nargs=nargs, type=Path, metavar=metavar, help=help)


def _flag(*names: str, help: str) -> tuple:
    return names, dict(action="store_true", help=help)


QUIET = _flag("-q", "--quiet", help="print only problems")

# each command: its name, one-line help, description, epilog (or None) and arguments, in the order --help lists them
COMMANDS: list[tuple[str, str, str, str | None, list[tuple]]] = [
    ("build", "build the graph of one report, or the dataset of many",
     "Read reports (UTF-8, UTF-8 with BOM or GB18030/GBK plain text), extract enterprises, "
     "projects, industry chains, glossary terms and indicators, and validate each report's "
     "graph against ontology/shapes.ttl. One REPORT file (or none: the sample that ships with "
     "govkg, 侯马市 2024) is written as DIR/<report name>.<ext>. Several files, or folders "
     "(searched for .txt files), make a corpus: DIR/corpus.nq (or .trig) with every report in "
     "its own named graph plus a shared graph of places, indicator concepts and one gk:SameEntity "
     "per thing several reports name, and DIR/store, an Oxigraph store that 'kg query DIR' uses; both are "
     "published together (links through DIR/current), so a reader never sees a mix of two builds, "
     "and one build at a time may write DIR. A corpus build rebuilds only the reports whose text "
     "or whose builder changed since the last one. "
     "Enterprises and projects are found by the rules and the span model that ships with govkg "
     "(kg train makes it) together, each with its gk:confidence; chains, glossary terms and "
     "indicators by the rules.",
     "Exit status: 0 built, 1 a report's graph violates the shapes (it is left out, the rest is "
     "written), 2 a report could not be read (likewise).",
     [_paths("reports", "*", "REPORT", "report text files or folders"),
      _output("output", "DIR", "folder for the graphs (default: output/)"),
      (("--format",), dict(choices=sorted({*ONE_REPORT, *CORPUS}), default=None,
                           help=f"serialization: {_with_default(ONE_REPORT)} for one report; "
                                f"{_with_default(CORPUS)} for a corpus")),
      (("-j", "--jobs"), dict(type=int, default=None, metavar="N",
                              help="parallel workers for a corpus (default: all cores)")),
      _flag("--force", help="rebuild every report of a corpus"),
      _flag("--no-store", help="write no Oxigraph store for a corpus"),
      (("--base",), dict(type=base_iri, default=DEFAULT_BASE, metavar="IRI",
                         help="base of every IRI minted: an http(s) IRI ending in / or # "
                              f"(default: {DEFAULT_BASE})")),
      QUIET]),
    ("validate", "check a graph file against the shapes",
     "Validate a graph file (Turtle, N-Triples, JSON-LD, TriG) against ontology/shapes.ttl "
     "and print each violation with the entity, the property, the message and the "
     "sentence of the report it came from.",
     "Exit status: 0 conforms, 1 violations, 2 the file cannot be read.",
     [(("graph",), dict(type=Path, metavar="GRAPH"))]),
    ("query", "run a SPARQL query over a graph",
     "Run a SELECT query over a graph file, or over the dataset in a folder kg build wrote "
     "(its Oxigraph store, every named graph seen as one); a file is read into Oxigraph too. "
     "QUERY is the query itself ('SELECT …'), a .rq file, or the name of a shipped query: "
     "enterprises, projects, industry-chains, glossary, indicators, report, ledger, promises. "
     "--report and --place are put into the query itself (VALUES ?report, or VALUES ?place), so "
     "the store reads only those reports.",
     "Exit status: 0, or 2 with one line: a query that cannot run, a filter the query cannot take "
     "(no ?report or ?place in it), no report or place of the name given, or a --report not of the --place.",
     [(("graph",), dict(type=Path, metavar="GRAPH", help="a graph file, or a folder kg build wrote")),
      (("query",), dict(metavar="QUERY")),
      (("--format",), dict(choices=("table", "csv", "json"), default="table",
                           help="output format (default: table)")),
      (("--report",), dict(metavar="ID", help="only what this report says: its id as the table shows it "
                                              "(qingyuan-2021) or its IRI; for a query that binds ?report")),
      (("--place",), dict(metavar="NAME", help="only what the reports of this place say: the place whose label "
                                               "(as the report query gives it) is NAME, or else every place "
                                               "whose label holds NAME (清苑 finds 清苑区 and 清苑县); for a "
                                               "query that binds ?report, or ?place as a place label "
                                               "(ledger, promises)")),
      _flag("--no-sort", help="rows in the order the store gives them, CSV and JSON written as they come; "
                              "by default the rows of a query without ORDER BY are sorted, column after "
                              "column, so the output is the same every time")]),
    ("stats", "count what extraction finds in each report",
     "Extract from each report (files, or folders searched for .txt files) without "
     "writing anything, and print per report and in total how many enterprises, projects "
     "(and how many with a total investment), chains (and how many with a leader), glossary "
     "terms and indicators were found. A report marked '!' yields no project or no enterprise.",
     "Exit status: 0, or 2 when a report could not be read (the others are still counted).",
     [_paths("reports", "+", "REPORT", "report files or folders")]),
    ("load", "load graphs into a triple store over the Graph Store Protocol",
     "Send each named graph of a corpus folder (or the graph of one report file) to a triple "
     "store with the SPARQL 1.1 Graph Store HTTP Protocol. PUT replaces a graph, so loading "
     "twice gives the same store and a load cut short is completed by running it again. "
     "Afterwards each graph's triples are counted through the store's SPARQL query endpoint.",
     "Credentials come from the environment: GOVKG_TOKEN (bearer), or GOVKG_USER and "
     "GOVKG_PASSWORD (basic). Endpoints: Oxigraph http://HOST:7878/store, Fuseki "
     "http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service. "
     "A user:password@ in a URL is used as basic credentials and never printed. "
     "Exit status: 0 loaded and checked, 1 the store failed, holds other counts or the --deadline "
     "passed, 2 bad input.",
     [(("source",), dict(type=Path, metavar="OUT_OR_FILE", help="a corpus folder or a graph file")),
      (("--endpoint",), dict(required=True, metavar="URL", help="the store's Graph Store Protocol URL")),
      (("--query-endpoint",), dict(metavar="URL", help="its SPARQL query URL for the check (default: told from "
                                                       "--endpoint for Oxigraph, Fuseki and GraphDB)")),
      _flag("--no-check", help="load without counting each graph afterwards (when the store has no query endpoint)"),
      (("--deadline",), dict(type=at_least(1), default=None, metavar="SECONDS",
                             help="give up (exit 1) if the whole load is not done in this time (default: no limit)")),
      _flag("--dry-run", help="list the graphs that would be sent, send nothing"),
      QUIET]),
    ("serve", "serve a corpus folder as a read-only SPARQL endpoint",
     "Answer SPARQL queries over a corpus folder's Oxigraph store at http://HOST:PORT/sparql "
     "(GET or POST, JSON/XML/CSV/TSV results), for YASGUI or any SPARQL client. UPDATE and "
     "SERVICE are refused; each query runs in a worker process that is stopped past --timeout "
     "or --max-memory, or when its client hangs up. Stops on Ctrl-C.",
     None,
     [(("folder",), dict(type=Path, metavar="OUT")),
      (("--host",), dict(default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")),
      (("--port",), dict(type=port, default=7879, help="port (default: 7879)")),
      (("--timeout",), dict(type=at_least(0.1), default=30, metavar="SECONDS",
                            help="stop a query that runs longer (default: 30)")),
      (("--max-memory",), dict(type=at_least(0, int), default=2048, metavar="MB",
                               help="stop a query whose worker grows past this (default: 2048; 0: no limit)")),
      (("--workers",), dict(type=at_least(1, int), default=None, metavar="N",
                            help="query worker processes (default: cores + 2, so runaway queries leave room)")),
      (("--cors",), dict(default=None, metavar="ORIGIN",
                         help="let web pages from ORIGIN (e.g. http://localhost:8080, or *) read the answers; "
                              "off by default")),
      _flag("-v", "--verbose", help="log every request")]),
    ("site", "write a static site people can browse",
     "Write a static linked-data site of a corpus folder or a graph file: an index with a "
     "search box (Chinese names, aliases or pinyin), a page per report (metadata, entities, "
     "glossary, indicators, charts as inline SVG) and per entity (properties, every mention "
     "as its sentence with the span highlighted), each entity's Turtle and JSON-LD beside its "
     "page, and the ontology as a page. It needs no server and works offline.",
     None,
     [(("source",), dict(type=Path, metavar="OUT_OR_FILE")),
      _output("site", "SITE", "folder for the site (default: site/)")]),
    ("ledger", "which targets each place met, year after year",
     "Hold each target a report sets for its year against the actual the same place's next report gives "
     "for that year (kg/queries/ledger.rq over a corpus folder kg build wrote, or a graph file), and "
     "print per place and year the targets met and missed and the rate met, then the commitments "
     "themselves: place, year, indicator, measure (growthPct or value), target, actual, qualifier, verdict; "
     "sorted by place, year and indicator. Then the projects due: per place and year the projects a report "
     "promised for its year, each with its due date and the status the next report gives it (Completed, "
     "Started, Reported, Planned, NotMentioned), counted per status (kg/queries/promises.rq). --place "
     "filters both. With -o, also write the commitments as a CSV and a CSVW metadata file "
     "(<csv>-metadata.json) beside it that types every column, and the projects due as <stem>-projects.csv "
     "with its own metadata.",
     "Verdicts: a target with a ceiling (以内, 以下, 低于, 不超过, 控制在) is met when the actual is at most the "
     "target, one of 左右 when the actual is at least the target less 0.5 points (for a value, 99% of the "
     "target), any other when the actual is at least the target. "
     "Exit status: 0 shown, 2 no corpus there, no place of that name, or the CSV cannot be written.",
     [(("source",), dict(type=Path, metavar="OUT_OR_FILE", help="a corpus folder kg build wrote, or a graph file")),
      (("--place",), dict(metavar="NAME", help="only the places whose name holds NAME (清苑 finds 清苑区)")),
      _output(None, "CSV", "also write the commitments as this CSV, with <CSV>-metadata.json beside it")]),
    ("train", "train the span model on annotated reports",
     "Train the learned span model (a character CRF, python-crfsuite) that finds enterprises, "
     "projects and industry chains beside the rules. Its data are the gold files of --gold "
     "(one <report>.yaml each, as described in the eval guide) and the report texts of the "
     "same names found under --corpus: every verbatim occurrence of a gold name is a positive. "
     "The same files give the same model, byte for byte. To teach it a new report, add "
     "its <report>.yaml to the gold folder and its <report>.txt under the corpus, and run "
     "kg train again.",
     "Exit status: 0 trained, 2 bad input (no gold files, a report text missing, a gold file "
     "that cannot be read).",
     [(("--gold",), dict(type=Path, default=Path("../shared/eval/gold"), metavar="DIR",
                         help="folder of gold <report>.yaml files (default: ../shared/eval/gold)")),
      (("--corpus",), dict(type=Path, default=Path("../shared/corpus"), metavar="DIR",
                           help="folder searched for the <report>.txt of each gold file (default: ../shared/corpus)")),
      _output(None, "MODEL", "the model file to write (default: the one govkg ships and uses, "
                             "kg/data/spans.crfsuite)"),
      QUIET]),
]

PANEL = ("panel", "indicators of many reports as one tidy CSV",
         "Write every indicator observation of the graphs (files, or folders of them) as one "
         "CSV row: report, place, province, year, indicator, name_in_report, kind, value, unit, "
         "growth_pct, growth_pct_upper, qualifier, rank, sentence; and a CSVW metadata file "
         "(<csv>-metadata.json) beside it that types every column.",
         "Exit status: 0 written, 2 a graph could not be read (nothing written).",
         [_paths("graphs", "+", "GRAPH", "graph files or folders"),
          _output("panel.csv", "CSV", "the CSV to write (default: panel.csv)"),
          _flag("--bom", help="begin the CSV with a UTF-8 byte order mark, which Excel needs to show Chinese "
                              "(pandas and R read it either way)"),
          QUIET])


def _add(sub, name: str, help: str, description: str, epilog: str | None, arguments: list[tuple]):
    command = sub.add_parser(name, help=help, description=description, epilog=epilog)
    for names, options in arguments:
        command.add_argument(*names, **options)
    return command


def parser() -> argparse.ArgumentParser:
    """The parser of every command; `export` has tables of its own (only `panel` so far)."""
    top = argparse.ArgumentParser(
        prog="kg",
        description="Turn Chinese government work reports (政府工作报告) into validated RDF knowledge graphs.",
        epilog="Run 'kg COMMAND --help' for the options of a command.",
    )
    top.add_argument("--version", action="version", version=f"govkg {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        _add(sub, *command)
    export = sub.add_parser("export", help="export tables from built graphs",
                            description="Export tables from graphs that kg build wrote.")
    _add(export.add_subparsers(dest="table", metavar="TABLE", required=True), *PANEL)
    return top
