"""Building the reports of a corpus: one report per call of `build_one`, in worker processes that die with the build."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from kg import __version__
from kg.build.identity import Entity
from kg.errors import InputError
from kg.formats import by_name
from kg.resources import ontology_file
from kg.vocab import DEFAULT_BASE

NQUADS = by_name("nquads")  # a report's quads on their way to the cache


@dataclass
class Outcome:
    """What one report gave: its quads (its own graph's and the shared graph's), or why it failed."""
    name: str
    digest: str
    builder: str
    base: str = DEFAULT_BASE
    error: str | None = None  # unreadable input: one line
    problems: list[str] = field(default_factory=list)  # shape violations
    graph: str = ""  # the report's named graph IRI
    # its own graph's quads as sorted N-Quads, on the way from the worker to the cache only: the build never
    # holds the corpus's quads
    nquads: bytes = b""
    shared: str = ""  # its places and indicator concepts, as N-Quads in the shared graph: a few dozen lines
    triples: int = 0  # in the report's own graph
    read: dict | None = None  # what the corpus stage needs of it (across.record_of)
    entities: list[Entity] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems

    def lighten(self) -> None:
        """Drop what the cache holds and the dataset's writing reads again report by report (cache.parts):
        the build holds of each report only a few hundred bytes."""
        self.nquads, self.shared, self.read, self.entities = b"", "", None, []


@cache
def builder_digest() -> str:
    """A hash of the builder: its code, word lists, span model, queries and shapes. Any change rebuilds every report."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(str(resources.files("kg")))
    files = sorted(path for path in package.rglob("*") if path.is_file()
                   and path.suffix in (".py", ".txt", ".rq", ".crfsuite")
                   and "__pycache__" not in path.parts and path.name != "houma-2024.txt")
    for path in [*files, ontology_file("govkg.ttl"), ontology_file("shapes.ttl")]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def digest_of(data: bytes) -> str:
    """The hash a report's bytes are cached under."""
    return hashlib.sha256(data).hexdigest()[:16]


def build_one(path: Path, base: str) -> Outcome:
    """Build, validate and turn into N-Quads one report. Runs in a worker process: no printing, no files written.

    The bytes are read once, here, and hashed as read: a file edited while the build ran is recorded
    with the hash of the text it was built from, so the next build sees the edit.
    """
    import pyoxigraph as ox

    from kg.build.across import read, record_of
    from kg.build.dataset import report_quads
    from kg.build.pipeline import build
    from kg.build.reading import document_of_bytes, read_report
    from kg.build.stats import counts

    name, digest = path.stem, "unreadable"
    try:
        data = read_report(path)
        digest = digest_of(data)
        doc = document_of_bytes(data, path)
    except InputError as exc:
        return Outcome(name, digest, builder_digest(), base, error=str(exc))
    built = build(doc, base)
    if built.problems:
        return Outcome(name, digest, builder_digest(), base, problems=[str(problem) for problem in built.problems],
                       graph=str(built.report))
    own, shared = report_quads(built.graph, built.report, base)
    nquads = ox.serialize(sorted(own, key=str), format=NQUADS.ox())
    return Outcome(name, digest, builder_digest(), base, graph=str(built.report), nquads=nquads, triples=len(own),
                   shared=ox.serialize(sorted(shared, key=str), format=NQUADS.ox()).decode("utf-8"),
                   read=record_of(read(name, str(built.report), own, shared)), entities=built.entities,
                   counts=counts(built.facts), warnings=list(doc.warnings))


def run(todo: list[Path], base: str, jobs: int | None, lock: int) -> Iterator[Outcome]:
    """The outcomes of the reports in `todo`, in order: built here, or by `jobs` forked workers."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(todo) <= 1:
        for path in todo:
            yield build_one(path, base)
        return
    _warm()
    # fork, whatever the platform's default: the workers start warm, and they are forked by this thread
    # (ProcessPoolExecutor forks them all in the first submit), which outlives them, so the parent-death
    # signal they ask for is sent when the build dies, not when some other thread ends
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker_start, initargs=(lock, os.getpid())) as pool:
        futures = [pool.submit(build_one, path, base) for path in todo]
        for future in futures:
            yield future.result()


def _warm() -> None:
    """Load jieba, pypinyin's dictionaries and the shapes once, before the workers fork, so each starts with
    them (pypinyin's alone took each worker a second of CPU); and fix the builder's digest, so every report
    is recorded with the one build.json gets, even if kg/ is edited while the build runs."""
    from kg.build.lexicon import tagged_verbs, tokenizer
    from kg.build.mint import slug
    from kg.build.validate import warm

    builder_digest()
    tokenizer()
    tagged_verbs()
    slug("预热")
    warm()


def _worker_start(lock: int, parent: int) -> None:
    # a forked worker shares the lock: one left behind by a killed build would hold OUT forever
    os.close(lock)
    # a worker waits for work on a pipe it also holds the other end of: it never sees its parent go, and
    # would outlive a killed build (about 140 MB each). The kernel kills it when the parent dies
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(ctypes.c_int(1), ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0),
                   ctypes.c_ulong(0))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # no Linux: no parent-death signal
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
