"""The query workers of kg serve: started ahead, handed out one per query, replaced when killed or rebuilt."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kg.use.worker import Worker

_SPARE = 2  # workers kept started and idle


def _generation(folder: Path):
    """What changes when kg build puts a new store (or new graph files) in place."""
    store = folder / "store"
    try:
        if store.is_dir():
            info = store.stat()
            return ("store", info.st_ino, info.st_mtime_ns)
        return ("files", tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()
                                      if p.is_file() and not p.name.startswith("."))))  # not .lock: every build touches it
    except OSError:
        return None


class Pool:
    """Worker processes over one folder: a query takes an idle one or waits for one."""

    def __init__(self, folder: Path, size: int, max_memory: int = 0):
        self.folder, self.size, self.max_memory = Path(folder), size, max_memory
        self.generation = _generation(self.folder)
        self.idle: list[Worker] = []
        self.count = 0
        self.lock = threading.Condition()
        self.closed = False
        # workers are started from one thread that lives as long as the pool: the kernel's parent-death
        # signal follows the thread that started a process, and request threads come and go
        self.spawner = ThreadPoolExecutor(1, thread_name_prefix="kg-serve-spawner")
        first = self._spawn()
        first.wait_ready()  # a store that cannot be opened fails the start, not the first query
        self.idle.append(first)
        self.count = 1
        self.spawner.submit(self._top_up)

    def acquire(self, timeout: float) -> Worker | None:
        deadline = time.monotonic() + timeout
        with self.lock:
            now = _generation(self.folder)
            if now != self.generation:  # a rebuilt store: idle workers hold the old one
                self.generation = now
                for worker in self.idle:
                    worker.kill()
                self.count -= len(self.idle)
                self.idle.clear()
            while not self.idle and self.count >= self.size:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)
            if self.idle:
                worker = self.idle.pop()
                if not self.idle:
                    self.spawner.submit(self._top_up)
                return worker
            self.count += 1
        try:
            worker = self._spawn()
            worker.wait_ready()
            return worker
        except RuntimeError:
            self.discard(None)
            raise

    def _top_up(self) -> None:
        """Keep workers started and waiting (on the spawner thread): a query that comes while others run
        away should not also wait for a process to start on busy cores."""
        while True:
            with self.lock:
                if self.closed or self.count >= self.size or len(self.idle) >= _SPARE:
                    return
                self.count += 1
                generation = self.generation
            worker = Worker(self.folder, generation, self.max_memory)
            try:
                worker.wait_ready()
            except RuntimeError:
                self.discard(None)
                return
            self.release(worker)

    def _spawn(self) -> Worker:
        return self.spawner.submit(Worker, self.folder, self.generation, self.max_memory).result()

    def release(self, worker: Worker) -> None:
        with self.lock:
            if not self.closed and worker.generation == self.generation and worker.alive():
                self.idle.append(worker)
            else:
                worker.kill()
                self.count -= 1
            self.lock.notify()

    def discard(self, worker: Worker | None) -> None:
        if worker is not None:
            worker.kill()
        with self.lock:
            self.count -= 1
            self.lock.notify()
        if worker is not None and not self.closed:
            self.spawner.submit(self._top_up)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            for worker in self.idle:
                worker.kill()
            self.idle.clear()
        self.spawner.shutdown(wait=False)
