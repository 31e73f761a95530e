"""Every extractor over every corpus report: evidence present, offsets exact, deterministic.

Reads ../shared/corpus beside the checkout; skipped where the corpus is not there, and failed in CI then.
"""
from __future__ import annotations

import pytest

from conftest import corpus_reports, missing
from kg.build.document import parse_document
from kg.build.extract import EXTRACTORS
from kg.build.facts import Amount, GlossaryTerm, Milestone
from kg.build.reading import load_document

REPORTS = corpus_reports()


def test_the_corpus_is_there():
    if not REPORTS:
        missing("../shared/corpus is not beside this checkout: the contract tests below did not run")
    assert len(REPORTS) >= 100


def mentions_of(fact):
    yield from fact.evidence
    if isinstance(fact, GlossaryTerm):
        yield from fact.definition_evidence
        yield from fact.uses
    for value in vars(fact).values():
        parts = value if isinstance(value, tuple) else (value,)
        for part in parts:
            if isinstance(part, (Amount, Milestone)):
                yield from part.evidence


@pytest.mark.skipif(not REPORTS, reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_extractors_keep_the_contract(path):
    doc = load_document(path)
    for extractor in EXTRACTORS:
        facts = list(extractor(doc))
        assert all(f.evidence for f in facts), f"{extractor.__module__}: a fact without evidence"
        spans = [m for f in facts for m in mentions_of(f)]
        assert all(doc.text[m.start:m.end] == m.text and m.start < m.end for m in spans)
        assert facts == list(extractor(doc)), f"{extractor.__module__} is not deterministic"
        firsts = [f.evidence[0].start for f in facts]
        assert firsts == sorted(firsts), f"{extractor.__module__} does not yield in document order"


@pytest.mark.parametrize("text", ["", "\n\n", "各位代表：\n"], ids=["empty", "blank-lines", "greeting-only"])
def test_empty_input_gives_nothing(text):
    doc = parse_document(text, year=2024)
    assert [f for extractor in EXTRACTORS for f in extractor(doc)] == []
