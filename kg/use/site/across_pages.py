"""The site's pages across reports, as HTML strings: a place, an indicator, a chain or enterprise name."""
from __future__ import annotations

from html import escape

from kg.use.site.across import Figure, Name, Pair, Place, headline_series
from kg.use.site.charts import lines
from kg.use.site.data import GK
from kg.use.site.pages import View, frame, number
from kg.use.site.paths import relative

SORTING = '<script src="{root}sort.js"></script>'
KIND_OF_FIGURE = {GK + "Actual": "实际", GK + "Target": "目标"}


def _table(heads: list[tuple[str, str]], rows: list[str], sortable: bool = False) -> str:
    """A table; a sortable one marks each heading with how its column sorts ("text" or "number")."""
    cells = "".join(f'<th data-sort="{kind}">{escape(head)}</th>' if sortable else f"<th>{escape(head)}</th>"
                    for head, kind in heads)
    return (f'<div class="table"><table{" class=sortable" if sortable else ""}><thead><tr>{cells}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _num(text: str | None, suffix: str = "") -> str:
    """A numeric cell: the figure as shown, and its raw value for sorting."""
    if text is None:
        return '<td class="num"></td>'
    return f'<td class="num" data-value="{escape(text)}">{escape(number(text))}{suffix}</td>'


def _verdict(view: View, verdict: str | None) -> str:
    css = {GK + "Met": "met", GK + "Missed": "missed"}.get(verdict or "", "")
    return f'<td class="{css}">{escape(view.label(verdict))}</td>' if css else f"<td>{escape(view.label(verdict))}</td>"


def _measure(pair: Pair, figure: Figure) -> str:
    return _num(pair.figure(figure), "%" if pair.measure == "growthPct" else (figure.unit or ""))


def place_page(view: View, place: Place) -> str:
    across, here = view.across, view.pages[place.iri]
    years = "".join(f"<li>{escape(year or '—')}：{view.link(report.iri, here, report.title)}</li>"
                    for year, report in place.reports)
    pairs = [pair for pair in across.pairs if pair.place == place.iri]
    ledger = [f"<tr><td>{view.link(pair.indicator, here)}</td><td>{escape(pair.period)}</td>"
              f"{_measure(pair, pair.target)}{_measure(pair, pair.actual)}"
              f"<td>{'增速' if pair.measure == 'growthPct' else '数值'}</td><td>{escape(pair.target.qualifier or '')}</td>"
              f"{_verdict(view, pair.verdict)}</tr>" for pair in pairs]
    met = sum(pair.verdict == GK + "Met" for pair in pairs)
    promises = [f"<tr><td>{view.link(row.project, here)}</td><td>{escape(row.period)}</td>"
                f"<td>{escape(view.label(row.status))}</td><td>{view.link(row.outcome, here) if row.outcome else ''}</td></tr>"
                for row in across.promises if row.place == place.iri]
    charts = "".join(lines(f"{view.data.label(concept)}：目标与实际增速（%）", rows)
                     for concept, rows in headline_series(across, place))
    facts = [(key, value) for key, value in (("省份", place.province), ("级别", view.label(place.level) or None))
             if value]
    body = (f'<p class="kind">地区</p><h1>{escape(place.name)}</h1>'
            f'<dl class="meta">{"".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)}</dl>'
            f"<h2>历年报告（{len(place.reports)}）</h2><ul>{years}</ul>"
            f"<h2>目标与实际（{len(pairs)}）</h2>"
            + (f"<p>完成 {met} 项，未完成 {len(pairs) - met} 项。</p>" + _table(
                [("指标", "text"), ("年份", "text"), ("目标", "number"), ("实际", "number"), ("口径", "text"),
                 ("限定词", "text"), ("结论", "text")], ledger, sortable=True)
               if pairs else '<p class="muted">没有可对照的下一年报告。</p>')
            + charts
            + (f"<h2>到期项目的次年状态（{len(promises)}）</h2>"
               + _table([("项目", ""), ("到期年份", ""), ("次年状态", ""), ("次年报告中", "")], promises)
               if promises else ""))
    return frame(here, place.name, body, SORTING.format(root=relative(here, "")))


def indicator_page(view: View, concept: str) -> str:
    across, here = view.across, view.pages[concept]
    rows = []
    for fig in across.indicators[concept]:
        report = fig.report
        rows.append(f"<tr><td>{escape(across.place_name(report))}</td>"
                    f"<td>{view.link(report.iri, here, report.ident) if report else ''}</td>"
                    f"<td>{escape(fig.period)}</td><td>{escape(KIND_OF_FIGURE.get(fig.measure_kind, ''))}</td>"
                    f"{_num(fig.value)}<td>{escape(fig.unit or '')}</td>{_num(fig.growth, '%')}"
                    f"<td>{escape(fig.qualifier or '')}</td>{_verdict(view, across.verdicts.get(fig.obs))}</tr>")
    name = view.data.label(concept)
    heads = [("地区", "text"), ("报告", "text"), ("年份", "text"), ("类型", "text"), ("数值", "number"),
             ("单位", "text"), ("增速", "number"), ("限定词", "text"), ("结论", "text")]
    body = (f'<p class="kind">指标</p><h1>{escape(name)}</h1>'
            f'<p class="muted">各报告的实际值与目标；点击表头排序。</p>'
            f"<h2>数据（{len(rows)}）</h2>" + _table(heads, rows, sortable=True))
    return frame(here, name, body, SORTING.format(root=relative(here, "")))


def name_page(view: View, name: Name, here: str) -> str:
    """Which places name it, in which years: each report's entity of this name (or of a name linked to it)."""
    rows, places = [], set()
    for iri, report in name.entities:
        place = view.across.place_name(report)
        places.add(place)
        year = view.data.value(report.iri, GK + "year") or ""
        rows.append(f"<tr><td>{escape(place)}</td><td>{escape(year)}</td><td>{view.link(report.iri, here, report.ident)}"
                    f"</td><td>{view.link(iri, here)}</td></tr>")
    body = (f'<p class="kind">{escape(name.kind.label)} · 跨报告</p><h1>{escape(name.name)}</h1>'
            f"<p>{len(places - {''})} 个地区、{len(name.entities)} 份报告提到。</p><h2>报告（{len(rows)}）</h2>"
            + _table([("地区", "text"), ("年份", "text"), ("报告", "text"), ("报告中的名称", "text")], rows, sortable=True))
    return frame(here, name.name, body, SORTING.format(root=relative(here, "")))


def names_page(view: View, kind: str, names: list[Name], pages: dict[str, str], here: str) -> str:
    """The list of a kind's names across reports (`kind` its label), most reports first."""
    ordered = sorted(names, key=lambda item: (-len(item.entities), item.name))
    rows = [f'<tr><td><a href="{escape(relative(here, pages[item.name]))}">{escape(item.name)}</a></td>'
            f'<td class="num" data-value="{len(item.entities)}">{len(item.entities)}</td>'
            f"<td>{escape('、'.join(sorted({view.across.place_name(report) for _, report in item.entities} - {''})))}"
            f"</td></tr>" for item in ordered]
    body = (f"<h1>{escape(kind)}名录</h1><p class=\"muted\">各报告中同名的，或经跨报告同一实体链接相连的，合为一条。</p>"
            f"<h2>名称（{len(rows)}）</h2>"
            + _table([("名称", "text"), ("报告数", "number"), ("地区", "text")], rows, sortable=True))
    return frame(here, f"{kind}名录", body, SORTING.format(root=relative(here, "")))
