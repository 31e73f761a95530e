"""The static site: pages and files as built, then end to end in headless Chromium (Debian's chromium,
driven by Playwright): search, follow links, find the highlighted sentence, hostile labels shown as text."""
from __future__ import annotations

import json
import os
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import write_report
from kg.build.corpus import build_corpus
from kg.cli import main
from kg.resources import sample_report
from kg.use.site.paths import INDICATORS, NAMES, PLACES

HOSTILE = "<script>alert(1)</script>"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site of a corpus: the sample, and a report of our own whose glossary term is hostile markup."""
    reports = tmp_path_factory.mktemp("reports")
    (reports / "houma-2024.txt").write_bytes(sample_report().read_bytes())
    (reports / "hostile-2024.txt").write_text(
        "——2024年1月10日在青川市第五届人民代表大会第三次会议上\n二、2024年工作安排\n"
        "支持恒泰、远川等企业发展。推进“双链”行动。\n名词解释\n"
        f"1.{HOSTILE}:一个\"带引号\"和\\反斜杠的词条。\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build_corpus([reports], out, jobs=1, store=False)
    folder = tmp_path_factory.mktemp("site") / "site"
    assert main(["site", str(out), "-o", str(folder)]) == 0
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


def test_narrow_window_does_not_scroll_sideways(browser, served_site):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    for path in ("index.html", "houma-2024/index.html", "houma-2024/enterprise/bei-tong-tong-ye.html"):
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
