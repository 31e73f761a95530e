"""Corpus builds that hold up against their surroundings: one build at a time per folder, a cache keyed by
the bytes a report was built from, report ids that cannot merge, inputs that are no files or bear no UTF-8 name,
workers that die with their build, a kill at any moment, a full disk."""
from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.build.corpus
import kg.build.publish
import kg.build.reading
from conftest import ROOT, alive, children, write_report
from kg.build.corpus import build_corpus
from kg.build.inputs import report_inputs, report_iri
from kg.build.reading import load_document
from kg.cli import main
from kg.errors import InputError
from kg.resources import sample_report
from kg.vocab import DEFAULT_BASE


def start_kg(*args: str) -> subprocess.Popen:
    """`kg ARGS` in a process of its own, in its own process group (so its workers can be stopped with it),
    with 2 GB of address space: a build that reads without end fails instead of taking the machine."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=limit, start_new_session=True)


def finish(process: subprocess.Popen, timeout: float = 60) -> tuple[int, list[str]]:
    """Its exit status and stderr lines; a process still running after `timeout` seconds fails the test."""
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"kg {' '.join(process.args[3:])} still ran after {timeout} s")
    return process.returncode, err.splitlines()


def stop_group(process: subprocess.Popen) -> None:
    """Whatever is left of a process started by start_kg, its workers included."""
    with contextlib.suppress(ProcessLookupError):  # all of it is gone: the workers die with their build
        os.killpg(process.pid, signal.SIGKILL)


def graphs(out) -> set[str]:
    return {line.rsplit(" ", 2)[-2] for line in (out / "corpus.nq").read_text(encoding="utf-8").splitlines()}


# ---------------------------------------------------------------- one build at a time

def test_two_builds_into_one_folder_one_is_refused(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    runs = [start_kg("build", str(corpus), "-o", str(out), "-j", "2", "-q") for _ in range(2)]
    (won, _), (lost, err) = sorted(finish(run) for run in runs)
    assert (won, lost, len(err)) == (0, 2, 1) and "is being built by another kg build (pid " in err[0]
    assert main(["query", str(out), "enterprises", "--format", "csv"]) == 0
    assert {"青禾材料", "恒泰"} <= {row.split(",")[1] for row in capsys.readouterr().out.splitlines()[1:]}


def test_killed_build_leaves_no_lock_behind(corpus, tmp_path):
    out = tmp_path / "out"
    run = start_kg("build", str(corpus), "-o", str(out), "-j", "2", "-q")
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    try:
        deadline = time.monotonic() + 30
        while not children.read_text().split() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert children.read_text().split(), "the build started no workers"
        # a worker that outlived its killed parent must not keep holding the folder
        run.kill()
        run.wait()
        assert (out / ".lock").exists() and main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    finally:
        stop_group(run)
        run.communicate()


# ---------------------------------------------------------------- the cache keeps what was built

@pytest.mark.parametrize("edit", [
    pytest.param(lambda text: text.replace("柳溪水库引水工程", "柳溪大桥项目"), id="edited-then-reverted"),
    pytest.param(lambda text: "", id="caught-empty-mid-save-then-saved"),
])
def test_report_changed_during_a_build_is_rebuilt_once_restored(corpus, tmp_path, monkeypatch, edit):
    report = corpus / "liuxi-2024.txt"
    text = report.read_text(encoding="utf-8")
    run = kg.build.corpus.run

    def edited_before_the_workers_read(*args, **kwargs):
        # after the cache was looked up, before a worker reads the file: where a save can land
        report.write_text(edit(text), encoding="utf-8")
        yield from run(*args, **kwargs)
    monkeypatch.setattr(kg.build.corpus, "run", edited_before_the_workers_read)
    build_corpus([corpus], tmp_path / "out", jobs=1)
    monkeypatch.undo()
    report.write_text(text, encoding="utf-8")
    again = build_corpus([corpus], tmp_path / "out", jobs=1)
    build_corpus([corpus], tmp_path / "fresh", jobs=1)
    assert again.built == ["liuxi-2024"] and not again.failed
    assert (tmp_path / "out" / "corpus.nq").read_bytes() == (tmp_path / "fresh" / "corpus.nq").read_bytes()


# ---------------------------------------------------------------- one report, one graph

@pytest.mark.parametrize("first, second", [
    pytest.param("山西省2024", "陕西省2024", id="homophones-one-pinyin"),
    pytest.param("Houma-2024", "houma-2024", id="names-apart-by-case"),
    pytest.param("liuxi 2024", "liuxi-2024", id="space-and-hyphen"),
    pytest.param("a/liuxi-2024", "b/liuxi-2024", id="one-name-in-two-folders"),
])
def test_reports_that_would_share_a_graph_stop_the_build(tmp_path, capsys, first, second):
    folder = tmp_path / "reports"
    for name in (first, second):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_report(folder, name, "柳溪市", "恒泰", "柳溪水库引水工程")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and f"{first}.txt" in err[0] and f"{second}.txt" in err[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("base", [pytest.param(DEFAULT_BASE, id="default-base"),
                                  pytest.param("http://example.org/kg/", id="another-base")])
def test_report_iri_is_the_one_the_builder_mints(corpus, tmp_path, base):
    write_report(corpus, "山西省2024", "太原市", "恒泰", "太原港物流园项目")
    build_corpus([corpus], tmp_path / "out", base=base, jobs=1, store=False)
    assert graphs(tmp_path / "out") - {f"<{base}graph/shared>"} == {f"<{report_iri(p, base)}>" for p in report_inputs([corpus])}


# ---------------------------------------------------------------- inputs that are no report files

def fifo(folder):
    os.mkfifo(folder / "pipe.txt")
    return "pipe.txt"


def dev_zero(folder):
    (folder / "zero.txt").symlink_to("/dev/zero")
    return "zero.txt"


def latin1_name(folder):
    write_report(folder, os.fsdecode(b"caf\xe9-2024"), "柳溪市", "恒泰", "柳溪大桥项目")
    return "caf\\xe9-2024.txt"


ODD_ENTRIES = [
    pytest.param(fifo, id="fifo"),
    pytest.param(dev_zero, id="link-to-dev-zero"),
    pytest.param(latin1_name, id="name-not-utf8"),
]


# in processes of their own: before the fix, a pipe hung the build and /dev/zero was read without end
@pytest.mark.parametrize("make", ODD_ENTRIES)
def test_odd_entry_in_a_folder_is_left_out_and_named(corpus, tmp_path, make):
    shown = make(corpus)
    status, err = finish(start_kg("build", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"))
    assert (status, len(err)) == (2, 1) and shown in err[0] and "left out" in err[0]
    assert graphs(tmp_path / "out") == {f"<{DEFAULT_BASE}{name}>" for name in
                                        ("qingchuan-2024", "qingchuan-2025", "liuxi-2024", "graph/shared")}


@pytest.mark.parametrize("make", ODD_ENTRIES[:2])
def test_odd_entry_named_alone_is_one_line_and_exit_2(tmp_path, make):
    shown = make(tmp_path)
    status, err = finish(start_kg("build", str(tmp_path / shown), "-o", str(tmp_path / "out")), timeout=30)
    assert (status, len(err)) == (2, 1) and shown in err[0] and "not a regular file" in err[0]


def test_size_cap_counts_the_bytes_read(tmp_path, monkeypatch):
    # /proc files are regular yet say they are empty: only counting what is read finds them too long
    (tmp_path / "maps.txt").symlink_to("/proc/self/maps")
    monkeypatch.setattr(kg.build.reading, "MAX_BYTES", 64)
    with pytest.raises(InputError, match="far more than a work report"):
        load_document(tmp_path / "maps.txt")


# ---------------------------------------------------------------- workers die with their build

def survivors(pids: set[int], seconds: float = 5) -> set[int]:
    deadline = time.monotonic() + seconds
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return {pid for pid in pids if alive(pid)}


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc for the workers of a build")
def test_workers_die_with_a_killed_build(corpus, tmp_path):
    run = start_kg("build", str(corpus), "-o", str(tmp_path / "out"), "-j", "2", "-q")
    try:
        deadline = time.monotonic() + 30
        while len(children(run.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = children(run.pid)
        assert len(workers) == 2, "the build started no workers"
        run.kill()
        run.wait()
        left = survivors(workers)
    finally:
        stop_group(run)
        run.communicate()
    assert not left


# ---------------------------------------------------------------- a report name as long as a file name may be

def test_a_report_name_too_long_for_a_cache_file_is_built(corpus, tmp_path):
    # 251 bytes and .txt: as long as a file name may be; cache/.NAME.json.XXXXXXXX.tmp would not be
    name = "青川市" * 27 + "2024"
    write_report(corpus, name, "青川市", "青禾材料", "青川港物流园项目")
    first = build_corpus([corpus], tmp_path / "out", jobs=1)
    again = build_corpus([corpus], tmp_path / "out", jobs=1)
    assert name in first.built and not first.failed and name in again.reused and not again.built
    assert f"<{report_iri(corpus / f'{name}.txt', DEFAULT_BASE)}>" in graphs(tmp_path / "out")


# ---------------------------------------------------------------- a build killed at any moment

def published_quads(out) -> tuple[set[str], set[str]]:
    """The quads of OUT/corpus.nq and of OUT/store's named graphs (its default graph is their union), the
    file's read through a store in memory: a store keeps values, "0.990"^^xsd:decimal as "0.99"."""
    def named(store):
        return {str(q) for q in store.quads_for_pattern(None, None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph)}

    in_memory = ox.Store()
    in_memory.bulk_load(path=str(out / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
    on_disk = ox.Store.read_only(str(out / "store"))
    return named(in_memory), named(on_disk)


def small_corpus(folder):
    folder.mkdir()
    for name, place, firm, work in [("r0-2024", "青川市", "青禾材料", "青川港物流园项目"),
                                    ("r1-2024", "柳溪市", "恒泰", "柳溪水库引水工程"),
                                    ("r2-2024", "石门市", "石门钢铁", "石门大桥项目"),
                                    ("r3-2024", "云岭市", "云岭药业", "云岭隧道工程"),
                                    ("r4-2024", "江口市", "江口电子", "江口新区项目")]:
        write_report(folder, name, place, firm, work)
    shutil.copy(sample_report(), folder / sample_report().name)
    return folder


def edit_two(folder, n: int) -> None:
    """Two reports changed, so that a build has workers, and a dataset that differs from the one before."""
    write_report(folder, "r0-2024", "青川市", "青禾材料", f"青川港{n}号物流园项目")
    write_report(folder, "r1-2024", "柳溪市", "恒泰", f"柳溪{n}号水库引水工程")


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc for the workers of a build")
def test_build_killed_at_any_moment_leaves_one_generation_and_no_workers(tmp_path, capsys):
    reports, out = small_corpus(tmp_path / "reports"), tmp_path / "out"
    build = ("build", str(reports), "-o", str(out), "-j", "2", "-q")
    assert finish(start_kg(*build)) == (0, [])
    edit_two(reports, 1)
    started = time.monotonic()
    assert finish(start_kg(*build)) == (0, [])
    took = time.monotonic() - started
    rng = random.Random(20240110)
    for kill in range(12):
        edit_two(reports, kill + 2)
        delay = took * (kill + rng.random()) / 12  # one kill in each twelfth of a build, start to end
        run = start_kg(*build)
        workers: set[int] = set()
        try:
            until = time.monotonic() + delay
            while time.monotonic() < until and run.poll() is None:
                workers |= children(run.pid)
                time.sleep(0.01)
            run.kill()  # the build only, as kill -9 would: its workers are left to die with it
            run.wait()
            left = survivors(workers)
        finally:
            stop_group(run)
            run.communicate()  # workers left alive would hold its pipes open: only after stop_group
        assert not left, f"kill {kill} after {delay:.2f} s: workers outlived their build"
        assert main(["query", str(out), "enterprises", "--format", "csv"]) == 0, f"kill {kill} after {delay:.2f} s"
        in_file, in_store = published_quads(out)
        assert in_file == in_store, f"kill {kill} after {delay:.2f} s: corpus.nq and store are of two builds"
    capsys.readouterr()
    assert finish(start_kg(*build)) == (0, [])
    assert finish(start_kg("build", str(reports), "-o", str(tmp_path / "fresh"), "-j", "2", "-q")) == (0, [])
    assert (out / "corpus.nq").read_bytes() == (tmp_path / "fresh" / "corpus.nq").read_bytes()
    assert len([p for p in out.iterdir() if p.name.startswith("gen-")]) <= 2


# ---------------------------------------------------------------- what a killed build left behind

def tmp_beside_the_dataset(out):
    (out / ".corpus.nq.abc12345.tmp").write_text("<a> <b> <c> <d> .\n")
    return ".corpus.nq.abc12345.tmp"


def tmp_in_the_cache(out):
    (out / "cache" / ".liuxi-2024.json.abc12345.tmp").write_text("{")
    return "cache/.liuxi-2024.json.abc12345.tmp"


def link_being_switched(out):
    (out / ".current.4242.tmp").symlink_to("gen-999")
    return ".current.4242.tmp"


def store_folder(name):
    def make(out):
        (out / name).mkdir()
        (out / name / "000001.sst").write_bytes(b"half a store")
        return name
    return make


def generation(complete: bool):
    def make(out):
        (out / "gen-999" / "store").mkdir(parents=True)
        (out / "gen-999" / "corpus.nq").write_text("<http://a> <http://b> <http://c> <http://d> .\n")
        if complete:  # written whole, and killed before it was published
            (out / "gen-999" / "build.json").write_text("{}")
        return "gen-999"
    return make


@pytest.mark.parametrize("leave", [
    pytest.param(tmp_beside_the_dataset, id="tmp-file-beside-the-dataset"),
    pytest.param(tmp_in_the_cache, id="tmp-file-in-the-cache"),
    pytest.param(link_being_switched, id="tmp-link-beside-current"),
    pytest.param(store_folder("store.building"), id="store-building"),
    pytest.param(store_folder("store.old"), id="store-old"),
    pytest.param(generation(complete=False), id="generation-half-written"),
    pytest.param(generation(complete=True), id="generation-never-published"),
])
def test_what_a_killed_build_left_is_gone_after_the_next(corpus, tmp_path, capsys, leave):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    left = leave(out)
    assert main(["build", str(corpus), "-o", str(out), "-j", "1", "-q"]) == 0
    assert not os.path.lexists(out / left)
    build_corpus([corpus], tmp_path / "fresh", jobs=1)
    assert (out / "corpus.nq").read_bytes() == (tmp_path / "fresh" / "corpus.nq").read_bytes()
    capsys.readouterr()
    assert main(["query", str(out), "projects", "--format", "csv"]) == 0
    assert "柳溪水库引水工程" in capsys.readouterr().out


def to_layout_before_generations(out) -> None:
    """The dataset, the record and the store themselves in OUT, no current, no gen-*: as builds wrote them."""
    for name in ("corpus.nq", "build.json", "store"):
        if (out / name).is_symlink():
            real = (out / name).resolve()
            (out / name).unlink()
            (shutil.copytree if real.is_dir() else shutil.copy)(real, out / name)
    for path in out.iterdir():
        if path.name == "current" or path.name.startswith("gen-"):
            path.unlink() if path.is_symlink() else shutil.rmtree(path)


def test_a_folder_of_the_layout_before_generations_is_taken_over(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    to_layout_before_generations(out)
    write_report(corpus, "liuxi-2024", "柳溪市", "恒泰", "柳溪大桥项目")
    assert main(["build", str(corpus), "-o", str(out), "-j", "1", "-q"]) == 0
    assert all((out / name).is_symlink() for name in ("corpus.nq", "store", "build.json", "current"))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "build.json", "cache", "corpus.nq", "current", "gen-1", "store"]
    in_file, in_store = published_quads(out)
    assert in_file == in_store and any("柳溪大桥项目" in quad for quad in in_file)


@pytest.mark.parametrize("links", [
    pytest.param(0, id="killed-before-current"),
    pytest.param(1, id="killed-before-the-dataset-link"),
    pytest.param(2, id="killed-before-the-record-link"),
    pytest.param(3, id="killed-before-the-store-link"),
])
def test_a_folder_taken_over_is_never_a_mix_of_two_builds(corpus, tmp_path, monkeypatch, capsys, links):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    to_layout_before_generations(out)
    write_report(corpus, "liuxi-2024", "柳溪市", "恒泰", "柳溪大桥项目")
    point, made = kg.build.publish._point, []

    def killed_after_some(link, target):
        if len(made) == links:
            raise KeyboardInterrupt
        made.append(link.name)
        point(link, target)
    monkeypatch.setattr(kg.build.publish, "_point", killed_after_some)
    assert main(["build", str(corpus), "-o", str(out), "-j", "1", "-q"]) == 130
    monkeypatch.undo()
    capsys.readouterr()
    assert main(["query", str(out), "projects", "--format", "csv"]) == 0
    projects = capsys.readouterr().out
    assert ("柳溪水库引水工程" in projects) != ("柳溪大桥项目" in projects)
    if (out / "store").is_dir():  # while there is none, a reader reads the dataset
        in_file, in_store = published_quads(out)
        assert in_file == in_store
    assert main(["build", str(corpus), "-o", str(out), "-j", "1", "-q"]) == 0
    in_file, in_store = published_quads(out)
    assert in_file == in_store and any("柳溪大桥项目" in quad for quad in in_file)
    assert not os.path.lexists(out / "store.old")


# ---------------------------------------------------------------- a disk that fills up, a folder not ours

def fails_at(name: str, error: OSError):
    """write_atomic that fails as a full disk or a refused folder would, at the file called `name`."""
    write = kg.build.corpus.write_atomic

    def write_atomic(path, data):
        if path.name.startswith(name):
            raise error
        write(path, data)
    return write_atomic


def writer_fails(error: OSError):
    """atomic_writer that fails as a full disk or a refused folder would, as the dataset is opened."""
    def atomic_writer(path):
        raise error
    return atomic_writer


def store_fails(*args):
    # as pyoxigraph says it: an OSError with no errno
    raise OSError("IO error: No space left on device: While appending to file: store/000010.sst: "
                  "No space left on device")


@pytest.mark.parametrize("target, replacement, said", [
    pytest.param("cache.write_atomic", fails_at("liuxi", OSError(28, "No space left on device")),
                 "No space left on device", id="cache-disk-full"),
    pytest.param("assemble.atomic_writer", writer_fails(OSError(28, "No space left on device")),
                 "No space left on device", id="dataset-disk-full"),
    pytest.param("corpus.load_store", store_fails, "No space left on device", id="store-disk-full"),
    pytest.param("corpus.write_atomic", fails_at("build.json", OSError(28, "No space left on device")),
                 "No space left on device", id="record-disk-full"),
    pytest.param("assemble.atomic_writer", writer_fails(PermissionError(13, "Permission denied", "corpus.nq")),
                 "Permission denied", id="dataset-permission-denied"),
])
def test_a_build_that_cannot_write_is_one_line_and_keeps_the_old_corpus(corpus, tmp_path, monkeypatch, capsys,
                                                                          target, replacement, said):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    write_report(corpus, "liuxi-2024", "柳溪市", "恒泰", "柳溪大桥项目")
    monkeypatch.setattr(f"kg.build.{target}", replacement)
    capsys.readouterr()
    assert main(["build", str(corpus), "-o", str(out), "-j", "1", "-q", "--force"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and said in err[0] and str(out) in err[0]
    monkeypatch.undo()
    assert main(["query", str(out), "projects", "--format", "csv"]) == 0
    projects = capsys.readouterr().out
    assert "柳溪水库引水工程" in projects and "柳溪大桥项目" not in projects
    assert len([p for p in out.iterdir() if p.name.startswith("gen-")]) == 1  # the half-written one is gone


@pytest.mark.parametrize("output", [
    pytest.param("a-file", id="a-file"),
    pytest.param("a-file/out", id="a-folder-inside-a-file"),
])
def test_output_that_cannot_be_a_folder_is_one_line(corpus, tmp_path, capsys, output):
    (tmp_path / "a-file").write_text("not a corpus\n")
    assert main(["build", str(corpus), "-o", str(tmp_path / output), "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and str(tmp_path / output) in err[0]
    assert (tmp_path / "a-file").read_text() == "not a corpus\n"


def test_the_builders_digest_is_fixed_before_the_workers_fork():
    """Workers inherit the digest the build records: kg/ edited mid-build cannot give reports another one."""
    from kg.build.workers import _warm, builder_digest

    builder_digest.cache_clear()
    _warm()
    assert builder_digest.cache_info().currsize == 1
