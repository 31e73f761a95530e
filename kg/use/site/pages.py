"""The site's pages as HTML strings, made from the view data alone: no files are read or written here.

Every string from a report is escaped; pages need no JavaScript except the search box, and no network.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from kg.kinds import Kind
from kg.use.site.charts import hbars, vbars
from kg.use.site.data import (
    GK,
    NIF,
    RDF_TYPE,
    RDFS,
    SCHEMA,
    SHOWN,
    SKOS,
    Data,
    Report,
    investment_by_chain,
    milestones_by_month,
)
from kg.use.site.paths import relative, stem_of
from kg.vocab import PREFIXES

PREFIX_MAP = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@dataclass(frozen=True)
class View:
    """What every page reads: the graphs, the reports, where each page goes, and the ontology's labels."""
    data: Data
    reports: list[Report]
    pages: dict[str, str]  # entity or report IRI → site path of its page (from the site root)
    labels: dict[str, str]  # ontology term → its Chinese label

    def link(self, iri: str, here: str, text: str | None = None) -> str:
        target = self.pages.get(iri)
        label = escape(text if text is not None else self.data.label(iri))
        if target is None:
            return label
        return f'<a href="{escape(relative(here, target))}">{label}</a>'

    def predicate_label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        for prefix, ns in PREFIX_MAP.items():
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def frame(here: str, title: str, body: str, scripts: str = "") -> str:
    root = relative(here, "")
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)} · govkg</title><link rel="stylesheet" href="{root}style.css"></head>'
            f'<body><header class="top"><a href="{root}index.html">govkg 政府工作报告知识图谱</a>'
            f'<a href="{root}ontology.html">本体</a></header><main>{body}</main>{scripts}</body></html>\n')


def index_page(view: View) -> str:
    rows = []
    for report in view.reports:
        counts = "".join(f'<td class="num">{len(report.entities[kind])}</td>' for kind in SHOWN)
        rows.append(f'<tr><td>{view.link(report.iri, "index.html", report.title)}</td>{counts}'
                    f'<td class="num">{len(report.observations)}</td></tr>')
    heads = "".join(f"<th>{escape(kind.label)}</th>" for kind in SHOWN)
    body = (f"<h1>政府工作报告知识图谱</h1>"
            f'<input id="search" type="search" placeholder="搜索企业、项目、产业链、名词（中文、简称或拼音）" '
            f'aria-label="搜索" autocomplete="off" hidden>'
            f'<noscript><p class="muted">搜索需要 JavaScript；其余页面不需要。</p></noscript>'
            f'<ul id="results"></ul>'
            f'<h2>报告（{len(view.reports)}）</h2><div class="table"><table><thead><tr><th>报告</th>{heads}'
            f"<th>指标</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    return frame("index.html", "政府工作报告知识图谱", body,
                 '<script src="search-index.js"></script><script src="search.js"></script>')


def report_page(view: View, report: Report) -> str:
    data, here = view.data, view.pages[report.iri]
    meta = "".join(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in report.meta)
    charts = (hbars("项目总投资，按产业链", investment_by_chain(data, report))
              + vbars("项目节点，按到期月份", milestones_by_month(data, report)))
    sections = [f"<h1>{escape(report.title)}</h1><dl class=\"meta\">{meta}</dl>", charts]
    for kind in SHOWN:
        iris = report.entities[kind]
        if not iris or kind is Kind.GLOSSARY:
            continue
        items = "".join(f"<li>{view.link(iri, here)}</li>" for iri in iris)
        sections.append(f"<h2>{escape(kind.label)}（{len(iris)}）</h2><ul class=\"entities\">{items}</ul>")
    terms = report.entities[Kind.GLOSSARY]
    if terms:
        ordered = sorted(terms, key=lambda term: int(data.value(term, SKOS + "notation") or 0))
        rows = "".join(f"<tr><td>{view.link(term, here)}</td>"
                       f"<td>{escape(data.value(term, SKOS + 'definition') or '')}</td></tr>" for term in ordered)
        sections.append(f"<h2>名词解释（{len(terms)}）</h2><div class=\"table\"><table><tbody>{rows}</tbody></table></div>")
    if report.observations:
        sections.append(indicator_table(data, report))
    return frame(here, report.title, "".join(sections))


def indicator_table(data: Data, report: Report) -> str:
    rows = []
    for obs in report.observations:
        kind = (data.value(obs, GK + "measureKind") or "").rsplit("#", 1)[-1]
        value = data.value(obs, GK + "value")
        growth = data.value(obs, GK + "growthPct")
        cells = [data.label(data.value(obs, GK + "indicator") or ""), data.value(obs, GK + "refPeriod") or "",
                 {"Actual": "实际", "Target": "目标"}.get(kind, kind), _number(value) if value else "",
                 data.value(obs, GK + "unit") or "", f"{_number(growth)}%" if growth else "",
                 data.value(obs, GK + "qualifier") or "", data.value(obs, GK + "rank") or ""]
        rows.append((cells[1], cells[2], cells[0], "".join(
            f'<td{" class=num" if i in (3, 5) else ""}>{escape(cell)}</td>' for i, cell in enumerate(cells))))
    body = "".join(f"<tr>{row[3]}</tr>" for row in sorted(rows))
    heads = "".join(f"<th>{head}</th>" for head in ("指标", "年份", "类型", "数值", "单位", "增速", "限定词", "排名"))
    return (f'<h2>主要指标（{len(rows)}）</h2><div class="table"><table><thead><tr>{heads}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>')


def entity_page(view: View, iri: str, kind: Kind, report: Report) -> str:
    data, here = view.data, view.pages[iri]
    stem = stem_of(here).rsplit("/", 1)[-1]
    name = data.label(iri)
    aliases = sorted(obj.value for obj in data.objects(iri, SKOS + "altLabel"))
    rows = []
    for quad in data.triples(iri):
        predicate = quad.predicate.value
        if predicate in (GK + "evidence", GK + "usedIn", SKOS + "prefLabel", RDFS + "label"):
            continue
        rows.append((view.predicate_label(predicate), render_value(view, quad.object, iri, here)))
    table = "".join(f"<tr><th>{escape(label)}</th><td>{value}</td></tr>" for label, value in sorted(rows))
    related = sorted({(view.predicate_label(quad.predicate.value), quad.subject.value) for quad in data.pointing_at(iri)
                      if quad.subject.value in view.pages and quad.subject.value != iri},
                     key=lambda pair: (pair[0], data.label(pair[1])))
    pointing = "".join(f"<li>{view.link(subject, here)} <span class=\"kind\">（{escape(label)}）</span></li>"
                       for label, subject in related)
    evidence = data.objects(iri, GK + "evidence")
    quotes = "".join(quote(data, node.value) for node in sorted(evidence, key=_char_offset))
    uses = data.objects(iri, GK + "usedIn")
    used = "".join(quote(data, node.value) for node in sorted(uses, key=_char_offset))
    body = (f'<p class="kind">{escape(kind.label)} · {view.link(report.iri, here, report.title)}</p>'
            f"<h1>{escape(name)}</h1>"
            + (f'<p>又称：{escape("、".join(aliases))}</p>' if aliases else "")
            + f'<p class="formats muted">IRI <code>{escape(iri)}</code><br>'
            f'<a href="{escape(stem)}.ttl">Turtle</a><a href="{escape(stem)}.jsonld">JSON-LD</a></p>'
            f'<h2>属性</h2><div class="table"><table><tbody>{table}</tbody></table></div>'
            + (f'<h2>相关（{len(related)}）</h2><ul class="entities">{pointing}</ul>' if related else "")
            + f"<h2>原文（{len(evidence)}）</h2>{quotes}"
            + (f"<h2>正文中的用例（{len(uses)}）</h2>{used}" if uses else ""))
    return frame(here, name, body)


def quote(data: Data, iri: str) -> str:
    """The sentence a span of the report (an evidence or usage IRI) is in, quoted, the span highlighted."""
    begin, end = int(data.value(iri, NIF + "beginIndex") or 0), int(data.value(iri, NIF + "endIndex") or 0)
    sentence = data.value(iri, GK + "sentence") or iri
    text = data.value(sentence, NIF + "anchorOf") or ""
    sentence_begin = int(data.value(sentence, NIF + "beginIndex") or begin)
    start, stop = begin - sentence_begin, end - sentence_begin
    if not (0 <= start <= stop <= len(text)):
        start, stop = 0, len(text)
    shown = f"{escape(text[:start])}<mark>{escape(text[start:stop])}</mark>{escape(text[stop:])}"
    return f'<blockquote class="mention">{shown}<br><span class="muted">第 {begin}–{end} 字</span></blockquote>'


def render_value(view: View, obj, subject: str, here: str) -> str:
    data = view.data
    if isinstance(obj, ox.Literal):
        return escape(obj.value)
    iri = obj.value
    if iri in view.pages:
        return view.link(iri, here)
    if iri.startswith(subject + "/"):  # an amount or a milestone of this entity
        parts = []
        for quad in data.triples(iri):
            predicate = quad.predicate.value
            if predicate in (GK + "evidence", RDF_TYPE):
                continue
            value = _number(quad.object.value) if predicate == SCHEMA + "value" else quad.object.value
            parts.append(f"{escape(view.predicate_label(predicate))}：{escape(value)}")
        return "；".join(sorted(parts))
    for prefix, ns in PREFIX_MAP.items():
        if iri.startswith(ns):
            return escape(view.labels.get(iri, f"{prefix}:{iri[len(ns):]}"))
    return escape(data.label(iri))


def ontology_page(graph) -> str:
    """The classes and properties of the ontology (an rdflib graph of it), with their labels and comments."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF

    label, comment = URIRef(RDFS + "label"), URIRef(RDFS + "comment")
    sections = []
    for title, kinds in (("类", (OWL.Class,)), ("属性", (OWL.ObjectProperty, OWL.DatatypeProperty))):
        rows = []
        for term in sorted({subject for kind in kinds for subject in graph.subjects(RDF.type, kind)}):
            labels = {lit.language: str(lit) for lit in graph.objects(term, label)}
            comments = " ".join(str(text) for text in graph.objects(term, comment) if text.language == "en")
            local = escape(str(term).rsplit("#", 1)[-1])
            rows.append(f'<tr id="{local}"><td><code>gk:{local}</code>'
                        f'</td><td>{escape(labels.get("zh", ""))}</td><td>{escape(labels.get("en", ""))}</td>'
                        f"<td>{escape(comments)}</td></tr>")
        sections.append(f"<h2>{title}</h2><div class=\"table\"><table><tbody>{''.join(rows)}</tbody></table></div>")
    body = (f"<h1>govkg 本体</h1><p>命名空间 <code>{escape(GK)}</code>；"
            "复用 SKOS、PROV-O、W3C ORG、schema.org、Dublin Core、NIF 与 RDF Data Cube。</p>" + "".join(sections))
    return frame("ontology.html", "govkg 本体", body)


def _number(text: str | None) -> str:
    if not text:
        return ""
    value = float(text)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _char_offset(node) -> int:
    """Where an evidence IRI (…#char=12,20) begins in the report, for quoting in the report's order."""
    iri = node.value
    return int(iri.rsplit("#char=", 1)[-1].split(",")[0]) if "#char=" in iri else 0
