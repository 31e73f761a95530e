"""The static site: pages and files as built, then end to end in headless Chromium (Debian's chromium,
driven by Playwright): search, follow links, find the highlighted sentence, hostile labels shown as text."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import liuxi, write_report
from kg.build.corpus import build_corpus
from kg.cli import main
from kg.resources import sample_report
from kg.use.site.paths import INDICATORS, NAMES, PLACES

HOSTILE = "<script>alert(1)</script>"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory):
    """A corpus: the sample, a report of our own whose glossary term is hostile markup, and two years of 柳溪市
    (2023 sets targets, 2024 says what came of them: GDP below its target, industry above)."""
    reports = tmp_path_factory.mktemp("reports")
    (reports / "houma-2024.txt").write_bytes(sample_report().read_bytes())
    (reports / "hostile-2024.txt").write_text(
        "——2024年1月10日在青川市第五届人民代表大会第三次会议上\n二、2024年工作安排\n"
        "支持恒泰、远川等企业发展。推进“双链”行动。\n名词解释\n"
        f"1.{HOSTILE}:一个\"带引号\"和\\反斜杠的词条。\n", encoding="utf-8")
    (reports / "liuxi-2023.txt").write_text(liuxi(2023, 5.8, 7), encoding="utf-8")
    (reports / "liuxi-2024.txt").write_text(liuxi(2024, 5.2, 8.5), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build_corpus([reports], out, jobs=1, store=False)
    return out


@pytest.fixture(scope="module")
def site(corpus_out, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "site"
    assert main(["site", str(corpus_out), "-o", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def single_site(tmp_path_factory, root):
    """The site of one report's graph: no places shared, no commitments."""
    folder = tmp_path_factory.mktemp("single") / "site"
    assert main(["site", str(root / "output" / "houma-2024.ttl"), "-o", str(folder)]) == 0
    return folder


def test_index_lists_reports_and_ships_its_search(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "侯马市2024年政府工作报告" in text and 'src="search-index.js"' in text and "http" not in text.split("<main>")[1]


def test_entity_has_turtle_and_jsonld_beside_it(site):
    import pyoxigraph as ox

    page = site / "houma-2024" / "enterprise" / "bei-tong-tong-ye"
    turtle = list(ox.parse(path=str(page.with_suffix(".ttl")), format=ox.RdfFormat.TURTLE))
    jsonld = list(ox.parse(path=str(page.with_suffix(".jsonld")), format=ox.RdfFormat.JSON_LD))
    assert set(turtle) == set(jsonld) and any(q.object.value == "北铜铜业" for q in turtle)


def test_search_index_has_pinyin_and_aliases(site):
    text = (site / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text[text.index("["): text.rindex("]") + 1])
    entry = next(e for e in entries if e["n"] == "北铜铜业")
    assert entry["a"] == ["北铜"] and "beitongtongye" in entry["p"] and entry["i"] == "btty"


def test_hostile_label_is_escaped_in_the_html(site):
    pages = [p for p in site.rglob("*.html") if "hostile-2024" in str(p)]
    assert pages and all(HOSTILE not in p.read_text(encoding="utf-8") for p in pages)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in p.read_text(encoding="utf-8") for p in pages)


def test_report_page_has_charts_and_indicators(site):
    text = (site / "houma-2024" / "index.html").read_text(encoding="utf-8")
    assert text.count("<svg") == 2 and "主要指标" in text and "名词解释（33）" in text


def test_site_refuses_a_folder_of_other_files(tmp_path, root, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["site", str(root / "output" / "houma-2024.ttl"), "-o", str(tmp_path)]) == 2
    assert "holds other files" in capsys.readouterr().err and (tmp_path / "notes.txt").exists()


# ---------------------------------------------------------------- in a browser

@pytest.mark.parametrize("length", [300, 1000])
def test_site_of_a_graph_with_very_long_iri_segments(tmp_path, root, capsys, length):
    long = "h" * length + "-2024"  # a report name no file system takes as a file name
    text = (root / "output" / "houma-2024.ttl").read_text(encoding="utf-8").replace("houma-2024", long)
    (tmp_path / "long.ttl").write_text(text, encoding="utf-8")
    assert main(["site", str(tmp_path / "long.ttl"), "-o", str(tmp_path / "site")]) == 0
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 50 and all(len(part.encode()) <= 255 for p in pages for part in p.parts)
    assert len({p.relative_to(tmp_path / "site") for p in pages}) == len(pages)


def test_site_that_cannot_be_written_is_one_line(tmp_path, root, capsys):
    (tmp_path / "afile").write_bytes(b"")
    assert main(["site", str(root / "output" / "houma-2024.ttl"), "-o", str(tmp_path / "afile" / "site")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot" in err


@pytest.fixture(scope="module")
def served_site(site):
    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("GOVKG_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (GOVKG_REQUIRE_BROWSER) but not installed: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium); the browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def screenshots() -> Path:
    folder = Path(os.environ.get("GOVKG_SCREENSHOTS") or Path(__file__).resolve().parent.parent / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_search_follow_and_find_the_sentence(page, served_site):
    page.goto(f"{served_site}/index.html")
    page.fill("#search", "北铜")
    page.click("#results a:text-is('北铜铜业')")
    page.wait_for_url("**/enterprise/bei-tong-tong-ye.html")
    assert page.inner_text("h1") == "北铜铜业"
    page.screenshot(path=str(screenshots() / "entity-bei-tong-tong-ye.png"), full_page=True)
    page.click("a:text-is('北铜年处理80万吨铜精矿项目')")
    page.wait_for_url("**/project/*.html")
    marks = page.locator("blockquote.mention mark").all_inner_texts()
    assert "北铜年处理80万吨铜精矿项目" in marks
    sentence = page.locator("blockquote.mention", has=page.locator("mark", has_text="北铜年处理")).first.inner_text()
    assert "10月份成功投产" in sentence


def test_pinyin_search(page, served_site):
    page.goto(f"{served_site}/index.html")
    page.fill("#search", "beitong")
    assert "北铜铜业" in page.locator("#results a").all_inner_texts()


def test_hostile_label_shows_as_text(page, served_site):
    page.goto(f"{served_site}/index.html")
    page.fill("#search", "script")
    page.click("#results a")
    assert page.inner_text("h1") == HOSTILE and page.dialogs == []


def test_pages_work_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}/houma-2024/index.html")
    assert page.locator("figure.chart svg").count() == 2  # the charts are drawn at build time
    page.click("a:text-is('北铜铜业')")
    assert page.inner_text("h1") == "北铜铜业" and page.locator("blockquote.mention mark").count() > 0
    context.close()


def test_narrow_window_does_not_scroll_sideways(browser, served_site, site):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    across = [str(titled(site, folder, title).relative_to(site)) for folder, title in (
        (PLACES, "柳溪市"), (INDICATORS, "地区生产总值"), (f"{NAMES}/chain", "新能源汽车产业链"))]
    for path in ("index.html", "houma-2024/index.html", "houma-2024/enterprise/bei-tong-tong-ye.html", *across):
        page.goto(f"{served_site}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    page.screenshot(path=str(screenshots() / "entity-narrow.png"), full_page=True)
    context.close()


def test_reports_with_chinese_file_names_get_their_own_pages(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    write_report(reports, "青川市2024", "青川市", "青禾材料", "青川港物流园项目")
    write_report(reports, "柳溪市2024", "柳溪市", "恒泰", "柳溪水库引水工程")
    build_corpus([reports], tmp_path / "out", jobs=1, store=False)
    assert main(["site", str(tmp_path / "out"), "-o", str(tmp_path / "site")]) == 0
    across = {PLACES, INDICATORS, NAMES}  # the folders of the pages across reports
    folders = sorted(p.name for p in (tmp_path / "site").iterdir() if p.is_dir() and p.name not in across)
    assert folders == ["liu-xi-shi-2024", "qing-chuan-shi-2024"]


def test_site_never_writes_outside_its_folder(tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(
        "@prefix gk: <https://w3id.org/govkg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "<https://e.org/r> a gk:Report ; dcterms:identifier \"r\" .\n"
        "<https://e.org/r/../../../../escaped> a gk:Enterprise ; gk:report <https://e.org/r> .\n", encoding="utf-8")
    assert main(["site", str(evil), "-o", str(tmp_path / "site")]) == 0
    assert [p.name for p in (tmp_path / "site").rglob("escaped.*")] != []  # its page is inside, so nowhere else


# ---------------------------------------------------------------- across reports

def titled(site: Path, folder: str, title: str) -> Path:
    """The one page below `folder` whose heading is `title`."""
    found = [page for page in sorted((site / folder).rglob("*.html"))
             if f"<h1>{title}</h1>" in page.read_text(encoding="utf-8")]
    assert len(found) == 1, (folder, title, found)
    return found[0]


def table_rows(page: Path, heading: str) -> list[list[str]]:
    """The text of each cell of the table after the <h2> that starts with `heading`."""
    text = page.read_text(encoding="utf-8")
    section = text[text.index(f"<h2>{heading}"):]
    table = section[section.index("<tbody>"):section.index("</tbody>")]
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table)]


def places_with_reports(source: Path) -> dict[str, int]:
    """Each place's label → how many reports name it their place, read from the graphs themselves."""
    from kg.use.graphs import graph_files, union_store

    rows = union_store(graph_files(source)).query(
        "PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?name (COUNT(DISTINCT ?report) AS ?n) WHERE { ?report gk:place ?place . ?place rdfs:label ?name } "
        "GROUP BY ?name")
    return {row["name"].value: int(row["n"].value) for row in rows}


def test_every_place_with_two_or_more_reports_has_its_page(site, corpus_out):
    counted = places_with_reports(corpus_out)
    assert [name for name, count in counted.items() if count >= 2] == ["柳溪市"]
    for name, count in counted.items():
        assert len(re.findall(r"<li>\d{4}：", titled(site, PLACES, name).read_text(encoding="utf-8"))) == count


PLACE_PAGES = [  # (place, the years of its reports, the title of each)
    pytest.param("柳溪市", ["2023", "2024"], ["柳溪市2023年政府工作报告", "柳溪市2024年政府工作报告"], id="two-years"),
    pytest.param("侯马市", ["2024"], ["侯马市2024年政府工作报告"], id="one-report"),
]


@pytest.mark.parametrize("place, years, titles", PLACE_PAGES)
def test_place_page_lists_its_reports_by_year(site, place, years, titles):
    text = titled(site, PLACES, place).read_text(encoding="utf-8")
    assert re.findall(r"<li>(\d{4})：<a [^>]*>([^<]*)</a>", text) == list(zip(years, titles))


LEDGER = [  # (indicator, year, target, actual, measure, qualifier, verdict) as the place page shows them
    pytest.param(["地区生产总值", "2023", "6%", "5.2%", "增速", "左右", "未完成"], id="about-missed"),
    pytest.param(["规模以上工业增加值", "2023", "8%", "8.5%", "增速", "以上", "完成"], id="at-least-met"),
]


@pytest.mark.parametrize("row", LEDGER)
def test_place_page_holds_the_ledger(site, row):
    assert row in table_rows(titled(site, PLACES, "柳溪市"), "目标与实际")


@pytest.mark.parametrize("indicator", ["地区生产总值", "规模以上工业增加值"])
def test_place_page_charts_targets_against_outcomes(site, indicator):
    text = titled(site, PLACES, "柳溪市").read_text(encoding="utf-8")
    chart = re.search(rf"<figcaption>{indicator}：.*?</figure>", text)
    assert chart and 'polyline class="target"' in chart[0] and 'polyline class="actual"' in chart[0]


PROJECTS = [  # (report, project, total investment, due, status)
    pytest.param("liuxi-2023", ["柳溪水库引水工程", "5.00亿元", "2023-06-30 投产", "计划中"], id="planned"),
    pytest.param("houma-2024", ["北铜年处理80万吨铜精矿项目", "34.92亿元", "2023-10-31 投产", "已完成"], id="completed"),
    pytest.param("houma-2024", ["“侯马-垣曲-济源”客货共线铁路项目", "", "", "计划中"], id="no-amount-no-date"),
]


@pytest.mark.parametrize("report, row", PROJECTS)
def test_report_page_shows_each_projects_amount_due_date_and_status(site, report, row):
    assert row in table_rows(site / report / "index.html", "项目")


NAMES_ACROSS = [  # (kind folder, name, [(place, year)] of the reports that name it)
    pytest.param("chain", "新能源汽车产业链", [("柳溪市", "2023"), ("柳溪市", "2024")], id="chain-two-years"),
    pytest.param("enterprise", "恒泰", [("青川市", "2024"), ("柳溪市", "2023"), ("柳溪市", "2024")],
                 id="enterprise-two-places"),
]


@pytest.mark.parametrize("kind, name, named", NAMES_ACROSS)
def test_name_page_says_which_places_name_it_in_which_years(site, kind, name, named):
    rows = table_rows(titled(site, f"{NAMES}/{kind}", name), "报告")
    assert sorted((place, year) for place, year, *_ in rows) == sorted(named)


LINKED = """@prefix gk: <https://w3id.org/govkg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://e.org/a-2023> a gk:Report ; dcterms:identifier "a-2023" ; gk:place <https://e.org/place/a> .
<https://e.org/b-2024> a gk:Report ; dcterms:identifier "b-2024" ; gk:place <https://e.org/place/b> .
<https://e.org/place/a> a gk:Place ; rdfs:label "甲市" . <https://e.org/place/b> a gk:Place ; rdfs:label "乙市" .
<https://e.org/a-2023/enterprise/1> a gk:Enterprise ; rdfs:label "远川集团" ; gk:report <https://e.org/a-2023> .
<https://e.org/b-2024/enterprise/1> a gk:Enterprise ; rdfs:label "远川" ; gk:report <https://e.org/b-2024> .
<https://e.org/b-2024/enterprise/2> a gk:Enterprise ; rdfs:label "恒泰" ; gk:report <https://e.org/b-2024> .
"""
SAME = ("<https://e.org/same/1> a gk:SameEntity ; gk:member <https://e.org/a-2023/enterprise/1> , "
        "<https://e.org/b-2024/enterprise/1> .\n")
IDENTITY = [  # (graph, each name's places as its page across reports lists them)
    pytest.param(LINKED + SAME, {"远川": ["乙市", "甲市"], "恒泰": ["乙市"]}, id="same-entity-joins-two-names"),
    pytest.param(LINKED, {"远川": ["乙市"], "远川集团": ["甲市"], "恒泰": ["乙市"]}, id="no-link-no-join"),
]


@pytest.mark.parametrize("graph, expected", IDENTITY)
def test_identity_links_join_the_entities_of_one_name(tmp_path, graph, expected):
    (tmp_path / "linked.ttl").write_text(graph, encoding="utf-8")
    assert main(["site", str(tmp_path / "linked.ttl"), "-o", str(tmp_path / "site")]) == 0
    listing = table_rows(tmp_path / "site" / NAMES / "enterprise" / "index.html", "名称")
    assert {name: places.split("、") for name, _, places in listing} == expected
    for name, places in expected.items():
        rows = table_rows(titled(tmp_path / "site", f"{NAMES}/enterprise", name), "报告")
        assert sorted(place for place, *_ in rows) == places


HOSTILE_LABELS = [  # (what carries the markup, the triples that give it)
    pytest.param("place", '<https://e.org/place/a> rdfs:label "{0}" .', id="place"),
    pytest.param("enterprise", '<https://e.org/b-2024/enterprise/2> rdfs:label "{0}" .', id="enterprise-name"),
]


@pytest.mark.parametrize("where, triple", HOSTILE_LABELS)
def test_hostile_labels_across_reports_are_text(tmp_path, where, triple):
    (tmp_path / "hostile.ttl").write_text(LINKED + triple.format(HOSTILE), encoding="utf-8")
    assert main(["site", str(tmp_path / "hostile.ttl"), "-o", str(tmp_path / "site")]) == 0
    texts = [page.read_text(encoding="utf-8") for page in (tmp_path / "site").rglob("*.html")]
    assert all(HOSTILE not in text for text in texts) and any("&lt;script&gt;" in text for text in texts)


@pytest.mark.parametrize("which", ["corpus", "single-report"])
def test_no_page_shows_an_empty_chart(request, which):
    folder = request.getfixturevalue({"corpus": "site", "single-report": "single_site"}[which])
    charts = [chart for page in folder.rglob("*.html")
              for chart in re.findall(r'<figure class="chart">.*?</figure>', page.read_text(encoding="utf-8"))]
    assert charts and all("<svg" in chart for chart in charts)


@pytest.mark.parametrize("which", ["corpus", "single-report"])
def test_every_relative_link_resolves(request, which):
    folder = request.getfixturevalue({"corpus": "site", "single-report": "single_site"}[which])
    broken = []
    for page in sorted(folder.rglob("*.html")):
        for link in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            if not (page.parent / html.unescape(link)).is_file():
                broken.append((str(page.relative_to(folder)), link))
    assert broken == []


@pytest.mark.parametrize("which", ["corpus", "single-report"])
def test_two_builds_are_byte_identical(tmp_path, corpus_out, root, which):
    source = {"corpus": corpus_out, "single-report": root / "output" / "houma-2024.ttl"}[which]
    built = []
    for name in ("first", "second"):
        assert main(["site", str(source), "-o", str(tmp_path / name)]) == 0
        built.append({str(p.relative_to(tmp_path / name)): p.read_bytes()
                      for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
    assert built[0] == built[1] and len(built[0]) > 100


def test_index_to_place_to_indicator_to_report(page, served_site):
    page.goto(f"{served_site}/index.html")
    page.click("main a:text-is('柳溪市')")
    page.wait_for_url(f"**/{PLACES}/**.html")
    assert page.inner_text("h1") == "柳溪市" and page.locator("figure.chart svg polyline").count() >= 2
    page.screenshot(path=str(screenshots() / "place-liuxi.png"), full_page=True)
    page.click("table.sortable a:text-is('地区生产总值')")
    page.wait_for_url(f"**/{INDICATORS}/*.html")
    assert page.inner_text("h1") == "地区生产总值"
    page.click("a:text-is('liuxi-2024')")
    page.wait_for_url("**/liuxi-2024/index.html")
    assert page.inner_text("h1") == "柳溪市2024年政府工作报告"


SORTS = [  # (heading, clicks, how the column then reads)
    pytest.param("增速", 1, "ascending", id="numbers-up"),
    pytest.param("增速", 2, "descending", id="numbers-down"),
    pytest.param("年份", 1, "ascending", id="text-up"),
]


@pytest.mark.parametrize("heading, clicks, order", SORTS)
def test_indicator_table_sorts_by_a_heading(page, served_site, site, heading, clicks, order):
    here = titled(site, INDICATORS, "地区生产总值").relative_to(site)
    page.goto(f"{served_site}/{here}")
    column = page.locator("table.sortable th").all_inner_texts().index(heading)
    for _ in range(clicks):
        page.click(f"table.sortable th:text-is('{heading}')")
    cells = page.locator(f"table.sortable tbody tr td:nth-child({column + 1})")
    values = [cell.get_attribute("data-value") or cell.inner_text() for cell in cells.all()]
    keyed = [float(value) for value in values if value] if heading == "增速" else values
    assert len(keyed) >= 3 and keyed == sorted(keyed, reverse=order == "descending")
