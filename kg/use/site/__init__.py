"""A static linked-data site: an index with search, a page per report and per entity, each entity's own
Turtle and JSON-LD beside its page, charts as inline SVG, and the ontology as a page.

Every string from a report is escaped; pages need no JavaScript except the search box, and no network.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from functools import cache
from collections import defaultdict
from html import escape
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.serialize import swap_in, write_atomic
from kg.use.site.charts import hbars, vbars
from kg.use.site.data import GK, KINDS, NIF, RDFS, SCHEMA, SKOS, Data, Report, reports
from kg.vocab import PREFIXES

KIND_LABEL = dict(KINDS)
PREFIX_MAP = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


# file names are at most 255 bytes; a segment is kept well under that, with room for .html, .ttl, .jsonld
_SEGMENT = 160


def _short(segment: str) -> str:
    """The segment, or for one too long to be a file name, its start and a hash of the whole: still unique."""
    if len(segment) <= _SEGMENT:
        return segment
    return segment[:_SEGMENT - 9] + "-" + hashlib.sha1(segment.encode()).hexdigest()[:8]


class Site:
    def __init__(self, data: Data, out: Path):
        self.data = data
        self.out = out
        self.pages: dict[str, str] = {}  # entity or report IRI → site path of its page (from the site root)
        self.reports = reports(data)
        self.ontology_labels = _ontology_labels()

    # ------------------------------------------------------------------ paths and links
    def path_of(self, iri: str, report: Report) -> str:
        """Where an IRI's page goes: its path below the report's base, made safe as a relative path.

        Only letters, digits, '-' and '_' survive in a segment, and empty, '.' and '..' segments are
        dropped, so no IRI in a graph can make the site write outside its folder.
        """
        base = report.iri.rsplit("/", 1)[0] + "/"
        rest = iri[len(base):] if iri.startswith(base) else iri.rsplit("/", 1)[-1]
        segments = ["".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in part)
                    for part in rest.split("/")]
        return "/".join(_short(seg) for seg in segments if seg.strip("_.")) or "_"

    def link(self, iri: str, here: str, text: str | None = None) -> str:
        target = self.pages.get(iri)
        label = escape(text if text is not None else self.data.label(iri))
        if target is None:
            return label
        return f'<a href="{escape(_relative(here, target))}">{label}</a>'

    # ------------------------------------------------------------------ the whole site
    def build(self) -> int:
        for report in self.reports:
            self.pages[report.iri] = f"{self.path_of(report.iri, report)}/index.html"
            for iris in report.entities.values():
                for iri in iris:
                    self.pages[iri] = self.path_of(iri, report) + ".html"
        static = Path(str(resources.files("kg.use.site"))) / "static"
        self.write("style.css", (static / "style.css").read_text(encoding="utf-8"))
        self.write("search.js", (static / "search.js").read_text(encoding="utf-8"))
        self.write("search-index.js", "window.GOVKG_INDEX = " + json.dumps(self.search_index(), ensure_ascii=False,
                                                                            sort_keys=True) + ";\n")
        self.write("index.html", self.index_page())
        self.write("ontology.html", self.ontology_page())
        count = 2
        for report in self.reports:
            self.write(self.pages[report.iri], self.report_page(report))
            count += 1
            for kind, iris in report.entities.items():
                for iri in iris:
                    self.entity_files(iri, kind, report)
                    count += 1
        return count

    def write(self, path: str, text: str | bytes) -> None:
        target = (self.out / path).resolve()
        if not target.is_relative_to(self.out.resolve()):
            raise ValueError(f"{path}: a page would fall outside the site folder")
        write_atomic(target, text.encode("utf-8") if isinstance(text, str) else text)

    # ------------------------------------------------------------------ pages
    def frame(self, here: str, title: str, body: str, scripts: str = "") -> str:
        root = _relative(here, "")
        return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{escape(title)} · govkg</title><link rel="stylesheet" href="{root}style.css"></head>'
                f'<body><header class="top"><a href="{root}index.html">govkg 政府工作报告知识图谱</a>'
                f'<a href="{root}ontology.html">本体</a></header><main>{body}</main>{scripts}</body></html>\n')

    def index_page(self) -> str:
        rows = []
        for report in self.reports:
            counts = "".join(f'<td class="num">{len(report.entities[c])}</td>' for c, _ in KINDS)
            rows.append(f'<tr><td>{self.link(report.iri, "index.html", report.title)}</td>{counts}'
                        f'<td class="num">{len(report.observations)}</td></tr>')
        heads = "".join(f"<th>{escape(label)}</th>" for _, label in KINDS)
        body = (f"<h1>政府工作报告知识图谱</h1>"
                f'<input id="search" type="search" placeholder="搜索企业、项目、产业链、名词（中文、简称或拼音）" '
                f'aria-label="搜索" autocomplete="off" hidden>'
                f'<noscript><p class="muted">搜索需要 JavaScript；其余页面不需要。</p></noscript>'
                f'<ul id="results"></ul>'
                f'<h2>报告（{len(self.reports)}）</h2><div class="table"><table><thead><tr><th>报告</th>{heads}'
                f"<th>指标</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
        return self.frame("index.html", "政府工作报告知识图谱", body,
                          '<script src="search-index.js"></script><script src="search.js"></script>')

    def report_page(self, report: Report) -> str:
        here = self.pages[report.iri]
        meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in report.meta)
        sections = [f"<h1>{escape(report.title)}</h1><dl class=\"meta\">{meta}</dl>", self.charts(report)]
        for cls, label in KINDS:
            iris = report.entities[cls]
            if not iris or cls == "GlossaryTerm":
                continue
            items = "".join(f"<li>{self.link(iri, here)}</li>" for iri in iris)
            sections.append(f"<h2>{escape(label)}（{len(iris)}）</h2><ul class=\"entities\">{items}</ul>")
        terms = report.entities["GlossaryTerm"]
        if terms:
            rows = "".join(f"<tr><td>{self.link(t, here)}</td><td>{escape(self.data.value(t, SKOS + 'definition') or '')}</td></tr>"
                           for t in sorted(terms, key=lambda t: int(self.data.value(t, SKOS + "notation") or 0)))
            sections.append(f"<h2>名词解释（{len(terms)}）</h2><div class=\"table\"><table><tbody>{rows}</tbody></table></div>")
        if report.observations:
            sections.append(self.indicator_table(report))
        return self.frame(here, report.title, "".join(sections))

    def indicator_table(self, report: Report) -> str:
        data, rows = self.data, []
        for obs in report.observations:
            kind = (data.value(obs, GK + "measureKind") or "").rsplit("#", 1)[-1]
            value = data.value(obs, GK + "value")
            growth = data.value(obs, GK + "growthPct")
            cells = [data.label(data.value(obs, GK + "indicator") or ""), data.value(obs, GK + "refPeriod") or "",
                     {"Actual": "实际", "Target": "目标"}.get(kind, kind), _number(value) if value else "",
                     data.value(obs, GK + "unit") or "", f"{_number(growth)}%" if growth else "",
                     data.value(obs, GK + "qualifier") or "", data.value(obs, GK + "rank") or ""]
            rows.append((cells[1], cells[2], cells[0], "".join(
                f'<td{" class=num" if i in (3, 5) else ""}>{escape(c)}</td>' for i, c in enumerate(cells))))
        body = "".join(f"<tr>{r[3]}</tr>" for r in sorted(rows))
        heads = "".join(f"<th>{h}</th>" for h in ("指标", "年份", "类型", "数值", "单位", "增速", "限定词", "排名"))
        return f'<h2>主要指标（{len(rows)}）</h2><div class="table"><table><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table></div>'

    def charts(self, report: Report) -> str:
        data = self.data
        by_chain: dict[str, float] = defaultdict(float)
        by_month: dict[str, int] = defaultdict(int)
        for project in report.entities["Project"]:
            amount = data.value(project, GK + "totalInvestment")
            value = data.value(amount, SCHEMA + "value") if amount else None
            chain = data.value(project, GK + "chain")
            if value:
                by_chain[data.label(chain) if chain else "未关联产业链的项目"] += float(value)
            for milestone in data.objects(project, GK + "milestone"):
                due = data.value(milestone.value, GK + "dueDate")
                if due:
                    by_month[due[:7]] += 1
        return (hbars("项目总投资，按产业链", list(by_chain.items()))
                + vbars("项目节点，按到期月份", sorted(by_month.items())))

    def entity_files(self, iri: str, kind: str, report: Report) -> None:
        here = self.pages[iri]
        stem = here[: -len(".html")]
        quads = self.own_quads(iri)
        self.write(stem + ".ttl", ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_MAP))
        self.write(stem + ".jsonld", ox.serialize(quads, format=ox.RdfFormat.JSON_LD))
        self.write(here, self.entity_page(iri, kind, report, here, stem.rsplit("/", 1)[-1]))

    def own_quads(self, iri: str) -> list[ox.Quad]:
        """The entity's triples, those of its amounts and milestones, and those of its mentions."""
        data, seen, out = self.data, set(), []
        todo = [iri]
        while todo:
            subject = todo.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for quad in data.triples(subject):
                out.append(ox.Quad(quad.subject, quad.predicate, quad.object))
                obj = quad.object
                if isinstance(obj, ox.NamedNode) and (obj.value.startswith(iri + "/") or "#char=" in obj.value):
                    todo.append(obj.value)
        return sorted(set(out), key=str)

    def entity_page(self, iri: str, kind: str, report: Report, here: str, stem: str) -> str:
        data = self.data
        name = data.label(iri)
        aliases = sorted(o.value for o in data.objects(iri, SKOS + "altLabel"))
        rows = []
        for quad in data.triples(iri):
            predicate = quad.predicate.value
            if predicate in (GK + "evidence", GK + "usedIn", SKOS + "prefLabel", RDFS + "label"):
                continue
            rows.append((self.predicate_label(predicate), self.render_value(quad.object, iri, here)))
        table = "".join(f"<tr><th>{escape(p)}</th><td>{v}</td></tr>" for p, v in sorted(rows))
        related = sorted({(self.predicate_label(q.predicate.value), q.subject.value)
                          for q in data.store.quads_for_pattern(None, None, ox.NamedNode(iri), ox.DefaultGraph())
                          if q.subject.value in self.pages and q.subject.value != iri}, key=lambda r: (r[0], data.label(r[1])))
        pointing = "".join(f"<li>{self.link(s, here)} <span class=\"kind\">（{escape(p)}）</span></li>" for p, s in related)
        mentions = "".join(self.mention(m.value) for m in sorted(data.objects(iri, GK + "evidence"), key=_offset))
        uses = data.objects(iri, GK + "usedIn")
        used = "".join(self.mention(m.value) for m in sorted(uses, key=_offset))
        body = (f'<p class="kind">{escape(KIND_LABEL[kind])} · {self.link(report.iri, here, report.title)}</p>'
                f"<h1>{escape(name)}</h1>"
                + (f'<p>又称：{escape("、".join(aliases))}</p>' if aliases else "")
                + f'<p class="formats muted">IRI <code>{escape(iri)}</code><br>'
                f'<a href="{escape(stem)}.ttl">Turtle</a><a href="{escape(stem)}.jsonld">JSON-LD</a></p>'
                f'<h2>属性</h2><div class="table"><table><tbody>{table}</tbody></table></div>'
                + (f'<h2>相关（{len(related)}）</h2><ul class="entities">{pointing}</ul>' if related else "")
                + f"<h2>原文（{len(data.objects(iri, GK + 'evidence'))}）</h2>{mentions}"
                + (f"<h2>正文中的用例（{len(uses)}）</h2>{used}" if uses else ""))
        return self.frame(here, name, body)

    def mention(self, iri: str) -> str:
        """A mention as its sentence, with the span itself highlighted."""
        data = self.data
        begin, end = int(data.value(iri, NIF + "beginIndex") or 0), int(data.value(iri, NIF + "endIndex") or 0)
        sentence = data.value(iri, GK + "sentence") or iri
        text = data.value(sentence, NIF + "anchorOf") or ""
        s_begin = int(data.value(sentence, NIF + "beginIndex") or begin)
        a, b = begin - s_begin, end - s_begin
        if not (0 <= a <= b <= len(text)):
            a, b = 0, len(text)
        shown = f"{escape(text[:a])}<mark>{escape(text[a:b])}</mark>{escape(text[b:])}"
        return f'<blockquote class="mention">{shown}<br><span class="muted">第 {begin}–{end} 字</span></blockquote>'

    def render_value(self, obj, subject: str, here: str) -> str:
        data = self.data
        if isinstance(obj, ox.Literal):
            return escape(obj.value)
        iri = obj.value
        if iri in self.pages:
            return self.link(iri, here)
        if iri.startswith(subject + "/"):  # an amount or a milestone of this entity
            parts = []
            for quad in data.triples(iri):
                predicate = quad.predicate.value
                if predicate in (GK + "evidence", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"):
                    continue
                value = _number(quad.object.value) if predicate == SCHEMA + "value" else quad.object.value
                parts.append(f"{escape(self.predicate_label(predicate))}：{escape(value)}")
            return "；".join(sorted(parts))
        for prefix, ns in PREFIX_MAP.items():
            if iri.startswith(ns):
                return escape(self.ontology_labels.get(iri, f"{prefix}:{iri[len(ns):]}"))
        return escape(data.label(iri))

    def predicate_label(self, iri: str) -> str:
        if iri in self.ontology_labels:
            return self.ontology_labels[iri]
        for prefix, ns in PREFIX_MAP.items():
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def ontology_page(self) -> str:
        from rdflib.namespace import OWL, RDF

        graph = _ontology()
        sections = []
        for title, kinds in (("类", (OWL.Class,)), ("属性", (OWL.ObjectProperty, OWL.DatatypeProperty))):
            rows = []
            for term in sorted({s for k in kinds for s in graph.subjects(RDF.type, k)}):
                labels = {lit.language: str(lit) for lit in graph.objects(term, _uri(RDFS + "label"))}
                comments = " ".join(str(c) for c in graph.objects(term, _uri(RDFS + "comment")) if c.language == "en")
                rows.append(f'<tr id="{escape(str(term).rsplit("#", 1)[-1])}"><td><code>gk:{escape(str(term).rsplit("#", 1)[-1])}</code>'
                            f'</td><td>{escape(labels.get("zh", ""))}</td><td>{escape(labels.get("en", ""))}</td>'
                            f"<td>{escape(comments)}</td></tr>")
            sections.append(f"<h2>{title}</h2><div class=\"table\"><table><tbody>{''.join(rows)}</tbody></table></div>")
        body = ("<h1>govkg 本体</h1><p>命名空间 <code>https://w3id.org/govkg/ontology#</code>；"
                "复用 SKOS、PROV-O、W3C ORG、schema.org、Dublin Core、NIF 与 RDF Data Cube。</p>" + "".join(sections))
        return self.frame("ontology.html", "govkg 本体", body)

    def search_index(self) -> list[dict]:
        from pypinyin import Style, lazy_pinyin

        entries = []
        for report in self.reports:
            for kind, iris in report.entities.items():
                for iri in iris:
                    name = self.data.label(iri)
                    aliases = sorted(o.value for o in self.data.objects(iri, SKOS + "altLabel"))
                    entries.append({"n": name, "a": aliases, "k": KIND_LABEL[kind], "r": report.ident,
                                    "u": self.pages[iri],
                                    "p": " ".join("".join(lazy_pinyin(x)).lower() for x in [name, *aliases]),
                                    "i": "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()})
        return sorted(entries, key=lambda e: (e["n"], e["r"]))


def _uri(iri: str):
    from rdflib import URIRef

    return URIRef(iri)


@cache
def _ontology():
    """ontology/govkg.ttl, parsed once for the labels of properties and for the ontology page."""
    from rdflib import Graph

    from kg.resources import ontology_file

    return Graph().parse(ontology_file("govkg.ttl"))


def _ontology_labels() -> dict[str, str]:
    graph = _ontology()
    labels = {}
    for s, o in graph.subject_objects(_uri(RDFS + "label")):
        if getattr(o, "language", None) == "zh":
            labels[str(s)] = str(o)
    labels.update({SKOS + "altLabel": "别名", SKOS + "definition": "定义", SKOS + "notation": "编号",
                   SKOS + "inScheme": "所属词表", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "类型",
                   SCHEMA + "value": "数值（元）", SCHEMA + "currency": "币种"})
    return labels


def _number(text: str | None) -> str:
    if not text:
        return ""
    value = float(text)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _offset(mention) -> int:
    iri = mention.value
    return int(iri.rsplit("#char=", 1)[-1].split(",")[0]) if "#char=" in iri else 0


def _relative(here: str, target: str) -> str:
    depth = here.count("/")
    return "../" * depth + target


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
    count = Site(data, building).build()
    (building / MARKER).write_text("made by kg site\n", encoding="utf-8")
    swap_in(building, out)
    return count

