"""Facts from the learned span model: its spans become enterprises, projects and chains, with their confidence."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.extract.common import balanced_quotes, milestone_pattern
from kg.facts import Enterprise, IndustryChain, Project
from kg.lexicon import mapping
from kg.model import spans
from kg.text import Document

_EDGE = "“”\"'、,，;；:：()（）《》 \t"


def extract(doc: Document, model: str | Path | None = None) -> Iterator[Enterprise | Project | IndustryChain]:
    from kg.extract.projects import project_at

    verbs = mapping("milestone_verbs")
    verb_re = re.compile(milestone_pattern())
    for span in spans(doc, model):
        a, b = _trimmed(doc, span.start, span.end)
        name = doc.norm[a:b]
        if len(name) < 2 or not balanced_quotes(name) or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
            continue
        evidence = (doc.mention(a, b),)
        if span.kind == "ENT":
            yield Enterprise(name, evidence=evidence, confidence=span.confidence)
        elif span.kind == "CHN":
            yield IndustryChain(name, evidence=evidence, confidence=span.confidence)
        elif span.kind == "PRJ" and (project := project_at(doc, a, b, verbs, verb_re)):
            yield Project(**{**project.__dict__, "confidence": span.confidence})


def _trimmed(doc: Document, a: int, b: int) -> tuple[int, int]:
    while a < b and doc.norm[a] in _EDGE and not (doc.norm[a] == "“" and "”" in doc.norm[a:b]):
        a += 1
    while b > a and doc.norm[b - 1] in _EDGE and not (doc.norm[b - 1] == "”" and "“" in doc.norm[a:b]):
        b -= 1
    return a, b
