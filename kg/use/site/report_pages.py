"""The site's index and its page per report, as HTML strings: every string from a report is escaped."""
from __future__ import annotations

from html import escape

from kg.kinds import Kind
from kg.use.site.charts import hbars, vbars
from kg.use.site.data import (
    GK,
    SHOWN,
    SKOS,
    Data,
    Report,
    investment_by_chain,
    milestones_by_month,
    node,
    project_rows,
)
from kg.use.site.pages import View, frame, number
from kg.use.site.paths import NAMES

INDEX = "index.html"


def index_page(view: View) -> str:
    across = view.across
    rows = []
    for report in view.reports:
        counts = "".join(f'<td class="num">{len(report.entities[kind])}</td>' for kind in SHOWN)
        rows.append(f'<tr><td>{view.link(report.iri, INDEX, report.title)}</td>{counts}'
                    f'<td class="num">{len(report.observations)}</td></tr>')
    heads = "".join(f"<th>{escape(kind.label)}</th>" for kind in SHOWN)
    places = "".join(
        f"<tr><td>{view.link(place.iri, INDEX, place.name)}</td><td>{escape(place.province or '')}</td>"
        f"<td>{escape(view.label(place.level))}</td><td class=\"num\">{len(place.reports)}</td>"
        f"<td>{escape('、'.join(sorted({year for year, _ in place.reports if year})))}</td></tr>"
        for place in across.places)
    indicators = "".join(f'<li>{view.link(concept, INDEX)} <span class="kind">（{len(figures)}）</span></li>'
                         for concept, figures in across.indicators.items())
    names = "".join(f'<a href="{NAMES}/{kind.slug}/index.html">{escape(kind.label)}名录（{len(across.names[kind])}）</a>'
                    for kind in across.names)
    met = sum(pair.verdict == GK + "Met" for pair in across.pairs)
    body = ("<h1>政府工作报告知识图谱</h1>"
            '<input id="search" type="search" placeholder="搜索企业、项目、产业链、名词（中文、简称或拼音）" '
            'aria-label="搜索" autocomplete="off" hidden>'
            '<noscript><p class="muted">搜索需要 JavaScript；其余页面不需要。</p></noscript>'
            '<ul id="results"></ul>'
            + (f'<p>目标对照 {len(across.pairs)} 项，完成 {met} 项。</p>' if across.pairs else "")
            + f'<h2>地区（{len(across.places)}）</h2><div class="table"><table><thead><tr><th>地区</th><th>省份</th>'
            f"<th>级别</th><th>报告</th><th>年份</th></tr></thead><tbody>{places}</tbody></table></div>"
            f'<h2>指标（{len(across.indicators)}）</h2><ul class="entities">{indicators}</ul>'
            f'<h2>跨报告名录</h2><p class="formats">{names}</p>'
            f'<h2>报告（{len(view.reports)}）</h2><div class="table"><table><thead><tr><th>报告</th>{heads}'
            f"<th>指标</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    return frame(INDEX, "政府工作报告知识图谱", body,
                 '<script src="search-index.js"></script><script src="search.js"></script>')


def report_page(view: View, report: Report) -> str:
    data, here = view.data, view.pages[report.iri]
    meta = "".join(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in report.meta)
    links = _neighbours(view, report, here)
    charts = [chart(title, rows) for chart, title, rows in (
        (hbars, "项目总投资，按产业链", investment_by_chain(data, report)),
        (vbars, "项目节点，按到期月份", milestones_by_month(data, report))) if rows]  # no empty chart
    sections = [f"<h1>{escape(report.title)}</h1><dl class=\"meta\">{meta}{links}</dl>", *charts]
    for kind in SHOWN:
        iris = report.entities[kind]
        if not iris or kind is Kind.GLOSSARY:
            continue
        if kind is Kind.PROJECT:
            sections.append(project_table(view, report, here))
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
        sections.append(indicator_table(view, report, here))
    return frame(here, report.title, "".join(sections))


def _neighbours(view: View, report: Report, here: str) -> str:
    """The report's place (its page across reports), and the same place's reports of the years before and after."""
    data, out = view.data, []
    place = data.value(report.iri, GK + "place")
    if place in view.pages:
        out.append(("本地区历年", view.link(place, here)))
    before = data.value(report.iri, GK + "previousReport")
    after = data.subjects(GK + "previousReport", node(report.iri))
    for key, iri in (("上一年报告", before), ("下一年报告", after[0] if after else None)):
        if iri in view.pages:
            out.append((key, view.link(iri, here)))
    return "".join(f"<dt>{escape(key)}</dt><dd>{link}</dd>" for key, link in out)


def project_table(view: View, report: Report, here: str) -> str:
    """Each project with its total investment, what is due when, and its status."""
    rows = []
    for row in project_rows(view.data, report):
        due = "；".join(f"{date} {what}".strip() for date, what in row.due)
        amount = f"{row.amount / 1e8:,.2f}亿元" if row.amount else ""
        rows.append(f"<tr><td>{view.link(row.iri, here)}</td><td class=\"num\">{escape(amount)}</td>"
                    f"<td>{escape(due)}</td><td>{escape(view.label(row.status))}</td></tr>")
    return (f'<h2>项目（{len(rows)}）</h2><div class="table"><table class="projects"><thead><tr><th>项目</th>'
            f"<th>总投资</th><th>截止日期</th><th>状态</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def indicator_table(view: View, report: Report, here: str) -> str:
    data: Data = view.data
    rows = []
    for obs in report.observations:
        kind = (data.value(obs, GK + "measureKind") or "").rsplit("#", 1)[-1]
        value = data.value(obs, GK + "value")
        growth = data.value(obs, GK + "growthPct")
        concept = data.value(obs, GK + "indicator") or ""
        verdict = view.across.verdicts.get(obs)
        cells = [data.label(concept), data.value(obs, GK + "refPeriod") or "",
                 {"Actual": "实际", "Target": "目标"}.get(kind, kind), number(value) if value else "",
                 data.value(obs, GK + "unit") or "", f"{number(growth)}%" if growth else "",
                 data.value(obs, GK + "qualifier") or "", data.value(obs, GK + "rank") or "", view.label(verdict)]
        shown = [view.link(concept, here, cells[0]) if concept else "", *(escape(cell) for cell in cells[1:])]
        rows.append((cells[1], cells[2], cells[0], "".join(
            f'<td{" class=num" if i in (3, 5) else ""}>{cell}</td>' for i, cell in enumerate(shown))))
    body = "".join(f"<tr>{row[3]}</tr>" for row in sorted(rows))
    heads = "".join(f"<th>{head}</th>" for head in ("指标", "年份", "类型", "数值", "单位", "增速", "限定词", "排名", "结论"))
    return (f'<h2>主要指标（{len(rows)}）</h2><div class="table"><table><thead><tr>{heads}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>')
