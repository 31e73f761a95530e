"""Extraction quality over every annotated report: build each, score it with the shared scorer, print the table.

    python bench/quality.py [--gold DIR] [--corpus DIR] [--jobs 2] [--mode MODE] [--cv [--folds N]] [--json]

Builds every report that has a gold file (found by name under --corpus), scores the graphs through the
shipped queries with ../shared/eval/score.py, and prints f1 and f1_all per kind, a row per report, and the
means. A kind is averaged only over the reports that have something of it to find or where something was
found (the shared scorer's rule).

--mode picks how enterprises, projects and chains are found: `rules` (the rules alone, the default),
`model` (the learned span model alone), `both` (rules and model merged) or `shipped` (what `kg build`
does: for each kind the better of those by the cross-validated figures). Any mode that uses the model
needs --cv: the shipped model was trained on every gold report, so scoring it on them would flatter it.
With --cv the gold reports are dealt by report into folds (leave-one-report-out when --folds is the
number of reports), a model is trained on the other folds' reports, and each report is scored only by
the model that never saw it; without --mode it prints all four tables from one training per fold.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from kg.kinds import NAMED, Kind  # noqa: E402 - found through the path set just above

KINDS = tuple(kind.gold for kind in (*NAMED, Kind.GLOSSARY, Kind.INDICATOR))  # score.py's order
EXTRA = (("projects", "investment_accuracy"), ("projects", "due_accuracy"),
         ("industry_chains", "leader_accuracy"), ("document", "accuracy"))


def load_scorer(path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("govkg_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(job: tuple[str, str, str, str | None]) -> str:
    text, out, mode, model = job
    from kg.build.pipeline import build_graph
    from kg.build.write import dumps
    from kg.files import write_atomic

    graph = build_graph(Path(text), mode=mode, model=model)
    target = Path(out) / (Path(text).stem + ".ttl")
    write_atomic(target, dumps(graph, "turtle"))
    return str(target)


def build_all(jobs_in: list[tuple[str, str, str, str | None]], jobs: int) -> None:
    if jobs <= 1:
        for job in jobs_in:
            _build(job)
        return
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_build, jobs_in, chunksize=1))


_PREPARED: dict = {}


def _train_fold(job) -> str:
    """Train one fold's model; each worker reads a report's training sequences once and keeps them."""
    from kg.build.training import examples, train

    pairs, target = job
    for gold, text in pairs:
        if text.stem not in _PREPARED:
            _PREPARED[text.stem] = examples(gold, text)
    return str(train(pairs, Path(target), _PREPARED))


def folds_of(names: list[str], folds: int) -> list[list[str]]:
    """Reports dealt round-robin, in name order, into `folds` groups: fixed, so every run splits alike."""
    folds = max(2, min(folds, len(names)))
    return [names[i::folds] for i in range(folds)]


def score_all(scorer, pairs, graphs: Path, queries: Path) -> dict[str, dict]:
    return {g.stem: scorer.score(graphs / (g.stem + ".ttl"), g, queries) for g, _ in pairs}


def means(rows: dict[str, dict]) -> dict[str, float]:
    """The mean of each figure; f1 figures only where the report had something to find or something was found."""
    acc: dict[str, list[float]] = {}
    for rep in rows.values():
        for kind in KINDS:
            v = rep.get(kind, {})
            for fig in ("f1", "f1_all"):
                if fig not in v:
                    continue
                suffix = "_all" if fig == "f1_all" else ""
                if v.get("tp" + suffix, v.get("tp", 0)) + v.get("fn" + suffix, v.get("fn", 0)) + v.get("fp", 0) == 0:
                    continue
                acc.setdefault(f"{kind}.{fig}", []).append(v[fig])
        for kind, fig in EXTRA:
            value = rep.get(kind, {}).get(fig)
            if value is not None:
                acc.setdefault(f"{kind}.{fig}", []).append(value)
    return {k: round(sum(v) / len(v), 3) for k, v in sorted(acc.items())}


def table(rows: dict[str, dict], title: str) -> str:
    heads = ["enterprise", "project", "chain", "glossary", "indicator", "invest", "due", "document"]
    lines = [title, f"{'report':20}" + "".join(f"{h:>13}" for h in heads)]

    def cell(v: dict, fig: str = "f1") -> str:
        if "f1" not in v:
            return "—"
        empty = v.get("tp", 0) + v.get("fn", 0) + v.get("fp", 0) == 0 and v.get("tp_all", 0) + v.get("fn_all", 0) == 0
        if empty:
            return "·"
        if "f1_all" in v and v["f1_all"] != v["f1"]:
            return f"{v['f1']:.2f}({v['f1_all']:.2f})"
        return f"{v['f1']:.2f}"

    def fig(v, name):
        x = v.get(name)
        return "—" if x is None else f"{x:.2f}"

    for stem, rep in rows.items():
        cells = [cell(rep.get(k, {})) for k in KINDS]
        cells += [fig(rep.get("projects", {}), "investment_accuracy"), fig(rep.get("projects", {}), "due_accuracy"),
                  fig(rep.get("document", {}), "accuracy")]
        lines.append(f"{stem:20}" + "".join(f"{c:>13}" for c in cells))
    m = means(rows)
    lines.append("")
    lines.append("mean over the reports with something of the kind to find (· = nothing to find, none found; "
                 "f1_all in brackets):")
    for kind in KINDS:
        f1, f1_all = m.get(f"{kind}.f1"), m.get(f"{kind}.f1_all")
        n = sum(1 for rep in rows.values() if _counted(rep.get(kind, {})))
        lines.append(f"  {kind:18} f1 {f1 if f1 is not None else '—':<6}  f1_all {f1_all if f1_all is not None else '—':<6}  ({n} reports)")
    for kind, name in EXTRA:
        lines.append(f"  {kind + '.' + name:38} {m.get(f'{kind}.{name}', '—')}")
    return "\n".join(lines)


def _counted(v: dict) -> bool:
    return "f1" in v and v.get("tp", 0) + v.get("fn", 0) + v.get("fp", 0) > 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mode", default=None,
                        help="shipped, rules, model or both; several, comma-separated, share one training per "
                             "fold (default: rules; with --cv all four)")
    parser.add_argument("--cv", action="store_true", help="score anything learned by cross-validation by report")
    parser.add_argument("--folds", type=int, default=10, help="folds for --cv (the number of reports: leave-one-out)")
    parser.add_argument("--out", type=Path, default=None, help="keep the graphs in this folder")
    parser.add_argument("--models", type=Path, default=None,
                        help="keep each fold's model in this folder, and reuse the ones already there "
                             "(only while the features and the gold are unchanged)")
    parser.add_argument("--json", action="store_true", help="print every report's scores as JSON")
    args = parser.parse_args(argv)

    from kg.build.extract import MODES
    from kg.build.model import uses_model

    modes = (args.mode or ("shipped,rules,model,both" if args.cv else "rules")).split(",")
    if bad := [m for m in modes if m not in MODES]:
        parser.error(f"unknown --mode {', '.join(bad)} (shipped, rules, model, both)")
    learned = [m for m in modes if uses_model(m)]
    if learned and not args.cv:
        parser.error(f"--mode {learned[0]} scores the learned model: add --cv (the shipped model saw every gold report)")
    scorer = load_scorer(args.scorer)
    queries = ROOT / "kg" / "queries"
    from kg.build.training import gold_pairs
    from kg.errors import TrainingError

    try:
        pairs = gold_pairs(args.gold, args.corpus)
    except TrainingError as exc:
        parser.error(str(exc))
    started = time.perf_counter()
    results = {}
    with tempfile.TemporaryDirectory(prefix="govkg-quality-") as tmp:
        held_by: dict[str, str] = {}
        if learned:
            by_name = {g.stem: (g, t) for g, t in pairs}
            folds = folds_of(sorted(by_name), args.folds)
            where = args.models or Path(tmp)
            fold_jobs = [([by_name[n] for n in sorted(by_name) if n not in held], str(where / f"fold-{i}-of-{len(folds)}.crfsuite"))
                         for i, held in enumerate(folds)]
            todo = [job for job in fold_jobs if not Path(job[1]).is_file()]
            with ProcessPoolExecutor(max(1, args.jobs)) as pool:
                list(pool.map(_train_fold, todo, chunksize=1))
            models = [job[1] for job in fold_jobs]
            held_by = {n: model for model, held in zip(models, folds) for n in held}
        for mode in modes:
            out = (args.out / mode) if args.out else Path(tmp) / mode
            out.mkdir(parents=True, exist_ok=True)
            build_all([(str(t), str(out), mode, held_by.get(t.stem) if uses_model(mode) else None) for _, t in pairs],
                      args.jobs)
            results[mode] = score_all(scorer, pairs, out, queries)
    took = time.perf_counter() - started
    if args.json:
        print(json.dumps({m: {"reports": r, "mean": means(r)} for m, r in results.items()}, ensure_ascii=False, indent=1))
        return 0
    for mode, rows in results.items():
        how = (f"{len(folds)}-fold cross-validation by report: each report scored by a model that never saw it"
               if uses_model(mode) else "rules only, nothing learned")
        print(table(rows, f"{len(rows)} gold reports, mode {mode} ({how}); {took:.0f} s in all"))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
