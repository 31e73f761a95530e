"""Projects: named works with total investment, milestones and status.

Three cues: a head (项目, 工程, (一期工程), …工程徐水段); a facility (产业园, 大厦, 基地, 中心 …) that the
text builds ("支持A产业园、B大厦建设", "A中心主体封顶"); the items of "A、B两个省重点项目".
A name runs left from its head to the clause boundary, the 的 of "总投资…的", or the list comma;
lead words (加快推进, 积极谋划 …) are trimmed by jieba tokens. Deadlines and milestone verbs are
read from the rest of the clause: "…项目，4月底开工建设".
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.build.document import Document
from kg.build.extract.common import (
    COUNT,
    balanced_quotes,
    clause_start,
    list_items,
    milestone_pattern,
    strip_unbalanced,
    trim_lead,
)
from kg.build.extract.period import year_at
from kg.build.extract.project_details import investment_of, milestones_in
from kg.build.facts import Milestone, Project
from kg.build.lexicon import mapping, tokens, wordlist
from kg.build.numbers import DEADLINE, MONEY
from kg.kinds import Status

_HEAD = re.compile(
    r"(?:(?:项目|工程)(?:\((?:[一二三四五六七八九十\d]+期)?(?:工程|项目)?\))?|\([一二三四五六七八九十\d]+期工程\))"
    r"(?:[\u4e00-\u9fff]{1,4}段)?"  # 锦郑成品油管道工程徐水段: the stretch of a work in this place
)
# facilities are projects when the text builds them: "支持A产业园、B大厦建设", "A中心主体封顶"
_FACILITY = re.compile(r"(?:产业园|科技园|园区|园|城|大厦|基地|中心|学院|综合体)(?:[一二三四五六七八九十\d]+期)?")
# "A、B两个省重点项目": the listed items are the projects
_COUNTED_LIST = re.compile(r"(?:[两二三四五六七八九十]|\d+)个(?:省|市|县|区)?级?(?:重点|重大)?(?:产业)?项目")
# a place before 、 belongs to the name: 晋都西路、程王路立面改造工程 and 易县、高碑店…项目 are one work each
_PLACE_ITEM = re.compile(r"[\u4e00-\u9fff]{1,6}(?<!铁)(?<!公)(?<!道)(?<!线)(?:路|街|大道|巷|河|江|溪|湖|渠|县|市|区)$")
# a place anchor on each side of 和 makes two works: 城内大街南延和永兴路提升项目
_ANCHOR = re.compile(r"[\u4e00-\u9fff]{1,6}(?<!铁)(?<!公)(?<!道)(?<!线)(?:路|街|大道|河|江)")
_COUNTED = re.compile(r"[\d一二两三四五六七八九十百几多]+[个项批]$")
# 项目 followed by these is a modifier (项目资金, 项目化) or a count (项目572项): no named project
_AFTER_HEAD = re.compile(r"(?:资金|化|占比|审批|支撑|聚集|为王|库|储备|\d+[个项]|各\d+个)")
_GENERIC = re.compile(r"^(?:[一二三四五六七八九十\d]+期|前期|后续|相关|其他|各类|这些|上述|该)$")
_SCALE = re.compile(r"[百千万亿]+(?:元)?级")
_DESIGNATION = re.compile(r"入选|获批|被确定为|确定为|列入|评为|纳入|认定为|授予|荣获|申报|上报")
_PROGRAMME_VERBS = ("实施", "开展", "实现", "推广")
# a work (工程) named without a date or money needs a place in its name: a road, a river, a stretch …
_WORK_ANCHOR = re.compile(r"路|街|道|河|江|湖|渠|桥|港|站|机场|线|县|镇|乡|村|段|\d")
_COMMON_PLACES = re.compile(r"城镇|城乡|乡村|农村|城市|市民|街道")
# after a facility's 建设, a boundary or progress: "国际医疗基地建设加快推进", not "…中心建设机遇"
_BUILT = re.compile(r"建设(?:[,;。]|$|加快|完成|顺利|有序|全面|稳步|取得|提速|进展)")
_WEAK_VERBS = ("完成", "落地", "签约")
_INNER_VERBS = ("实施", "推进", "启动", "开展", "加快", "推动")


def extract(doc: Document) -> Iterator[Project]:
    """Projects in document order, from all three kinds of cue.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("二、2024年工作安排\\n总投资12亿元的青川光伏组件项目，4月底开工建设。\\n")
    >>> [(found.name, found.investment.text, found.milestones[0].due.isoformat(), str(found.status))
    ...  for found in extract(doc)]
    [('青川光伏组件项目', '12亿元', '2024-04-30', 'planned')]
    """
    spans: dict[tuple[int, int], str] = {}
    for head in _HEAD.finditer(doc.norm, 0, doc.body_end):
        if found := _name(doc, head.start(), head.end()):
            spans.setdefault(found, head.group())
    for head in _FACILITY.finditer(doc.norm, 0, doc.body_end):
        if _being_built(doc, head.end()) and (found := _name(doc, head.start(), head.end(), facility=True)):
            spans.setdefault(found, head.group())
    for counted in _COUNTED_LIST.finditer(doc.norm, 0, doc.body_end):
        start = trim_lead(doc, clause_start(doc, counted.start(), lists=True), counted.start())
        if "、" in doc.norm[start:counted.start()]:
            for item_start, item_end in list_items(doc, start, counted.start()):
                item = doc.norm[item_start:item_end]
                if len(item) >= 4 and "等" not in item and not MONEY.search(item) and not re.search(r"\d", item):
                    spans.setdefault((item_start, item_end), "")
    verbs = mapping("milestone_verbs")
    verb_re = re.compile(milestone_pattern())
    for (start, end), head in sorted(spans.items()):
        if project := _project(doc, start, end, head, verbs, verb_re):
            yield project


def _project(doc: Document, start: int, end: int, head: str, verbs, verb_re) -> Project | None:
    name = doc.norm[start:end]
    sentence = doc.sentence_at(start)
    clause_end = _clause_end(doc, end, sentence.end)
    review, year = year_at(doc, start)
    milestones = tuple(milestones_in(doc, end, clause_end, year, verbs, verb_re))
    investment = investment_of(doc, start, end, clause_end)
    if "工程" in head and not (milestones or investment):
        lead = doc.norm[clause_start(doc, start):start]
        if any(verb in lead for verb in _PROGRAMME_VERBS) or not _WORK_ANCHOR.search(_COMMON_PLACES.sub("", name)):
            return None  # 实施…工程, 雨污分流改造工程: a programme or a kind of work, not a named work
    status = _status(review, milestones)
    return Project(name, investment, milestones, status, evidence=(doc.mention(start, end),))


# a review that says a work began (开工) says it was started, not finished; signing is no milestone reached
_STARTED = ("开工",)
_NOT_REACHED = ("签约", "落地")


def _status(review: bool, milestones: tuple[Milestone, ...]) -> Status:
    if not review:
        return Status.PLANNED
    reached = [milestone for milestone in milestones if milestone.verb not in _NOT_REACHED or milestone.due]
    if not reached:
        return Status.REPORTED
    return Status.STARTED if all(milestone.verb in _STARTED for milestone in reached) else Status.COMPLETED


def shares_head(doc: Document, start: int, cuts: list[int]) -> bool:
    """晋都西路、程王路…工程: every item before the last is a place that shares the last one's head."""
    bounds = [start, *[cut + 1 for cut in cuts]]
    return all(_PLACE_ITEM.search(doc.norm[item_start:cut]) for item_start, cut in zip(bounds, cuts))


def project_at(doc: Document, start: int, end: int, verbs, verb_re) -> Project | None:
    """A project named at doc.norm[start:end] by some other means (the span model), read like any other,
    unless the rules know the words for a kind or a group of projects (市重点项目, 139个项目, 5000万元以上项目)."""
    core = doc.norm[start:end]
    words = [word for word, _, _ in tokens(doc.norm, start, end)]
    if words and all(word in wordlist("generic_project_words") or word in ("项目", "工程") for word in words):
        return None
    if _SCALE.search(core) or COUNT.search(core) or "等" in core or MONEY.search(core) or DEADLINE.match(core):
        return None
    return _project(doc, start, end, "", verbs, verb_re)


def _being_built(doc: Document, end: int) -> bool:
    """A facility followed by 建设 or a milestone, itself or at the end of the list it stands in.

    完成, 落地 and 签约 are too weak here (中小企业园完成征地), and 把X建成Y makes X into Y.
    """
    stop = end
    while stop < doc.body_end and doc.norm[stop] not in ",;。:!?\n":
        stop += 1
    rest = doc.norm[end:stop]
    if rest.startswith("、"):
        rest = rest[rest.rfind("、") + 1:]
        rest = rest[_FACILITY.search(rest).end():] if _FACILITY.search(rest) else rest
        rest = rest[_HEAD.search(rest).end():] if _HEAD.search(rest) else rest
    verb = re.match(milestone_pattern(), rest)
    return bool(_BUILT.match(rest) or (verb and verb.group() not in _WEAK_VERBS))


def _name(doc: Document, h_start: int, end: int, facility: bool = False) -> tuple[int, int] | None:
    before = doc.norm[max(0, h_start - 6):h_start]
    if before.endswith(("等", "及", "和", "与", "、", "的", "各", "每", "该", "此")) or _COUNTED.search(before):
        return None  # 一批项目, X、Y等项目: groups, not named projects
    if _AFTER_HEAD.match(doc.norm, end):
        return None
    if _HEADING_LINE.match(doc.norm, doc.sentence_at(h_start).start):
        return None  # "(一)深入推进品质城市提升工程。": a part of the plan, not a work
    start = clause_start(doc, h_start, stops="的")
    opened = doc.norm.rfind("“", start, h_start)
    if opened != -1 and "”" not in doc.norm[opened:h_start] and doc.norm[end:end + 1] == "”":
        start, end = opened, end + 1  # “徐特立项目”: the quoted name, quotes and all
    # 晋都西路、程王路…工程: absorb places that share the head
    while start >= 2 and doc.norm[start - 1] == "、":
        prev = clause_start(doc, start - 1, stops="的")
        if not _PLACE_ITEM.search(doc.norm[prev:start - 1]):
            break
        start = prev
    dash = doc.norm.rfind("――", start, h_start)  # 国家重大科技基础设施――X项目: the kind, then the name
    start = dash + 2 if dash != -1 else start
    start = trim_lead(doc, strip_unbalanced(doc, start, h_start), h_start)
    start = _after_inner_verb(doc, start, h_start)
    if _DESIGNATION.search(doc.norm, clause_start(doc, start), h_start):
        return None  # 入选国家…示范项目, 获批…项目: a title given, not a work built
    start = _after_other_work(doc, start, h_start)
    if facility and doc.norm[clause_start(doc, start):start].endswith(("把", "将")):
        return None  # 把X建成Y makes X into Y
    core = doc.norm[start:h_start].strip("“”\"' ")
    if not balanced_quotes(doc.norm[start:end]):
        return None  # the head sits inside a quoted slogan (“项目第一支撑”)
    words = [word for word, _, _ in tokens(doc.norm, start, h_start)]
    if words and words[-1] in wordlist("not_before_head"):
        return None
    if words and all(word in wordlist("generic_project_words") for word in words) or _SCALE.search(core):
        return None  # 市重点建设项目, 新投产项目, 百亿级项目: a kind of project, not one
    if DEADLINE.match(core) or re.search(r"\[\d+\]", core):
        return None  # "5月底前主体工程"; a glossary marker [18] makes it a programme's name
    if len(re.sub(r"[()（）“”\"'一二三四五六七八九十]", "", core)) < 2:
        return None  # "(五)项目": an ordinal, no name
    if len(core) < (2 if facility else 3) or _GENERIC.match(core) or COUNT.search(core) or "等" in core:
        return None
    if MONEY.search(core) or core.endswith(("资金", "以上", "以下")) or core[-1] in "一二三四五六七八九十两":
        return None  # 5000万元以上项目, 补助资金项目, 乡村e镇四中心: amounts, funds and counts
    quoted = doc.norm[start - 1:start] == "“" and doc.norm[end:end + 1] == "”"
    if quoted and "工程" in doc.norm[h_start:end]:
        return None  # a quoted title (“千万工程”) names a programme
    if core[-1] in "等及和与的之":
        return None
    return start, end


_HEADING_LINE = re.compile(r"[ \t]*[(（][一二三四五六七八九十]+[)）][^。\n]{0,30}。?$", re.M)


def _after_inner_verb(doc: Document, start: int, h_start: int) -> int:
    """在X实施Y项目: the name is Y."""
    for word, _, word_end in reversed(tokens(doc.norm, start, h_start)[1:]):
        if word in _INNER_VERBS:
            return word_end
    return start


def _after_other_work(doc: Document, start: int, h_start: int) -> int:
    """宏兴西路排水防涝和刘伶东路雨水泵站项目: two works, each with its own place; the name is the second."""
    text = doc.norm[start:h_start]
    cut = text.rfind("和")
    if cut > 0 and _ANCHOR.search(text[:cut]) and _ANCHOR.match(text, cut + 1):
        return start + cut + 1
    return start


def _clause_end(doc: Document, pos: int, sentence_end: int) -> int:
    semi = doc.norm.find(";", pos, sentence_end)
    return semi if semi != -1 else sentence_end
