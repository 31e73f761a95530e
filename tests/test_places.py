"""Places across reports: one place per real place, its level from its suffix, the report of the year before."""
from __future__ import annotations

import pytest

from kg.build.places import Place, level, previous, resolve, split


@pytest.mark.parametrize("named, same", [
    ({"a": Place("清苑区", "保定市", "河北省"), "b": Place("清苑区")}, True),
    ({"a": Place("保定市清苑区", None, "河北省"), "b": Place("清苑区", None, "河北省")}, True),
    ({"a": Place("清苑区", "保定市"), "b": Place("清苑区", None, "河北省")}, True),
    ({"a": Place("鼓楼区", None, "江苏省"), "b": Place("鼓楼区", None, "福建省")}, False),
    ({"a": Place("鼓楼区", "南京市"), "b": Place("鼓楼区", "徐州市")}, False),
    ({"a": Place("甲县"), "b": Place("乙县")}, False),
], ids=["with-and-without-city", "city-in-the-name", "city-and-province-apart", "two-provinces", "two-cities",
        "two-names"])
def test_place_identity(named, same):
    places = resolve(named)
    assert (places["a"] == places["b"]) is same


def test_a_name_two_provinces_share_stays_apart_from_both():
    places = resolve({"a": Place("鼓楼区", None, "江苏省"), "b": Place("鼓楼区", None, "福建省"),
                      "c": Place("鼓楼区")})
    assert len({places["a"], places["b"], places["c"]}) == 3


def test_resolved_place_knows_all_its_records_say():
    places = resolve({"a": Place("清苑区", "保定市"), "b": Place("清苑区", None, "河北省")})
    assert places["a"] == Place("清苑区", "保定市", "河北省")


@pytest.mark.parametrize("name, parent, expected", [
    ("河北省", None, "province"), ("广西壮族自治区", None, "province"), ("保定市", None, "city"),
    ("涿州市", "保定市", "county"), ("恩施土家族苗族自治州", None, "city"), ("易县", None, "county"),
    ("某某旗", None, "county"), ("清苑区", None, "district"), ("某地", None, None),
], ids=["province", "autonomous-region", "city", "county-level-city", "autonomous-prefecture", "county",
        "banner", "district", "no-suffix"])
def test_level_from_suffix(name, parent, expected):
    assert level(name, parent) == expected


@pytest.mark.parametrize("name, expected", [
    ("保定市清苑区", Place("清苑区", "保定市")),
    ("河北省保定市", Place("保定市", None, "河北省")),
    ("清苑区", Place("清苑区")),
], ids=["city-and-district", "province-and-city", "one-unit"])
def test_split_a_name_of_several_units(name, expected):
    assert split(Place(name)) == expected


def test_a_city_that_is_its_own_province_has_no_outer_place():
    assert split(Place("某某市", None, "某某市")) == Place("某某市")


def test_previous_report_is_the_same_places_year_before():
    here, there = Place("甲县"), Place("乙县")
    reports = {"a20": (here, 2020), "a21": (here, 2021), "a23": (here, 2023), "b22": (there, 2022),
               "x": (here, None)}
    assert previous(reports) == {"a21": "a20"}


@pytest.mark.parametrize("header, place, parent", [
    ("2019年1月29日某某市甲乙区第二届人民代表大会第三次会议\n", "甲乙区", "某某市"),
    ("——2024年1月10日在某某市甲乙区第五届人民代表大会第三次会议上\n", "甲乙区", "某某市"),
], ids=["date-runs-into-the-meeting", "date-then-in"])
def test_place_of_the_meeting_line(header, place, parent):
    from kg.build.report_meta import read_meta

    meta = read_meta(header + "一、2018年工作回顾\n")
    assert (meta.place, meta.parent) == (place, parent)
