"""Enterprises: names in the places reports put companies, never from a list of names.

Cues: 以X为链主/龙头, 支持X、Y等企业, X、Y被确定为…企业, names ending in a legal form (公司, 集团),
and clause subjects ending in an industry suffix (药业, 铜业, 机电 …).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.build.document import Document
from kg.build.extract.common import (
    CHAIN_LIST,
    CJK,
    LEADER_CUE,
    clause_start,
    is_enterprise_name,
    list_items,
    strip_verbs,
    trim_lead,
)
from kg.build.facts import Enterprise
from kg.build.lexicon import alternation, tagged_verbs, tokens, wordlist

_KIND = r"(?:企业|公司|平台|厂商|集团|龙头|链主|央企|国企)"
# X、Y等(50家)…企业 / X、Y两家央企…: a list closed by 等 or a count, then a kind of company
_LISTED = re.compile(rf"(?:等|(?<=[{CJK}])[两二三四五六七八九十]家)(?:[\d一二两三四五六七八九十百]+家)?([^,;。:等的]{{0,8}}?){_KIND}")
# X成功上市 / X、Y顺利挂牌 / X登陆北交所: companies named by what only companies do
_LISTING = re.compile(r"(?:成功|顺利|正式)(?:上市|挂牌|登陆(?:北交所|上交所|深交所|科创板|创业板|主板|新三板))")
_NAMED_AS = re.compile(r"([^,;。:]{2,60}?)(?:被|获)(?:确定|评为|认定|列为|命名|授予)为?[^,;。]{0,24}?企业")
_FOUNDING = ("组建", "完善", "创办", "做活", "提高", "入选", "成立", "设立", "建成", "打造", "培育", "引进")
_MODIFIERS = ("新型", "现代", "高端", "绿色", "先进", "传统", "特色", "优势", "新兴", "未来",
              "战略", "数字", "智能", "精深", "精细", "生物", "化学", "新能源")


def extract(doc: Document) -> Iterator[Enterprise]:
    """In document order, whichever cue found them (one name may come from two cues: facts.consolidate merges).

    >>> from kg.build.document import parse_document
    >>> [firm.name for firm in extract(parse_document("支持某某科技、某某药业等企业做大做强。"))]
    ['某某科技', '某某药业']
    >>> [firm.name for firm in extract(parse_document("某某新材料有限公司落户园区。"))]
    ['某某新材料有限公司']
    """
    yield from sorted(_found(doc), key=lambda f: f.evidence[0].start)


def _found(doc: Document) -> Iterator[Enterprise]:
    end = doc.body_end
    # spans already read by a cue, where the suffix rule would only find the same names worse
    taken = [m.span() for m in CHAIN_LIST.finditer(doc.norm, 0, end)]
    for match in LEADER_CUE.finditer(doc.norm, 0, end):
        taken.append(match.span())
        yield from _items(doc, *match.span(1))
    for match in _LISTED.finditer(doc.norm, 0, end):
        start = trim_lead(doc, clause_start(doc, match.start(), lists=True), match.start())
        listed = doc.norm[start:match.start()]
        # a list of names (X、Y等) or one short name (长城等); never a verb between 等 and the kind
        if (listed and ("、" in listed or len(listed) <= 6) and not _has_verb(doc, *match.span(1))
                and not _industries(doc, start, match.start())):
            yield from _items(doc, start, match.start())
    for match in _LISTING.finditer(doc.norm, 0, end):
        start = clause_start(doc, match.start(), lists=True)
        if 2 <= match.start() - start <= 40:
            yield from _items(doc, start, match.start())
    for match in _NAMED_AS.finditer(doc.norm, 0, end):
        yield from _items(doc, clause_start(doc, match.end(1), match.start(1), lists=True), match.end(1))
    yield from _suffixed(doc, end, taken)


def _has_verb(doc: Document, start: int, end: int) -> bool:
    """True when the words between 等 and the kind of company hold a verb (等方式推动…平台)."""
    acting = (set(wordlist("lead_words")) | tagged_verbs()) - set(wordlist("not_enterprise"))  # 重点 describes
    return any(word in acting for word, _, _ in tokens(doc.norm, start, end))


def _industries(doc: Document, start: int, end: int) -> bool:
    """云计算、大数据、物联网等数字企业: a list of industries, not of companies."""
    items = [doc.norm[a:b] for a, b in list_items(doc, start, end)]
    industry = wordlist("industry_words")
    return sum(item.endswith(industry) for item in items) * 2 >= len(items)


def _items(doc: Document, start: int, end: int) -> Iterator[Enterprise]:
    for a, b in list_items(doc, start, end):
        a = strip_verbs(doc, a, b)
        name = doc.norm[a:b].strip("“”\"' ")
        if is_enterprise_name(name):
            offset = doc.norm.index(name, a)
            yield Enterprise(name, evidence=(doc.mention(offset, offset + len(name)),))


def _suffixed(doc: Document, end: int, taken) -> Iterator[Enterprise]:
    strong = re.compile(rf"[{CJK}A-Za-z0-9()]{{2,30}}?(?:{alternation('strong_enterprise_suffixes')})")
    industry = re.compile(
        rf"(?:(?<=[,;。:的\n])|^)[ \t]*([{CJK}]{{2,4}}?(?:{alternation('subject_suffixes')}))"
        rf"(?![{CJK}]{{0,2}}(?:产业|行业|企业|专业镇|板块|领域|板|权))", re.M)
    for match in strong.finditer(doc.norm, 0, end):
        start = trim_lead(doc, clause_start(doc, match.start(), stops="的"), match.end())
        # 组建X集团, 完善…现代公司: the name starts after the last verb of founding or reform
        for word, _, word_end in tokens(doc.norm, start, match.end()):
            if word in _FOUNDING:
                start = word_end
        start = strip_verbs(doc, start, match.end())
        name = doc.norm[start:match.end()]
        if is_enterprise_name(name):
            yield Enterprise(name, evidence=(doc.mention(start, match.end()),))
    for match in industry.finditer(doc.norm, 0, end):
        subject_start, subject_end = match.span(1)
        if any(s <= subject_start < e for s, e in taken):
            continue
        start = trim_lead(doc, subject_start, subject_end)
        name = doc.norm[start:subject_end]
        if len(name) >= 4 and not name.startswith(_MODIFIERS) and is_enterprise_name(name):
            yield Enterprise(name, evidence=(doc.mention(start, subject_end),))
