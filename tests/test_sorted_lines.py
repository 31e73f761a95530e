"""kg.build.sorted_lines: distinct lines in code point order, as sorted(set()) gives them, in runs on disk when many."""
from __future__ import annotations

import pytest

from kg.build.sorted_lines import SortedLines

P = pytest.param
QUADS = ['<urn:b> <urn:p> "乙"@zh <urn:g> .\n', '<urn:a> <urn:p> "甲"@zh <urn:g> .\n',
         '<urn:a> <urn:p> "a" <urn:g> .\n', '<urn:c> <urn:p> "𠀀" <urn:g> .\n', '<urn:a> <urn:p> "ｚ" <urn:g> .\n']


@pytest.mark.parametrize("batches, run_lines, runs", [
    P([], 3, 0, id="nothing"),
    P([QUADS], 100, 0, id="few-held-in-memory"),
    P([QUADS], 2, 2, id="many-in-runs-on-disk"),
    P([QUADS, QUADS[::-1], QUADS[1:3]], 2, 5, id="repeated-across-runs-given-once"),
    P([QUADS[:1]] * 4, 1, 4, id="one-line-a-run"),
    P([[f"<urn:n{i:03d}> <urn:p> <urn:o> .\n" for i in range(50, 0, -1)]], 7, 7, id="runs-of-seven"),
])
def test_lines_come_back_sorted_and_distinct(tmp_path, batches, run_lines, runs):
    with SortedLines(tmp_path, run_lines) as lines:
        for batch in batches:
            lines.update(batch)
        assert len(list(tmp_path.glob("sorted-lines-*/run-*"))) == runs
        out = list(lines.sorted_bytes())
    assert out == [line.encode("utf-8") for line in sorted({line for batch in batches for line in batch})]
    assert list(tmp_path.iterdir()) == []  # the runs are gone
