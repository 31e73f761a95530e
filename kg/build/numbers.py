"""Money and deadlines as reports write them, made exact: 34.92亿元 → Decimal yuan, 4月底 → a date.

Patterns here expect folded text (ASCII digits); see kg.build.document.fold.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

_MULTIPLIER = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
               "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3, "": Decimal(1)}

# a number not glued to a preceding digit or dot, so "1.2.3亿元" does not read as "2.3亿元"
MONEY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万亿|亿|千万|百万|万|千)?元")


def parse_money(text: str) -> Decimal | None:
    """'34.92亿元' → Decimal('3492000000'); None when the text is not an amount of yuan.

    >>> parse_money("34.92亿元")
    Decimal('3492000000')
    >>> parse_money("1.5万元")
    Decimal('15000')
    >>> parse_money("五亿元") is None  # numerals in words are not read
    True
    """
    match = MONEY.fullmatch(text.strip())
    if not match:
        return None
    return money_value(match)


def money_value(match: re.Match) -> Decimal | None:
    """The number of a MONEY or QUANTITY match times its multiplier: 34.92亿 → Decimal('3492000000')."""
    try:
        value = Decimal(match.group(1)) * _MULTIPLIER[match.group(2) or ""]
    except InvalidOperation:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}

# A deadline as a period; every alternative names its groups so one reader serves them all.
DEADLINE = re.compile(
    r"(?:(?P<y>\d{4})年)?"
    r"(?:"
    r"(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<mpart>底|末|份|中旬|下旬|上旬))?"
    r"|(?P<q>[一二三四1-4])季度(?:末)?"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<ye>年底|年末|年内|今年内|今年底)"
    r")"
    r"(?P<before>前|以前|之前)?"
)
_BARE_YEAR_END = re.compile(r"(?P<y>\d{4})年(?P<ye>底|末|内)?")


def resolve_deadline(match: re.Match, year: int) -> date | None:
    """The last day of the period a DEADLINE match names, in `year` unless it names its own."""
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else year
    if not 1900 <= year <= 2200:
        return None
    if groups.get("m"):
        month = int(groups["m"])
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        if groups.get("d"):
            day = int(groups["d"])
            return date(year, month, day) if 1 <= day <= last else None
        return date(year, month, {"上旬": 10, "中旬": 20}.get(groups.get("mpart"), last))
    if groups.get("q"):
        quarter = int(groups["q"]) if groups["q"].isdigit() else _CN_DIGITS[groups["q"]]
        return date(year, *_QUARTER_END[quarter])
    if groups.get("half"):
        return date(year, 6, 30) if groups["half"] == "上半年" else date(year, 12, 31)
    if groups.get("ye"):
        return date(year, 12, 31)
    return None


def parse_deadline(text: str, year: int) -> date | None:
    """'4月底' → date(year, 4, 30); '年底前' → date(year, 12, 31); None if it is no deadline.

    >>> parse_deadline("4月底", 2024)
    datetime.date(2024, 4, 30)
    >>> parse_deadline("三季度", 2024)
    datetime.date(2024, 9, 30)
    >>> parse_deadline("2025年底", 2024)  # a year of its own wins
    datetime.date(2025, 12, 31)
    >>> parse_deadline("2月30日", 2024) is None
    True
    """
    text = text.strip()
    match = DEADLINE.fullmatch(text) or _BARE_YEAR_END.fullmatch(text)
    if not match:
        return None
    if match.re is _BARE_YEAR_END:
        return date(int(match.group("y")), 12, 31) if 1900 <= int(match.group("y")) <= 2200 else None
    return resolve_deadline(match, year)


# a count with its unit: 22.73万亩, 9014万公斤, 10911人 (人 but not 人次 or 人民)
QUANTITY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万亿|亿|千万|百万|万|千)?\s*(人(?![次民均])|亩|公斤|斤|吨|户|辆|天)")
# a growth rate, possibly a range (5%-6%, 5-6%), possibly hedged before the number (不低于)
GROWTH = re.compile(
    r"(?<!年均)(?<!累计)(?P<verb>增长|增速|增幅|提高|上涨|下降|减少|回落)(?:了|为|达到|达|到|保持在?)?"
    r"(?P<pre>不低于|不少于|超过|超)?\s*(?P<low>\d+(?:\.\d+)?)\s*%?\s*"
    r"(?:(?:-|—|–|~|～|至|到)\s*(?P<high>\d+(?:\.\d+)?)\s*)?%"
)
HEDGE_AFTER = re.compile(r"\s*(以上|左右|以内|以下|上下)")
HEDGE_BEFORE = ("不低于", "不少于", "突破", "超过", "力争")


quantity_value = money_value  # 22.73万亩 → Decimal('227300'): the same groups, the same arithmetic


def growth_value(match: re.Match) -> tuple[Decimal, Decimal | None]:
    """(rate, upper end of a range or None) in percent, negative for 下降/减少/回落.

    >>> growth_value(GROWTH.search("地区生产总值增长5%-6%"))
    (Decimal('5'), Decimal('6'))
    >>> growth_value(GROWTH.search("能耗下降3.2%"))
    (Decimal('-3.2'), None)
    """
    sign = -1 if match.group("verb") in ("下降", "减少", "回落") else 1
    low = Decimal(match.group("low")) * sign
    high = Decimal(match.group("high")) * sign if match.group("high") else None
    return low, high
