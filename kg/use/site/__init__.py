"""A static linked-data site of built graphs: writing its pages, each entity's own Turtle and JSON-LD, its assets.

An index with search, a page per report and per entity, charts as inline SVG, and the ontology as a page;
across reports, a page per place (its reports by year and its ledger), per indicator, per chain and enterprise name.

This module writes the files; kg.use.site.data (one report) and kg.use.site.across (across reports) gather what
they show, kg.use.site.pages, report_pages and across_pages make the HTML, and kg.use.site.paths says where each
page goes.
"""
from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.files import swap_in, write_atomic
from kg.formats import by_name
from kg.kinds import Kind
from kg.use.site.across import Across
from kg.use.site.across_pages import indicator_page, name_page, names_page, place_page
from kg.use.site.data import Data, Report, ontology, ontology_labels, reports, search_entries
from kg.use.site.pages import PREFIX_MAP, View, entity_page, ontology_page
from kg.use.site.paths import INDICATORS, NAMES, PLACES, name_paths, page_paths, shared_path, stem_of
from kg.use.site.report_pages import index_page, report_page

TURTLE, JSON_LD = by_name("turtle"), by_name("json-ld")  # each entity's triples beside its page

__all__ = ["MARKER", "build_site"]

MARKER = ".govkg-site"


def build_site(source: Path, out: Path) -> int:
    """Write the site of the graphs in `source` (a graph file or a corpus folder) to `out`; the page count.

    The site is built beside `out` and swapped in whole, so `out` is never half a site. A folder that
    holds something else than an earlier site is not replaced.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise FileExistsError(f"{out}: the folder holds other files; give an empty or new folder for the site")
    data = Data(source)
    building = out.with_name(out.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    count = _write_site(data, building)
    (building / MARKER).write_text("made by kg site\n", encoding="utf-8")
    swap_in(building, out)
    return count


def _write_site(data: Data, out: Path) -> int:
    """Every file of the site into `out`; the number of pages (the index, the ontology, reports, entities,
    and the pages across reports: places, indicators, names and their lists)."""
    shown = reports(data)
    across = Across(data, shown)
    pages = page_paths(shown)
    pages.update({place.iri: shared_path(PLACES, place.iri, "place") for place in across.places})
    pages.update({concept: shared_path(INDICATORS, concept, "indicator") for concept in across.indicators})
    by_name = {kind: name_paths(kind.slug, [name.name for name in names]) for kind, names in across.names.items()}
    entity_names = {iri: by_name[kind][name.name] for kind, names in across.names.items()
                    for name in names for iri, _ in name.entities}
    view = View(data, shown, pages, ontology_labels(), across, entity_names)
    static = Path(str(resources.files("kg.use.site"))) / "static"
    for asset in ("style.css", "search.js", "sort.js"):
        _write(out, asset, (static / asset).read_text(encoding="utf-8"))
    entries = search_entries(data, shown, view.pages) + _across_entries(view, by_name)
    index = json.dumps(entries, ensure_ascii=False, sort_keys=True)
    _write(out, "search-index.js", "window.GOVKG_INDEX = " + index + ";\n")
    _write(out, "index.html", index_page(view))
    _write(out, "ontology.html", ontology_page(ontology()))
    count = 2
    for report in shown:
        _write(out, view.pages[report.iri], report_page(view, report))
        count += 1
        for kind, iris in report.entities.items():
            for iri in iris:
                _write_entity(out, view, iri, kind, report)
                count += 1
    for place in across.places:
        _write(out, pages[place.iri], place_page(view, place))
    for concept in across.indicators:
        _write(out, pages[concept], indicator_page(view, concept))
    for kind, names in across.names.items():
        listing = f"{NAMES}/{kind.slug}/index.html"
        _write(out, listing, names_page(view, kind.label, names, by_name[kind], listing))
        for name in names:
            _write(out, by_name[kind][name.name], name_page(view, name, by_name[kind][name.name]))
        count += 1 + len(names)
    return count + len(across.places) + len(across.indicators)


def _across_entries(view: View, by_name: dict) -> list[dict]:
    """Search entries for the pages across reports: places, and chain and enterprise names."""
    from pypinyin import Style, lazy_pinyin

    found = [(place.name, "地区", view.pages[place.iri]) for place in view.across.places]
    found += [(name.name, f"{kind.label}（跨报告）", by_name[kind][name.name])
              for kind, names in view.across.names.items() for name in names]
    return sorted(({"n": name, "a": [], "k": kind, "r": "跨报告", "u": page, "p": "".join(lazy_pinyin(name)).lower(),
                    "i": "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()} for name, kind, page in found),
                  key=lambda entry: (entry["n"], entry["u"]))


def _write_entity(out: Path, view: View, iri: str, kind: Kind, report: Report) -> None:
    """An entity's page, and its own triples as Turtle and JSON-LD beside it."""
    page = view.pages[iri]
    quads = view.data.own_quads(iri)
    for fmt, prefixes in ((TURTLE, PREFIX_MAP), (JSON_LD, None)):
        _write(out, stem_of(page) + fmt.suffix, ox.serialize(quads, format=fmt.ox(), prefixes=prefixes))
    _write(out, page, entity_page(view, iri, kind, report))


def _write(out: Path, path: str, text: str | bytes) -> None:
    target = (out / path).resolve()
    if not target.is_relative_to(out.resolve()):
        raise ValueError(f"{path}: a page would fall outside the site folder")
    write_atomic(target, text.encode("utf-8") if isinstance(text, str) else text)
