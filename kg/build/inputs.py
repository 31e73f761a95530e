"""The reports a corpus build reads: the files named and the .txt files of the folders named, one graph each."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError


def report_inputs(paths: Iterable[Path], skipped: list[str] | None = None) -> list[Path]:
    """Report files named and the .txt files of the folders named (recursively), by name.

    Left out, with a line in `skipped`: what is no regular file (a pipe would hang the build, a link to a
    device would never end), and names that are not UTF-8 (no report id, IRI or message can carry them).
    A path that cannot be looked at stays in, so that reading it says why it failed.
    """
    out: list[Path] = []
    for path in map(Path, paths):
        for found in sorted(txt for txt in path.rglob("*.txt") if not txt.is_dir()) if path.is_dir() else [path]:
            why = _unusable(found)
            if why is None:
                out.append(found)
            elif skipped is not None:
                skipped.append(f"{os.fsencode(found).decode('utf-8', 'backslashreplace')}: left out: {why}")
    return sorted(out, key=lambda found: (found.stem, str(found)))


def _unusable(path: Path) -> str | None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8; rename it"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else "not a regular file (a pipe, a device or a socket), not a report"


def report_iri(path: Path, base: str) -> str:
    """The IRI the builder mints for the report in `path`: from its file name, as Document.name is."""
    from kg.build.mint import Minter, slug_report

    return str(Minter(base, slug_report(path.stem)).report)


def check_ids(inputs: list[Path], base: str) -> None:
    """Two files that make one report IRI would merge into one named graph: refuse before building."""
    by_iri: dict[str, list[Path]] = {}
    for path in inputs:
        by_iri.setdefault(report_iri(path, base), []).append(path)
    clashes = [f"{' and '.join(map(str, paths))} would be one report, {iri}"
               for iri, paths in sorted(by_iri.items()) if len(paths) > 1]
    if clashes:
        raise InputError("; ".join(clashes) + " (report ids come from file names): rename all but one")
