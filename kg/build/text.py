"""Reading a report: decoding, a same-length normalised shadow, sentences, sections and metadata.

The original text is never edited: every offset in the graph points into `Document.text`.
Patterns run over `Document.norm`, a copy of the same length in which full-width ASCII and the
ideographic space are folded to ASCII and CR to LF, so one pattern serves "，" and "," (and every
line ending) alike without moving offsets.
"""
from __future__ import annotations

import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.build.facts import Mention


class InputError(Exception):
    """A report that cannot be read; the message is meant for the user."""


# full-width ASCII (U+FF01..U+FF5E) → ASCII, ideographic space → space: one code point each
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x0D] = 0x0A  # CR ends a line as LF does: CRLF and old Mac files read like Unix ones


def fold(text: str) -> str:
    return text.translate(_FOLD)


MAX_BYTES = 8 * 1024 * 1024  # a work report is 10-200 KB; more is many reports, or not a report


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which covers GBK and GB2312."""
    return decode_with_notes(data)[0]


def decode_with_notes(data: bytes) -> tuple[str, list[str]]:
    """The text, and what the reader should know about how it was read."""
    if b"\x00" in data:
        raise InputError("looks like a binary file (it holds NUL bytes), not a plain-text report")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # cut off in the middle of its last character: keep everything before it
            return data[:exc.start].decode("utf-8-sig"), [
                f"the file ends inside a character; its last {len(data) - exc.start} byte(s) were dropped"]
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        raise InputError("cannot decode it as UTF-8 or GB18030/GBK text") from None


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A numbered top-level part of the report (一、… 二、…) or the glossary."""
    title: str
    start: int
    end: int
    kind: str  # "review", "plan", "glossary" or "other"


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


_SENTENCE = re.compile(r"[^。!?\n]+[。!?]*")
_HEADING = re.compile(
    r"^[ \t]*(?:([一二三四五六七八九十]{1,3})[、.][ \t]*(\S[^\n]{0,40})"
    # or an unnumbered line that names a year and a part of the report: 奋力完成2023年…的各项任务
    r"|([^\n,。;:!?()]{0,16}\d{4}年[^\n,。;:!?()]{0,20}(?:回顾|安排|任务|目标|重点|建议|谋划|工作)))[ \t]*$",
    re.M,
)
_GLOSSARY_HEAD = re.compile(
    # 名词解释, 【注释】, 附:名词解释, 附件一:名词解释, 《政府工作报告》名词解释 on a line of their own
    r"^[ \t]*[\[【〔※(]?[ \t]*(?:附(?:件[一二三四五六七八九十\d]*)?[::]?[ \t]*)?(?:《[^》\n]{2,20}》)?"
    r"(?:名[ \t]*词[ \t]*解[ \t]*释|注[ \t]*释)[ \t]*[\]】〕※)]?[ \t]*[::]?[ \t]*$",
    re.M,
)
_REVIEW_WORDS = ("回顾", "总结", "过去")
_PLAN_WORDS = ("安排", "任务", "目标", "工作", "打算", "重点")


@dataclass
class Document:
    name: str
    text: str
    norm: str = field(repr=False)
    year_hint: int | None = None
    warnings: list[str] = field(default_factory=list, compare=False)

    def mention(self, start: int, end: int) -> Mention:
        """The only constructor of mentions, so a mention's text is the text at its offsets."""
        return Mention(start, end, self.text[start:end])

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        spans = []
        for match in _SENTENCE.finditer(self.norm):
            start, end = match.span()
            while start < end and self.norm[start].isspace():
                start += 1
            while end > start and self.norm[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append(Span(start, end))
        return tuple(spans)

    def sentence_at(self, offset: int) -> Span:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            span = self.sentences[mid]
            if offset < span.start:
                hi = mid - 1
            elif offset >= span.end:
                lo = mid + 1
            else:
                return span
        return Span(offset, offset)

    @cached_property
    def glossary(self) -> Span | None:
        """The glossary section: from its heading to the end of the report."""
        heads = list(_GLOSSARY_HEAD.finditer(self.norm))
        if not heads:
            return None
        return Span(heads[-1].end(), len(self.norm))

    @cached_property
    def body_end(self) -> int:
        return self.glossary.start if self.glossary else len(self.norm)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        heads = [m for m in _HEADING.finditer(self.norm, 0, self.body_end)]
        out = []
        for i, head in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else self.body_end
            title = (head.group(2) or head.group(3)).strip()
            out.append(Section(title, head.start(), end, _section_kind(title, self.meta)))
        return tuple(out)

    @cached_property
    def _parts(self) -> tuple[tuple[int, str], ...]:
        """Where the review and the plan begin; other headings (一、着力… inside the plan) change nothing."""
        parts = tuple((s.start, s.kind) for s in self.sections if s.kind in ("review", "plan"))
        if parts:
            return parts
        # no heading says which part is which: the plan begins where this year's goals are set out
        cue = re.search(rf"预期目标|总体要求|{self.year or '今'}年(?:是|工作)|今年(?:是|工作)", self.norm[:self.body_end])
        return ((0, "review"), (cue.start(), "plan")) if cue else ((0, "review"),)

    def period_at(self, offset: int) -> str:
        """'review' for text about the year under review, otherwise 'plan'.

        Text before the first part heading is the preamble, which in these reports opens the review.
        """
        kind = "review"
        for start, part in self._parts:
            if start > offset:
                break
            kind = part
        return kind

    @cached_property
    def meta(self) -> Meta:
        return read_meta(self.norm, self.year_hint)

    @property
    def year(self) -> int | None:
        return self.meta.year

    @property
    def review_year(self) -> int | None:
        return self.meta.review_year


def _section_kind(title: str, meta: Meta) -> str:
    years = set(re.findall(r"\d{4}", title))
    if any(w in title for w in _REVIEW_WORDS):
        return "review"
    if meta.year and str(meta.year) in years:
        return "plan"
    if meta.review_year and str(meta.review_year) in years:
        return "review"
    if years:
        return "other"
    if any(w in title for w in _PLAN_WORDS):
        return "plan"
    return "other"


_PROVINCE = re.compile(r"[((]([\u4e00-\u9fff]{2,7}(?:省|自治区|市))[))]\s*([\u4e00-\u9fff]{2,10}?(?:市|县|区|旗|州|盟))人民政府")
_PLACE_GOV = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:市|县|区|旗|州|盟))人民政府(?:市长|县长|区长|旗长|州长|盟长|代市长|代县长|代区长|副市长)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在\s*([\u4e00-\u9fff]{2,10}?(?:市|县|区|旗|州|盟))?")
_MEETING = re.compile(
    r"((?:(?!会议|日在)[\u4e00-\u9fff]){2,16}(?:市|县|区|旗|州|盟)第[一二三四五六七八九十]+届人民代表大会第[一二三四五六七八九十]+次会议)"
)
# one administrative unit of a place phrase: 保定市徐水区 is 保定市 + 徐水区
_UNIT = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|县|区|旗|州|盟)")
# padding between a title and a name, and inside names: spaces of every width and the "??" of mangled ones
_PAD = r"[\s?\u00a0\u2002\u2003:]"
_SPEAKER = re.compile(
    rf"(?:人民政府)?(?:代理?)?(?:市长|县长|区长|旗长|州长|盟长){_PAD}*([\u4e00-\u9fff](?:{_PAD}*[\u4e00-\u9fff]){{1,3}})[ \t\u00a0\u2002\u2003]*$",
    re.M,
)
# Reports without a header still name their place in the slogan that closes them:
# "谱写中国式现代化(贵州实践)X新篇章"; the level comes from "我代表市人民政府".
_SLOGAN_PLACE = re.compile(
    r"中国式现代化(?:[\u4e00-\u9fff]{2,3}实践的?)?([\u4e00-\u9fff]{2,4}?)(?:新|的|高质量发展)?(?:篇章|新篇|实践)")
_LEVEL = re.compile(r"代表([市州县区旗盟])人民政府")
# the title (保定市清苑区2020年政府工作报告) or the opening (我代表北京市人民政府) naming the place
_TITLE_PLACE = re.compile(
    r"^[ \t]*(?:\d{4}年)?[ \t]*((?:(?!政府|报告)[\u4e00-\u9fff]){1,16}?(?:市|县|区|旗|州|盟))[ \t]*(?:\d{4}年)?[ \t]*(?:人民)?政府工作报告", re.M)
_GOV_OF = re.compile(r"代表([\u4e00-\u9fff]{2,8}?(?:市|县|区|旗|州|盟))人民政府")
# "2024年工作安排", never "2023年政府工作回顾" or "对照2023年政府工作报告"
_PLAN_YEAR = re.compile(r"(\d{4})年(?:工作安排|主要任务|重点工作|政府工作(?!回顾|报告|总结)|工作任务|的?主要目标)")
_REVIEW_YEAR = re.compile(r"(\d{4})年[^\n,。]{0,6}?回顾")


def read_meta(norm: str, year_hint: int | None = None) -> Meta:
    head = norm[:1500]
    province = place = date = speaker = meeting = None
    year = review_year = None
    if m := _PROVINCE.search(head):
        province, place = m.group(1), m.group(2)
    flat = re.sub(r"\s+", "", head)  # the date line is often broken across lines
    if m := _DATE.search(flat):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            date, year = f"{y:04d}-{mo:02d}-{d:02d}", y
        date_place = m.group(4)
    else:
        date_place = None
    if m := _MEETING.search(flat):
        meeting = m.group(1).rsplit("在", 1)[-1]  # the date line runs on: "…日在X市第…次会议"
        place = place or meeting[:meeting.index("第")]
    place = place or date_place
    if not place and (m := _TITLE_PLACE.search(head)):
        place = m.group(1)
    if m := _PLACE_GOV.search(flat):
        place = place or re.split(r"会议上|在", m.group(1))[-1]  # the date line may run into it
    if not place and (m := _GOV_OF.search(head)):
        place = m.group(1)
    place = place or _place_from_slogan(norm) or _place_by_frequency(norm)
    parent = None
    if place:
        units = _UNIT.findall(place)
        if len(units) > 1:
            parent, place = units[-2], units[-1]
            province = province or next((u for u in units[:-1] if u.endswith(("省", "自治区"))), None)
    if m := _SPEAKER.search(head):
        speaker = re.sub(_PAD, "", m.group(1))
    # the review heading (2023年工作回顾) dates the report more surely than any plan phrase, which may
    # quote last year's report
    if year is None and (m := _REVIEW_YEAR.search(norm[:5000])):
        year = int(m.group(1)) + 1
    if year is None and (m := _PLAN_YEAR.search(norm)):
        year = int(m.group(1))
    year = year or year_hint
    if m := _REVIEW_YEAR.search(norm[:5000]):
        review_year = int(m.group(1))
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
    found = Counter(m.group(1) for m in _SLOGAN_PLACE.finditer(norm) if m.group(1) not in provinces)
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
    for m in re.finditer(rf"([\u4e00-\u9fff]{{2,4}}?){unit}", norm):
        for cut in range(len(m.group(1)) - 1):  # 在蚌埠 → 蚌埠: any tail of two characters or more
            tail = m.group(1)[cut:]
            tag = tags().get(tail, "")
            # a word of the language (建设市场, 推进市级) is no place; one the dictionary lacks must recur
            if tag[:2] in ("ns", "nr", "nz") or (tag in ("", "n") and norm.count(tail + unit) >= 3):
                names.add(tail)
    for part in (norm[:3000], norm[-3000:]):
        names.update(w for w, _, _ in tokens(part) if len(w) >= 2 and tags().get(w) == "ns")
    counts = {n: norm.count(n) for n in names if n[0] not in _NOT_NAMES and n not in outside and n + unit not in outside}
    if not counts:
        return None
    # written with its level too (六安市), a name counts double: it beats a region named as often (长三角)
    best = max(sorted(counts), key=lambda n: (counts[n] * (2 if n + unit in norm else 1), len(n)))
    if counts[best] < 10:
        return None
    return best if best.endswith(unit) else best + unit  # 蠡县 is a county already


def parse_document(text: str, name: str = "report", year: int | None = None) -> Document:
    """A Document from text already decoded; `year` is used only when the text does not state one."""
    return Document(name=name, text=text, norm=fold(text), year_hint=year)


_YEAR_IN_NAME = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def load_document(path: Path) -> Document:
    return document_of_bytes(read_report(path), path)


def read_report(path: Path) -> bytes:
    """A report file's bytes, at most MAX_BYTES of them, from a regular file only.

    Opened without blocking and checked after opening, so a pipe cannot hang the reader and a link to a
    device cannot stream past the cap; the cap counts what is read, since a file can grow after its size is asked.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a report file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not a report file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, a device or a socket), not a report")
        data = _read_at_most(fd, MAX_BYTES + 1) if info.st_size <= MAX_BYTES else b""
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)
    if info.st_size > MAX_BYTES or len(data) > MAX_BYTES:
        cap = MAX_BYTES // 1024 // 1024
        size = f"{info.st_size / 1024 / 1024:.0f} MB" if info.st_size > MAX_BYTES else f"more than {cap} MB"
        raise InputError(f"{path}: {size} is far more than a work report (at most {cap} MB is read); "
                         f"split concatenated reports into a file each")
    return data


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, left = [], limit
    while left and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def document_of_bytes(data: bytes, path: Path) -> Document:
    """The Document of a report's bytes read already; `path` names it and hints its year."""
    path = Path(path)
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        text, notes = decode_with_notes(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty (only white space)")
    hint = _YEAR_IN_NAME.search(path.stem)
    doc = parse_document(text, name=path.stem, year=int(hint.group(1)) if hint else None)
    if not re.search(r"[\u4e00-\u9fff]{20}", doc.norm) and len(re.findall(r"[\u4e00-\u9fff]", doc.norm)) < 200:
        raise InputError(f"{path}: no Chinese report text found in it")
    doc.warnings.extend(notes + doubts(doc))
    return doc


_HTML = re.compile(r"<(?:html|body|div|p|br|span|script|table|head)\b", re.I)
# characters only traditional Chinese writes so (個 for 个 …): many of them mean the simplified cues miss
_TRADITIONAL = set("們個這來為說時國會發後開關門業經過項進產實現區縣廣東與當對應於義務總體設")
_REVIEW_HEADING = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]+[、.])?[ \t]*\d{4}年[^\n]{0,8}回顾[ \t]*$", re.M)


def doubts(doc: Document) -> list[str]:
    """What about a text makes its graph less than it could be: told to the user, not fatal."""
    found = []
    if len(_HTML.findall(doc.norm)) >= 3:
        found.append("looks like an HTML page: its markup is left in the text; save the page as text for a cleaner graph")
    han = sum(1 for ch in doc.norm if "\u4e00" <= ch <= "\u9fff")
    if han and sum(1 for ch in doc.norm if ch in _TRADITIONAL) / han > 0.01:
        found.append("looks like traditional Chinese: the cue words are simplified, so less will be found")
    reviews = len(_REVIEW_HEADING.findall(doc.norm))
    if reviews > 1:
        found.append(f"looks like {reviews} reports in one file; metadata comes from the first: give each its own file")
    if doc.year is None:
        found.append("no year in the text or the file name: deadlines are kept without dates")
    return found
