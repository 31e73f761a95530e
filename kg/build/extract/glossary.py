"""Glossary: the terms of the 名词解释 (注释) section, their definitions, and the body sentences that use each term.

Entries are numbered 1. / 1、 / [1] / 〔1〕 / 【1】 / (1) / ^[1]; the term runs to the first colon, or is
set in brackets with the definition straight after (1.[术语]定义). A section with no numbered entry is
read as plain "术语:定义" lines, numbered in order, up to the first line that is not one (the scraped
page's footer follows the glossary).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.build.document import Document
from kg.build.facts import GlossaryTerm

_NUMBER = r"^[ \t]*(?:\^?\[|〔|【|\()?[ \t]*(\d{1,3})[ \t]*(?:\]|〕|】|\)|\.|、)[ \t]*"
_TAIL = r"[ \t]*(?:\(见第\d+页\))?[ \t]*$"
_ENTRY = re.compile(
    _NUMBER + r"(?:\[([^\n\]]{1,40})\]|【([^\n】]{1,40})】|([^\n:\[【]{1,40}?)[ \t]*:)[ \t]*([^\n]*?)" + _TAIL, re.M)
_PLAIN = re.compile(r"^[ \t]*([^\n:,。;!?\d\[【〔(][^\n:,。;!?]{1,29}?)[ \t]*:[ \t]*([^\n]+?)" + _TAIL, re.M)


def extract(doc: Document) -> Iterator[GlossaryTerm]:
    """Each entry of the glossary section with its definition and the body sentences that use its term.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("深入实施“链长制”。\\n\\n名词解释\\n\\n1.链长制:由一位负责同志牵头一条产业链的工作机制。\\n")
    >>> term = next(extract(doc))
    >>> term.number, term.term, term.definition
    (1, '链长制', '由一位负责同志牵头一条产业链的工作机制。')
    >>> [use.text for use in term.uses]
    ['深入实施“链长制”。']
    """
    if doc.glossary is None:
        return
    body = doc.norm[:doc.body_end]
    for number, term_span, def_span in _entries(doc):
        term = doc.norm[slice(*term_span)]
        uses = []
        for variant in dict.fromkeys((term, term.replace("“", "").replace("”", ""))):
            for found in re.finditer(re.escape(variant), body):
                sentence = doc.sentence_at(found.start())
                uses.append(doc.mention(sentence.start, sentence.end))
            if uses:
                break
        yield GlossaryTerm(
            term, number, doc.text[slice(*def_span)],
            definition_evidence=(doc.mention(*def_span),),
            uses=tuple(sorted(set(uses))),
            evidence=(doc.mention(*term_span),),
        )


def _entries(doc: Document) -> Iterator[tuple[int, tuple[int, int], tuple[int, int]]]:
    """(number, term span, definition span) of each entry with a definition."""
    numbered = False
    for match in _ENTRY.finditer(doc.norm, doc.glossary.start, doc.glossary.end):
        numbered = True
        group = next(g for g in (2, 3, 4) if match.group(g) is not None)
        if match.group(5):
            yield int(match.group(1)), match.span(group), match.span(5)
    if numbered:
        return
    pos, number = doc.glossary.start, 0
    for line in doc.norm[doc.glossary.start:doc.glossary.end].split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        match = _PLAIN.fullmatch(doc.norm, start, start + len(line))
        if match is None:
            if number:
                return
            continue
        number += 1
        yield number, match.span(1), match.span(2)
