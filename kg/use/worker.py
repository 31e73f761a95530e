"""A query worker of kg serve (python -m kg.use.worker FD FOLDER MAXMEM) and the handle the server holds on it.

One process, one store, one query at a time.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path

from kg import formats
from kg.use.negotiate import negotiate
from kg.use.query import open_folder

CHUNK = 64 * 1024


class _Sender:
    """A binary file for pyoxigraph's serializers that sends what it is given up the pipe in chunks."""

    def __init__(self, conn):
        self.conn, self.buffer = conn, bytearray()

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send(("data", bytes(self.buffer)))
            self.buffer.clear()


def _die_with_parent() -> None:
    """On Linux the kernel kills the worker when the server dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _cap_memory(max_memory: int) -> None:
    """The kernel's bound on what the worker may still allocate: its address space now, plus what its resident
    memory may still grow by. The watcher in the server stops a query before this; this holds if it is late."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a query that dies of it leaves no core file behind
    if not max_memory:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size, resident = (int(x) * os.sysconf("SC_PAGE_SIZE") for x in statm.read().split()[:2])
    except OSError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + max(max_memory - resident, 0)
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def work(folder: str, conn, max_memory: int = 0) -> None:
    """Open the folder's store, then answer queries from the pipe until the server closes it."""
    import pyoxigraph as ox

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops the workers
    try:
        store = open_folder(Path(folder))
    except Exception as exc:  # noqa: BLE001 - whatever it is, the server says it instead of hanging
        conn.send(("broken", str(exc)))
        return
    _cap_memory(max_memory)
    conn.send(("ready",))
    while True:
        try:
            query, accept = conn.recv()
        except EOFError:
            return
        try:
            result = store.query(query)
        except SyntaxError as exc:
            conn.send(("error", HTTPStatus.BAD_REQUEST, f"query error: {exc}"))
            continue
        except OSError as exc:
            conn.send(("error", HTTPStatus.INTERNAL_SERVER_ERROR, f"the store failed: {exc}"))
            continue
        answers = not isinstance(result, ox.QueryTriples)
        answer = negotiate(accept, answers)
        if answer is None:
            offered = formats.offered(answers)
            conn.send(("error", HTTPStatus.NOT_ACCEPTABLE, f"this answer can be given as {', '.join(offered)}"))
            continue
        media, fmt = answer
        conn.send(("head", media))
        sender = _Sender(conn)
        try:
            result.serialize(sender, format=fmt.ox())
        except OSError as exc:  # the head is out: the client sees a cut answer, and the log says why
            conn.send(("fail", str(exc)))
            continue
        sender.flush()
        conn.send(("end",))


class Worker:
    """A query process of its own (python -m kg.use.worker FD FOLDER MAXMEM), talking over a socket pair:
    started afresh, it imports nothing of the program that started it."""

    def __init__(self, folder: Path, generation, max_memory: int = 0):
        mine, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, "-m", "kg.use.worker", str(theirs.fileno()), str(folder),
                                         str(max_memory)],
                                        pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(mine.detach())
        self.generation = generation
        self.ready = False

    def wait_ready(self, timeout: float = 60) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start")
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            message = ("broken", "it exited while starting")
        if message[0] != "ready":
            self.kill()
            raise RuntimeError(f"a query worker could not start: {message[1]}")
        self.ready = True

    def rss(self) -> int:
        """Resident memory in bytes (Linux); 0 where /proc is not there to tell."""
        try:
            with open(f"/proc/{self.process.pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


if __name__ == "__main__":  # started by Worker
    work(sys.argv[2], Connection(int(sys.argv[1])), int(sys.argv[3]))
