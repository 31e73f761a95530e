"""consolidate(): one fact per thing, aliases merged, first value wins, links resolved."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kg.build.facts import Amount, Enterprise, IndustryChain, Mention, Milestone, Project, consolidate

SUFFIXES = ("铜业", "药业", "公司")


def at(start):
    return (Mention(start, start + 2, "xx"),)


@pytest.mark.parametrize("facts, expected", [
    pytest.param([Enterprise("蓝天铜业", evidence=at(0)), Enterprise("蓝天", evidence=at(5))],
                 [Enterprise("蓝天铜业", aliases=("蓝天",))], id="short-form-becomes-alias"),
    pytest.param([Enterprise("蓝天", evidence=at(0))], [Enterprise("蓝天")], id="short-form-alone-stays"),
    pytest.param([Enterprise("蓝天科创", evidence=at(0)), Enterprise("蓝天", evidence=at(5))],
                 [Enterprise("蓝天"), Enterprise("蓝天科创")], id="no-generic-suffix-no-merge"),
    pytest.param([Enterprise("蓝天铜业", evidence=at(0)), Enterprise("蓝天铜业", evidence=at(9))],
                 [Enterprise("蓝天铜业")], id="duplicates-merge"),
])
def test_enterprises(facts, expected):
    assert sorted(consolidate(facts, SUFFIXES), key=lambda f: f.name) == expected


def test_project_first_investment_wins_and_milestones_join():
    first = Project("港口项目", Amount(Decimal(100), "100元"), status="reported", evidence=at(0))
    second = Project("港口项目", Amount(Decimal(200), "200元"),
                     (Milestone("开工", date(2024, 4, 30), "4月底开工"),), status="planned", evidence=at(50))
    (merged,) = consolidate([first, second])
    assert (merged.investment.yuan, merged.milestones[0].due, len(merged.evidence)) == (Decimal(100), date(2024, 4, 30), 2)


def test_leader_resolves_to_full_name():
    facts = [Enterprise("蓝天铜业", evidence=at(0)), Enterprise("蓝天", evidence=at(5)),
             IndustryChain("铜加工产业链", leader="蓝天", evidence=at(9))]
    chain = next(f for f in consolidate(facts, SUFFIXES) if isinstance(f, IndustryChain))
    assert chain.leader == "蓝天铜业"


@pytest.mark.parametrize("project_at, chain", [
    pytest.param(20, "铜加工产业链", id="inside-scope"),
    pytest.param(200, None, id="outside-scope"),
])
def test_project_joins_chain_by_scope(project_at, chain):
    facts = [IndustryChain("铜加工产业链", scope=(10, 100), evidence=at(10)), Project("铜箔项目", evidence=at(project_at))]
    project = next(f for f in consolidate(facts) if isinstance(f, Project))
    assert project.chain == chain
