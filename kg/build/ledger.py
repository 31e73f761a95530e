"""The ledger: each target a report sets for its year, held against the actual the same place's next report gives.

Pure functions over plain records, so the rules are tested without building a report.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

CEILINGS = ("以内", "以下", "低于", "不超过", "控制在")  # qualifiers that make a target a ceiling
ABOUT = "左右"  # a target met within half a point of a rate, or 99% of a value
_ABOUT_POINTS = Decimal("0.5")
_ABOUT_SHARE = Decimal("0.99")


@dataclass(frozen=True, slots=True)
class Figure:
    """One observation of a report: an indicator's actual or target for a year."""
    iri: str
    indicator: str  # the shared indicator concept's IRI
    period: int
    kind: str  # "actual" or "target"
    value: Decimal | None = None
    unit: str | None = None
    growth: Decimal | None = None
    qualifier: str | None = None


@dataclass(frozen=True)
class Pair:
    """A target and its actual, compared on one measure."""
    target: Figure
    actual: Figure
    measure: str  # "growthPct" or "value"
    met: bool
    margin: Decimal


@dataclass(frozen=True)
class Promise:
    """A project a report says is due in its year, and what the next report says of it."""
    project: str
    period: int
    outcome: str | None  # the same project in the next report, when it names it
    status: str | None  # its status there (a kinds.Status value), None when not mentioned


def met(target: Decimal, actual: Decimal, qualifier: str | None, measure: str) -> bool:
    """Whether `actual` meets `target` under the target's qualifier.

    >>> met(Decimal(6), Decimal("5.6"), "左右", "growthPct"), met(Decimal(3), Decimal("3.2"), "以内", "growthPct")
    (True, False)
    """
    qualifier = qualifier or ""
    if any(ceiling in qualifier for ceiling in CEILINGS):
        return actual <= target
    if ABOUT in qualifier:
        floor = target - _ABOUT_POINTS if measure == "growthPct" else target * _ABOUT_SHARE
        return actual >= floor
    return actual >= target


def compare(target: Figure, actual: Figure) -> Pair | None:
    """The pair of a target and an actual: on growth rates when both give one, else on values in one unit."""
    if target.growth is not None and actual.growth is not None:
        measure, aim, outcome = "growthPct", target.growth, actual.growth
    elif target.value is not None and actual.value is not None and target.unit == actual.unit:
        measure, aim, outcome = "value", target.value, actual.value
    else:
        return None
    return Pair(target, actual, measure, met(aim, outcome, target.qualifier, measure), outcome - aim)


def pairs(year: int, before: list[Figure], after: list[Figure]) -> list[Pair]:
    """The targets report `year` sets for `year`, each against the actual for `year` the next report gives."""
    actuals = {figure.indicator: figure for figure in sorted(after, key=lambda figure: figure.iri)
               if figure.kind == "actual" and figure.period == year}
    found = []
    for target in sorted(before, key=lambda figure: figure.iri):
        if target.kind == "target" and target.period == year and target.indicator in actuals:
            pair = compare(target, actuals[target.indicator])
            if pair is not None:
                found.append(pair)
    return found


def promises(year: int, due: dict[str, list[int]], same: dict[str, str], status: dict[str, str]) -> list[Promise]:
    """The projects of report `year` due that year (`due`: project → years of its due dates), each with
    the same project in the next report (`same`: project → its IRI there) and the status it has there."""
    found = []
    for project in sorted(due):
        if year in due[project]:
            there = same.get(project)
            found.append(Promise(project, year, there, status.get(there) if there else None))
    return found
