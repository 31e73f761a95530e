"""Many reports, one dataset: each report built through the pipeline or reused, linked, and published as one generation.

A report is built again only when its text or the builder changed; reports build in parallel.

The stages live beside this module: inputs (which files), cache (what can be reused), workers (building),
assemble (the dataset, written from the cache), dataset (quads, TriG, the store), publish (OUT's layout, its
lock and generations).
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.assemble import Written, write_nquads
from kg.build.cache import forget_removed, plan, save
from kg.build.dataset import DATASETS, load_store, to_trig, update_store
from kg.build.inputs import check_ids, report_inputs
from kg.build.publish import exclusive, new_generation, publish, record, tidy
from kg.build.workers import Outcome, builder_digest, run
from kg.errors import InputError
from kg.files import write_atomic
from kg.vocab import DEFAULT_BASE

UPDATE_AT_MOST = 0.25  # the share of reports changed up to which the last store is updated, not loaded anew


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
        outcome.lighten()  # in the cache now: the build holds no report's quads, entities or records
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
        live, summary.shared_entities = _generation(out, good, base, fmt, store, state, live, previous)
    else:
        summary.shared_entities = previous.get("shared_entities", 0)
    publish(out, live, [DATASETS[fmt], "build.json", *(["store"] if store else [])])
    summary.triples = sum(outcome.triples for outcome in good)
    summary.dataset = out / DATASETS[fmt]
    summary.store = out / "store" if store else None
    return summary


def _generation(out: Path, good: list[Outcome], base: str, fmt: str, store: bool, state: dict, live: Path | None,
                previous: dict) -> tuple[Path, int]:
    """A new generation folder holding the dataset, its store and, last, build.json, not yet published;
    and the number of things named in several reports.

    The dataset is written report by report from the cache. When the last generation was built by this
    builder under this base as N-Quads, the lines of each report that did not change are copied from it,
    and its store is copied and only the changed reports' graphs replaced in it.
    """
    folder = new_generation(out)
    try:
        folder.mkdir()
        same_build = live is not None and all(previous.get(key) == state[key] for key in ("builder", "base"))
        before_file = live / DATASETS["nquads"] if same_build and previous.get("format") == "nquads" else None
        nquads = folder / DATASETS["nquads"]
        written = write_nquads(good, out / "cache", base, nquads, previous if before_file else {}, before_file)
        if fmt != "nquads":
            to_trig(nquads, folder / DATASETS[fmt])
        if store:
            _store(folder / "store", live / "store" if before_file and previous.get("store") else None,
                   nquads, written, previous, len(good))
        record = {**state, "shared_entities": written.shared_entities}
        if fmt == "nquads":
            record.update(segments=written.segments, areas=written.areas, graphs=written.graphs, shared=written.shared)
        else:
            nquads.unlink()
        write_atomic(folder / "build.json", json.dumps(record, ensure_ascii=False, sort_keys=True,
                                                       indent=1).encode("utf-8"))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # on a full disk, the room it took is wanted back
        raise
    return folder, written.shared_entities


def _store(target: Path, before: Path | None, nquads: Path, written: Written, previous: dict, reports: int) -> None:
    """Update a copy of the last store when few reports changed; else load the dataset whole (bulk loading
    beats removing and adding quad by quad once a good part of the corpus changed)."""
    graphs = previous.get("graphs", {})
    replaced = [*written.changed, *written.removed]
    if before is None or not before.is_dir() or len(replaced) > reports * UPDATE_AT_MOST or any(
            name not in graphs for name in written.removed):
        load_store(target, nquads, "nquads")
        return
    reports_only = [*(graphs[name] for name in written.removed), *(written.graphs[name] for name in written.changed)]
    segments = [written.segments[name] for name in written.changed]
    if previous.get("shared"):  # where the last dataset's shared lines are: only those that differ change
        update_store(target, before, nquads, reports_only, segments,
                     (before.parent / DATASETS["nquads"], previous["shared"], written.shared))
    else:
        update_store(target, before, nquads, [*reports_only, written.shared_graph], [*segments, written.shared])
