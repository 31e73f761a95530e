"""Facts from the learned span model: its spans become enterprises, projects and chains, with their confidence."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kg.build.document import Document
from kg.build.extract.common import balanced_quotes, is_enterprise_name, milestone_pattern, strip_verbs, trim_lead
from kg.build.extract.projects import project_at, shares_head
from kg.build.facts import Enterprise, IndustryChain, Project
from kg.build.lexicon import mapping
from kg.build.model import spans
from kg.kinds import Kind

_EDGE = "“”\"'、,，;；:：()（）《》 \t"


def extract(doc: Document, model: str | Path | None = None) -> Iterator[Enterprise | Project | IndustryChain]:
    """The facts of the spans the model (the shipped one unless `model` names another) finds in the body.

    >>> from kg.build.document import parse_document
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
    start, end = _trimmed(doc, span.start, span.end)
    cuts = [i for i in range(start, end) if doc.norm[i] == "、"]
    if not cuts or (span.kind == Kind.PROJECT.tag and shares_head(doc, start, cuts)):
        return [(start, end)]
    starts = [start, *[cut + 1 for cut in cuts]]
    ends = [*cuts, end]
    return [_trimmed(doc, *item) for item in zip(starts, ends)]


def _fact(doc: Document, span, start: int, end: int, milestone_verbs, verb_re):
    name = doc.norm[start:end]
    if len(name) < 2 or not balanced_quotes(name) or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
        return
    if span.kind == Kind.ENTERPRISE.tag:
        start = strip_verbs(doc, trim_lead(doc, start, end), end)  # 帮助水泥…: a lead verb the model took in
        name = doc.norm[start:end]
        if is_enterprise_name(name):  # the rules' test: no public body, place, kind of company or count
            yield Enterprise(name, evidence=(doc.mention(start, end),), confidence=span.confidence)
    elif span.kind == Kind.CHAIN.tag:
        yield IndustryChain(name, evidence=(doc.mention(start, end),), confidence=span.confidence)
    elif span.kind == Kind.PROJECT.tag and (project := project_at(doc, start, end, milestone_verbs, verb_re)):
        yield replace(project, confidence=span.confidence)


_PAIRS = {"“": "”", "(": ")", "（": "）", "《": "》"}


def _trimmed(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span without punctuation at its edges, but for a bracket or quote whose partner is inside."""
    closing = {close: open_ for open_, close in _PAIRS.items()}
    text = doc.norm
    while (start < end and text[start] in _EDGE
           and not (text[start] in _PAIRS and _PAIRS[text[start]] in text[start:end])):
        start += 1
    while end > start and text[end - 1] in _EDGE and not (text[end - 1] in closing
                                                          and closing[text[end - 1]] in text[start:end]):
        end -= 1
    return start, end
