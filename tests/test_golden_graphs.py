"""Golden graphs: each case's short made-up report, built by the rules, serialises to its expected.ttl byte for byte.

A change to a golden graph must be on purpose. To accept one, regenerate the files and review the diff in git:

    GOVKG_REGOLD=1 python -m pytest -q tests/test_golden_graphs.py

(tests/test_graph.py compares the same cases as graphs, which says which triples differ.)
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from kg.build.pipeline import build

GOLDEN = Path(__file__).parent / "golden"
# the folder of each case under tests/golden, and what its graph pins
CASES = {
    "led-chain": "a chain led by an enterprise with its output target, two projects, a glossary term",
    "project-milestone": "a project's total investment and a milestone with its due date",
    "glossary": "two numbered glossary terms, their definitions and the sentence that uses both",
    "indicator-cube": "the actual and the target observations of two indicators",
}
REGOLD = os.environ.get("GOVKG_REGOLD") == "1"


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_golden_graph(case):
    # the rules only: the span model is retrained from time to time and is tested apart
    built = build(GOLDEN / case / "input.txt", mode="rules")
    assert built.problems == []
    got = built.graph.serialize(format="turtle", encoding="utf-8")
    expected_file = GOLDEN / case / "expected.ttl"
    if REGOLD:
        expected_file.write_bytes(got)
    expected = expected_file.read_bytes()
    if got != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(), got.decode().splitlines(),
                                    "expected.ttl", "built", lineterm="", n=1)
        pytest.fail(f"{case}: the graph differs from tests/golden/{case}/expected.ttl; if the change is meant, "
                    "regenerate with GOVKG_REGOLD=1 python -m pytest tests/test_golden_graphs.py\n"
                    + "\n".join(list(diff)[:60]), pytrace=False)


def test_every_golden_folder_is_a_case():
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == sorted(CASES)
