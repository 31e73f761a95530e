"""A report's text: the same-length normalised shadow, mentions, sentences, sections and parts.

The original text is never edited: every offset in the graph points into `Document.text`.
Patterns run over `Document.norm`, a copy of the same length in which full-width ASCII and the
ideographic space are folded to ASCII and CR to LF, so one pattern serves "，" and "," (and every
line ending) alike without moving offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from kg.build.facts import Mention
from kg.build.report_meta import Meta, read_meta

# full-width ASCII (U+FF01..U+FF5E) → ASCII, ideographic space → space: one code point each
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x0D] = 0x0A  # CR ends a line as LF does: CRLF and old Mac files read like Unix ones


def fold(text: str) -> str:
    r"""The same-length shadow of a text.

    >>> fold("２０２４年，增长５％\r\n")
    '2024年,增长5%\n\n'
    """
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A numbered top-level part of the report (一、… 二、…) or the glossary."""
    title: str
    start: int
    end: int
    kind: str  # "review", "plan", "glossary" or "other"


_SENTENCE = re.compile(r"[^。!?\n]+[。!?]*")
_HEADING = re.compile(
    r"^[ \t]*(?:([一二三四五六七八九十]{1,3})[、.][ \t]*(\S[^\n]{0,40})"
    # or an unnumbered line that names a year and a part of the report: 奋力完成2023年…的各项任务
    r"|([^\n,。;:!?()]{0,16}\d{4}年[^\n,。;:!?()]{0,20}(?:回顾|安排|任务|目标|重点|建议|谋划|工作)))[ \t]*$",
    re.M,
)
_GLOSSARY_HEAD = re.compile(
    # 名词解释, 【注释】, 附:名词解释, 附件一:名词解释, 《政府工作报告》名词解释 on a line of their own
    r"^[ \t]*[\[【〔※(]?[ \t]*(?:附(?:件[一二三四五六七八九十\d]*)?[::]?[ \t]*)?(?:《[^》\n]{2,20}》)?"
    r"(?:名[ \t]*词[ \t]*解[ \t]*释|注[ \t]*释)[ \t]*[\]】〕※)]?[ \t]*[::]?[ \t]*$",
    re.M,
)
_REVIEW_WORDS = ("回顾", "总结", "过去")
_PLAN_WORDS = ("安排", "任务", "目标", "工作", "打算", "重点")


@dataclass
class Document:
    name: str
    text: str
    norm: str = field(repr=False)
    year_hint: int | None = None
    warnings: list[str] = field(default_factory=list, compare=False)

    def mention(self, start: int, end: int) -> Mention:
        """The only constructor of mentions, so a mention's text is the text at its offsets."""
        return Mention(start, end, self.text[start:end])

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        spans = []
        for match in _SENTENCE.finditer(self.norm):
            start, end = match.span()
            while start < end and self.norm[start].isspace():
                start += 1
            while end > start and self.norm[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append(Span(start, end))
        return tuple(spans)

    def sentence_at(self, offset: int) -> Span:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            span = self.sentences[mid]
            if offset < span.start:
                hi = mid - 1
            elif offset >= span.end:
                lo = mid + 1
            else:
                return span
        return Span(offset, offset)

    @cached_property
    def glossary(self) -> Span | None:
        """The glossary section: from its heading to the end of the report."""
        heads = list(_GLOSSARY_HEAD.finditer(self.norm))
        if not heads:
            return None
        return Span(heads[-1].end(), len(self.norm))

    @cached_property
    def body_end(self) -> int:
        return self.glossary.start if self.glossary else len(self.norm)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        heads = list(_HEADING.finditer(self.norm, 0, self.body_end))
        out = []
        for i, head in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else self.body_end
            title = (head.group(2) or head.group(3)).strip()
            out.append(Section(title, head.start(), end, _section_kind(title, self.meta)))
        return tuple(out)

    @cached_property
    def _parts(self) -> tuple[tuple[int, str], ...]:
        """Where the review and the plan begin; other headings (一、着力… inside the plan) change nothing."""
        parts = tuple((section.start, section.kind) for section in self.sections if section.kind in ("review", "plan"))
        if parts:
            return parts
        # no heading says which part is which: the plan begins where this year's goals are set out
        cue = re.search(rf"预期目标|总体要求|{self.year or '今'}年(?:是|工作)|今年(?:是|工作)", self.norm[:self.body_end])
        return ((0, "review"), (cue.start(), "plan")) if cue else ((0, "review"),)

    def period_at(self, offset: int) -> str:
        """'review' for text about the year under review, otherwise 'plan'.

        Text before the first part heading is the preamble, which in these reports opens the review.
        """
        kind = "review"
        for start, part in self._parts:
            if start > offset:
                break
            kind = part
        return kind

    @cached_property
    def meta(self) -> Meta:
        return read_meta(self.norm, self.year_hint)

    @property
    def year(self) -> int | None:
        return self.meta.year

    @property
    def review_year(self) -> int | None:
        return self.meta.review_year


def _section_kind(title: str, meta: Meta) -> str:
    years = set(re.findall(r"\d{4}", title))
    if any(word in title for word in _REVIEW_WORDS):
        return "review"
    if meta.year and str(meta.year) in years:
        return "plan"
    if meta.review_year and str(meta.review_year) in years:
        return "review"
    if years:
        return "other"
    if any(word in title for word in _PLAN_WORDS):
        return "plan"
    return "other"


def parse_document(text: str, name: str = "report", year: int | None = None) -> Document:
    """A Document from text already decoded; `year` is used only when the text does not state one."""
    return Document(name=name, text=text, norm=fold(text), year_hint=year)
