"""Properties over generated input (hypothesis): the number and date readers never raise and agree with
arithmetic and the calendar; any text built into a graph serializes, in every format, to something an
independent parser (pyoxigraph) reads back as the same triples."""
from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build.document import fold, parse_document
from kg.build.graph import to_graph
from kg.build.numbers import parse_deadline, parse_money
from kg.build.pipeline import facts_of
from kg.build.write import dumps
from kg.formats import WRITTEN

MULTIPLIERS = {"": 1, "千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12}
# report-like text: Chinese, digits, the punctuation reports use, and the characters that break writers
TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(list("项目工程企业公司集团产业链总投资亿万元月底年内开工投产，。、；：“”（）\"'\\<>&#%{}\n\t ")),
    st.characters(codec="utf-8", exclude_categories=("Cs",))), max_size=60)


@settings(max_examples=500)
@given(st.text())
def test_money_never_raises(text):
    value = parse_money(text)
    assert value is None or (isinstance(value, Decimal) and value >= 0)


@settings(max_examples=500)
@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False), st.sampled_from(sorted(MULTIPLIERS)))
def test_money_is_exact(number, unit):
    assert parse_money(f"{number}{unit}元") == number * MULTIPLIERS[unit]


@settings(max_examples=500)
@given(st.text(), st.integers(1900, 2200))
def test_deadline_never_raises(text, year):
    due = parse_deadline(text, year)
    assert due is None or isinstance(due, date)


@settings(max_examples=500)
@given(st.integers(1900, 2200), st.integers(-2, 15), st.sampled_from(["底", "份", "末", ""]), st.booleans())
def test_month_end(year, month, part, before):
    due = parse_deadline(f"{month}月{part}{'前' if before else ''}", year)
    expected = date(year, month, calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else None
    assert due == expected


@settings(max_examples=500)
@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(0, 33))
def test_month_day(year, month, day):
    valid = 1 <= day <= calendar.monthrange(year, month)[1]
    assert parse_deadline(f"{month}月{day}日", year) == (date(year, month, day) if valid else None)


@settings(max_examples=500)
@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, TEXT, TEXT, TEXT)
def test_any_text_serializes_to_what_is_read_back(term, definition, firm, work):
    text = (f"一、2023年工作回顾\n支持{firm}、恒泰等企业发展。总投资3亿元的{work}项目6月底投产。\n"
            f"二、2024年工作安排\n推进“{term}”。地区生产总值增长6%左右。\n名词解释\n1.{term}:{definition}\n")
    doc = parse_document(text, name="generated-2024", year=2024)
    graph = to_graph(doc, facts_of(doc))
    expected = {str(ox.Triple(q.subject, q.predicate, q.object))
                for q in ox.parse(dumps(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)}
    assert len(expected) == len(graph)
    for fmt in WRITTEN:
        back = {str(ox.Triple(q.subject, q.predicate, q.object))
                for q in ox.parse(dumps(graph, fmt.name, "https://example.org/g"), format=fmt.ox())}
        assert back == expected, fmt.name
