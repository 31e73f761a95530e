"""The `kg` commands that make graphs and models: build (one report or a corpus), validate, stats, train."""
from __future__ import annotations

import sys
import time
from collections import Counter

from kg.cli.exits import EXIT_INPUT, EXIT_INVALID, EXIT_OK, err
from kg.cli.parser import CORPUS, ONE_REPORT, spoken
from kg.errors import GovkgError
from kg.kinds import KINDS, Kind

# the line a built report prints names enterprises and projects first, as it always has, then the rest in
# the order of KINDS
_FIRST = (Kind.ENTERPRISE, Kind.PROJECT)
SUMMARY_KINDS = (*_FIRST, *(kind for kind in KINDS if kind not in _FIRST))


def _build(args) -> int:
    corpus = len(args.reports) > 1 or any(p.is_dir() for p in args.reports)
    if corpus:
        return _build_corpus(args)
    if args.format not in (None, *ONE_REPORT):
        err(f"--format {args.format} is for a corpus; one report is written as {spoken(ONE_REPORT)}")
        return EXIT_INPUT
    args.format = args.format or ONE_REPORT[0]
    return _build_single(args)


def _build_corpus(args) -> int:
    from tqdm import tqdm

    from kg.build.corpus import build_corpus
    from kg.build.inputs import report_inputs

    fmt = args.format or CORPUS[0]
    if fmt not in CORPUS:
        err(f"--format {fmt} is for one report; a corpus is written as {spoken(CORPUS)}")
        return EXIT_INPUT
    missing = [p for p in args.reports if not p.exists()]
    for path in missing:
        err(f"{path}: no such file or folder")
    skipped: list[str] = []
    inputs = report_inputs((p for p in args.reports if p.exists()), skipped)
    for line in skipped:
        err(line)
    if not inputs:
        err("no reports to build (no .txt files in " + ", ".join(map(str, args.reports)) + ")")
        return EXIT_INPUT
    started = time.perf_counter()
    bar = tqdm(total=len(inputs), unit="report", disable=args.quiet or not sys.stderr.isatty(),
               dynamic_ncols=True, file=sys.stderr)
    triples = 0

    def advance(outcome):
        nonlocal triples
        triples += outcome.triples
        seconds = max(time.perf_counter() - started, 1e-9)
        bar.set_postfix_str(f"{triples:,} triples, {triples / seconds:,.0f} triples/s", refresh=False)
        bar.update()

    try:
        summary = build_corpus(inputs, args.output, base=args.base, jobs=args.jobs, fmt=fmt,
                               store=not args.no_store, force=args.force, progress=advance)
    except (GovkgError, ValueError) as exc:
        bar.close()
        err(str(exc))
        return EXIT_INPUT
    except OSError as exc:  # a full disk, a folder not ours: nothing is published until all of it is written
        bar.close()
        why = exc.strerror or (str(exc).splitlines() or [type(exc).__name__])[0]
        err(f"{args.output}: cannot write the corpus ({why}{': ' + str(exc.filename) if exc.filename else ''}); "
            f"what was there before is left as it was")
        return EXIT_INPUT
    bar.close()
    for name, why in summary.failed.items():
        err(f"{name}: left out: {why}")
    for name, warnings in summary.warnings.items():
        for warning in warnings:
            err(f"{name}: warning: {warning}")
    if not args.quiet:
        kept = len(inputs) - len(summary.failed)
        print(f"{kept} reports ({len(summary.built)} built, {len(summary.reused)} unchanged), "
              f"{len(summary.failed) + len(skipped)} left out; {summary.triples:,} triples, "
              f"{summary.shared_entities:,} entities named in several reports "
              f"→ {summary.dataset}{' and ' + str(summary.store) if summary.store else ''} "
              f"({time.perf_counter() - started:.1f} s)")
    if missing or skipped:
        return EXIT_INPUT
    return EXIT_INPUT if summary.unreadable else (EXIT_INVALID if summary.failed else EXIT_OK)


def _build_single(args) -> int:
    from kg.build.pipeline import build
    from kg.build.write import dumps
    from kg.files import write_atomic
    from kg.formats import by_name
    from kg.resources import sample_report

    reports = args.reports or [sample_report()]
    if args.output.exists() and not args.output.is_dir():
        err(f"{args.output}: a file, not a folder: -o names the folder the graph goes into")
        return EXIT_INPUT
    status = EXIT_OK
    for path in reports:
        started = time.perf_counter()
        try:
            built = build(path, base=args.base)
        except GovkgError as exc:
            err(str(exc))
            status = max(status, EXIT_INPUT)
            continue
        for warning in built.doc.warnings:
            err(f"{path}: warning: {warning}")
        if built.problems:
            err(f"{path}: the graph violates the shapes in {len(built.problems)} place(s); nothing written")
            for problem in built.problems:
                print(f"  {problem}", file=sys.stderr)
            status = max(status, EXIT_INVALID)
            continue
        target = args.output / f"{built.doc.name}{by_name(args.format).suffix}"
        try:
            write_atomic(target, dumps(built.graph, args.format, graph_name=str(built.report)))
        except OSError as exc:
            err(f"{target}: cannot write it ({exc.strerror})")
            return EXIT_INPUT
        if not args.quiet:
            counts = Counter(type(f).__name__ for f in built.facts)
            found = ", ".join(f"{counts[kind.cls]} {kind.plural}" for kind in SUMMARY_KINDS)
            print(f"{built.doc.name}: {found}; {len(built.graph)} triples, valid → {target} "
                  f"({time.perf_counter() - started:.1f} s)")
    return status


def _validate(args) -> int:
    from kg.build.validate import validate
    from kg.use.query import load_graph

    graph = load_graph(args.graph)  # a graph that cannot be read is a GovkgError, said by main
    problems = validate(graph)
    for problem in problems:
        print(problem)
    if problems:
        err(f"{args.graph}: {len(problems)} violation(s) of the shapes")
        return EXIT_INVALID
    print(f"{args.graph}: conforms ({len(graph)} triples)")
    return EXIT_OK


def _stats(args) -> int:
    from kg.build.inputs import report_inputs
    from kg.build.pipeline import facts_of
    from kg.build.reading import load_document
    from kg.build.stats import counts, table

    rows, status = [], EXIT_OK
    files = report_inputs(args.reports)
    for n, path in enumerate(files, 1):
        try:
            rows.append((path.stem, counts(facts_of(load_document(path)))))
        except GovkgError as exc:
            err(str(exc))
            status = EXIT_INPUT
        if sys.stderr.isatty():
            print(f"\r{n}/{len(files)} reports", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    sys.stdout.write(table(rows))
    return status


def _train(args) -> int:
    from tqdm import tqdm

    from kg.build.model import default_model
    from kg.build.training import PARAMS, gold_pairs, train

    target = args.output or default_model()
    pairs = gold_pairs(args.gold, args.corpus)  # no usable data is a GovkgError, said by main
    started = time.perf_counter()
    quiet = args.quiet or not sys.stderr.isatty()
    bar = tqdm(total=len(pairs) + PARAMS["max_iterations"], unit="step", disable=quiet, dynamic_ncols=True,
               file=sys.stderr, desc="reading reports")

    def step(what: str) -> None:
        bar.set_description_str(what, refresh=False)
        bar.update()

    try:
        model = train(pairs, target, progress=step)
    except GovkgError as exc:
        bar.close()
        err(str(exc))
        return EXIT_INPUT
    bar.close()
    if not args.quiet:
        size = model.stat().st_size
        print(f"{len(pairs)} annotated reports → {model} ({size / 1024 / 1024:.1f} MB, "
              f"{time.perf_counter() - started:.0f} s)")
    return EXIT_OK


COMMANDS = {"build": _build, "validate": _validate, "stats": _stats, "train": _train}
