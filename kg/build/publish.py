"""Publishing a corpus build in OUT: one build at a time, each a generation switched in with one rename.

Layout of OUT (a build publishes the dataset and its store together, as one generation):
  gen-<N>/corpus.nq (or .trig)  every report in its own named graph (the report's IRI) and the shared
                                graph ({base}graph/shared): places, indicator concepts, things several reports name
  gen-<N>/store/                the same dataset in an on-disk Oxigraph store, for `kg query OUT`
  gen-<N>/build.json            what the generation was built from; written last, so it marks it complete
  current -> gen-<N>            the published generation, switched with one rename of this link
  corpus.nq, store, build.json  links through current (corpus.nq -> current/corpus.nq): readers open these
  gen-<N-1>/                    the generation before, kept until the next build for readers that have it open
  cache/<report>.json, .nq      what each report gave, with the hashes it was built from
  .lock                         held (flock) by the build writing OUT; the OS lets go of it when the build ends
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.build.dataset import DATASETS
from kg.errors import BusyError

CURRENT = "current"
_GENERATION = re.compile(r"gen-(\d+)")
_PUBLISHED = ("build.json", "store", *DATASETS.values())  # the names OUT offers readers, as links through current


@contextmanager
def exclusive(out: Path) -> Iterator[int]:
    """Hold OUT/.lock for the build. flock, not a pid file: the OS lets go when the holder dies, however it dies."""
    fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise BusyError(f"{out} is being built by another kg build (pid {holder}); wait for it or build "
                            "elsewhere") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield fd
    finally:
        os.close(fd)


def new_generation(out: Path) -> Path:
    """The name of the next generation folder, after every one there is."""
    numbers = [number for number, _ in _generations(out)]
    return out / f"gen-{max(numbers, default=0) + 1}"


def _generations(out: Path) -> list[tuple[int, Path]]:
    found = []
    for path in out.iterdir():
        match = _GENERATION.fullmatch(path.name)
        if match and path.is_dir() and not path.is_symlink():
            found.append((int(match[1]), path))
    return sorted(found)


def record(generation: Path) -> dict:
    """What `generation` was built from, as its build.json says; empty when it cannot be read."""
    try:
        return json.loads((generation / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _published(out: Path) -> Path | None:
    """The generation `current` points to, if it is one and complete."""
    link = out / CURRENT
    if not link.is_symlink():
        return None
    name = os.readlink(link)
    folder = out / name
    return folder if _GENERATION.fullmatch(name) and (folder / "build.json").is_file() else None


def tidy(out: Path) -> Path | None:
    """Clear what a killed build left, and return the published generation.

    Gone: temporary files of write_atomic and of _point, the store folders of the layout before
    generations (store.building, store.old), generations never published, and the generation before
    the published one: once this build publishes, the published one is the one before, and a disk
    holds two generations at most while the next is written, as it held two stores before.
    """
    for folder in (out, out / "cache"):
        if folder.is_dir():
            for path in folder.glob(".*.tmp"):
                if path.is_symlink() or path.is_file():
                    path.unlink(missing_ok=True)
    for name in ("store.building", "store.old"):
        if not (out / name).is_symlink():
            shutil.rmtree(out / name, ignore_errors=True)
    live = _published(out)
    for _, path in _generations(out):
        if path != live:
            shutil.rmtree(path, ignore_errors=True)
    return live


def publish(out: Path, generation: Path, names: list[str]) -> None:
    """Make `generation` what OUT shows: one rename of `current` switches the dataset, the store and
    build.json together, since they are links through it. Run after every build, it also finishes a
    publication a kill cut short, and turns the layout before generations into links.

    `names` are the links to have, the dataset's first and the store's last: while a folder of the
    layout before is being turned into links, readers find no store and read the dataset file, so
    the dataset must be new before the store is.
    """
    before = _published(out)
    legacy = [name for name in _PUBLISHED if (out / name).exists() and not (out / name).is_symlink()]
    if "store" in legacy:
        # a folder cannot be renamed over, nor be replaced by a link in one step: until the link is in
        # place there is no store, and readers use the dataset file, which is never a mix
        (out / "store").rename(out / "store.old")
    if not legacy:
        for name in names:
            if not os.path.lexists(out / name):
                _point(out / name, f"{CURRENT}/{name}")  # dangling until the switch, then right at once
    _point(out / CURRENT, generation.name)
    for name in names:
        link = out / name
        if not link.is_symlink() or os.readlink(link) != f"{CURRENT}/{name}":
            _point(link, f"{CURRENT}/{name}")  # a file of the layout before is replaced in one rename
    for name in _PUBLISHED:
        path = out / name
        if name not in names and (path.is_symlink() or path.is_file()):
            path.unlink()  # the other format's dataset, or a store a --no-store build no longer has
    shutil.rmtree(out / "store.old", ignore_errors=True)
    for _, path in _generations(out):
        if path not in (generation, before):
            shutil.rmtree(path, ignore_errors=True)


def _point(link: Path, target: str) -> None:
    """Make `link` a symbolic link to `target` with one rename: a reader finds the old entry or the new link."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
