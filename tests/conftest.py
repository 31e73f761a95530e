"""Shared fixtures: the repository, the sample and the corpus, documents made from test sentences."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build, facts_of
from kg.resources import sample_report
from kg.text import Document, parse_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*/expected.ttl from the current build")


def corpus_reports() -> list[Path]:
    """Every report of ../shared/corpus (empty when the corpus is not beside the checkout)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.txt"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return sample_report()


@pytest.fixture(scope="session")
def sample_built():
    """The sample built once for the whole session (extraction, graph and validation)."""
    return build(sample_report())


@pytest.fixture(scope="session")
def sample_doc(sample_built) -> Document:
    return sample_built.doc


@pytest.fixture
def doc_of():
    """A Document from a few sentences of report text, in a report of the given year.

    The sentences are put in the plan part of a report (二、2024年工作安排) unless `review` is set.
    """
    def make(text: str, year: int = 2024, review: bool = False) -> Document:
        part = f"一、{year - 1}年工作回顾\n" if review else f"二、{year}年工作安排\n"
        return parse_document(part + text + "\n", name="test", year=year)
    return make


@pytest.fixture
def facts_in(doc_of):
    """The consolidated facts of a few sentences."""
    def run(text: str, year: int = 2024, review: bool = False):
        return facts_of(doc_of(text, year=year, review=review))
    return run
