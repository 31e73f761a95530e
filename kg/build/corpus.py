"""Many reports, one dataset: each report built through the pipeline or reused, linked, and published as one generation.

A report is built again only when its text or the builder changed; reports build in parallel.

The stages live beside this module: inputs (which files), cache (what can be reused), workers (building),
dataset (the quads and the store), publish (OUT's layout, its lock and generations).
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.cache import forget_removed, plan, save
from kg.build.dataset import DATASETS, assemble, load_store, serialize
from kg.build.inputs import check_ids, report_inputs
from kg.build.publish import exclusive, new_generation, publish, record, tidy
from kg.build.workers import Outcome, builder_digest, run
from kg.errors import InputError
from kg.files import write_atomic
from kg.vocab import DEFAULT_BASE


@dataclass
class Summary:
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # report → first line of why
    unreadable: list[str] = field(default_factory=list)  # the failed reports that could not be read
    warnings: dict[str, list[str]] = field(default_factory=dict)  # reports built with doubts
    triples: int = 0
    shared_entities: int = 0  # things named in several reports (gk:SameEntity)
    dataset: Path | None = None
    store: Path | None = None


def build_corpus(paths: Iterable[Path], out: Path, base: str = DEFAULT_BASE, jobs: int | None = None,
                 fmt: str = "nquads", store: bool = True, force: bool = False,
                 progress: Callable[[Outcome], None] | None = None) -> Summary:
    """Build every report under `paths` into `out`, reusing what an earlier build made from the same
    text with the same builder. Reports that fail are reported and left out; the rest go on.
    One build at a time writes `out`: another one running raises BusyError. A build that fails or is
    killed leaves the generation published before it as it was."""
    inputs = report_inputs(paths)
    check_ids(inputs, base)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: a file, not a folder; give a folder for the corpus")
    out.mkdir(parents=True, exist_ok=True)
    with exclusive(out) as lock:
        return _build_locked(inputs, out, base, jobs, fmt, store, force, progress, lock)


def _build_locked(inputs: list[Path], out: Path, base: str, jobs: int | None, fmt: str, store: bool, force: bool,
                  progress: Callable[[Outcome], None] | None, lock: int) -> Summary:
    live = tidy(out)
    cache_dir = out / "cache"
    summary = Summary()
    reused, todo = plan(inputs, cache_dir, base, force)
    outcomes = {outcome.name: outcome for outcome in reused}
    for outcome in reused:
        summary.reused.append(outcome.name)
        if progress:
            progress(outcome)
    for outcome in run(todo, base, jobs, lock):
        save(cache_dir, outcome)
        outcomes[outcome.name] = outcome
        summary.built.append(outcome.name)
        if outcome.warnings:
            summary.warnings[outcome.name] = outcome.warnings
        if progress:
            progress(outcome)
    forget_removed(cache_dir, {path.stem for path in inputs})
    for name in sorted(outcomes):
        outcome = outcomes[name]
        if not outcome.ok:
            summary.failed[name] = outcome.error or f"{len(outcome.problems)} violation(s) of the shapes: {outcome.problems[0]}"
            if outcome.error:
                summary.unreadable.append(name)
    good = [outcomes[name] for name in sorted(outcomes) if outcomes[name].ok]
    state = {"builder": builder_digest(), "base": base, "format": fmt, "store": store,
             "reports": {outcome.name: outcome.digest for outcome in good}}
    previous = record(live) if live else {}
    if (force or summary.built or live is None or {key: previous.get(key) for key in state} != state
            or not (live / DATASETS[fmt]).is_file() or (store and not (live / "store").is_dir())):
        live, summary.shared_entities = _generation(out, good, base, fmt, store, state)
    else:
        summary.shared_entities = previous.get("shared_entities", 0)
    publish(out, live, [DATASETS[fmt], "build.json", *(["store"] if store else [])])
    summary.triples = sum(len(outcome.own) for outcome in good)
    summary.dataset = out / DATASETS[fmt]
    summary.store = out / "store" if store else None
    return summary


def _generation(out: Path, good: list[Outcome], base: str, fmt: str, store: bool, state: dict) -> tuple[Path, int]:
    """A new generation folder holding the dataset, its store and, last, build.json, not yet published;
    and the number of things named in several reports."""
    folder = new_generation(out)
    try:
        folder.mkdir()
        quads, count = assemble(good, base)
        dataset = folder / DATASETS[fmt]
        write_atomic(dataset, serialize(quads, fmt))
        if store:
            load_store(folder / "store", dataset, fmt)
        write_atomic(folder / "build.json", json.dumps({**state, "shared_entities": count}, ensure_ascii=False,
                                                       sort_keys=True, indent=1).encode("utf-8"))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # on a full disk, the room it took is wanted back
        raise
    return folder, count
