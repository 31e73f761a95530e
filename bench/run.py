"""The corpus benchmark: the build timed in alternation with its floor, and the other figures the corpus issue asks.

    python bench/run.py [CORPUS] [--jobs 2] [--repeat 3] [--quick] [--out DIR]

The headline: bare jieba.lcut over the corpus text (the floor of any jieba-based pipeline; jieba's
dictionary already loaded, in this process) and the full build (`kg build CORPUS -o DIR --jobs N` in a
child process, a fresh DIR each time, so no cache is reused, startup and imports included) are timed in
turn, floor, build, floor, build, ... --repeat times each, and the ratio build / floor is taken for each
adjacent pair; the figure given is the median of those paired ratios, for wall time and for CPU time
(user + sys; the build's counts the kg process and all its workers). Alternating pairs keep a change in the
machine's load from landing on one side of the ratio only. Every build runs a snapshot of kg/ and ontology/
taken (and compiled) at the start, so edits to the working tree while the benchmark runs change nothing.

Also prints the share of the build's CPU spent in pySHACL validation (each call of
kg.build.validate.validate timed inside the builds' workers), a rebuild with nothing changed, and unless
--quick: serialization of the dataset and of a dataset of at least 1,000,000 triples (the corpus repeated
under other graph names) to N-Quads and TriG, the store load, each shipped query's median latency over the
store (5 runs), and peak memory.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from measure import Run, cpu_self, kg, snapshot  # noqa: E402


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def jieba_load() -> float:
    """Load jieba's own global dictionary: the one-off cost the floor leaves out."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return timed(jieba.initialize)[0]


def jieba_floor(texts: list[str]) -> tuple[float, float]:
    """(wall, CPU) of jieba.lcut over every text, with jieba's global tokenizer and dictionary."""
    import jieba

    cpu, started = cpu_self(), time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started, cpu_self() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[3:]))
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"),
                        help="a folder of reports (default: ../shared/corpus)")
    parser.add_argument("--jobs", type=int, default=2, help="kg build --jobs (default: 2)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="floor and build pairs, timed in alternation (default: 3)")
    parser.add_argument("--quick", action="store_true",
                        help="only the floor, the builds, validation and the rebuild: no serialization, store or queries")
    parser.add_argument("--out", default=None,
                        help="build here and keep the last build (emptied first!; default: a temporary folder, removed)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    try:
        return bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(args, work: Path) -> int:
    code = snapshot(work / "code")  # others may edit kg/ while this runs: every build runs this copy
    sys.path.insert(0, str(code))
    from kg.build.inputs import report_inputs

    inputs = report_inputs([Path(args.corpus)])
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in inputs]
    out = Path(args.out).resolve() if args.out else work / "out"
    shutil.rmtree(out, ignore_errors=True)

    def row(what, wall=None, cpu=None, note=""):
        shown = f"{wall:9.3f} s" if wall is not None else " " * 11
        shown += f"  {cpu:9.3f} s" if cpu is not None else " " * 13
        print(f"{what:<52}{shown}  {note}", flush=True)

    print(f"corpus: {len(inputs)} reports, {sum(map(len, texts)):,} characters; {args.jobs} jobs; "
          f"{args.repeat} floor/build pairs; out {out}\n"
          f"code: a snapshot of {ROOT / 'kg'} taken at the start, compiled; the builds run it\n")
    print(f"{'':<52}{'wall':>11}  {'CPU':>11}")
    load = jieba_load()
    row("jieba dictionary load (once)", load)

    floors: list[tuple[float, float]] = []
    builds: list[Run] = []
    builders: list[str | None] = []  # each build's builder digest: kg/ edited during the benchmark shows here
    for n in range(args.repeat):
        floors.append(jieba_floor(texts))
        row(f"jieba.lcut over the corpus (the floor), pair {n + 1}", *floors[-1])
        shutil.rmtree(out, ignore_errors=True)  # a fresh folder: nothing cached is reused
        builds.append(kg(["build", args.corpus, "-o", str(out), "--jobs", str(args.jobs)], work / "scratch", code))
        builders.append(json.loads((out / "build.json").read_text()).get("builder")
                        if (out / "build.json").is_file() else None)
        done = builds[-1]
        row(f"full build (kg build, a fresh folder), pair {n + 1}", done.wall, done.cpu,
            f"exit {done.status}, {wall_over(done.wall, floors[-1][0])} the floor's wall")
    wall_ratios = [build.wall / floor[0] for floor, build in zip(floors, builds)]
    cpu_ratios = [build.cpu / floor[1] for floor, build in zip(floors, builds)]
    build_wall = statistics.median(build.wall for build in builds)
    floor_wall = statistics.median(floor[0] for floor in floors)

    if not (out / "corpus.nq").is_file():
        print(f"\nthe build wrote no dataset (exit {builds[-1].status}): nothing more to measure", file=sys.stderr)
        return 1
    state = json.loads((out / "build.json").read_text()) if (out / "build.json").is_file() else {}
    reports = len(state.get("reports", {}))
    with open(out / "corpus.nq", "rb") as dataset:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: dataset.read(1 << 20), b""))
    print(f"\nlast build: {reports} of {len(inputs)} reports in the dataset ({len(inputs) - reports} failed), "
          f"{lines:,} quads\n  kg said: {builds[-1].output}")

    measured = [build for build in builds if build.cpu and build.checks]
    if measured:
        shacl = statistics.median(build.shacl_cpu / build.cpu for build in measured)
        check = statistics.median(build.check_cpu / build.cpu for build in measured)
        print(f"pySHACL validation: {shacl:.1%} of the build's CPU; the whole check (kg.build.validate.validate, "
              f"pySHACL and what it does in Python): {check:.1%}\n"
              f"  median over the builds of (CPU in those calls) / (build CPU), "
              f"{statistics.median(b.shacl_cpu for b in measured):.1f} s and "
              f"{statistics.median(b.check_cpu for b in measured):.1f} s of {statistics.median(b.cpu for b in measured):.1f} s;"
              f"\n  each of the {measured[-1].checks} calls per build timed inside the timed builds themselves "
              f"(process CPU time around the call, in the worker that made it)")
    else:
        print("pySHACL validation: not measured (no call of kg.build.validate.validate was seen)")

    again = kg(["build", args.corpus, "-o", str(out), "--jobs", str(args.jobs)], work / "scratch", code)
    again_state = json.loads((out / "build.json").read_text()) if (out / "build.json").is_file() else {}
    builders.append(again_state.get("builder"))
    rebuilt = re.search(r"\((\d+) built", again.output)
    if len(set(builders)) > 1 or (rebuilt and rebuilt.group(1) != "0"):
        print(f"\nWARNING: kg/ changed while the benchmark ran (builder digests {' '.join(map(str, builders))}): "
              f"the builds timed may not all be of the same code, and the rebuild rebuilt reports")
    print()
    row("rebuild, nothing changed (kg build, startup incl.)", again.wall, again.cpu,
        f"exit {again.status}: {again.output.split(';')[0]}")

    if not args.quick:
        extras(out, row)
        print()
        main_mb = max(build.main_mb for build in builds)
        worker_mb = max(build.worker_mb for build in builds)
        row("peak memory of the build: main process", None, None, f"{main_mb:,.0f} MB")
        row("peak memory of the build: largest worker", None, None, f"{worker_mb:,.0f} MB")
        row("peak memory of the build: all processes at most", None, None,
            f"{main_mb + args.jobs * worker_mb:,.0f} MB (main + jobs x largest worker)")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        row("peak memory of this benchmark (1M quads held)", None, None, f"{own:,.0f} MB")

    print()
    print(f"build / jieba.lcut, wall     {statistics.median(wall_ratios):5.2f}x   median of the paired ratios "
          f"{' '.join(f'{r:.2f}' for r in wall_ratios)}   (the bar: at most 1.5x)")
    print(f"build / jieba.lcut, CPU      {statistics.median(cpu_ratios):5.2f}x   median of the paired ratios "
          f"{' '.join(f'{r:.2f}' for r in cpu_ratios)}   (the bar: at most 2.5x)")
    print(f"build / (dictionary + lcut)  {statistics.median(b.wall / (load + f[0]) for f, b in zip(floors, builds)):5.2f}x"
          f"   wall, median of the paired ratios")
    print(f"rebuild / build              {again.wall / build_wall:6.1%}   wall, against the median build "
          f"(the bar: under 10%)")
    print(f"medians: floor {floor_wall:.3f} s wall, build {build_wall:.3f} s wall; builder {builders[0]}")
    return 0


def wall_over(build: float, floor: float) -> str:
    return f"{build / floor:.2f}x" if floor else "-"


def extras(out: Path, row) -> None:
    """Serialization, the store load and the shipped queries over the build in `out`."""
    import pyoxigraph as ox

    from kg.build.dataset import load_store, serialize
    from kg.use.query import query_text

    quads = list(ox.parse(path=str(out / "corpus.nq"), format=ox.RdfFormat.N_QUADS))
    nq, _ = timed(serialize, quads, "nquads")
    trig, _ = timed(serialize, quads, "trig")
    row(f"serialize the dataset ({len(quads):,} quads) to N-Quads", nq)
    row("serialize the dataset to TriG", trig)

    copies = -(-1_000_000 // len(quads))
    big = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(f"{q.graph_name.value}/copy-{n}"))
           for n in range(copies) for q in quads]
    big_nq, data = timed(serialize, big, "nquads")
    big_trig, _ = timed(serialize, big, "trig")
    row(f"serialize {len(big):,} quads to N-Quads", big_nq, None, f"{len(data) / 1e6:.0f} MB")
    row(f"serialize {len(big):,} quads to TriG", big_trig)
    del big, data

    store_dir = out / "bench-store"
    loading, _ = timed(load_store, store_dir, out / "corpus.nq", "nquads")
    row("store load (bulk load, union graph, compaction)", loading)
    shutil.rmtree(store_dir, ignore_errors=True)

    store = ox.Store.read_only(str(out / "store"))
    for name in ("enterprises", "projects", "industry-chains", "glossary", "indicators"):
        text = query_text(name)
        runs = []
        for _ in range(5):
            seconds, result = timed(lambda query=text: list(store.query(query)))
            runs.append(seconds)
        row(f"query {name} over the store (median of 5)", statistics.median(runs), None, f"{len(result)} rows")


if __name__ == "__main__":
    sys.exit(main())
