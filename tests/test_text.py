"""Reading a report (kg.build.reading, kg.build.document, kg.build.report_meta): decoding, the same-length folded
shadow, input errors, metadata, glossary and sections."""
from __future__ import annotations

import re

import pytest

from kg.build.document import fold, parse_document
from kg.build.reading import decode, load_document
from kg.build.report_meta import read_meta
from kg.errors import InputError
from kg.resources import sample_report

P = pytest.param

# ---------------------------------------------------------------- decode


@pytest.mark.parametrize("data, expected", [
    P("青川市人民政府".encode(), "青川市人民政府", id="utf-8"),
    P("青川市人民政府".encode("utf-8-sig"), "青川市人民政府", id="utf-8-bom-dropped"),
    P("柳溪县，２０２４年".encode("gbk"), "柳溪县，２０２４年", id="gbk"),
    P("柳溪县开工项目".encode("gb2312"), "柳溪县开工项目", id="gb2312"),
    P("柳溪县𠮷".encode("gb18030"), "柳溪县𠮷", id="gb18030-four-byte"),
    P("青川市\r\n柳溪县".encode(), "青川市\r\n柳溪县", id="crlf-kept"),
])
def test_decode(data, expected):
    assert decode(data) == expected


@pytest.mark.parametrize("data", [
    P(b"ab\x00cd", id="nul-byte"),
    P("青川 2024".encode("utf-16"), id="utf-16-has-nul"),
])
def test_decode_rejects_binary(data):
    with pytest.raises(InputError, match="NUL"):
        decode(data)


def test_crlf_kept_in_text_and_sentences_still_split():
    doc = parse_document("青川市新建厂房十座。柳溪县开工五个！\r\n明年再建三座。\r\n")
    assert "\r\n" in doc.text
    assert [doc.text[s.start:s.end] for s in doc.sentences] == ["青川市新建厂房十座。", "柳溪县开工五个！", "明年再建三座。"]


# ---------------------------------------------------------------- fold


@pytest.mark.parametrize("text, expected", [
    P("０１２３４５６７８９", "0123456789", id="digits"),
    P("ＡＢＣｘｙｚ", "ABCxyz", id="letters"),
    P("，：；（）！？％．", ",:;()!?%.", id="punctuation"),
    P("青川\u3000市", "青川 市", id="ideographic-space"),
    P("总投资３４．９２亿元", "总投资34.92亿元", id="amount"),
    P("。、“”《》【】", "。、“”《》【】", id="cjk-punctuation-untouched"),
    P("", "", id="empty"),
])
def test_fold(text, expected):
    assert (fold(text), len(fold(text))) == (expected, len(text))


# ---------------------------------------------------------------- load_document errors

REPORT = "一、2023年工作回顾\n青川市新建标准化厂房十座并引进先进制造业项目二十个全年完成固定资产投资八十亿元。\n"


@pytest.mark.parametrize("name, content", [
    P("missing.txt", None, id="missing-file"),
    P("empty.txt", b"", id="empty-file"),
    P("blank.txt", b"  \n\t\r\n  ", id="whitespace-only"),
    P("binary.txt", b"\x89PNG\r\n\x00\x00\x00\rIHDR", id="binary-nul"),
    P("english.txt", b"Government work report 2024.\nNothing in Chinese here.\n", id="ascii-only"),
    P("few.txt", "青川市\n2024年\n".encode(), id="too-little-chinese"),
    P("folder", "dir", id="a-folder"),
])
def test_load_document_errors_name_the_path(tmp_path, name, content):
    path = _make(tmp_path / name, content)
    with pytest.raises(InputError, match=re.escape(str(path))):
        load_document(path)


def _make(path, content):
    """content: bytes to write, "dir" for a folder, None for nothing at all."""
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_load_document_reads_encodings(tmp_path, encoding):
    (path := tmp_path / "qingchuan-2024.txt").write_bytes(REPORT.encode(encoding))
    assert (load_document(path).text, load_document(path).year_hint) == (REPORT, 2024)


# ---------------------------------------------------------------- metadata

SAMPLE_META = {
    "place": "侯马市", "province": "山西省", "year": 2024, "review_year": 2023,
    "date": "2024-03-12", "speaker": "尹明星", "meeting": "侯马市第十七届人民代表大会第四次会议",
}


@pytest.mark.parametrize("field, expected", [P(k, v, id=k) for k, v in SAMPLE_META.items()])
def test_sample_meta(sample_doc, field, expected):
    assert getattr(sample_doc.meta, field) == expected


HEADER = "——2023年1月10日在某某市第五届人民代表大会第三次会议上\n某某市人民政府市长 张三"


@pytest.mark.parametrize("header, field, expected", [
    P(HEADER, "year", 2023, id="dated-year"),
    P(HEADER, "review_year", 2022, id="dated-review-year"),
    P(HEADER, "date", "2023-01-10", id="dated-date"),
    P(HEADER, "place", "某某市", id="dated-place"),
    P(HEADER, "speaker", "张三", id="dated-speaker"),
    P(HEADER, "meeting", "某某市第五届人民代表大会第三次会议", id="meeting-after-date"),
    P("——2023年1月10日在青川市第五届人民代表大会\n\n第三次会议上\n", "date", "2023-01-10",
      id="date-line-broken-across-lines"),
    P("青川市第五届人民代表大会第三次会议文件\n", "meeting", "青川市第五届人民代表大会第三次会议",
      id="meeting-on-its-own-line"),
    P("青川市第五届人民代表大会第三次会议文件\n", "place", "青川市", id="place-from-meeting"),
    P("（江南省）青川市人民政府工作报告\n", "province", "江南省", id="province-in-brackets"),
    P("（江南省）青川市人民政府工作报告\n", "place", "青川市", id="place-after-province"),
    P("柳溪县人民政府县长 李四\n", "speaker", "李四", id="speaker-space"),
    P("柳溪县人民政府县长 李四\n", "place", "柳溪县", id="place-from-speaker-line"),
    P("柳溪县人民政府县长?? 李四\n", "speaker", "李四", id="speaker-question-marks"),
    P("柳溪县人民政府县长\u00a0\u00a0李四\n", "speaker", "李四", id="speaker-nbsp"),
    P("柳溪县人民政府县长\u3000李四\n", "speaker", "李四", id="speaker-ideographic-space"),
    P("柳溪县人民政府县长 李四 \n", "speaker", "李四", id="speaker-trailing-space"),
    P("柳溪县人民政府代县长 王五\n", "speaker", "王五", id="acting-county-head"),
    P("青川市人民政府市长 欧阳明月\n各位代表:\n", "speaker", "欧阳明月", id="four-char-name"),
    P("柳溪县人民政府县长 李 四\n", "speaker", "李四", id="space-inside-two-char-name"),
    P("柳溪县人民政府县长\u00a0 李\u00a0 四\n", "speaker", "李四", id="nbsp-inside-two-char-name"),
    P("柳溪县人民政府县长:李四\n", "speaker", "李四", id="speaker-after-colon"),
    P("各位代表:\n", "speaker", None, id="no-speaker"),
    P("各位代表:\n", "year", None, id="no-year-no-hint"),
])
def test_read_meta(header, field, expected):
    assert getattr(read_meta(fold(header)), field) == expected


PLAN_HEAD = "二、2025年工作安排\n"


@pytest.mark.parametrize("text, hint, field, expected", [
    P(PLAN_HEAD, None, "year", 2025, id="year-from-plan-heading"),
    P(PLAN_HEAD, None, "review_year", 2024, id="review-year-before-plan-heading"),
    P("一、2024年工作回顾\n" + PLAN_HEAD, None, "review_year", 2024, id="review-year-from-review-heading"),
    P("一、2024年工作回顾\n", None, "year", 2025, id="year-after-review-heading"),
    P("各位代表:\n", 2026, "year", 2026, id="year-from-hint"),
    P("各位代表:\n", 2026, "review_year", 2025, id="review-year-from-hint"),
    P("一、2024年工作回顾\n" + PLAN_HEAD, 2030, "year", 2025, id="text-beats-hint"),
    P("一、2023年政府工作回顾\n", 2030, "year", 2024, id="review-heading-is-not-a-plan"),
    P("各位代表:\n对照2023年政府工作报告,逐项落实。\n一、2023年工作回顾\n", None, "year", 2024,
      id="last-years-report-quoted"),
])
def test_meta_years(text, hint, field, expected):
    assert getattr(parse_document(text, year=hint), field) == expected


# a report with no header: its place is the place name it repeats, with the level it speaks for
HEADERLESS = ("各位代表:\n现在,我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n"
              + "青川坚持创新驱动,青川发展稳中有进。" * 6 + "安徽省委部署落实到位。" * 5
              + "建设市场体系。" * 12 + "推进市级改革。" * 12 + "青川市民满意度提升。\n")


@pytest.mark.parametrize("text, field, expected", [
    P(HEADERLESS, "place", "青川市", id="headerless-place-by-frequency"),
    P(HEADERLESS, "province", "安徽省", id="province-named-most"),
    P("保定市柳溪区2020年政府工作报告\n各位代表:\n", "place", "柳溪区", id="title-line"),
    P("2020年柳溪县政府工作报告\n政府工作报告柳溪县人民政府县长 李四\n", "place", "柳溪县", id="title-beats-a-run-on-line"),
    P("各位代表:\n现在,我代表柳溪县人民政府向大会报告工作。\n", "place", "柳溪县", id="named-in-the-opening"),
    P("各位代表:\n现在,我代表市人民政府向大会报告工作。\n建设市场。\n", "place", None, id="too-little-to-tell"),
])
def test_place(text, field, expected):
    assert getattr(parse_document(text, year=2024).meta, field) == expected


# ---------------------------------------------------------------- glossary and sections

BODY = "一、2023年工作回顾\n去年青川市新建厂房十座(见名词解释)。\n二、2024年工作安排\n今年柳溪县开工项目五个。\n"
ENTRY = "1.飞地经济：跨区域合作共建园区。\n"


@pytest.mark.parametrize("heading", [
    P("名词解释", id="plain"),
    P("名 词 解 释", id="spaced"),
    P("[名词解释]", id="square-brackets"),
    P("【名词解释】", id="lenticular-brackets"),
    P("（名词解释）", id="full-width-parentheses"),
    P("※注释※", id="reference-marks-zhushi"),
    P("注释", id="zhushi"),
    P("附：名词解释", id="fu-full-width-colon"),
    P("附:名词解释", id="fu-ascii-colon"),
    P("名词解释：", id="trailing-colon"),
    P("  名词解释  ", id="indented"),
    P("附件一：名词解释", id="annex-numbered"),
    P("《政府工作报告》名词解释", id="title-of-the-report"),
])
def test_glossary_found(heading):
    doc = parse_document(BODY + heading + "\n" + ENTRY)
    assert doc.text[doc.glossary.start:doc.glossary.end].strip() == ENTRY.strip()


@pytest.mark.parametrize("text", [
    P(BODY, id="no-heading"),
    P(BODY + "名词解释说明\n" + ENTRY, id="heading-with-more-words"),
    P(BODY + "以下为名词解释\n" + ENTRY, id="words-before-heading"),
])
def test_no_glossary(text):
    assert parse_document(text).glossary is None


def test_glossary_ends_the_body():
    doc = parse_document(BODY + "名词解释\n" + ENTRY)
    assert doc.sections[-1].end <= doc.glossary.start and doc.body_end == doc.glossary.start


@pytest.mark.parametrize("phrase, period", [
    P("去年青川市", "review", id="in-review-section"),
    P("今年柳溪县", "plan", id="in-plan-section"),
    P("二、2024年", "plan", id="plan-heading-itself"),
    P("一、2023年", "review", id="review-heading-itself"),
    P("各位代表", "review", id="preamble-opens-the-review"),
])
def test_period_at(phrase, period):
    doc = parse_document("各位代表:\n" + BODY, year=2024)
    assert doc.period_at(doc.text.index(phrase)) == period


@pytest.mark.parametrize("title, kind", [
    P("2023年工作回顾", "review", id="review"),
    P("2024年工作安排", "plan", id="plan"),
])
def test_section_kinds(title, kind):
    assert {s.title: s.kind for s in parse_document(BODY).sections}[title] == kind


# ---------------------------------------------------------------- mentions


@pytest.mark.parametrize("begin, end", [
    P(0, 0, id="empty"), P(0, 2, id="start"), P(3, 12, id="across-newline"), P(14, 20, id="inside-crlf-text"),
])
def test_mention_text_is_text_at_offsets(begin, end):
    doc = parse_document("青川市\r\n一、2023年工作回顾\r\n去年建厂十座。\r\n")
    assert (doc.mention(begin, end).text, doc.mention(begin, end).start) == (doc.text[begin:end], begin)


def test_sample_mentions(sample_doc):
    spans = sample_doc.sentences[::97]
    assert all(sample_doc.mention(s.start, s.end).text == sample_doc.text[s.start:s.end] for s in spans)


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings_do_not_hide_the_glossary_or_the_speaker(ending):
    text = sample_report().read_text(encoding="utf-8")
    lf, other = parse_document(text), parse_document(text.replace("\n", ending))
    assert (other.glossary is not None, other.meta.speaker, len(other.sections)) == \
        (True, lf.meta.speaker, len(lf.sections))
