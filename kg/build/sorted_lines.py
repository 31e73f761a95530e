"""Distinct lines in sorted order, sorted in runs on disk when they are many: the shared graph without holding it."""
from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

RUN_LINES = 50_000  # lines held before they are sorted and written out as a run


class SortedLines:
    """Collects text lines, each ending in a newline, and gives them back sorted by code point, each once:
    what sorted(set(lines)) gives, but holding at most `run_lines` (RUN_LINES) of them. Runs go to a temporary folder
    under `folder`, removed by close()."""

    def __init__(self, folder: Path, run_lines: int | None = None):
        self._folder, self._run_lines = folder, run_lines or RUN_LINES
        self._held: set[str] = set()
        self._runs: list[Path] = []
        self._temporary: tempfile.TemporaryDirectory | None = None

    def update(self, lines: Iterable[str]) -> None:
        for line in lines:
            self._held.add(line)
            if len(self._held) >= self._run_lines:
                self._spill()

    def _spill(self) -> None:
        if self._temporary is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="sorted-lines-", dir=self._folder)
        run = Path(self._temporary.name) / f"run-{len(self._runs):06d}"
        # UTF-8 bytes sort as their code points do: the runs merge in the order sorted() gives the strings
        run.write_bytes(b"".join(line.encode("utf-8") for line in sorted(self._held)))
        self._runs.append(run)
        self._held = set()

    def sorted_bytes(self) -> Iterator[bytes]:
        """Every line once, UTF-8 encoded, in order."""
        held = [line.encode("utf-8") for line in sorted(self._held)]
        with ExitStack() as files:
            runs = [files.enter_context(run.open("rb")) for run in self._runs]
            last = None
            for line in heapq.merge(held, *runs):
                if line != last:
                    yield line
                    last = line

    def close(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None
        self._held, self._runs = set(), []

    def __enter__(self) -> SortedLines:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
