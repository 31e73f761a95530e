"""Glossary: the numbered terms of the 名词解释 (注释) section, their definitions, and the body
sentences that use each term.

Entries are numbered 1. / [1] / 〔1〕 / ^[1]; the term runs to the first colon.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.facts import GlossaryTerm
from kg.text import Document

_ENTRY = re.compile(
    r"^[ \t]*(?:\^?\[|〔|【|\()?[ \t]*(\d{1,3})[ \t]*(?:\]|〕|】|\)|\.|、)[ \t]*"
    r"([^\n:]{1,40}?)[ \t]*:[ \t]*([^\n]*?)[ \t]*(?:\(见第\d+页\))?[ \t]*$",
    re.M,
)


def extract(doc: Document) -> Iterator[GlossaryTerm]:
    if doc.glossary is None:
        return
    body = doc.norm[:doc.body_end]
    for match in _ENTRY.finditer(doc.norm, doc.glossary.start, doc.glossary.end):
        term, definition = match.group(2), match.group(3)
        if not definition:
            continue
        uses = []
        for variant in dict.fromkeys((term, term.replace("“", "").replace("”", ""))):
            for found in re.finditer(re.escape(variant), body):
                sentence = doc.sentence_at(found.start())
                uses.append(doc.mention(sentence.start, sentence.end))
            if uses:
                break
        yield GlossaryTerm(
            term, int(match.group(1)), doc.text[slice(*match.span(3))],
            definition_evidence=(doc.mention(*match.span(3)),),
            uses=tuple(sorted(set(uses))),
            evidence=(doc.mention(*match.span(2)),),
        )
