"""What a corpus build can reuse: each report's outcome in OUT/cache, and the plan of what is left to build.

An outcome is kept with the hashes it was built from: the report's bytes, the builder and the base.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, fields
from pathlib import Path

from kg.build.identity import Entity
from kg.build.places import Place
from kg.build.workers import NQUADS, Outcome, builder_digest, digest_of
from kg.errors import InputError
from kg.files import write_atomic

# cache/.<key>.json.XXXXXXXX.tmp, as write_atomic names it, must stay within the 255 bytes of a file name
_KEY_BYTES = 160
_SUFFIXES = (".json", NQUADS.suffix)


def plan(inputs: list[Path], cache_dir: Path, base: str, force: bool) -> tuple[list[Outcome], list[Path]]:
    """The outcomes the cache holds for `inputs` (built from the same bytes by the same builder with the same
    base), and the inputs left to build; all of them to build when `force` is set."""
    reused, todo = [], []
    for path in inputs:
        hit = None if force else cached(cache_dir, path.stem, _digest(path), base)
        if hit is None:
            todo.append(path)
        else:
            reused.append(hit)
    return reused, todo


def _digest(path: Path) -> str:
    """The hash of a report's bytes, to find it in the cache; 'unreadable' when they cannot be read."""
    from kg.build.reading import read_report

    try:
        return digest_of(read_report(path))
    except InputError:
        return "unreadable"


def _cache_key(name: str) -> str:
    """The stem of a report's cache files: its name, or for a name too long to make a file name, the
    start of it and a hash of the whole (a report's file name may be 251 bytes before its .txt)."""
    data = name.encode("utf-8")
    if len(data) <= _KEY_BYTES:
        return name
    return f"{data[:_KEY_BYTES - 17].decode('utf-8', 'ignore')}~{hashlib.sha256(data).hexdigest()[:16]}"


def cached(cache_dir: Path, name: str, digest: str, base: str) -> Outcome | None:
    """The outcome kept for report `name` if it was built from bytes of hash `digest`, by this builder, under
    `base`: light (see Outcome.lighten), the rest read again by `parts` when the dataset is written."""
    key = _cache_key(name)
    try:
        data = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if digest == "unreadable" or (data.get("digest"), data.get("builder"), data.get("base")) != (
            digest, builder_digest(), base):
        return None
    outcome = Outcome(**{**data, "entities": []})
    if outcome.ok and not quads_file(cache_dir, name).is_file():
        return None
    outcome.lighten()
    return outcome


def parts(cache_dir: Path, name: str, places: dict[str, Place] | None = None) -> tuple[dict, list[Entity], str]:
    """What the cache keeps of report `name` beyond its light outcome: what the corpus stage reads of it
    (across.record_of), its entities (each with the place `places` gives its report, when it gives one)
    and its lines of the shared graph."""
    data = json.loads((cache_dir / f"{_cache_key(name)}.json").read_text(encoding="utf-8"))
    place = (places or {}).get(name)
    return data["read"], [_entity(entity, place) for entity in data["entities"]], data["shared"]


def quads_file(cache_dir: Path, name: str) -> Path:
    """Where the cache keeps report `name`'s quads, as sorted N-Quads."""
    return cache_dir / f"{_cache_key(name)}{NQUADS.suffix}"


def _entity(data: dict, place: Place | None = None) -> Entity:
    # the same few strings in every entity of a report: one copy of each
    return Entity(**{**data, "kind": sys.intern(data["kind"]), "report": sys.intern(data["report"]),
                     "names": tuple(data["names"]), "place": place or Place(**data["place"])})


def save(cache_dir: Path, outcome: Outcome) -> None:
    """Keep `outcome`: its quads first, then the record that says they are whole. Its quads leave memory here."""
    key = _cache_key(outcome.name)
    if outcome.ok:
        write_atomic(quads_file(cache_dir, outcome.name), outcome.nquads)
    data = {item.name: getattr(outcome, item.name) for item in fields(outcome) if item.name != "nquads"}
    data["entities"] = [asdict(entity) for entity in outcome.entities]
    write_atomic(cache_dir / f"{key}.json", json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def forget_removed(cache_dir: Path, names: set[str]) -> None:
    """Reports no longer among the inputs leave the cache, so they leave the dataset too; so do the
    files of a cache written by a builder before this one, in another form."""
    if not cache_dir.is_dir():
        return
    kept = {f"{_cache_key(name)}{suffix}" for name in names for suffix in _SUFFIXES}
    for path in cache_dir.iterdir():
        if path.suffix in (*_SUFFIXES, ".nt") and path.name not in kept:
            path.unlink()
