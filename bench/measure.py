"""Runs `kg` in a child process and measures it: wall time, CPU of it and its workers, peak memory, validation time.

    python bench/measure.py CODE RESULT.json VALIDATION.log kg-arguments...   (how run.py and scale.py call it)

Run as a script it is a thin wrapper: it imports kg from CODE (a snapshot of the working tree that
`snapshot` made), times each call of kg.build.validate.validate and, inside it, of pyshacl.validate (CPU
of the calling process and wall; one line per call appended to VALIDATION.log, from the forked workers
too), runs kg.cli.main with the arguments, then writes RESULT.json: the exit status, the peak resident
memory of the kg process itself (ru_maxrss of RUSAGE_SELF) and of its largest worker (RUSAGE_CHILDREN).
The CPU time of the kg process and all its workers is measured by the caller, from its own RUSAGE_CHILDREN.
pyshacl is patched at the first call of validate, in the process making it, where validate imports it
anyway: the wrapper imports nothing a build would not have imported by the time it forks its workers.
"""
from __future__ import annotations

import compileall
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """One kg process: its exit status, wall and CPU seconds (user + sys, with its workers), peaks in MB."""
    status: int
    wall: float
    cpu: float
    main_mb: float
    worker_mb: float
    check_cpu: float  # kg.build.validate.validate, summed over its calls in whichever process made them
    shacl_cpu: float  # pyshacl.validate within it
    checks: int  # calls of kg.build.validate.validate
    output: str  # what kg printed on stdout (a corpus build: its one-line summary)


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def snapshot(dest: Path) -> Path:
    """A copy of the working tree's kg/ and ontology/ under `dest`, compiled, that imports: the code every
    build of one benchmark runs, whatever is edited in the working tree meanwhile. SystemExit if it does
    not import (kg/ caught in the middle of an edit)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(ROOT / "kg", dest / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "ontology", dest / "ontology")
    compileall.compile_dir(dest / "kg", quiet=1)
    check = subprocess.run([sys.executable, "-c", "import kg.cli.building, kg.build.corpus, kg.build.pipeline"],
                           cwd=dest, capture_output=True, text=True)
    if check.returncode:
        raise SystemExit(f"the working tree's kg/ does not import (being edited?):\n{check.stderr.strip()}")
    return dest


def kg(argv: list[str], scratch: Path, code: Path) -> Run:
    """Run `kg ARGV` from the snapshot `code` in a child process of this one and measure it; its stderr
    (problems, a progress bar on a terminal) is this one's.

    The child's CPU is this process's RUSAGE_CHILDREN before and after: it counts the kg process and
    every worker it waited for, and nothing of this process."""
    scratch.mkdir(parents=True, exist_ok=True)
    result, log = scratch / "result.json", scratch / "validate.log"
    result.unlink(missing_ok=True)
    log.unlink(missing_ok=True)
    command = [sys.executable, __file__, str(code), str(result), str(log), *argv]
    cpu, started = cpu_children(), time.perf_counter()
    done = subprocess.run(command, cwd=code, stdout=subprocess.PIPE, text=True)
    wall, cpu = time.perf_counter() - started, cpu_children() - cpu
    peaks = json.loads(result.read_text()) if result.is_file() else {"main_kb": 0, "worker_kb": 0, "kg": str(code)}
    if not Path(peaks["kg"]).is_relative_to(code):
        raise SystemExit(f"kg was imported from {peaks['kg']}, not from the snapshot {code}")
    calls = [line.split() for line in log.read_text().splitlines()] if log.is_file() else []
    return Run(done.returncode, wall, cpu, peaks["main_kb"] / 1024, peaks["worker_kb"] / 1024,
               sum(float(c) for what, c, _ in calls if what == "check"),
               sum(float(c) for what, c, _ in calls if what == "pyshacl"),
               sum(what == "check" for what, _, _ in calls), done.stdout.strip())


def _timed(fn, what: str, log: str, before=None):
    """`fn`, appending "WHAT CPU WALL" to `log` for each call; `before()` runs first, inside the timing."""

    def timed(*args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            if before:
                before()
            return fn(*args, **kwargs)
        finally:
            line = f"{what} {time.process_time() - cpu:.6f} {time.perf_counter() - wall:.6f}\n"
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)

    return timed


def _wrap(code: str, result: str, log: str, argv: list[str]) -> int:
    """Time validate in whatever process calls it, run kg, write the peaks. validate is patched before
    kg.build.pipeline is imported, which binds the name at import: the parent and its forked workers both get
    the timed one."""
    sys.path.insert(0, code)
    import kg
    import kg.build.validate as validation

    def patch_pyshacl():
        import pyshacl

        if not getattr(pyshacl.validate, "timed", False):
            pyshacl.validate = _timed(pyshacl.validate, "pyshacl", log)
            pyshacl.validate.timed = True

    if hasattr(validation, "validate"):
        validation.validate = _timed(validation.validate, "check", log, before=patch_pyshacl)
    from kg.cli import main

    status = 1
    try:
        status = main(argv)
    finally:
        peaks = {"status": status, "kg": kg.__file__, "main_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                 "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
        Path(result).write_text(json.dumps(peaks))
    return status


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    sys.exit(_wrap(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
