"""The site's pages as HTML strings, made from the view data alone: no files are read or written here.

Every string from a report is escaped; pages need no JavaScript except the search box, and no network.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from kg.kinds import Kind
from kg.use.site.across import Across
from kg.use.site.data import GK, NIF, RDF_TYPE, RDFS, SCHEMA, SKOS, Data, Report
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
    across: Across
    names: dict[str, str]  # chain or enterprise IRI → the site path of the page of its name across reports

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


    def label(self, iri: str | None) -> str:
        """An ontology term's Chinese label (a level, a status, a verdict), or its local name."""
        return self.labels.get(iri, iri.rsplit("#", 1)[-1]) if iri else ""


def frame(here: str, title: str, body: str, scripts: str = "") -> str:
    root = relative(here, "")
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)} · govkg</title><link rel="stylesheet" href="{root}style.css"></head>'
            f'<body><header class="top"><a href="{root}index.html">govkg 政府工作报告知识图谱</a>'
            f'<a href="{root}ontology.html">本体</a></header><main>{body}</main>{scripts}</body></html>\n')


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
    across = (f'<p><a href="{escape(relative(here, view.names[iri]))}">各报告中的“{escape(name)}”</a></p>'
              if iri in view.names else "")
    body = (f'<p class="kind">{escape(kind.label)} · {view.link(report.iri, here, report.title)}</p>'
            f"<h1>{escape(name)}</h1>" + across
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
            value = number(quad.object.value) if predicate == SCHEMA + "value" else quad.object.value
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


def number(text: str | None) -> str:
    if not text:
        return ""
    value = float(text)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _char_offset(node) -> int:
    """Where an evidence IRI (…#char=12,20) begins in the report, for quoting in the report's order."""
    iri = node.value
    return int(iri.rsplit("#char=", 1)[-1].split(",")[0]) if "#char=" in iri else 0
