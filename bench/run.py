"""The corpus benchmark: one run, one machine, every figure the corpus issue asks for.

    python bench/run.py [CORPUS] [--jobs 2] [--out DIR]

Prints: bare jieba.lcut time over the corpus text (the floor of any jieba-based pipeline), the full
build with --jobs N, a rebuild with nothing changed, serialization of the dataset and of a dataset of
at least 1,000,000 triples (the corpus repeated under other graph names) to N-Quads and TriG, the store
load, each shipped query's median latency over the store (5 runs), peak memory, and the ratios.
"""
from __future__ import annotations

import argparse
import logging
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def jieba_floor(texts: list[str]) -> tuple[float, float]:
    """(dictionary load, lcut over every text) with jieba's own global tokenizer and dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    load, _ = timed(jieba.initialize)
    cut, _ = timed(lambda: [jieba.lcut(text) for text in texts])
    return load, cut


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=None, help="build folder (default: a temporary one)")
    args = parser.parse_args()

    from kg.build.corpus import build_corpus
    from kg.build.dataset import load_store, serialize
    from kg.build.inputs import report_inputs
    from kg.use.query import query_text

    inputs = report_inputs([Path(args.corpus)])
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in inputs]
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    shutil.rmtree(out, ignore_errors=True)
    rows = []

    def row(what, seconds=None, note=""):
        rows.append((what, seconds, note))
        shown = f"{seconds:9.3f} s" if seconds is not None else " " * 11
        print(f"{what:<48}{shown}  {note}", flush=True)

    print(f"corpus: {len(inputs)} reports, {sum(map(len, texts)):,} characters; {args.jobs} jobs; out {out}\n")
    load, cut = jieba_floor(texts)
    row("jieba dictionary load", load)
    row("jieba.lcut over the corpus (the floor)", cut)

    build, summary = timed(build_corpus, inputs, out, jobs=args.jobs)
    row("full build (extract, graph, validate, write, store)", build,
        f"{summary.triples:,} triples, {len(summary.failed)} failed, {summary.links} links")
    build_peak = peak_mb()
    rebuild, again = timed(build_corpus, inputs, out, jobs=args.jobs)
    row("rebuild with nothing changed", rebuild, f"{len(again.reused)} reused, {len(again.built)} built")

    import pyoxigraph as ox

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
    row(f"serialize {len(big):,} quads to N-Quads", big_nq, f"{len(data) / 1e6:.0f} MB")
    row(f"serialize {len(big):,} quads to TriG", big_trig)
    del big, data

    store_dir = out / "bench-store"
    loading, _ = timed(load_store, store_dir, out / "corpus.nq", "nquads")
    row("store load (bulk load, union graph, compaction)", loading)

    store = ox.Store.read_only(str(out / "store"))
    for name in ("enterprises", "projects", "industry-chains", "glossary", "indicators"):
        text = query_text(name)
        runs = []
        for _ in range(5):
            seconds, result = timed(lambda query=text: list(store.query(query)))
            runs.append(seconds)
        row(f"query {name} over the store (median of 5)", statistics.median(runs), f"{len(result)} rows")

    own, child = peak_mb()
    print()
    row("peak memory of the build: main process", None, f"{build_peak[0]:,.0f} MB")
    row("peak memory of the build: largest worker", None, f"{build_peak[1]:,.0f} MB")
    row("peak memory of the build: all processes at most", None,
        f"{build_peak[0] + args.jobs * build_peak[1]:,.0f} MB (main + jobs x largest worker)")
    row("peak memory of the whole benchmark (1M quads held)", None, f"{max(own, child):,.0f} MB")
    print()
    print(f"build / jieba.lcut            {build / cut:5.2f}x   (the bar: at most 3x)")
    print(f"build / (dictionary + lcut)   {build / (load + cut):5.2f}x")
    print(f"rebuild / build               {rebuild / build:6.1%}   (the bar: under 10%)")
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
