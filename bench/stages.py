"""Where a report's build spends its CPU: each stage timed on its own, against the jieba floor of the same reports.

    python bench/stages.py [CORPUS] [--every 10]

Takes every --every-th report of the corpus (the order kg build reads them in) and times, in this process,
with jieba, the shapes and the span model loaded first and one report built untimed (so no one-off
import or load is counted): bare jieba.lcut over the reports' text (the floor, as bench/run.py takes it),
reading the documents, the span model's features (and, apart, the jieba tokens they start from),
CRFsuite's tagging of those features, extraction and consolidation as the build does them (which builds
the features again), the mapping to rdflib, pySHACL validation as builds run it, and a worker's whole
build_one. Each line gives the CPU time and its ratio to the floor.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu(work):
    """(CPU seconds of this process, result) of calling `work`."""
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[3:]))
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="a folder of reports (default: ../shared/corpus)")
    parser.add_argument("--every", type=int, default=10, help="take every N-th report (default: 10)")
    args = parser.parse_args()
    if args.every < 1:
        parser.error("--every must be at least 1")

    import jieba

    from kg.build.features import body_sentences, sentence_features
    from kg.build.graph import to_graph
    from kg.build.inputs import report_inputs
    from kg.build.lexicon import tokens
    from kg.build.model import _tagger, default_model
    from kg.build.pipeline import facts_of
    from kg.build.reading import load_document
    from kg.build.validate import validate
    from kg.build.workers import _warm, build_one
    from kg.vocab import DEFAULT_BASE

    paths = report_inputs([args.corpus])[::args.every]
    if not paths:
        parser.error(f"{args.corpus}: no reports")
    _warm()
    jieba.initialize()
    build_one(paths[0], DEFAULT_BASE)  # pySHACL's import, the model's file, pypinyin: loaded, not timed
    tagger = _tagger(str(default_model()))

    texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
    floor, _ = cpu(lambda: [jieba.lcut(text) for text in texts])
    reading, docs = cpu(lambda: [load_document(path) for path in paths])
    sentences = [(doc, a, b) for doc in docs for a, b in body_sentences(doc)]
    tokenizing, _ = cpu(lambda: [tokens(doc.norm, a, b) for doc, a, b in sentences])
    featuring, features = cpu(lambda: [sentence_features(doc, a, b) for doc, a, b in sentences])

    def tag():
        for items in features:
            tagger.set(items)
            tagger.tag()
    tagging, _ = cpu(tag)
    extracting, facts = cpu(lambda: [facts_of(doc) for doc in docs])
    mapping, graphs = cpu(lambda: [to_graph(doc, found, DEFAULT_BASE) for doc, found in zip(docs, facts)])
    checking, _ = cpu(lambda: [validate(graph, full=False) for graph in graphs])
    whole, _ = cpu(lambda: [build_one(path, DEFAULT_BASE) for path in paths])

    print(f"{len(paths)} reports (every {args.every}th), {sum(map(len, texts)):,} characters, "
          f"{sum(b - a for _, a, b in sentences):,} of them in the body sentences the span model reads\n")
    for label, seconds in [
            ("the floor: jieba.lcut over their text", floor),
            ("reading the documents", reading),
            ("span model: features (jieba's tokens included)", featuring),
            ("  jieba's tokens alone", tokenizing),
            ("span model: CRFsuite's tagging", tagging),
            ("extraction and consolidation (the features again)", extracting),
            ("mapping to rdflib (to_graph)", mapping),
            ("pySHACL validation, as builds run it", checking),
            ("a worker's whole build_one", whole)]:
        print(f"{label:<52}{seconds:8.2f} s CPU  {seconds / floor:6.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
