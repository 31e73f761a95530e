"""How the corpus build scales: N copies of the corpus built at growing factors, with each figure's growth exponent.

    python bench/scale.py [N] [--factors 1 4 16] [--corpus DIR] [--jobs 2] [--edit] [--keep] [--tmp DIR]

Makes up to N copies of every report of the corpus: copy 0 is the report as it is, copy k (k >= 1) is
<name>-copyKKK.txt (same folder under the copy root) with one sentence naming k appended, so no two files
are byte-identical and each has its own report id; the sentence yields no triple. The default factors are
1 and the powers of 4 below N, then N (16: 1 4 16). For each factor f, the first f copies of each report
are built with `kg build --jobs J` in a child process into a fresh folder, and a row gives: reports,
characters, wall and CPU time (user + sys of the kg process and all its workers), peak resident memory of
the kg process itself (ru_maxrss of RUSAGE_SELF, read in the process; the workers are not counted), the
store's size on disk (du of OUT/store), corpus.nq's size, its quads, the identity triples (in the shared
graph, every quad about a gk:SameEntity, one node per thing several reports name) and the identity nodes. A second table
gives each figure's growth exponent between consecutive factors, log(q2/q1) / log(f2/f1): 1 is linear,
2 quadratic. The identity figures leap from factor 1 to the next (at 1 only the corpus's own shared names
join reports; from 2 on every entity has its copies too): read their growth from the second factor on.

With --edit, at the largest factor one report is edited (a sentence appended) and the corpus rebuilt into
the same folder (an incremental rebuild: one report built, the rest reused, the dataset and store made
anew), and that rebuild's wall and CPU time and their share of the full build are printed.
Every build runs a snapshot of kg/ and ontology/ taken (and compiled) at the start, so edits to the
working tree while the benchmark runs change nothing. The snapshot, copies and builds live in a temporary
folder removed at the end, unless --keep.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from measure import Run, kg, snapshot  # noqa: E402


def default_factors(n: int) -> list[int]:
    """1, the powers of 4 below n, and n.

    >>> default_factors(16), default_factors(2), default_factors(8)
    ([1, 4, 16], [1, 2], [1, 4, 8])
    """
    factors, f = [], 1
    while f < n:
        factors.append(f)
        f *= 4
    return [*factors, n]


def encoding_of(data: bytes) -> str:
    """The codec a report's bytes decode with: UTF-8 (with or without BOM), else GB18030."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def sentence(k: int, what: str = "副本") -> str:
    return f"\n（规模测试{what}第{k:03d}份。）\n"


def make_copies(inputs: list[Path], corpus: Path, pool: Path, count: int) -> dict[int, list[tuple[Path, int]]]:
    """Copies 0..count-1 of every report under pool/<k>/; for each k, the files and their characters."""
    copies: dict[int, list[tuple[Path, int]]] = {k: [] for k in range(count)}
    for path in inputs:
        data = path.read_bytes()
        codec = encoding_of(data)
        chars = len(data.decode(codec).removeprefix("\ufeff"))
        relative = path.relative_to(corpus) if path.is_relative_to(corpus) else Path(path.name)
        for k in range(count):
            target = pool / str(k) / relative.parent / (relative.name if k == 0 else f"{path.stem}-copy{k:03d}.txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            extra = sentence(k) if k else ""
            target.write_bytes(data + extra.encode(codec))
            copies[k].append((target, chars + len(extra)))
    return copies


def gather(copies: dict[int, list[tuple[Path, int]]], pool: Path, folder: Path, factor: int) -> tuple[int, int]:
    """Hard links (or copies) of copies 0..factor-1 into `folder`; (reports, characters)."""
    reports = chars = 0
    for k in range(factor):
        for path, count in copies[k]:
            target = folder / path.relative_to(pool / str(k))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
            reports, chars = reports + 1, chars + count
    return reports, chars


def du(path: Path) -> int:
    """Bytes on disk under `path` (links followed at the top), as du counts them."""
    total = 0
    for folder, _, files in os.walk(path.resolve()):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total


def dataset_counts(dataset: Path) -> tuple[int, int, int]:
    """(quads, identity triples, identity nodes) of an N-Quads file, read line by line.

    Identity triples are the shared graph's quads about a gk:SameEntity (one node per thing several reports
    name). A line is `S P O G .`; S and P hold no space (IRIs, blank nodes)."""
    from rdflib.namespace import RDF

    from kg.build.mint import shared_graph
    from kg.vocab import DEFAULT_BASE, GK

    shared = f"<{shared_graph(DEFAULT_BASE)}> .".encode()
    rdf_type, kind = f"<{RDF.type}>".encode(), f"<{GK.SameEntity}>".encode()
    quads = 0
    per_subject: dict[bytes, int] = {}
    nodes: set[bytes] = set()
    with open(dataset, "rb") as lines:
        for line in lines:
            quads += 1
            parts = line.split(b" ", 2)
            if len(parts) < 3 or not parts[2].rstrip().endswith(shared):
                continue
            subject, predicate, rest = parts
            per_subject[subject] = per_subject.get(subject, 0) + 1
            if predicate == rdf_type and rest.startswith(kind):
                nodes.add(subject)
    return quads, sum(per_subject[node] for node in nodes), len(nodes)


COLUMNS = [  # (heading, key, format)
    ("factor", "factor", "{:>6}"), ("reports", "reports", "{:>8,}"), ("chars", "chars", "{:>12,}"),
    ("wall s", "wall", "{:>9.1f}"), ("CPU s", "cpu", "{:>9.1f}"), ("main MB", "main_mb", "{:>8,.0f}"),
    ("store MB", "store_mb", "{:>9,.1f}"), ("nq MB", "nq_mb", "{:>8,.1f}"), ("quads", "quads", "{:>11,}"),
    ("identity", "identity", "{:>9,}"), ("id nodes", "nodes", "{:>8,}"), ("exit", "status", "{:>5}"),
]


def print_tables(rows: list[dict]) -> None:
    widths = [max(len(fmt.format(0)), len(head)) for head, _, fmt in COLUMNS]
    print("  ".join(f"{head:>{width}}" for (head, _, _), width in zip(COLUMNS, widths)))
    for row in rows:
        print("  ".join(fmt.format(row[key]) for _, key, fmt in COLUMNS))
    if len(rows) < 2:
        return
    print("\ngrowth exponent between consecutive factors, log(q2/q1) / log(f2/f1):")
    grown = COLUMNS[1:-1]
    print(f"{'factors':>9}  " + "  ".join(f"{head:>{max(len(head), 7)}}" for head, _, _ in grown))
    for one, two in zip(rows, rows[1:]):
        cells = []
        for head, key, _ in grown:
            q1, q2 = one[key], two[key]
            shown = f"{math.log(q2 / q1) / math.log(two['factor'] / one['factor']):.2f}" if q1 > 0 and q2 > 0 else "-"
            cells.append(f"{shown:>{max(len(head), 7)}}")
        print(f"{str(one['factor']) + '→' + str(two['factor']):>9}  " + "  ".join(cells))


def measured(run: Run, out: Path) -> dict:
    dataset = out / "corpus.nq"
    quads, identity, nodes = dataset_counts(dataset) if dataset.is_file() else (0, 0, 0)
    return {"wall": run.wall, "cpu": run.cpu, "main_mb": run.main_mb, "status": run.status,
            "store_mb": du(out / "store") / 1e6 if (out / "store").exists() else 0.0,
            "nq_mb": dataset.stat().st_size / 1e6 if dataset.is_file() else 0.0, "quads": quads, "identity": identity,
            "nodes": nodes}


def say(text: str) -> None:
    """Progress, on stderr."""
    print(text, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[3:]))
    parser.add_argument("n", nargs="?", type=int, default=16, metavar="N",
                        help="the largest factor: N copies of the corpus (default: 16)")
    parser.add_argument("--factors", type=int, nargs="+", metavar="F",
                        help="the factors to build (default: 1, the powers of 4 below N, and N)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="a folder of reports (default: ../shared/corpus)")
    parser.add_argument("--jobs", type=int, default=2, help="kg build --jobs (default: 2)")
    parser.add_argument("--edit", action="store_true",
                        help="at the largest factor, edit one report and time the incremental rebuild")
    parser.add_argument("--keep", action="store_true", help="keep the copies and builds (the folder is printed)")
    parser.add_argument("--tmp", type=Path, default=None, help="where the temporary folder goes (default: the system's)")
    args = parser.parse_args()
    factors = sorted(set(args.factors)) if args.factors else default_factors(args.n)
    if factors[0] < 1 or factors[-1] > 999:
        parser.error("factors run from 1 to 999")

    corpus = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="govkg-scale-", dir=args.tmp))
    rows: list[dict] = []
    try:
        code = snapshot(work / "code")  # others may edit kg/ while this runs: every build runs this copy
        sys.path.insert(0, str(code))
        from kg.build.inputs import report_inputs

        inputs = report_inputs([corpus])
        if not inputs:
            raise SystemExit(f"{corpus}: no reports")
        say(f"making {factors[-1]} copies of {len(inputs)} reports under {work}")
        copies = make_copies(inputs, corpus, work / "copies", factors[-1])
        for factor in factors:
            folder, out = work / f"corpus-x{factor}", work / f"out-x{factor}"
            reports, chars = gather(copies, work / "copies", folder, factor)
            say(f"x{factor}: building {reports} reports ({chars:,} characters) with --jobs {args.jobs} ...")
            run = kg(["build", str(folder), "-o", str(out), "--jobs", str(args.jobs)], work / "scratch", code)
            rows.append({"factor": factor, "reports": reports, "chars": chars, **measured(run, out),
                         "builder": builder(out)})
            say(f"x{factor}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, exit {run.status}: {run.output}")
            if factor != factors[-1] and not args.keep:
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(folder, ignore_errors=True)
        print(f"\ncorpus {corpus}: {len(inputs)} reports; kg build --jobs {args.jobs} of a snapshot of {ROOT / 'kg'} "
              f"(builder {rows[0]['builder']})\nidentity: the quads about gk:SameEntity nodes "
              f"in the shared graph; id nodes: those nodes\n")
        print_tables(rows)
        if len({row["builder"] for row in rows}) > 1:
            print(f"\nWARNING: kg/ changed between the factors' builds (builder digests "
                  f"{' '.join(str(row['builder']) for row in rows)}): they are not all of the same code")
        if args.edit:
            edit(rows[-1], work, args.jobs, code)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(row["status"] == 0 for row in rows) else 1


def builder(out: Path) -> str | None:
    """The builder digest the build in `out` recorded: any change to kg/ changes it and rebuilds everything."""
    record = out / "build.json"
    return json.loads(record.read_text()).get("builder") if record.is_file() else None


def edit(full: dict, work: Path, jobs: int, code: Path) -> None:
    """Append a sentence to one report of the largest factor and rebuild into the same folder."""
    factor = full["factor"]
    folder, out = work / f"corpus-x{factor}", work / f"out-x{factor}"
    victim = sorted(folder.rglob("*.txt"))[len(list(folder.rglob("*.txt"))) // 2]
    data = victim.read_bytes()
    replaced = victim.with_suffix(".new")
    replaced.write_bytes(data + sentence(1, "修改").encode(encoding_of(data)))
    replaced.replace(victim)  # a new file: the pool's hard link to the old one is left alone
    say(f"x{factor}: edited {victim.relative_to(folder)}; rebuilding into the same folder ...")
    before = builder(out)
    run = kg(["build", str(folder), "-o", str(out), "--jobs", str(jobs)], work / "scratch", code)
    built = re.search(r"\((\d+) built", run.output)
    if builder(out) != before or (built and int(built.group(1)) != 1):
        print(f"\nWARNING: {built.group(1) if built else '?'} reports rebuilt, not 1: the builder digest changed "
              f"({before} then {builder(out)}; the cache's may differ from both): kg/ was edited while the benchmark "
              f"ran, so this rebuild is not an incremental one")
    print(f"\nincremental rebuild at x{factor}, one report edited ({victim.name}), exit {run.status}: {run.output}")
    print(f"  wall {run.wall:.1f} s = {run.wall / full['wall']:.1%} of the full build's {full['wall']:.1f} s; "
          f"CPU {run.cpu:.1f} s = {run.cpu / full['cpu']:.1%} of its {full['cpu']:.1f} s; "
          f"main process peak {run.main_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
