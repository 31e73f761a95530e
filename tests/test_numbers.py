"""kg.build.numbers: amounts of yuan made exact Decimals, deadlines made the last day of the period they name."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kg.build.numbers import parse_deadline, parse_money

P = pytest.param

MONEY = [
    P("34.92亿元", Decimal("3492000000"), id="decimal-yi"),
    P("6100万元", Decimal("61000000"), id="integer-wan"),
    P("0.5万元", Decimal("5000"), id="fraction-of-wan"),
    P("3千元", Decimal("3000"), id="qian"),
    P("2千万元", Decimal("20000000"), id="qianwan"),
    P("3百万元", Decimal("3000000"), id="baiwan"),
    P("1.5万亿元", Decimal("1500000000000"), id="wanyi-not-read-as-wan"),
    P("1.50亿元", Decimal("150000000"), id="trailing-zero-in-decimal"),
    P("100元", Decimal("100"), id="plain-yuan"),
    P("0元", Decimal("0"), id="zero-yuan"),
    P("0.123元", Decimal("0.123"), id="fraction-of-yuan-kept-exact"),
    P(" 5亿元 ", Decimal("500000000"), id="surrounding-spaces-stripped"),
    P("12 亿元", Decimal("1200000000"), id="space-before-unit"),
    P("亿元", None, id="unit-without-number"),
    P("1.2.3亿元", None, id="two-dots-not-a-number"),
    P("abc", None, id="not-an-amount"),
    P("", None, id="empty"),
    P("-5亿元", None, id="negative-not-an-amount"),
    P("5亿", None, id="no-yuan"),
    P("约5亿元", None, id="prefixed-words-not-fullmatch"),
    P("5亿美元", None, id="other-currency"),
]


@pytest.mark.parametrize("text, expected", MONEY)
def test_parse_money(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", [p.values[0] for p in MONEY if p.values[1] is not None])
def test_parse_money_is_decimal_never_float(text):
    assert type(parse_money(text)) is Decimal


DEADLINES = [
    P("4月底", 2024, date(2024, 4, 30), id="month-end"),
    P("2月底", 2024, date(2024, 2, 29), id="february-end-leap-year"),
    P("2月底", 2023, date(2023, 2, 28), id="february-end-common-year"),
    P("2月29日", 2023, None, id="leap-day-in-common-year"),
    P("6月份", 2024, date(2024, 6, 30), id="month-fen"),
    P("8月底前", 2024, date(2024, 8, 31), id="month-end-before"),
    P("3月末之前", 2024, date(2024, 3, 31), id="month-mo-zhiqian"),
    P("5月1日", 2024, date(2024, 5, 1), id="exact-day"),
    P("年底前", 2024, date(2024, 12, 31), id="year-end-before"),
    P("年内", 2024, date(2024, 12, 31), id="within-year"),
    P("年底", 2024, date(2024, 12, 31), id="year-end"),
    P("今年底", 2024, date(2024, 12, 31), id="this-year-end"),
    P("上半年", 2024, date(2024, 6, 30), id="first-half"),
    P("下半年", 2024, date(2024, 12, 31), id="second-half"),
    P("一季度", 2024, date(2024, 3, 31), id="q1"),
    P("二季度", 2024, date(2024, 6, 30), id="q2"),
    P("三季度", 2024, date(2024, 9, 30), id="q3"),
    P("四季度", 2024, date(2024, 12, 31), id="q4"),
    P("2季度末", 2024, date(2024, 6, 30), id="q2-arabic-mo"),
    P("2025年6月", 2024, date(2025, 6, 30), id="explicit-year-month"),
    P("2025年6月底", 2024, date(2025, 6, 30), id="explicit-year-month-end"),
    P("2025年底", 2024, date(2025, 12, 31), id="explicit-year-end"),
    P("2025年内", 2024, date(2025, 12, 31), id="explicit-within-year"),
    P("13月底", 2024, None, id="month-13"),
    P("0月底", 2024, None, id="month-0"),
    P("2月30日", 2024, None, id="february-30"),
    P("5月0日", 2024, None, id="day-0"),
    P("1800年底", 2024, None, id="year-out-of-range"),
    P("加快建设", 2024, None, id="unrelated-text"),
    P("", 2024, None, id="empty"),
    P("9月中旬", 2024, date(2024, 9, 20), id="mid-month-ends-20th"),
    P("9月上旬", 2024, date(2024, 9, 10), id="early-month-ends-10th"),
]


@pytest.mark.parametrize("text, year, expected", DEADLINES)
def test_parse_deadline(text, year, expected):
    assert parse_deadline(text, year) == expected
