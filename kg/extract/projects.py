"""Projects: named works ending in 项目 or 工程, with total investment, milestones and status.

A name runs left from its head (项目/工程) to the clause boundary, the 的 of "总投资…的", or the
list comma; lead words (加快推进, 积极谋划 …) are trimmed by jieba tokens. Deadlines and
milestone verbs are read from the rest of the clause: "…项目，4月底开工建设".
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.common import (COUNT, balanced_quotes, clause_start, milestone_pattern, strip_unbalanced, trim_lead)
from kg.facts import Amount, Milestone, Project
from kg.lexicon import mapping, tokens, wordlist
from kg.numbers import DEADLINE, MONEY, money_value, resolve_deadline
from kg.text import Document

_HEAD = re.compile(r"(?:项目|工程)(?:\((?:[一二三四五六七八九十\d]+期)?(?:工程|项目)?\))?|\([一二三四五六七八九十\d]+期工程\)")
_INVEST_BEFORE = re.compile(rf"(?:计划)?(?:总投资|投资)(?:额)?(?:约|达|超|近)?({MONEY.pattern})(?:以上|左右)?的$")
_INVEST_AFTER = re.compile(rf"^[(,]?(?:计划)?(?:总投资|投资)(?:额)?(?:约|达|超|近)?为?({MONEY.pattern})")
# a street name before 、 belongs to the name: 晋都西路、程王路立面改造工程 is one work
_STREET = re.compile(r"[\u4e00-\u9fff]{1,6}(?<!铁)(?<!公)(?<!道)(?<!线)(?:路|街|大道|巷)$")
_COUNTED = re.compile(r"[\d一二两三四五六七八九十百几多]+[个项批]$")
_GENERIC = re.compile(r"^(?:重点|重大|在建|新建|续建|签约|实施类|基建|民生|产业|招商|建设|配套|"
                      r"一期|二期|三期|[一二三四五六七八九十\d]+期|前期|后续|相关|其他|各类|这些|上述|该)$")


def extract(doc: Document) -> Iterator[Project]:
    verbs = mapping("milestone_verbs")
    verb_re = re.compile(milestone_pattern())
    for head in _HEAD.finditer(doc.norm, 0, doc.body_end):
        found = _name(doc, head)
        if found is None:
            continue
        start, end = found
        name = doc.norm[start:end]
        sentence = doc.sentence_at(start)
        clause_end = _clause_end(doc, end, sentence.end)
        review = doc.period_at(start) == "review"
        year = (doc.review_year if review else doc.year) or doc.year
        milestones = tuple(_milestones(doc, end, clause_end, year, verbs, verb_re))
        investment = _investment(doc, start, end, clause_end)
        if head.group().startswith("工程") and not (milestones or investment) and not re.search(r"\d", name):
            continue  # 实施…工程 without a date, money or number is a programme, not a work
        done = review and any(m.verb not in ("签约", "落地") or m.due for m in milestones)
        status = "completed" if done else ("reported" if review else "planned")
        yield Project(name, investment, milestones, status, evidence=(doc.mention(start, end),))


def _name(doc: Document, head: re.Match) -> tuple[int, int] | None:
    h_start, end = head.span()
    before = doc.norm[max(0, h_start - 6):h_start]
    if before.endswith(("等", "及", "和", "与", "、", "的")) or _COUNTED.search(before):
        return None  # 一批项目, X、Y等项目: groups, not named projects
    start = clause_start(doc, h_start, stops="的")
    # 晋都西路、程王路…工程: absorb street names that share the head
    while start >= 2 and doc.norm[start - 1] == "、":
        prev = clause_start(doc, start - 1, stops="的")
        if not _STREET.search(doc.norm[prev:start - 1]):
            break
        start = prev
    start = strip_unbalanced(doc, start, h_start)
    start = trim_lead(doc, start, h_start)
    core = doc.norm[start:h_start].strip("“”\"' ")
    if not balanced_quotes(doc.norm[start:end]):
        return None  # the head sits inside a quoted slogan (“项目第一支撑”)
    last = tokens(doc.norm, start, h_start)[-1:] if h_start > start else []
    if last and last[0][0] in wordlist("not_before_head"):
        return None
    if DEADLINE.match(core):
        return None  # "5月底前主体工程": a date, then a generic part of some work
    if len(core) < 3 or _GENERIC.match(core) or COUNT.search(core):
        return None
    if doc.norm[start - 1:start] == "“" and doc.norm[end:end + 1] == "”":
        return None  # a quoted title (“千万工程”) names a programme
    if core[-1] in "等及和与的之":
        return None
    return start, end


def _clause_end(doc: Document, pos: int, sentence_end: int) -> int:
    semi = doc.norm.find(";", pos, sentence_end)
    return semi if semi != -1 else sentence_end


def _milestones(doc, start, end, year, verbs, verb_re) -> Iterator[Milestone]:
    """The first dated milestone of the clause, or else its first undated milestone verb."""
    for date_match in DEADLINE.finditer(doc.norm, start, end):
        tail = doc.norm[date_match.end():min(end, date_match.end() + 12)]
        verb = next((m for m in verb_re.finditer(tail) if not re.search(r"[,、]", tail[:m.start()])), None)
        if verb is None or year is None:
            continue
        due = resolve_deadline(date_match, year)
        if due is None:
            continue
        b, e = date_match.start(), date_match.end() + verb.end()
        yield Milestone(verbs[verb.group()], due, doc.norm[b:e], evidence=(doc.mention(b, e),))
        return
    window = doc.norm[start:min(end, start + 16)]
    if (verb := verb_re.search(window)) and not re.search(r"[,;。]", window[:verb.start()]):
        b, e = start + verb.start(), start + verb.end()
        while follow := verb_re.match(doc.norm, e, end):  # 签约开工: the last verb of a run is what happened
            verb, e = follow, follow.end()
        yield Milestone(verbs[verb.group()], None, doc.norm[b:e], evidence=(doc.mention(b, e),))


def _investment(doc: Document, start: int, end: int, clause_end: int) -> Amount | None:
    before = doc.norm[max(0, start - 30):start]
    match = _INVEST_BEFORE.search(before)
    offset = max(0, start - 30)
    if match is None:
        match = _INVEST_AFTER.search(doc.norm[end:clause_end])
        offset = end
    if match is None:
        return None
    money = MONEY.search(match.group(1))
    value = money_value(money)
    if value is None:
        return None
    b = offset + match.start(1)
    e = offset + match.end(1)
    return Amount(value, doc.norm[b:e], evidence=(doc.mention(b, e),))
