"""Facts from the learned span model: its spans become enterprises, projects and chains, with their confidence."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kg.build.extract.common import balanced_quotes, is_enterprise_name, milestone_pattern, strip_verbs, trim_lead
from kg.build.extract.projects import project_at, shares_head
from kg.build.facts import Enterprise, IndustryChain, Project
from kg.build.lexicon import mapping
from kg.build.model import spans
from kg.build.text import Document

_EDGE = "“”\"'、,，;；:：()（）《》 \t"


def extract(doc: Document, model: str | Path | None = None) -> Iterator[Enterprise | Project | IndustryChain]:
    """The facts of the spans the model (the shipped one unless `model` names another) finds in the body.

    >>> from kg.build.text import parse_document
    >>> found = list(extract(parse_document("支持某某科技、某某药业等企业上市。")))
    >>> [(type(fact).__name__, fact.name) for fact in found]
    [('Enterprise', '某某科技'), ('Enterprise', '某某药业')]
    >>> all(0 < fact.confidence <= 1 for fact in found)
    True
    """
    milestone_verbs = mapping("milestone_verbs")
    verb_re = re.compile(milestone_pattern())
    for span in spans(doc, model):
        for a, b in _items(doc, span):
            yield from _fact(doc, span, a, b, milestone_verbs, verb_re)


def _items(doc: Document, span) -> list[tuple[int, int]]:
    """A span that runs over a list (雅友、盛屯) is one name per item; works named along places that
    share one head (滨河路、建设路改造工程) stay one."""
    a, b = _trimmed(doc, span.start, span.end)
    cuts = [i for i in range(a, b) if doc.norm[i] == "、"]
    if not cuts or (span.kind == "PRJ" and shares_head(doc, a, cuts)):
        return [(a, b)]
    bounds = [a, *[c + 1 for c in cuts]]
    ends = [*cuts, b]
    return [_trimmed(doc, x, y) for x, y in zip(bounds, ends)]


def _fact(doc: Document, span, a: int, b: int, milestone_verbs, verb_re):
    name = doc.norm[a:b]
    if len(name) < 2 or not balanced_quotes(name) or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
        return
    if span.kind == "ENT":
        a = strip_verbs(doc, trim_lead(doc, a, b), b)  # 帮助水泥…: a lead verb the model took in
        name = doc.norm[a:b]
        if is_enterprise_name(name):  # the rules' test: no public body, place, kind of company or count
            yield Enterprise(name, evidence=(doc.mention(a, b),), confidence=span.confidence)
    elif span.kind == "CHN":
        yield IndustryChain(name, evidence=(doc.mention(a, b),), confidence=span.confidence)
    elif span.kind == "PRJ" and (project := project_at(doc, a, b, milestone_verbs, verb_re)):
        yield replace(project, confidence=span.confidence)


_PAIRS = {"“": "”", "(": ")", "（": "）", "《": "》"}


def _trimmed(doc: Document, a: int, b: int) -> tuple[int, int]:
    """The span without punctuation at its edges, but for a bracket or quote whose partner is inside."""
    closing = {v: k for k, v in _PAIRS.items()}
    while a < b and doc.norm[a] in _EDGE and not (doc.norm[a] in _PAIRS and _PAIRS[doc.norm[a]] in doc.norm[a:b]):
        a += 1
    while b > a and doc.norm[b - 1] in _EDGE and not (doc.norm[b - 1] in closing
                                                        and closing[doc.norm[b - 1]] in doc.norm[a:b]):
        b -= 1
    return a, b
