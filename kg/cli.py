"""The `kg` command. Only this module prints and chooses exit codes:
0 done, 1 the graph violates the shapes, 2 bad input or usage."""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from kg import __version__
from kg.vocab import DEFAULT_BASE

EXIT_OK, EXIT_INVALID, EXIT_INPUT = 0, 1, 2
_KINDS = (("Enterprise", "enterprises"), ("Project", "projects"), ("IndustryChain", "chains"),
          ("GlossaryTerm", "glossary terms"), ("Indicator", "indicators"))


def _parser() -> argparse.ArgumentParser:
    from kg.serialize import FORMATS

    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn Chinese government work reports (政府工作报告) into validated RDF knowledge graphs.",
        epilog="Run 'kg COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"govkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = sub.add_parser(
        "build", help="build the graph of one report, or the dataset of many",
        description="Read reports (UTF-8, UTF-8 with BOM or GB18030/GBK plain text), extract enterprises, "
                    "projects, industry chains, glossary terms and indicators, and validate each report's "
                    "graph against ontology/shapes.ttl. One REPORT file (or none: the sample that ships with "
                    "govkg, 侯马市 2024) is written as DIR/<report name>.<ext>. Several files, or folders "
                    "(searched for .txt files), make a corpus: DIR/corpus.nq (or .trig) with every report in "
                    "its own named graph plus a shared graph of places, indicator concepts and cross-report "
                    "identity links, and DIR/store, an Oxigraph store that 'kg query DIR' uses; both are "
                    "published together (links through DIR/current), so a reader never sees a mix of two builds, "
                    "and one build at a time may write DIR. A corpus build rebuilds only the reports whose text "
                    "or whose builder changed since the last one. "
                    "Enterprises and projects are found by the rules and the span model that ships with govkg "
                    "(kg train makes it) together, each with its gk:confidence; chains, glossary terms and "
                    "indicators by the rules.",
        epilog="Exit status: 0 built, 1 a report's graph violates the shapes (it is left out, the rest is "
               "written), 2 a report could not be read (likewise).")
    build.add_argument("reports", nargs="*", metavar="REPORT", type=Path, help="report text files or folders")
    build.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR",
                       help="folder for the graphs (default: output/)")
    build.add_argument("--format", choices=sorted({*FORMATS, "nquads"}), default=None,
                       help="serialization: turtle (default), nt, json-ld or trig for one report; "
                            "nquads (default) or trig for a corpus")
    build.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="parallel workers for a corpus (default: all cores)")
    build.add_argument("--force", action="store_true", help="rebuild every report of a corpus")
    build.add_argument("--no-store", action="store_true", help="write no Oxigraph store for a corpus")
    build.add_argument("--base", type=_base_iri, default=DEFAULT_BASE, metavar="IRI",
                       help=f"base of every IRI minted: an http(s) IRI ending in / or # (default: {DEFAULT_BASE})")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    validate = sub.add_parser(
        "validate", help="check a graph file against the shapes",
        description="Validate a graph file (Turtle, N-Triples, JSON-LD, TriG) against ontology/shapes.ttl "
                    "and print each violation with the entity, the property, the message and the "
                    "sentence of the report it came from.",
        epilog="Exit status: 0 conforms, 1 violations, 2 the file cannot be read.")
    validate.add_argument("graph", type=Path, metavar="GRAPH")

    query = sub.add_parser(
        "query", help="run a SPARQL query over a graph",
        description="Run a SELECT query over a graph file, or over the dataset in a folder kg build wrote "
                    "(its Oxigraph store, every named graph seen as one); a file is read into Oxigraph too. "
                    "QUERY is the query itself ('SELECT …'), a .rq file, or the name of a shipped query: "
                    "enterprises, projects, industry-chains, glossary, indicators, report.")
    query.add_argument("graph", type=Path, metavar="GRAPH", help="a graph file, or a folder kg build wrote")
    query.add_argument("query", metavar="QUERY")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="output format (default: table)")

    stats = sub.add_parser(
        "stats", help="count what extraction finds in each report",
        description="Extract from each report (files, or folders searched for .txt files) without "
                    "writing anything, and print per report and in total how many enterprises, projects "
                    "(and how many with a total investment), chains (and how many with a leader), glossary "
                    "terms and indicators were found. A report marked '!' yields no project or no enterprise.",
        epilog="Exit status: 0, or 2 when a report could not be read (the others are still counted).")
    stats.add_argument("reports", nargs="+", type=Path, metavar="REPORT", help="report files or folders")

    load = sub.add_parser(
        "load", help="load graphs into a triple store over the Graph Store Protocol",
        description="Send each named graph of a corpus folder (or the graph of one report file) to a triple "
                    "store with the SPARQL 1.1 Graph Store HTTP Protocol. PUT replaces a graph, so loading "
                    "twice gives the same store and a load cut short is completed by running it again. "
                    "Afterwards each graph's triples are counted through the store's SPARQL query endpoint.",
        epilog="Credentials come from the environment: GOVKG_TOKEN (bearer), or GOVKG_USER and "
               "GOVKG_PASSWORD (basic). Endpoints: Oxigraph http://HOST:7878/store, Fuseki "
               "http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service. "
               "A user:password@ in a URL is used as basic credentials and never printed. "
               "Exit status: 0 loaded and checked, 1 the store failed, holds other counts or the --deadline "
               "passed, 2 bad input.")
    load.add_argument("source", type=Path, metavar="OUT_OR_FILE", help="a corpus folder or a graph file")
    load.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL")
    load.add_argument("--query-endpoint", metavar="URL",
                      help="its SPARQL query URL for the check (default: told from --endpoint for Oxigraph, "
                           "Fuseki and GraphDB)")
    load.add_argument("--no-check", action="store_true",
                      help="load without counting each graph afterwards (when the store has no query endpoint)")
    load.add_argument("--deadline", type=_at_least(1), default=None, metavar="SECONDS",
                      help="give up (exit 1) if the whole load is not done in this time (default: no limit)")
    load.add_argument("--dry-run", action="store_true", help="list the graphs that would be sent, send nothing")
    load.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    serve = sub.add_parser(
        "serve", help="serve a corpus folder as a read-only SPARQL endpoint",
        description="Answer SPARQL queries over a corpus folder's Oxigraph store at http://HOST:PORT/sparql "
                    "(GET or POST, JSON/XML/CSV/TSV results), for YASGUI or any SPARQL client. UPDATE and "
                    "SERVICE are refused; each query runs in a worker process that is stopped past --timeout "
                    "or --max-memory, or when its client hangs up. Stops on Ctrl-C.")
    serve.add_argument("folder", type=Path, metavar="OUT")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_port, default=7879, help="port (default: 7879)")
    serve.add_argument("--timeout", type=_at_least(0.1), default=30, metavar="SECONDS",
                       help="stop a query that runs longer (default: 30)")
    serve.add_argument("--max-memory", type=_at_least(0, int), default=2048, metavar="MB",
                       help="stop a query whose worker grows past this (default: 2048; 0: no limit)")
    serve.add_argument("--workers", type=_at_least(1, int), default=None, metavar="N",
                       help="query worker processes (default: cores + 2, so runaway queries leave room)")
    serve.add_argument("--cors", default=None, metavar="ORIGIN",
                       help="let web pages from ORIGIN (e.g. http://localhost:8080, or *) read the answers; "
                            "off by default")
    serve.add_argument("-v", "--verbose", action="store_true", help="log every request")

    site = sub.add_parser(
        "site", help="write a static site people can browse",
        description="Write a static linked-data site of a corpus folder or a graph file: an index with a "
                    "search box (Chinese names, aliases or pinyin), a page per report (metadata, entities, "
                    "glossary, indicators, charts as inline SVG) and per entity (properties, every mention "
                    "as its sentence with the span highlighted), each entity's Turtle and JSON-LD beside its "
                    "page, and the ontology as a page. It needs no server and works offline.")
    site.add_argument("source", type=Path, metavar="OUT_OR_FILE")
    site.add_argument("-o", "--output", type=Path, default=Path("site"), metavar="SITE",
                      help="folder for the site (default: site/)")

    train = sub.add_parser(
        "train", help="train the span model on annotated reports",
        description="Train the learned span model (a character CRF, python-crfsuite) that finds enterprises, "
                    "projects and industry chains beside the rules. Its data are the gold files of --gold "
                    "(one <report>.yaml each, as described in the eval guide) and the report texts of the "
                    "same names found under --corpus: every verbatim occurrence of a gold name is a positive. "
                    "The same files give the same model, byte for byte. To teach it a new report, add "
                    "its <report>.yaml to the gold folder and its <report>.txt under the corpus, and run "
                    "kg train again.",
        epilog="Exit status: 0 trained, 2 bad input (no gold files, a report text missing, a gold file "
               "that cannot be read).")
    train.add_argument("--gold", type=Path, default=Path("../shared/eval/gold"), metavar="DIR",
                       help="folder of gold <report>.yaml files (default: ../shared/eval/gold)")
    train.add_argument("--corpus", type=Path, default=Path("../shared/corpus"), metavar="DIR",
                       help="folder searched for the <report>.txt of each gold file (default: ../shared/corpus)")
    train.add_argument("-o", "--output", type=Path, default=None, metavar="MODEL",
                       help="the model file to write (default: the one govkg ships and uses, kg/data/spans.crfsuite)")
    train.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    export = sub.add_parser("export", help="export tables from built graphs",
                            description="Export tables from graphs that kg build wrote.")
    what = export.add_subparsers(dest="table", metavar="TABLE", required=True)
    panel = what.add_parser(
        "panel", help="indicators of many reports as one tidy CSV",
        description="Write every indicator observation of the graphs (files, or folders of them) as one "
                    "CSV row: report, place, province, year, indicator, name_in_report, kind, value, unit, "
                    "growth_pct, growth_pct_upper, qualifier, rank, sentence; and a CSVW metadata file "
                    "(<csv>-metadata.json) beside it that types every column.",
        epilog="Exit status: 0 written, 2 a graph could not be read (nothing written).")
    panel.add_argument("graphs", nargs="+", type=Path, metavar="GRAPH", help="graph files or folders")
    panel.add_argument("-o", "--output", type=Path, default=Path("panel.csv"), metavar="CSV",
                       help="the CSV to write (default: panel.csv)")
    panel.add_argument("--bom", action="store_true",
                       help="begin the CSV with a UTF-8 byte order mark, which Excel needs to show Chinese "
                            "(pandas and R read it either way)")
    panel.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def _base_iri(text: str) -> str:
    """An absolute http(s) IRI with a host, ending in / or #, with no character an IRI may not hold: any
    other base gives IRIs a store rejects, or links a browser would run (javascript:)."""
    from urllib.parse import urlsplit

    if (not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", text) or not urlsplit(text).hostname
            or "#" in text[:-1]):
        raise argparse.ArgumentTypeError(f"{text!r}: give an http:// or https:// IRI with a host, ending in / or #")
    return text


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is no port: give 0 to 65535")
    return int(text)


def _at_least(low: float, kind=float):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or value < low or value != value:
            raise argparse.ArgumentTypeError(f"{text!r}: give a number of at least {low:g}")
        return value
    return parse


def _err(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)


def _build(args) -> int:
    corpus = len(args.reports) > 1 or any(p.is_dir() for p in args.reports)
    if corpus:
        return _build_corpus(args)
    if args.format == "nquads":
        _err("--format nquads is for a corpus; one report is written as turtle, nt, json-ld or trig")
        return EXIT_INPUT
    args.format = args.format or "turtle"
    return _build_single(args)


def _build_corpus(args) -> int:
    from tqdm import tqdm

    from kg.build.corpus import build_corpus, report_inputs

    fmt = args.format or "nquads"
    if fmt not in ("nquads", "trig"):
        _err(f"--format {fmt} is for one report; a corpus is written as nquads or trig")
        return EXIT_INPUT
    missing = [p for p in args.reports if not p.exists()]
    for path in missing:
        _err(f"{path}: no such file or folder")
    skipped: list[str] = []
    inputs = report_inputs((p for p in args.reports if p.exists()), skipped)
    for line in skipped:
        _err(line)
    if not inputs:
        _err("no reports to build (no .txt files in " + ", ".join(map(str, args.reports)) + ")")
        return EXIT_INPUT
    started = time.perf_counter()
    bar = tqdm(total=len(inputs), unit="report", disable=args.quiet or not sys.stderr.isatty(),
               dynamic_ncols=True, file=sys.stderr)
    triples = 0

    def advance(outcome):
        nonlocal triples
        triples += len(outcome.own)
        seconds = max(time.perf_counter() - started, 1e-9)
        bar.set_postfix_str(f"{triples:,} triples, {triples / seconds:,.0f} triples/s", refresh=False)
        bar.update()

    try:
        summary = build_corpus(inputs, args.output, base=args.base, jobs=args.jobs, fmt=fmt,
                               store=not args.no_store, force=args.force, progress=advance)
    except ValueError as exc:
        bar.close()
        _err(str(exc))
        return EXIT_INPUT
    except OSError as exc:  # a full disk, a folder not ours: nothing is published until all of it is written
        bar.close()
        why = exc.strerror or (str(exc).splitlines() or [type(exc).__name__])[0]
        _err(f"{args.output}: cannot write the corpus ({why}{': ' + str(exc.filename) if exc.filename else ''}); "
             f"what was there before is left as it was")
        return EXIT_INPUT
    bar.close()
    for name, why in summary.failed.items():
        _err(f"{name}: left out: {why}")
    for name, warnings in summary.warnings.items():
        for warning in warnings:
            _err(f"{name}: warning: {warning}")
    if not args.quiet:
        kept = len(inputs) - len(summary.failed)
        print(f"{kept} reports ({len(summary.built)} built, {len(summary.reused)} unchanged), "
              f"{len(summary.failed) + len(skipped)} left out; {summary.triples:,} triples, "
              f"{summary.links} identity links "
              f"→ {summary.dataset}{' and ' + str(summary.store) if summary.store else ''} "
              f"({time.perf_counter() - started:.1f} s)")
    if missing or skipped:
        return EXIT_INPUT
    return EXIT_INPUT if summary.unreadable else (EXIT_INVALID if summary.failed else EXIT_OK)


def _build_single(args) -> int:
    from kg.build.pipeline import build
    from kg.resources import sample_report
    from kg.serialize import FORMATS, dumps, write_atomic
    from kg.build.text import InputError

    reports = args.reports or [sample_report()]
    if args.output.exists() and not args.output.is_dir():
        _err(f"{args.output}: a file, not a folder: -o names the folder the graph goes into")
        return EXIT_INPUT
    status = EXIT_OK
    for path in reports:
        started = time.perf_counter()
        try:
            built = build(path, base=args.base)
        except InputError as exc:
            _err(str(exc))
            status = max(status, EXIT_INPUT)
            continue
        for warning in built.doc.warnings:
            _err(f"{path}: warning: {warning}")
        if built.problems:
            _err(f"{path}: the graph violates the shapes in {len(built.problems)} place(s); nothing written")
            for problem in built.problems:
                print(f"  {problem}", file=sys.stderr)
            status = max(status, EXIT_INVALID)
            continue
        target = args.output / f"{built.doc.name}{FORMATS[args.format]}"
        try:
            write_atomic(target, dumps(built.graph, args.format, graph_name=_report_iri(built)))
        except OSError as exc:
            _err(f"{target}: cannot write it ({exc.strerror})")
            return EXIT_INPUT
        if not args.quiet:
            counts = Counter(type(f).__name__ for f in built.facts)
            found = ", ".join(f"{counts[k]} {label}" for k, label in _KINDS)
            print(f"{built.doc.name}: {found}; {len(built.graph)} triples, valid → {target} "
                  f"({time.perf_counter() - started:.1f} s)")
    return status


def _report_iri(built) -> str:
    from kg.vocab import GK
    from rdflib.namespace import RDF

    return str(next(built.graph.subjects(RDF.type, GK.Report)))


def _validate(args) -> int:
    from kg.use.query import QueryError, load_graph
    from kg.build.validate import validate

    try:
        graph = load_graph(args.graph)
    except QueryError as exc:
        _err(str(exc))
        return EXIT_INPUT
    problems = validate(graph)
    for problem in problems:
        print(problem)
    if problems:
        _err(f"{args.graph}: {len(problems)} violation(s) of the shapes")
        return EXIT_INVALID
    print(f"{args.graph}: conforms ({len(graph)} triples)")
    return EXIT_OK


def _query(args) -> int:
    from kg.use.query import QueryError, open_file, open_folder, plain, query_text, render, run_store

    try:
        text = query_text(args.query)
        store = open_folder(args.graph) if args.graph.is_dir() else open_file(args.graph)
        names, rows = run_store(store, text)
        if not re.search(r"\bORDER\s+BY\b", text, re.I):
            rows = sorted(rows, key=lambda row: [plain(v) for v in row])  # the same output every time
    except QueryError as exc:
        _err(str(exc))
        return EXIT_INPUT
    sys.stdout.write(render(names, rows, args.format))
    return EXIT_OK


def _stats(args) -> int:
    from kg.build.corpus import report_inputs
    from kg.build.pipeline import facts_of
    from kg.build.stats import counts, table
    from kg.build.text import InputError, load_document

    rows, status = [], EXIT_OK
    files = report_inputs(args.reports)
    for n, path in enumerate(files, 1):
        try:
            rows.append((path.stem, counts(facts_of(load_document(path)))))
        except InputError as exc:
            _err(str(exc))
            status = EXIT_INPUT
        if sys.stderr.isatty():
            print(f"\r{n}/{len(files)} reports", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    sys.stdout.write(table(rows))
    return status


def _load(args) -> int:
    from tqdm import tqdm

    from kg.use.load import EndpointError, LoadError, auth_from_env, endpoint, graphs_of, load, query_url_for

    try:  # a URL that can never work, or one with a password in it, is dealt with before anything is read
        target, url_auth = endpoint(args.endpoint)
        query_url, query_auth = endpoint(args.query_endpoint) if args.query_endpoint else (query_url_for(target), None)
    except EndpointError as exc:
        _err(str(exc))
        return EXIT_INPUT
    if args.no_check:
        query_url = None
    unknown = (f"{target}: no query endpoint is known for it to check the load: give --query-endpoint URL, "
               "or --no-check to load without checking") if query_url is None and not args.no_check else None
    try:
        graphs = graphs_of(args.source)
    except LoadError as exc:
        _err(str(exc))
        return EXIT_INPUT
    if args.dry_run:
        for graph in graphs:
            print(f"PUT {target}?graph={graph.name}  {graph.triples:,} triples")
        print(f"{len(graphs)} graphs, {sum(g.triples for g in graphs):,} triples would be sent"
              + (f"; counts checked at {query_url}" if query_url else "; counts not checked"))
        if unknown:
            _err(unknown)
        return EXIT_OK
    if unknown:  # a load nobody checked is no load to report as done
        _err(unknown)
        return EXIT_INPUT
    deadline = time.monotonic() + args.deadline if args.deadline else None
    bar = tqdm(total=len(graphs), unit="graph", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)
    try:
        done = load(graphs, target, query_url, auth_from_env() or url_auth or query_auth,
                    sent=lambda g: bar.update(), deadline=deadline)
    except LoadError as exc:
        bar.close()
        _err(str(exc))
        _err("the graphs sent before it are in the store; run the same command again to complete the load")
        return EXIT_INVALID
    bar.close()
    if not args.quiet:
        checked = "each graph's count checked" if query_url else "counts not checked (--no-check)"
        print(f"{done.graphs} graphs, {done.triples:,} triples → {target} ({checked})")
    return EXIT_OK


def _serve(args) -> int:
    from kg.use.query import QueryError
    from kg.use.serve import Server

    if not args.folder.is_dir():
        _err(f"{args.folder}: not a folder kg build wrote")
        return EXIT_INPUT
    try:
        server = Server(args.folder, args.host, args.port, verbose=args.verbose, timeout=args.timeout,
                        max_memory_mb=args.max_memory, workers=args.workers, cors=args.cors)
    except (QueryError, RuntimeError) as exc:
        _err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        _err(f"cannot listen on {args.host}:{args.port} ({exc.strerror})")
        return EXIT_INPUT
    print(f"SPARQL endpoint on http://{args.host}:{server.server_address[1]}/sparql (read-only); Ctrl-C stops it",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def _site(args) -> int:
    from kg.use.site import build_site

    started = time.perf_counter()
    try:
        pages = build_site(args.source, args.output)
    except (FileNotFoundError, FileExistsError, ValueError, SyntaxError) as exc:
        _err(str(exc).splitlines()[0])
        return EXIT_INPUT
    except OSError as exc:  # a full disk, a folder not ours, a name the file system will not take
        _err(f"{args.output}: cannot write the site ({exc.strerror or exc}{': ' + exc.filename if exc.filename else ''})")
        return EXIT_INPUT
    print(f"{pages} pages → {args.output}/index.html ({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _export(args) -> int:
    from kg.use.panel import graph_files, metadata, rows_of, to_csv
    from kg.use.query import QueryError
    from kg.serialize import write_atomic

    files = graph_files(args.graphs)
    if not files:
        _err("no graph files found in " + ", ".join(map(str, args.graphs)))
        return EXIT_INPUT
    rows = []
    for n, path in enumerate(files, 1):
        try:
            found = rows_of(path)
        except QueryError as exc:
            _err(str(exc) + "; nothing written")
            return EXIT_INPUT
        rows.extend(found)
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{n}/{len(files)} graphs, {len(rows)} observations", end="", file=sys.stderr, flush=True)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    meta_path = args.output.with_name(args.output.name + "-metadata.json")
    try:
        write_atomic(args.output, ("\ufeff".encode("utf-8") if args.bom else b"") + to_csv(rows))
        write_atomic(meta_path, metadata(args.output.name))
    except OSError as exc:  # a full disk or a folder not ours: the file there before is left as it was
        _err(f"{args.output}: cannot write it ({exc.strerror or exc})")
        return EXIT_INPUT
    if not args.quiet:
        print(f"{len(rows)} observations from {len(files)} graph{'s' if len(files) != 1 else ''} → "
              f"{args.output} (+ {meta_path.name})")
    return EXIT_OK


def _train(args) -> int:
    from tqdm import tqdm

    from kg.build.model import PARAMS, TrainingError, default_model, gold_pairs, train

    target = args.output or default_model()
    try:
        pairs = gold_pairs(args.gold, args.corpus)
    except TrainingError as exc:
        _err(str(exc))
        return EXIT_INPUT
    started = time.perf_counter()
    quiet = args.quiet or not sys.stderr.isatty()
    bar = tqdm(total=len(pairs) + PARAMS["max_iterations"], unit="step", disable=quiet, dynamic_ncols=True,
               file=sys.stderr, desc="reading reports")

    def step(what: str) -> None:
        bar.set_description_str(what, refresh=False)
        bar.update()

    try:
        model = train(pairs, target, progress=step)
    except TrainingError as exc:
        bar.close()
        _err(str(exc))
        return EXIT_INPUT
    bar.close()
    if not args.quiet:
        size = model.stat().st_size
        print(f"{len(pairs)} annotated reports → {model} ({size / 1024 / 1024:.1f} MB, "
              f"{time.perf_counter() - started:.0f} s)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"build": _build, "validate": _validate, "query": _query, "stats": _stats, "export": _export,
               "load": _load, "serve": _serve, "site": _site, "train": _train}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        _err("interrupted; files already written are complete, the one in progress was not written")
        return 130


if __name__ == "__main__":
    sys.exit(main())
