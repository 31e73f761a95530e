"""Bad input, one row each: either one clear line on stderr and exit 2 with nothing written, or a graph
of what could be found (with a warning where the input deserves one) that an independent parser reads.
Never a traceback, never a half-written file."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.resources import sample_report

SAMPLE = sample_report().read_text(encoding="utf-8")
HEAD = "——2024年1月10日在青川市第五届人民代表大会第三次会议上\n青川市人民政府市长 林海\n\n一、2023年工作回顾\n"
PLAN = "二、2024年工作安排\n"
FILLER = "我们坚持稳中求进工作总基调全面推动高质量发展各项工作取得新成效。\n"


def report(*lines: str) -> bytes:
    return (HEAD + FILLER + PLAN + "".join(lines) + "\n").encode("utf-8")


def glossary(*entries: str) -> bytes:
    return report("推进“双链”行动。\n名词解释\n", *(e + "\n" for e in entries))


TRADITIONAL = ("各位代表：\n現在，我代表市人民政府向大會報告工作，請予審議。\n一、2023年工作回顧\n"
               "過去一年，全市經濟發展穩中向好，地區生產總值增長6%，這是全市人民共同奮鬥的結果。\n"
               "二、2024年工作安排\n總投資5億元的青川港物流園項目，6月底開工建設。\n") * 3
FULLWIDTH = SAMPLE.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
HTML = "<html><head><title>报告</title></head><body>" + "".join(
    f"<p>{line}</p>\n" for line in SAMPLE.splitlines() if line.strip()) + "</body></html>"
CUT_UTF8 = SAMPLE.encode("utf-8")[:-1] if SAMPLE.encode("utf-8")[-1] >= 0x80 else \
    (SAMPLE + "报").encode("utf-8")[:-1]

# (id, file name, content or None for "no such file", expected exit status, words on stderr)
CASES = [
    ("missing", "absent.txt", None, 2, "no such file"),
    ("empty", "empty.txt", b"", 2, "empty"),
    ("whitespace-only", "blank.txt", " \n\t\r\n \u3000 ".encode("utf-8"), 2, "empty"),
    ("binary-png", "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 2, "binary"),
    ("nul-in-text", "nul.txt", report("地区生产总值增长6%。\x00"), 2, "binary"),
    ("utf16-with-bom", "utf16.txt", SAMPLE.encode("utf-16"), 2, "binary"),
    ("latin1", "latin1.txt", "Rapport annuel du gouvernement, café, déjà vu. ".encode("latin-1") * 40, 2, "decode"),
    ("english-only", "english.txt", b"Government work report of a city. " * 100, 2, "no Chinese"),
    ("digits-only", "digits.txt", b"2024 2023 100 200 3.5% " * 100, 2, "no Chinese"),
    ("too-little-chinese", "short.txt", "各位代表：现在我代表市政府报告工作。".encode(), 2, "no Chinese"),
    ("fifty-megabytes", "huge.txt", "big", 2, "MB"),
    ("utf8", "plain.txt", SAMPLE.encode("utf-8"), 0, None),
    ("utf8-bom", "bom.txt", b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), 0, None),
    ("gbk", "gbk.txt", SAMPLE.encode("gbk", errors="replace"), 0, None),
    ("gb18030", "gb18030.txt", SAMPLE.encode("gb18030"), 0, None),
    ("crlf", "crlf.txt", SAMPLE.replace("\n", "\r\n").encode("utf-8"), 0, None),
    ("cr-only", "cr.txt", SAMPLE.replace("\n", "\r").encode("utf-8"), 0, None),
    ("fullwidth-digits", "fullwidth.txt", FULLWIDTH.encode("utf-8"), 0, None),
    ("truncated-utf8", "cut.txt", CUT_UTF8, 0, "ends inside a character"),
    ("html-page", "page.txt", HTML.encode("utf-8"), 0, "HTML"),
    ("traditional", "traditional.txt", TRADITIONAL.encode("utf-8"), 0, "traditional"),
    ("cut-in-the-middle", "half.txt", SAMPLE[: len(SAMPLE) // 2].encode("utf-8"), 0, None),
    ("two-reports", "two.txt", (SAMPLE + "\n" + SAMPLE).encode("utf-8"), 0, "2 reports"),
    ("glossary-without-definitions", "gloss.txt", glossary("1.双链", "2.三区"), 0, None),
    ("nonsense-numbers", "numbers.txt", report("总投资1.2.3亿元的青川港物流园项目年底投产。总投资亿元的柳溪大桥项目。"), 0, None),
    ("impossible-dates", "dates.txt", report("青川港物流园项目13月底投产。柳溪大桥项目2月30日通车。"), 0, None),
    ("quotes-in-labels", "quotes.txt", glossary('1."三区"联动:一个"带引号"的\'定义\'。'), 0, None),
    ("backslashes", "backslash.txt", glossary("1.双链\\融合:以反斜杠结尾的定义\\", '2.三区:"\\'), 0, None),
    ("triple-quotes", "triple.txt", glossary('1.三"""区:定义里有"""三个引号"""。'), 0, None),
    ("angle-brackets", "angles.txt", glossary("1.<b>双链</b>:<script>alert(1)</script>"), 0, None),
    ("iri-unsafe-name", "青川 市#2024 %报告.txt", SAMPLE.encode("utf-8"), 0, None),
    ("control-characters", "control.txt", report("支持青禾\x07材料、恒泰\x1b等企业发展。\x0c"), 0, None),
    ("zero-width-and-nbsp", "zw.txt", report("支持青\u200b禾、恒\u00a0泰等企业做大做强。"), 0, None),
    ("supplementary-plane", "astral.txt", glossary("1.𠀀𠀁工程:含扩展汉字𪚥的定义😀。"), 0, None),
    ("bidi-marks", "bidi.txt", glossary("1.双\u202e链:定\u200f义。"), 0, None),
    ("one-long-line", "longline.txt", ("青川" * 200_000 + "项目").encode("utf-8"), 0, "no year"),
    ("no-year-anywhere", "noyear.txt", ("各位代表：\n" + FILLER * 5 + "青川港物流园项目6月底开工。\n").encode("utf-8"), 0, "no year"),
    ("missing-first-character", "clipped.txt", SAMPLE[SAMPLE.index("各位代表") + 1:].encode("utf-8"), 0, None),
]


def write_case(folder, name, content):
    path = folder / name
    if content == "big":
        with open(path, "wb") as out:
            out.truncate(50 * 1024 * 1024)
    elif content is not None:
        path.write_bytes(content)
    return path


def test_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name, content, status, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(tmp_path, capsys, name, content, status, words):
    path = write_case(tmp_path, name, content)
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == status
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if status == 2:
        assert len(err.strip().splitlines()) == 1 and words in err and not out.exists()
        return
    (graph,) = out.iterdir()  # one complete file, no temporary left behind
    quads = list(ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE))
    iris = {t.value for q in quads for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    assert quads and all(re.fullmatch(r"[A-Za-z0-9:/._#=,\-]+", iri) for iri in iris)
    if words:
        assert "warning" in err and words in err
    else:
        assert err == ""
