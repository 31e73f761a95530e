"""The year a passage speaks of: the review year in the review of last year's work, else the report's year."""
from __future__ import annotations

import re

from kg.build.document import Document

# a year the sentence speaks of; not one compared with (比2020年), counted from (2015年以来), or a
# starting point (从2015年的)
_YEAR = re.compile(r"(?<![比较于从由自\d])(\d{4})年(?![的以起\d])")
_GOAL = re.compile(r"(\d{4})年[^。]{0,24}?目标")  # 2021年全县经济社会发展主要预期目标是：…


def year_at(doc: Document, offset: int, sentence: int | None = None) -> tuple[bool, int | None]:
    """Whether the text at `offset` reviews last year's work, and the year it speaks of (None if unknown).

    There is no fallback from the review year to the report's year: a report's metadata has a review
    year whenever it has a year (the year before, when no review heading names one), so the one is
    missing only when the other is too.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("一、2023年工作回顾\\n建成A。\\n二、2024年工作安排\\n建设B。\\n")
    >>> year_at(doc, doc.norm.index("A")), year_at(doc, doc.norm.index("B"))
    ((True, 2023), (False, 2024))
    """
    review = doc.period_at(offset) == "review"
    if review and sentence is not None and _sets_goals(doc, sentence, offset):
        review = False  # the report's own year's goals, where no plan heading was found before them
    if sentence is not None and (_elsewhen(doc, sentence, offset)):
        return review, None
    return review, doc.review_year if review else doc.year


def _elsewhen(doc: Document, sentence: int, offset: int) -> bool:
    """Whether the sentence names, before `offset`, a year that is neither the report's nor the review's
    (到2015年…, 2025年…) in the clause: what it says is of that year, a plan's horizon or a past one.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("一、2010年工作回顾\\n二、2011年工作安排\\n到2015年，地区生产总值达到300亿元。\\n", year=2011)
    >>> year_at(doc, doc.norm.index("地区"), doc.norm.index("到"))
    (False, None)
    """
    # a clause after a semicolon speaks of its own (…入选2022年50强；其中规上工业增加值增长14.2%)
    start = max(sentence, *(doc.norm.rfind(mark, sentence, offset) + 1 for mark in ";；"))
    years = [int(found[1]) for found in _YEAR.finditer(doc.norm, start, offset)]
    return bool(years) and years[-1] not in (doc.year, doc.review_year)


def _sets_goals(doc: Document, sentence: int, offset: int) -> bool:
    """Whether the sentence opens by naming the report's year and its goals (…年…目标) before `offset`.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("一、2023年工作回顾\\n2024年主要预期目标是：地区生产总值增长6%。\\n", year=2024)
    >>> year_at(doc, doc.norm.index("地区"), doc.norm.index("2024"))
    (False, 2024)
    """
    found = _GOAL.match(doc.norm, sentence, offset)
    return found is not None and doc.year is not None and int(found[1]) == doc.year
