"""Serialization: every format reads back (with an independent parser) to the same graph,
output is byte-identical across processes and hash seeds, and writes are atomic."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build.write import dumps
from kg.cli import main
from kg.files import write_atomic
from kg.formats import WRITTEN, by_name

WRITTEN_NAMES = sorted(fmt.name for fmt in WRITTEN)


@pytest.mark.parametrize("fmt", WRITTEN_NAMES)
def test_pyoxigraph_reads_it_back(sample_built, fmt):
    quads = list(ox.parse(dumps(sample_built.graph, fmt, "https://example.org/g"), format=by_name(fmt).ox()))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(sample_built.graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_round_trip_is_isomorphic(sample_built, fmt):
    back = Graph().parse(data=dumps(sample_built.graph, fmt), format=by_name(fmt).rdflib)
    assert isomorphic(back, sample_built.graph)


def test_trig_puts_the_report_in_a_named_graph(sample_built):
    quads = list(ox.parse(dumps(sample_built.graph, "trig", "https://example.org/g"), format=ox.RdfFormat.TRIG))
    assert {str(q.graph_name) for q in quads} == {"<https://example.org/g>"}


@pytest.mark.parametrize("fmt", WRITTEN_NAMES)
def test_byte_identical_across_hash_seeds(tmp_path, fmt):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg", "build", "-q", "--format", fmt, "-o", str(out)],
                       check=True, env=env, capture_output=True)
        outputs.append((out / f"houma-2024{by_name(fmt).suffix}").read_bytes())
    assert outputs[0] == outputs[1]


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "g.ttl"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert (target.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == (b"new", ["g.ttl"])


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "g.ttl"
    write_atomic(target, b"old")

    class Boom(bytes):
        def __len__(self):
            raise RuntimeError("disk on fire")
    with pytest.raises(TypeError):
        write_atomic(target, object())  # not bytes: the write fails midway
    assert (target.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == (b"old", ["g.ttl"])


def test_outputs_are_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        assert main(["build", "-o", str(tmp_path), "-q"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "houma-2024.ttl").stat().st_mode) == 0o644
