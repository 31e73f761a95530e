"""Indicators: each qualifier and unit, ranges, multipliers, several figures in one sentence,
review actuals and plan targets. Sentences written for these tests in the style of the reports."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from kg.build.facts import Indicator


def figures(facts):
    return [(f.concept, f.kind, f.value, f.unit, f.growth_pct, f.qualifier)
            for f in facts if isinstance(f, Indicator)]


@pytest.mark.parametrize("text, review, expected", [
    pytest.param("地区生产总值完成189亿元,同比增长12.1%。", True,
                 [("地区生产总值", "actual", D("18900000000"), "元", D("12.1"), None)], id="value-and-growth"),
    pytest.param("一般公共预算收入突破6亿元大关。", True,
                 [("一般公共预算收入", "actual", D("600000000"), "元", None, "突破")], id="qualifier-tupo"),
    pytest.param("地区生产总值增长10%以上。", False,
                 [("地区生产总值", "target", None, None, D("10"), "以上")], id="qualifier-yishang"),
    pytest.param("社会消费品零售总额增长8%左右。", False,
                 [("社会消费品零售总额", "target", None, None, D("8"), "左右")], id="qualifier-zuoyou"),
    pytest.param("固定资产投资增长不低于7%。", False,
                 [("固定资产投资", "target", None, None, D("7"), "不低于")], id="qualifier-budiyu"),
    pytest.param("工业投资增速不低于17%。", False,
                 [("工业投资", "target", None, None, D("17"), "不低于")], id="qualifier-after-zengsu"),
    pytest.param("外贸进出口总额力争增长9%。", False,
                 [("外贸进出口总额", "target", None, None, D("9"), "力争")], id="qualifier-lizheng"),
    pytest.param("城镇新增就业控制在3000人以内。", False,
                 [("城镇新增就业", "target", D("3000"), "人", None, "以内")], id="qualifier-yinei"),
    pytest.param("城镇新增就业10911人。", True,
                 [("城镇新增就业", "actual", D("10911"), "人", None, None)], id="unit-persons"),
    pytest.param("粮食播种面积稳定在22.73万亩。", True,
                 [("粮食播种面积", "actual", D("227300"), "亩", None, None)], id="unit-mu-wan"),
    pytest.param("粮食总产量达到9014万公斤。", True,
                 [("粮食总产量", "actual", D("90140000"), "公斤", None, None)], id="unit-kg-wan"),
    pytest.param("粮食产量234万吨。", True, [("粮食总产量", "actual", D("2340000"), "吨", None, None)], id="unit-ton"),
    pytest.param("城镇居民人均可支配收入40117元。", True,
                 [("城镇居民人均可支配收入", "actual", D("40117"), "元", None, None)], id="unit-yuan-plain"),
    pytest.param("一般公共预算收入完成4500万元。", True,
                 [("一般公共预算收入", "actual", D("45000000"), "元", None, None)], id="multiplier-wan"),
    pytest.param("外贸进出口总额完成3.2千万元。", True,
                 [("外贸进出口总额", "actual", D("32000000"), "元", None, None)], id="multiplier-qianwan"),
    pytest.param("地区生产总值达到1.2万亿元。", True,
                 [("地区生产总值", "actual", D("1200000000000"), "元", None, None)], id="multiplier-wanyi"),
    pytest.param("固定资产投资下降3.5%。", True,
                 [("固定资产投资", "actual", None, None, D("-3.5"), None)], id="decline-is-negative"),
    pytest.param("规上工业增加值增长8%,固定资产投资增长10%以上;社会消费品零售总额增长6%左右。", False,
                 [("规模以上工业增加值", "target", None, None, D("8"), None),
                  ("固定资产投资", "target", None, None, D("10"), "以上"),
                  ("社会消费品零售总额", "target", None, None, D("6"), "左右")], id="several-in-one-sentence"),
    pytest.param("城镇居民和农村居民人均可支配收入均增长8%。", False,
                 [("城镇居民人均可支配收入", "target", None, None, D("8"), None),
                  ("农村居民人均可支配收入", "target", None, None, D("8"), None)], id="shared-head"),
    pytest.param("农业生产总值增长5%。", True, [], id="tail-of-a-longer-name"),
    pytest.param("过去五年,地区生产总值年均增长6%。", True, [], id="five-year-average-is-not-the-year"),
    pytest.param("地区生产总值、固定资产投资等指标增速名列全省前列。", True, [], id="names-without-figures"),
    pytest.param("粮食播种面积稳定在22.73万亩,总产量达到9014万公斤。", True,
                 [("粮食播种面积", "actual", D("227300"), "亩", None, None),
                  ("粮食总产量", "actual", D("90140000"), "公斤", None, None)], id="elliptical-name-after-context"),
    pytest.param("工业总产量增长5%。", True, [], id="elliptical-name-without-context"),
    pytest.param("城镇、农村居民人均可支配收入分别增长3.8%、7.3%。", True,
                 [("城镇居民人均可支配收入", "actual", None, None, D("3.8"), None),
                  ("农村居民人均可支配收入", "actual", None, None, D("7.3"), None)], id="fenbie-shared-head"),
    pytest.param("城乡居民人均可支配收入分别增长6%、8%左右。", False,
                 [("城镇居民人均可支配收入", "target", None, None, D("6"), None),
                  ("农村居民人均可支配收入", "target", None, None, D("8"), "左右")], id="fenbie-urban-and-rural"),
    pytest.param("一般公共预算收入和固定资产投资分别增长3%、9%以上。", False,
                 [("一般公共预算收入", "target", None, None, D("3"), None),
                  ("固定资产投资", "target", None, None, D("9"), "以上")], id="fenbie-two-names"),
    pytest.param("一般公共预算收入、固定资产投资分别增长3%。", False, [], id="fenbie-figures-missing"),
    pytest.param("城乡居民人均可支配收入增长5%。", True,
                 [("居民人均可支配收入", "actual", None, None, D("5"), None)], id="chengxiang-without-fenbie"),
    pytest.param("城乡居民人均可支配收入分别达44999元、24102元,分别增长4.6%、6.3%。", True,
                 [("城镇居民人均可支配收入", "actual", D("44999"), "元", D("4.6"), None),
                  ("农村居民人均可支配收入", "actual", D("24102"), "元", D("6.3"), None)], id="fenbie-values-then-rates"),
    pytest.param("城乡居民人均可支配收入分别完成25600元和12100元,增长10%和12%。", True,
                 [("城镇居民人均可支配收入", "actual", D("25600"), "元", D("10"), None),
                  ("农村居民人均可支配收入", "actual", D("12100"), "元", D("12"), None)], id="fenbie-rates-share-a-verb"),
    pytest.param("城乡居民人均可支配收入分别达44999元、24102元,税收增长4.6%。", True,
                 [("城镇居民人均可支配收入", "actual", D("44999"), "元", None, None),
                  ("农村居民人均可支配收入", "actual", D("24102"), "元", None, None)], id="fenbie-rates-of-another-subject"),
    pytest.param("一般公共预算收入完成11.7亿元,同口径增长9%。", True,
                 [("一般公共预算收入", "actual", D("1170000000"), "元", D("9"), None)], id="growth-on-a-like-basis"),
    pytest.param("一般公共预算收入由2.35亿元增长到5.34亿元。", True,
                 [("一般公共预算收入", "actual", D("534000000"), "元", None, None)], id="from-to-is-the-figure-reached"),
    pytest.param("地区生产总值从2019年的56.1亿元增长到2023年的77.2亿元。", True,
                 [("地区生产总值", "actual", D("7720000000"), "元", None, None)], id="from-to-with-years"),
    pytest.param("全社会固定资产投资累计达到500亿元以上。", False, [], id="cumulative-is-not-the-year"),
    pytest.param("城镇居民人均可支配收入年均递增12%,达30263元。", False, [], id="average-before-is-not-the-year"),
    pytest.param("地区生产总值累计增长44.4%。", True, [], id="cumulative-growth-is-not-the-year"),
    pytest.param("地区生产总值完成98.1亿元,比2018年增长73.8%。", True,
                 [("地区生产总值", "actual", D("9810000000"), "元", None, None)], id="growth-over-years-is-not-the-year"),
    pytest.param("地区生产总值完成98.1亿元,比2022年增长5.8%。", True,
                 [("地区生产总值", "actual", D("9810000000"), "元", D("5.8"), None)], id="growth-over-last-year"),
    pytest.param("到2030年,地区生产总值达到300亿元。", False, [], id="a-horizon-year-is-not-the-year"),
    pytest.param("入选2022年全国百强;地区生产总值增长6%。", False,
                 [("地区生产总值", "target", None, None, D("6"), None)], id="a-year-in-another-clause"),
])
def test_figures(facts_in, text, review, expected):
    assert figures(facts_in(text, review=review)) == expected


@pytest.mark.parametrize("text, low, high", [
    pytest.param("地区生产总值增长5%-6%。", D("5"), D("6"), id="range-both-percent"),
    pytest.param("地区生产总值增长5-6%。", D("5"), D("6"), id="range-one-percent"),
    pytest.param("地区生产总值增长5.5%~6.5%。", D("5.5"), D("6.5"), id="range-tilde"),
    pytest.param("地区生产总值增长6%。", D("6"), None, id="no-range"),
])
def test_growth_ranges(facts_in, text, low, high):
    (found,) = [f for f in facts_in(text) if isinstance(f, Indicator)]
    assert (found.growth_pct, found.growth_pct_upper) == (low, high)


@pytest.mark.parametrize("text, rank", [
    pytest.param("地区生产总值完成189亿元,同比增长12.1%,增速全省第2。", "全省第2", id="rank-after-growth"),
    pytest.param("社会消费品零售总额完成136.5亿元,全市第1。", "全市第1", id="rank-after-value"),
    pytest.param("地区生产总值完成189亿元。", None, id="no-rank"),
])
def test_rank(facts_in, text, rank):
    (found,) = [f for f in facts_in(text, review=True) if isinstance(f, Indicator)]
    assert found.rank == rank


def test_periods_follow_the_parts(facts_in):
    review = [f for f in facts_in("地区生产总值增长5%。", review=True) if isinstance(f, Indicator)]
    plan = [f for f in facts_in("地区生产总值增长6%。") if isinstance(f, Indicator)]
    assert [(f.period, f.kind) for f in review + plan] == [(2023, "actual"), (2024, "target")]


@pytest.mark.parametrize("sentence, expected", [
    pytest.param("2024年主要预期目标是:地区生产总值增长6%。", (2024, "target"), id="the-report-year-s-goals"),
    pytest.param("2023年主要预期目标全面完成,地区生产总值增长5%。", (2023, "actual"), id="last-year-s-goals-met"),
    pytest.param("2024年全县地区生产总值增长6%。", (2023, "actual"), id="a-year-without-goals"),
])
def test_a_sentence_naming_the_year_s_goals_is_a_plan_wherever_it_stands(facts_in, sentence, expected):
    """Some reports set the year's goals inside the review part, with no plan heading before them."""
    found = [f for f in facts_in(sentence, review=True) if isinstance(f, Indicator)]
    assert [(f.period, f.kind) for f in found] == [expected]


def test_first_statement_wins(facts_in):
    facts = facts_in("主要预期目标是:规模以上工业增加值增长22%左右。\n全年规模以上工业增加值增速达到20%以上。")
    assert figures(facts) == [("规模以上工业增加值", "target", None, None, D("22"), "左右")]


def test_a_later_statement_adds_the_measure_the_first_lacks(facts_in):
    facts = facts_in("地区生产总值完成50亿元。\n全年地区生产总值增速6.5%,地区生产总值达到52亿元。", review=True)
    assert figures(facts) == [("地区生产总值", "actual", D("5000000000"), "元", D("6.5"), None)]


def test_name_as_written_is_kept(facts_in):
    (found,) = [f for f in facts_in("规上工业增加值增长8%。") if isinstance(f, Indicator)]
    assert (found.name, found.concept) == ("规上工业增加值", "规模以上工业增加值")


def test_evidence_covers_name_and_figures(facts_in):
    (found,) = [f for f in facts_in("地区生产总值增长10%以上,在实际工作中争取更好结果。") if isinstance(f, Indicator)]
    assert found.evidence[0].text == "地区生产总值增长10%以上"
