"""Indicators: headline figures of the review year (actuals) and of the report year (targets).

An indicator is named by the statistical vocabulary of kg/data/indicators.txt; its figures are read
from the words that follow it, up to the next indicator or the end of the clause:
"地区生产总值完成189亿元,同比增长12.1%,增速全省第2" gives a value, a growth rate and a rank.

>>> from kg.build.document import parse_document
>>> doc = parse_document("一、2023年工作回顾\\n地区生产总值完成189亿元,同比增长12.1%,增速全省第2。\\n")
>>> [(found.concept, found.period, str(found.kind), str(found.value), found.unit, str(found.growth_pct), found.rank)
...  for found in extract(doc)]
[('地区生产总值', 2023, 'actual', '18900000000', '元', '12.1', '全省第2')]
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from kg.build.document import Document
from kg.build.extract.period import year_at
from kg.build.facts import Indicator
from kg.build.lexicon import indicator_aliases, indicator_names
from kg.build.numbers import (
    GROWTH,
    HEDGE_AFTER,
    HEDGE_BEFORE,
    MONEY,
    QUANTITY,
    growth_value,
    money_value,
    quantity_value,
)
from kg.kinds import Measure

# a figure must start this close to its indicator's name, or it belongs to something else
_REACH = 16
_WINDOW = 48
_RANK = re.compile(r"(?:全国|全省|全市|全区|全州|全自治区|全盟)[^,;。\d第]{0,4}?第[\d一二三四五六七八九十]+位?")
# what may stand right before an indicator's name: punctuation, 全市/全年, a verb of achieving, a connective
_BEFORE_OK = ("预计", "预期", "城乡", "全市", "全县", "全区", "全州", "全省", "全盟", "全旗", "全年", "其中",
              "完成", "实现", "确保", "保持", "年", "的", "和", "及", "与", "是")
_CONNECTIVE = "和、与及"
# a bare percentage after these is their figure: a rate is a value in % (失业率控制在5.5%以内), a price
# index's is its rise (居民消费价格涨幅3%左右)
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*%")
# a figure followed by an average yearly growth is of several years (a five-year goal), not of one
_YEARS = re.compile(r"\s*[,，]?\s*年均")
# words before a figure that make it a sum or an average over several years
_SPAN = re.compile(r"累计|年均")
_BASE_YEAR = re.compile(r"[比较](\d{4})年[^,，;。\d]{0,4}$")
_FROM = re.compile(r"[由从]")
_TO = re.compile(r"[^,，;。\d]{0,10}?(?:到|至)(?:\d{4}年[底末]?的?)?[^\d,，;。]{0,6}")
# a value's growth rate in a clause of its own that names another subject (…4.6亿元,税收收入增长15%)
_SAME_SUBJECT = r"同比|比上年同期|比上年|较上年|比去年|较去年|按?可比价(?:计算)?|按?(?:同|可比)口径(?:计算)?|可比|分别|均|全?年"
_OTHER_SUBJECT = re.compile(rf"[,，](?!\s*(?:{_SAME_SUBJECT})*\s*$)[^,，]*[\u4e00-\u9fff]{{2}}[^,，]*$")


def _bare_percent(concept: str) -> str | None:
    if concept.endswith("率"):
        return "value"
    if concept == "居民消费价格":
        return "growth"
    return None


@cache
def vocabulary() -> tuple[dict[str, tuple[str, str | None]], re.Pattern]:
    """The names of indicators, and a pattern that finds them, longest name first."""
    names = indicator_names()
    return names, re.compile("|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name))))


def extract(doc: Document) -> Iterator[Indicator]:
    names, pattern = vocabulary()
    for sentence in doc.sentences:
        if sentence.start >= doc.body_end:
            break
        hits = [hit for hit in pattern.finditer(doc.norm, sentence.start, sentence.end) if _stands_alone(doc, hit, names)]
        i = 0
        while i < len(hits):
            # names joined by 、/和 (一般公共预算收入、税收收入分别…) share what follows them
            j = i
            while j + 1 < len(hits) and _joined(doc.norm[hits[j].end():hits[j + 1].start()]):
                j += 1
            group, last = hits[i:j + 1], hits[j]
            i = j + 1
            review, period = year_at(doc, last.start(), sentence.start)
            if period is None:
                continue
            kind = Measure.ACTUAL if review else Measure.TARGET
            subjects = [sub for hit in group for sub in _subjects(doc, hit, names)]
            stop = hits[i].start() if i < len(hits) else sentence.end
            semi = doc.norm.find(";", last.end(), stop)
            stop = min(semi if semi != -1 else stop, last.end() + _WINDOW)
            each = _respectively(doc.norm, last.end(), stop)
            if each is not None and len(each) == len(subjects):
                for (start, concept, name), figures in zip(subjects, each):
                    end = figures.pop("end")
                    yield Indicator(concept, name, period, kind, **figures, aliases=indicator_aliases(concept),
                                    evidence=(doc.mention(start, end),))
                continue
            if each is not None and len(subjects) > 1:
                continue  # 分别 with as many figures as names cannot be read: better none than wrong ones
            figures = _figures(doc.norm, last.end(), stop, _bare_percent(subjects[-1][1]), period)
            if figures is None:
                continue
            end = figures.pop("end")
            for start, concept, name in subjects:
                yield Indicator(concept, name, period, kind, **figures, aliases=indicator_aliases(concept),
                                evidence=(doc.mention(start, end),))


def _joined(between: str) -> bool:
    return between.strip() in ("、", "和", "及", "与", "以及")


def _subjects(doc: Document, hit: re.Match, names) -> list[tuple[int, str, str]]:
    """(start, concept, name as written) of what a name stands for: itself, and the names sharing its head
    (城镇、农村居民人均可支配收入; 城乡居民人均可支配收入 is both)."""
    concept, context = names[hit.group()]
    # an elliptical name (总产量 after 粮食…) is given its full form
    name = concept if context else hit.group()
    out = [(hit.start(), concept, name)]
    if shared := _shared_head(doc, hit, names):
        start, other = shared
        out.insert(0, (start, names[other][0], other))
    elif (doc.norm[hit.start() - 2:hit.start()] == "城乡" and "分别" in doc.norm[hit.end():hit.end() + 8]
          and (urban := _urban_rural(hit.group(), names))):
        out = [(hit.start() - 2, names[name][0], name) for name in urban]
    return out


def _urban_rural(name: str, names) -> list[str] | None:
    """居民人均可支配收入 after 城乡: the urban and the rural figure, in that order."""
    pair = ["城镇" + name, "农村" + name]
    return pair if all(name in names and names[name][1] is None for name in pair) else None


_EACH = re.compile(r"分别(?:比上年|同比)?(增长|提高|下降|达到|达|为|完成|实现)?")
_ITEM_SEP = re.compile(r"[、和]")
# a second list after the first's comma: 分别达44999元、24102元，(分别)增长4.6%、6.3%
_THEN_GROWTH = re.compile(r"[,，]\s*(?:分别)?(?:比上年|同比)?(?=增长|提高|下降)")
_CLAUSE_END = re.compile(r"[,，;。]")


def _respectively(text: str, start: int, stop: int) -> list[dict] | None:
    """分别增长6%、8%以上: the figures of 分别, one per name in order; None when there is no 分别.

    A list of values may be followed by a list of their growth rates (分别达44999元、24102元，增长4.6%、6.3%).
    """
    each = _EACH.search(text, start, min(stop, start + 8))
    if each is None:
        return None
    verb = each.group(1) or ""
    out = _items(text, each.end(), stop, verb if verb in ("增长", "提高", "下降") else "")
    then = _THEN_GROWTH.match(text, out[-1]["end"]) if out and all(f["growth_pct"] is None for f in out) else None
    if then:
        rates = _items(text, then.end(), len(text), "")
        if len(rates) == len(out) and all(f["value"] is None for f in rates):
            for figures, rate in zip(out, rates):
                figures.update(growth_pct=rate["growth_pct"], growth_pct_upper=rate["growth_pct_upper"],
                               end=rate["end"])
                figures["qualifier"] = figures["qualifier"] or rate["qualifier"]
    return out


def _items(text: str, pos: int, stop: int, verb: str) -> list[dict]:
    """The figures of a list of items (6%、8%以上 or 25600元和12100元), up to the end of the clause."""
    clause = _CLAUSE_END.search(text, pos, stop)
    stop = clause.start() if clause else stop
    out = []
    while pos < stop:
        cut = _ITEM_SEP.search(text, pos, stop)
        end = cut.start() if cut else stop
        item = text[pos:end]
        # the verb stands before every figure: read "增长8%以上" as if written out; without one, the
        # rates after a first one share its verb (增长10%和12%)
        if not verb and out and out[0]["value"] is None and out[0]["growth_pct"] is not None:
            verb = "下降" if out[0]["growth_pct"] < 0 else "增长"
        synthetic = verb + item
        figures = _figures(synthetic, 0, len(synthetic))
        if figures is None:
            break
        figures["end"] = pos + figures["end"] - (len(synthetic) - len(item))
        out.append(figures)
        if cut is None:
            break
        pos = cut.end()
    return out


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


def _figures(text: str, start: int, stop: int, percent: str | None = None, period: int | None = None) -> dict | None:
    """The figures in text[start:stop]: value and unit, growth, qualifier, rank; None if there are none.

    `percent` says what a bare percentage is for this indicator: "value" (a rate), "growth" or nothing.
    """
    if percent:
        return _percent_figures(text, start, stop, percent)
    money = MONEY.search(text, start, stop)
    quantity = QUANTITY.search(text, start, stop)
    growth = GROWTH.search(text, start, stop)
    # a value is money or a count, whichever comes first
    amount = min((match for match in (money, quantity) if match), key=lambda match: match.start(), default=None)
    if amount and growth and _OTHER_SUBJECT.search(text, amount.end(), growth.start()):
        growth = None
    if growth and period and (base := _BASE_YEAR.search(text, start, growth.start())) and int(base[1]) != period - 1:
        growth = None  # 比2005年增长73.8%: growth over several years, not the year's rate
    found = [match for match in (amount, growth) if match]
    if not found or (first := min(match.start() for match in found)) - start > _REACH:
        return None
    if _SPAN.search(text, start, first):
        return None  # 累计达到500亿元, 年均递增12%，达30263元: several years' figures, not one year's
    if amount and _FROM.search(text, start, amount.start()):
        # 由2.35亿元增长到5.34亿元: the figure reached is the year's, the one it rose from is not
        reached = _TO.match(text, amount.end())
        if reached and (end_amount := amount.re.match(text, reached.end())):
            if amount is money:
                money = end_amount
            amount = end_amount
    found = [match for match in (amount, growth) if match]
    out: dict = {"value": None, "unit": None, "growth_pct": None, "growth_pct_upper": None,
                 "qualifier": None, "rank": None}
    if amount is money and money:
        out["value"], out["unit"] = money_value(money), "元"
    elif amount is not None:
        out["value"], out["unit"] = quantity_value(amount), amount.group(3)
    if growth:
        out["growth_pct"], out["growth_pct_upper"] = growth_value(growth)
    out["qualifier"] = _qualifier(text, start, found, growth)
    end = max(match.end() for match in found)
    if rank := _RANK.search(text, start, stop):
        out["rank"] = rank.group()
        end = max(end, rank.end())
    if (after := HEDGE_AFTER.match(text, end)) and out["qualifier"] == after.group(1):
        end = after.end()
    out["end"] = end
    return None if (out["value"] is None and out["growth_pct"] is None) or _YEARS.match(text, end) else out


def _percent_figures(text: str, start: int, stop: int, percent: str) -> dict | None:
    found = _PERCENT.search(text, start, stop)
    if found is None or found.start() - start > _REACH or re.search(r"[,;。、]", text[start:found.start()]):
        return None
    value = Decimal(found.group(1))
    out: dict = {"value": None, "unit": None, "growth_pct": None, "growth_pct_upper": None,
                 "qualifier": None, "rank": None, "end": found.end()}
    if percent == "value":
        out["value"], out["unit"] = value, "%"
    else:
        out["growth_pct"] = value
    if after := HEDGE_AFTER.match(text, found.end()):
        out["qualifier"], out["end"] = after.group(1), after.end()
    else:
        out["qualifier"] = next((word for word in HEDGE_BEFORE if word in text[start:found.start()]), None)
    return out


def _qualifier(text: str, start: int, found: list[re.Match], growth: re.Match | None) -> str | None:
    """The hedge word of the figures: after a number (以上, 左右) first, then before one (突破, 不低于)."""
    for match in found:
        if after := HEDGE_AFTER.match(text, match.end()):
            return after.group(1)
    if growth and growth.group("pre"):
        return growth.group("pre")
    lead = text[start:min(match.start() for match in found)]
    return next((word for word in HEDGE_BEFORE if word in lead), None)
