"""How fast the shipped queries answer for one place: in process over the store, and through `kg query`.

    python bench/place.py OUT PLACE [PLACE ...] [--repeat 5]

OUT is a folder `kg build` wrote (with its store; `bench/scale.py N --keep` leaves one at N×). For each
place and each shipped query that can be filtered by place, prints the median over --repeat runs of the
filtered query in this process (the store opened once, read only, as `kg query` opens it; choosing the
reports and every row read, none printed) and of `kg query OUT QUERY --place PLACE --format csv` run as a
child process (Python's startup and imports included, after a run not timed), and the rows.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.errors import QueryError  # noqa: E402
from kg.use.narrow import filtered_rows  # noqa: E402
from kg.use.query import open_folder, query_text, shipped  # noqa: E402


def in_process(store, text: str, place: str, repeat: int) -> tuple[float, int]:
    """The median seconds of the filtered query over the open store, and its rows."""
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = sum(1 for _ in filtered_rows(store, text, place=place)[1])
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def through_cli(out: Path, query: str, place: str, repeat: int) -> float:
    """The median seconds of `kg query` as a child process, after one run not timed: that one may write the
    bytecode of kg's modules, which an installed kg has (even where PYTHONDONTWRITEBYTECODE is set here)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "query", str(out), query, "--place", place, "--format", "csv"],
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[3:]))
    parser.add_argument("out", type=Path, help="a folder kg build wrote, with its store")
    parser.add_argument("places", nargs="+", metavar="PLACE", help="a place's name, as --place takes it")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, the median given (default: 5)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        store = open_folder(args.out)
    except QueryError as exc:
        parser.error(str(exc))
    print(f"{'place':10} {'query':16} {'in process':>11} {'kg query':>10} {'rows':>7}")
    for place in args.places:
        for query in shipped():
            try:
                seconds, rows = in_process(store, query_text(query), place, args.repeat)
            except QueryError as exc:
                print(f"{place:10} {query:16} {str(exc)[:60]}")
                continue
            cli = through_cli(args.out, query, place, args.repeat)
            print(f"{place:10} {query:16} {seconds * 1000:8.1f} ms {cli * 1000:7.0f} ms {rows:7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
