"""The ledger's rules: which target and actual make a pair, on which measure, and the verdict of each qualifier."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.build.ledger import Figure, compare, pairs, promises

GDP = "https://example.org/indicator/gdp"


def target(growth=None, value=None, unit=None, qualifier=None, indicator=GDP, period=2021):
    return Figure("https://example.org/r1/t", indicator, period, "target", _d(value), unit, _d(growth), qualifier)


def actual(growth=None, value=None, unit=None, indicator=GDP, period=2021):
    return Figure("https://example.org/r2/a", indicator, period, "actual", _d(value), unit, _d(growth))


def _d(number):
    return None if number is None else Decimal(str(number))


@pytest.mark.parametrize("goal, outcome, measure, met, margin", [
    (target(growth=6), actual(growth=6.5), "growthPct", True, "0.5"),
    (target(growth=6), actual(growth=5.9), "growthPct", False, "-0.1"),
    (target(growth=6, qualifier="以上"), actual(growth=5.9), "growthPct", False, "-0.1"),
    (target(growth=6, qualifier="不低于"), actual(growth=6), "growthPct", True, "0"),
    (target(growth=6, qualifier="突破"), actual(growth=7), "growthPct", True, "1"),
    (target(growth=6, qualifier="力争"), actual(growth=5), "growthPct", False, "-1"),
    (target(growth=3, qualifier="以内"), actual(growth=2.5), "growthPct", True, "-0.5"),
    (target(growth=3, qualifier="以内"), actual(growth=3.2), "growthPct", False, "0.2"),
    (target(growth=3, qualifier="以下"), actual(growth=3), "growthPct", True, "0"),
    (target(growth=3, qualifier="低于"), actual(growth=3.1), "growthPct", False, "0.1"),
    (target(growth=3, qualifier="不超过"), actual(growth=4), "growthPct", False, "1"),
    (target(growth=5.5, qualifier="控制在"), actual(growth=4.8), "growthPct", True, "-0.7"),
    (target(growth=7, qualifier="左右"), actual(growth=6.5), "growthPct", True, "-0.5"),
    (target(growth=7, qualifier="左右"), actual(growth=6.4), "growthPct", False, "-0.6"),
    (target(value=100, unit="元", qualifier="左右"), actual(value=99, unit="元"), "value", True, "-1"),
    (target(value=100, unit="元", qualifier="左右"), actual(value=98.9, unit="元"), "value", False, "-1.1"),
    (target(value=100, unit="元"), actual(value=120, unit="元"), "value", True, "20"),
    (target(growth=8, value=100, unit="元"), actual(growth=7, value=120, unit="元"), "growthPct", False, "-1"),
], ids=["none-met", "none-missed", "above-missed", "not-below-equal", "break-through", "strive-missed",
        "within-met", "within-missed", "below-equal", "lower-missed", "not-over-missed", "held-to-met",
        "about-growth-met", "about-growth-missed", "about-value-met", "about-value-missed", "value-met",
        "growth-before-value"])
def test_verdict_rules(goal, outcome, measure, met, margin):
    pair = compare(goal, outcome)
    assert (pair.measure, pair.met, pair.margin) == (measure, met, Decimal(margin))


@pytest.mark.parametrize("goal, outcome", [
    (target(value=100, unit="元"), actual(value=100, unit="吨")),
    (target(growth=8), actual(value=120, unit="元")),
    (target(value=100, unit="元"), actual(growth=8)),
], ids=["unit-mismatch", "rate-target-level-actual", "value-target-rate-actual"])
def test_no_common_measure_no_pair(goal, outcome):
    assert compare(goal, outcome) is None


@pytest.mark.parametrize("before, after, expected", [
    ([target(growth=6)], [actual(growth=6)], 1),
    ([target(growth=6)], [], 0),
    ([target(growth=6)], [actual(growth=6, indicator="https://example.org/indicator/other")], 0),
    ([target(growth=6)], [actual(growth=6, period=2020)], 0),
    ([target(growth=6, period=2022)], [actual(growth=6, period=2022)], 0),
    ([target(growth=8)], [actual(value=120, unit="元")], 0),
], ids=["joined", "missing-actual", "other-indicator", "actual-of-another-year", "target-of-another-year",
        "level-only-actual"])
def test_pairs_join_a_years_target_to_its_actual(before, after, expected):
    assert len(pairs(2021, before, after)) == expected


@pytest.mark.parametrize("due, same, status, expected", [
    ({"p": [2021]}, {"p": "q"}, {"q": "Completed"}, [("q", "Completed")]),
    ({"p": [2021]}, {}, {}, [(None, None)]),
    ({"p": [2022]}, {"p": "q"}, {"q": "Completed"}, []),
    ({"p": []}, {}, {}, []),
], ids=["named-next-year", "not-mentioned", "due-later", "no-due-date"])
def test_promises_of_projects_due(due, same, status, expected):
    assert [(found.outcome, found.status) for found in promises(2021, due, same, status)] == expected
