"""What a clause says of a project it names: the milestone it is due to reach and its total investment.

>>> import re
>>> from kg.build.extract.common import milestone_pattern
>>> from kg.build.lexicon import mapping
>>> from kg.build.document import parse_document
>>> doc = parse_document("总投资12亿元的青川光伏组件项目，4月底开工建设。")
>>> name_end = doc.norm.index("项目") + 2
>>> investment_of(doc, doc.norm.index("青川"), name_end, len(doc.norm)).text
'12亿元'
>>> verb_re = re.compile(milestone_pattern())
>>> [(found.verb, str(found.due)) for found in milestones_in(doc, name_end, len(doc.norm), 2024,
...                                                          mapping("milestone_verbs"), verb_re)]
[('开工', '2024-04-30')]
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.build.document import Document
from kg.build.facts import Amount, Milestone
from kg.build.numbers import DEADLINE, MONEY, money_value, resolve_deadline

_INVEST_BEFORE = re.compile(
    rf"(?:计划)?(?:总投资|投资)(?:额)?(?:约|达|超|近)?({MONEY.pattern})(?:以上|左右)?"
    r"(?:(?:、[^,;。、]{1,16})?的|(?:完成|建设|实施|新建|建成))$")
_INVEST_AFTER = re.compile(rf"^[(,]?(?:计划)?(?:总投资|投资)(?:额)?(?:约|达|超|近)?为?({MONEY.pattern})")


def milestones_in(doc: Document, start: int, end: int, year: int | None, verbs, verb_re) -> Iterator[Milestone]:
    """The first dated milestone of the clause, or else its first undated milestone verb."""
    for date_match in DEADLINE.finditer(doc.norm, start, end):
        tail = doc.norm[date_match.end():min(end, date_match.end() + 12)]
        verb = next((found for found in verb_re.finditer(tail) if not re.search(r"[,、]", tail[:found.start()])), None)
        if verb is None or year is None:
            continue
        due = resolve_deadline(date_match, year)
        if due is None:
            continue
        first, last = date_match.start(), date_match.end() + verb.end()
        yield Milestone(verbs[verb.group()], due, doc.norm[first:last], evidence=(doc.mention(first, last),))
        return
    window = doc.norm[start:min(end, start + 16)]
    if (verb := verb_re.search(window)) and not re.search(r"[,;。]", window[:verb.start()]):
        first, last = start + verb.start(), start + verb.end()
        while follow := verb_re.match(doc.norm, last, end):  # 签约开工: the last verb of a run is what happened
            verb, last = follow, follow.end()
        yield Milestone(verbs[verb.group()], None, doc.norm[first:last], evidence=(doc.mention(first, last),))


def investment_of(doc: Document, start: int, end: int, clause_end: int) -> Amount | None:
    """The total investment of the project named at start..end: said before its name, or after it in the clause."""
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
    first, last = offset + match.start(1), offset + match.end(1)
    return Amount(value, doc.norm[first:last], evidence=(doc.mention(first, last),))
