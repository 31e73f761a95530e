"""Interrupted builds leave the previous output whole; the same input gives the same bytes in any process."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import write_report
from kg.build.corpus import build_corpus
from kg.cli import main
from kg.use.query import open_folder, query_text, run_store


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_interrupted_single_build_keeps_the_old_file(tmp_path, monkeypatch, capsys):
    assert main(["build", "-o", str(tmp_path), "-q"]) == 0
    before = (tmp_path / "houma-2024.ttl").read_bytes()
    monkeypatch.setattr("kg.files.os.replace", interrupt)
    assert main(["build", "-o", str(tmp_path), "--format", "turtle", "--base", "http://example.org/"]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert (tmp_path / "houma-2024.ttl").read_bytes() == before and os.listdir(tmp_path) == ["houma-2024.ttl"]


def test_interrupted_corpus_build_keeps_the_old_dataset_and_store(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    before = (out / "corpus.nq").read_bytes()
    write_report(corpus, "liuxi-2024", "柳溪市", "恒泰", "柳溪大桥项目")
    monkeypatch.setattr("kg.build.corpus.load_store", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_corpus([corpus], out, jobs=1)
    rows = run_store(open_folder(out), query_text("projects"))[1]
    assert "柳溪水库引水工程" in {str(r[1]) for r in rows}
    monkeypatch.undo()
    build_corpus([corpus], out, jobs=1)  # the next build puts it right
    assert (out / "corpus.nq").read_bytes() != before
    assert "柳溪大桥项目" in {str(r[1]) for r in run_store(open_folder(out), query_text("projects"))[1]}


@pytest.mark.parametrize("seeds", [("0", "1"), ("7", "random")], ids=["seeds-0-1", "seeds-7-random"])
def test_corpus_bytes_do_not_depend_on_the_process(corpus, tmp_path, seeds):
    outputs = []
    for seed in seeds:
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q", "--no-store", "-j", "2"],
                       check=True, env=env, capture_output=True)
        outputs.append((out / "corpus.nq").read_bytes())
    assert outputs[0] == outputs[1]


def test_site_is_the_same_twice(tmp_path, root):
    pages = []
    for name in ("one", "two"):
        assert main(["site", str(root / "output" / "houma-2024.ttl"), "-o", str(tmp_path / name)]) == 0
        pages.append({p.relative_to(tmp_path / name): p.read_bytes() for p in sorted((tmp_path / name).rglob("*"))
                      if p.is_file()})
    assert pages[0] == pages[1]
