"""Report metadata from the header and the text: place, parent, province, year, review year, date, speaker, meeting."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Meta:
    place: str | None = None
    province: str | None = None
    year: int | None = None
    review_year: int | None = None
    date: str | None = None
    speaker: str | None = None
    meeting: str | None = None
    parent: str | None = None  # the city a county or district belongs to (保定市 of 徐水区)


_PROVINCE = re.compile(r"[((]([\u4e00-\u9fff]{2,7}(?:省|自治区|市))[))]\s*([\u4e00-\u9fff]{2,10}?(?:市|县|区|旗|州|盟))人民政府")
_PLACE_GOV = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:市|县|区|旗|州|盟))人民政府(?:市长|县长|区长|旗长|州长|盟长|代市长|代县长|代区长|副市长)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在\s*([\u4e00-\u9fff]{2,10}?(?:市|县|区|旗|州|盟))?")
# never from right after a digit: "1月29日保定市徐水区第二届…" names 保定市徐水区, not 日保定市徐水区
_MEETING = re.compile(
    r"(?<!\d)((?:(?!会议|日在)[\u4e00-\u9fff]){2,16}(?:市|县|区|旗|州|盟)第[一二三四五六七八九十]+届人民代表大会第[一二三四五六七八九十]+次会议)"
)
# one administrative unit of a place phrase: 保定市徐水区 is 保定市 + 徐水区
_UNIT = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|县|区|旗|州|盟)")
# padding between a title and a name, and inside names: spaces of every width and the "??" of mangled ones
_PAD = r"[\s?\u00a0\u2002\u2003:]"
_SPEAKER = re.compile(
    rf"(?:人民政府)?(?:代理?)?(?:市长|县长|区长|旗长|州长|盟长){_PAD}*([\u4e00-\u9fff](?:{_PAD}*[\u4e00-\u9fff]){{1,3}})"
    r"[ \t\u00a0\u2002\u2003]*$",
    re.M,
)
# Reports without a header still name their place in the slogan that closes them:
# "谱写中国式现代化(贵州实践)X新篇章"; the level comes from "我代表市人民政府".
_SLOGAN_PLACE = re.compile(
    r"中国式现代化(?:[\u4e00-\u9fff]{2,3}实践的?)?([\u4e00-\u9fff]{2,4}?)(?:新|的|高质量发展)?(?:篇章|新篇|实践)")
_LEVEL = re.compile(r"代表([市州县区旗盟])人民政府")
# the title (保定市清苑区2020年政府工作报告) or the opening (我代表北京市人民政府) naming the place
_TITLE_PLACE = re.compile(
    r"^[ \t]*(?:\d{4}年)?[ \t]*((?:(?!政府|报告)[\u4e00-\u9fff]){1,16}?(?:市|县|区|旗|州|盟))"
    r"[ \t]*(?:\d{4}年)?[ \t]*(?:人民)?政府工作报告", re.M)
_GOV_OF = re.compile(r"代表([\u4e00-\u9fff]{2,8}?(?:市|县|区|旗|州|盟))人民政府")
# "2024年工作安排", never "2023年政府工作回顾" or "对照2023年政府工作报告"
_PLAN_YEAR = re.compile(r"(\d{4})年(?:工作安排|主要任务|重点工作|政府工作(?!回顾|报告|总结)|工作任务|的?主要目标)")
_REVIEW_YEAR = re.compile(r"(\d{4})年[^\n,。]{0,6}?回顾")


def read_meta(norm: str, year_hint: int | None = None) -> Meta:
    """The metadata of a report's folded text; `year_hint` (from the file name) only when the text states no year."""
    head = norm[:1500]
    province = place = date = speaker = meeting = None
    year = review_year = None
    if match := _PROVINCE.search(head):
        province, place = match.group(1), match.group(2)
    flat = re.sub(r"\s+", "", head)  # the date line is often broken across lines
    if match := _DATE.search(flat):
        stated, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            date, year = f"{stated:04d}-{month:02d}-{day:02d}", stated
        date_place = match.group(4)
    else:
        date_place = None
    if match := _MEETING.search(flat):
        meeting = match.group(1).rsplit("在", 1)[-1]  # the date line runs on: "…日在X市第…次会议"
        place = place or meeting[:meeting.index("第")]
    place = place or date_place
    if not place and (match := _TITLE_PLACE.search(head)):
        place = match.group(1)
    if match := _PLACE_GOV.search(flat):
        place = place or re.split(r"会议上|在", match.group(1))[-1]  # the date line may run into it
    if not place and (match := _GOV_OF.search(head)):
        place = match.group(1)
    place = place or _place_from_slogan(norm) or _place_by_frequency(norm)
    parent = None
    if place:
        units = _UNIT.findall(place)
        if len(units) > 1:
            parent, place = units[-2], units[-1]
            province = province or next((unit for unit in units[:-1] if unit.endswith(("省", "自治区"))), None)
    if match := _SPEAKER.search(head):
        speaker = re.sub(_PAD, "", match.group(1))
    # the review heading (2023年工作回顾) dates the report more surely than any plan phrase, which may
    # quote last year's report
    if year is None and (match := _REVIEW_YEAR.search(norm[:5000])):
        year = int(match.group(1)) + 1
    if year is None and (match := _PLAN_YEAR.search(norm)):
        year = int(match.group(1))
    year = year or year_hint
    if match := _REVIEW_YEAR.search(norm[:5000]):
        review_year = int(match.group(1))
    if review_year is None and year:
        review_year = year - 1
    if place and not province:
        province = _province_named(norm, place)
    if parent and parent == province:
        parent = None
    return Meta(place, province, year, review_year, date, speaker, meeting, parent)


def _province_named(norm: str, place: str) -> str | None:
    """The province a report names most often (安徽 in a 蚌埠 report), at least five times.

    A province-level city (北京) counts only for its own report: the others name Beijing as a neighbour.
    """
    from kg.build.lexicon import mapping

    if place in mapping("provinces"):
        return place
    counts = {full: norm.count(short) for full, short in mapping("provinces").items() if not full.endswith("市")}
    best = max(sorted(counts), key=lambda full: counts[full])
    return best if counts[best] >= 5 else None


def _place_from_slogan(norm: str) -> str | None:
    """The place a headerless report names in its closing slogan, where the name recurs in the text.

    A province (湖北实践, 广西篇章) is not the place: a city report's slogan often names both.
    """
    from kg.build.lexicon import mapping

    provinces = set(mapping("provinces").values())
    found = Counter(match.group(1) for match in _SLOGAN_PLACE.finditer(norm) if match.group(1) not in provinces)
    if not found:
        return None
    name = found.most_common(1)[0][0]
    if norm.count(name) < 10:
        return None
    level = _LEVEL.search(norm)
    return name + (level.group(1) if level else "市")


_NOT_NAMES = set("全我本该各城都超副地州县市区省每")


def _place_by_frequency(norm: str) -> str | None:
    """A headerless report's place: the place name it writes most often (成都, 黔南), with the level of
    "我代表市/州/县人民政府". Names are the words jieba's dictionary tags as places (ns) in the opening and
    the close, and names the report writes with that level (恩施市); provinces and the country are not
    the place.
    """
    from kg.build.lexicon import mapping, tags, tokens

    level = _LEVEL.search(norm)
    if level is None:
        return None
    unit = level.group(1)
    outside = set(mapping("provinces")) | set(mapping("provinces").values()) | {"中国", "全国", "中华", "祖国"}
    names = set()
    for match in re.finditer(rf"([\u4e00-\u9fff]{{2,4}}?){unit}", norm):
        for cut in range(len(match.group(1)) - 1):  # 在蚌埠 → 蚌埠: any tail of two characters or more
            tail = match.group(1)[cut:]
            tag = tags().get(tail, "")
            # a word of the language (建设市场, 推进市级) is no place; one the dictionary lacks must recur
            if tag[:2] in ("ns", "nr", "nz") or (tag in ("", "n") and norm.count(tail + unit) >= 3):
                names.add(tail)
    for part in (norm[:3000], norm[-3000:]):
        names.update(w for w, _, _ in tokens(part) if len(w) >= 2 and tags().get(w) == "ns")
    counts = {name: norm.count(name) for name in names
              if name[0] not in _NOT_NAMES and name not in outside and name + unit not in outside}
    if not counts:
        return None
    # written with its level too (六安市), a name counts double: it beats a region named as often (长三角)
    best = max(sorted(counts), key=lambda name: (counts[name] * (2 if name + unit in norm else 1), len(name)))
    if counts[best] < 10:
        return None
    return best if best.endswith(unit) else best + unit  # 蠡县 is a county already
