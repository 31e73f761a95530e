"""Indicators: headline figures of the review year (actuals) and of the report year (targets).

An indicator is named by the statistical vocabulary of kg/data/indicators.txt; its figures are read
from the words that follow it, up to the next indicator or the end of the clause:
"地区生产总值完成189亿元,同比增长12.1%,增速全省第2" gives a value, a growth rate and a rank.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.facts import Indicator
from kg.lexicon import indicator_names
from kg.numbers import GROWTH, HEDGE_AFTER, HEDGE_BEFORE, MONEY, QUANTITY, growth_value, money_value, quantity_value
from kg.text import Document

# a figure must start this close to its indicator's name, or it belongs to something else
_REACH = 16
_WINDOW = 48
_RANK = re.compile(r"(?:全国|全省|全市|全区|全州|全自治区|全盟)[^,;。\d第]{0,4}?第[\d一二三四五六七八九十]+位?")
# what may stand right before an indicator's name: punctuation, 全市/全年, a verb of achieving, a connective
_BEFORE_OK = ("全市", "全县", "全区", "全州", "全省", "全盟", "全旗", "全年", "其中", "完成", "实现", "确保", "保持",
              "年", "的", "和", "及", "与", "是")
_CONNECTIVE = "和、与及"


@cache
def vocabulary() -> tuple[dict[str, tuple[str, str | None]], re.Pattern]:
    """The names of indicators, and a pattern that finds them, longest name first."""
    names = indicator_names()
    return names, re.compile("|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))


def extract(doc: Document) -> Iterator[Indicator]:
    names, pattern = vocabulary()
    for sentence in doc.sentences:
        if sentence.start >= doc.body_end:
            break
        hits = [m for m in pattern.finditer(doc.norm, sentence.start, sentence.end) if _stands_alone(doc, m, names)]
        for i, hit in enumerate(hits):
            stop = hits[i + 1].start() if i + 1 < len(hits) else sentence.end
            semi = doc.norm.find(";", hit.end(), stop)
            stop = min(semi if semi != -1 else stop, hit.end() + _WINDOW)
            figures = _figures(doc.norm, hit.end(), stop)
            if figures is None:
                continue
            review = doc.period_at(hit.start()) == "review"
            period = doc.review_year if review else doc.year
            if period is None:
                continue
            kind = "actual" if review else "target"
            end = figures.pop("end")
            concept, context = names[hit.group()]
            # an elliptical name (总产量 after 粮食…) is given its full form
            name = concept if context else hit.group()
            if shared := _shared_head(doc, hit, names):
                start, other = shared
                yield Indicator(names[other][0], other, period, kind, **figures,
                                evidence=(doc.mention(start, end),))
            yield Indicator(concept, name, period, kind, **figures, evidence=(doc.mention(hit.start(), end),))


def _stands_alone(doc: Document, match: re.Match, names) -> bool:
    """Not the tail of a longer word (农业生产总值), and with its context word where it needs one."""
    before = doc.norm[max(0, match.start() - 2):match.start()]
    if before[-1:] and "\u4e00" <= before[-1] <= "\u9fff" and not before.endswith(_BEFORE_OK):
        return False
    context = names[match.group()][1]
    sentence = doc.sentence_at(match.start())
    return context is None or context in doc.norm[sentence.start:match.start()]


def _shared_head(doc: Document, match: re.Match, names) -> tuple[int, str] | None:
    """城镇居民和农村居民人均可支配收入: the first item shares the second's head and figures."""
    start = match.start()
    if start < 2 or doc.norm[start - 1] not in _CONNECTIVE:
        return None
    name = match.group()
    for size in range(4, 1, -1):
        head = doc.norm[start - 1 - size:start - 1]
        other = head + name[size:]
        if other != name and other in names and names[other][1] is None:
            return start - 1 - size, other
    return None


def _figures(text: str, start: int, stop: int) -> dict | None:
    """The figures in text[start:stop]: value and unit, growth, qualifier, rank; None if there are none."""
    money = MONEY.search(text, start, stop)
    quantity = QUANTITY.search(text, start, stop)
    growth = GROWTH.search(text, start, stop)
    # a value is money or a count, whichever comes first
    amount = min((m for m in (money, quantity) if m), key=lambda m: m.start(), default=None)
    found = [m for m in (amount, growth) if m]
    if not found or min(m.start() for m in found) - start > _REACH:
        return None
    out: dict = {"value": None, "unit": None, "growth_pct": None, "growth_pct_upper": None,
                 "qualifier": None, "rank": None}
    if amount is money and money:
        out["value"], out["unit"] = money_value(money), "元"
    elif amount is not None:
        out["value"], out["unit"] = quantity_value(amount), amount.group(3)
    if growth:
        out["growth_pct"], out["growth_pct_upper"] = growth_value(growth)
    out["qualifier"] = _qualifier(text, start, found, growth)
    end = max(m.end() for m in found)
    if rank := _RANK.search(text, start, stop):
        out["rank"] = rank.group()
        end = max(end, rank.end())
    if (after := HEDGE_AFTER.match(text, end)) and out["qualifier"] == after.group(1):
        end = after.end()
    out["end"] = end
    if out["value"] is None and out["growth_pct"] is None:
        return None
    return out


def _qualifier(text: str, start: int, found: list[re.Match], growth: re.Match | None) -> str | None:
    """The hedge word of the figures: after a number (以上, 左右) first, then before one (突破, 不低于)."""
    for match in found:
        if after := HEDGE_AFTER.match(text, match.end()):
            return after.group(1)
    if growth and growth.group("pre"):
        return growth.group("pre")
    lead = text[start:min(m.start() for m in found)]
    return next((word for word in HEDGE_BEFORE if word in lead), None)
