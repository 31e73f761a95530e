"""Charts drawn at build time as inline SVG: no JavaScript, no chart library, readable when printed."""
from __future__ import annotations

from html import escape


def _yi(yuan: float) -> str:
    return f"{yuan / 1e8:,.2f}亿元"


def hbars(title: str, rows: list[tuple[str, float]], fmt=_yi, width: int = 640) -> str:
    """Horizontal bars, one per (label, value), longest first; empty rows give a short note instead."""
    rows = [(label, value) for label, value in rows if value > 0]
    if not rows:
        return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="muted">无数据</p></figure>'
    rows.sort(key=lambda r: (-r[1], r[0]))
    top = max(v for _, v in rows)
    label_w, bar_h, gap = 220, 22, 8
    height = len(rows) * (bar_h + gap) + gap
    parts = []
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2, (width - label_w - 110) * value / top)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{escape(label[:18])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3"><title>{escape(label)}: '
            f'{escape(fmt(value))}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}">{escape(fmt(value))}</text>')
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">{"".join(parts)}</svg></figure>')


def vbars(title: str, rows: list[tuple[str, int]], width: int = 640) -> str:
    """Vertical bars in the order given (months), with counts on top."""
    if not rows:
        return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="muted">无数据</p></figure>'
    top = max(v for _, v in rows)
    height, base, pad = 220, 190, 30
    step = (width - 2 * pad) / len(rows)
    parts = []
    for i, (label, value) in enumerate(rows):
        h = (base - 30) * value / top if top else 0
        x = pad + i * step + step * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" rx="2">'
            f'<title>{escape(label)}: {value}</title></rect>'
            f'<text x="{x + step * 0.35:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{value}</text>'
            f'<text x="{x + step * 0.35:.1f}" y="{base + 16}" text-anchor="middle" class="axis">{escape(label)}</text>')
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">{"".join(parts)}</svg></figure>')


def _poly(points: list[tuple[float, float, float]], cls: str) -> str:
    """A line through (x, y, figure) points, each a dot with its figure beside it."""
    if not points:
        return ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
    dots = "".join(f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="4"></circle>'
                   f'<text class="{cls}" x="{x + 6:.1f}" y="{y - 6:.1f}">{value:g}</text>' for x, y, value in points)
    return f'<polyline class="{cls}" points="{path}" fill="none"></polyline>{dots}'


def lines(title: str, rows: list[tuple[str, float | None, float | None]], width: int = 640) -> str:
    """Targets against outcomes over the years: one line of each, a point per year that has the figure
    (growth rates in percent, the zero line drawn when a figure is negative); empty rows give no chart."""
    figures = [value for _, target, actual in rows for value in (target, actual) if value is not None]
    if not figures:
        return ""
    low, high = min(0.0, *figures), max(0.0, *figures)
    height, top, base, pad = 230, 30, 190, 40
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(1, len(rows) - 1)

    def place(index: int, value: float) -> tuple[float, float]:
        return pad + index * step if len(rows) > 1 else width / 2, base - (value - low) * (base - top) / span

    parts = [f'<line class="axis" x1="{pad}" x2="{width - pad}" y1="{place(0, 0.0)[1]:.1f}" '
             f'y2="{place(0, 0.0)[1]:.1f}"></line>']
    for slot, cls in ((1, "target"), (2, "actual")):
        points = [(*place(index, row[slot]), row[slot]) for index, row in enumerate(rows) if row[slot] is not None]
        parts.append(_poly(points, cls))
    for index, (year, target, actual) in enumerate(rows):
        x = place(index, 0.0)[0]
        shown = "，".join(f"{name} {value:g}%" for name, value in (("目标", target), ("实际", actual)) if value is not None)
        parts.append(f'<text x="{x:.1f}" y="{base + 20}" text-anchor="middle" class="axis">{escape(year)}'
                     f'<title>{escape(year)}：{escape(shown)}</title></text>')
    legend = ('<text x="8" y="16" class="target">— 目标</text><text x="80" y="16" class="actual">— 实际</text>'
              f'<text x="{width - 8}" y="16" text-anchor="end" class="axis">{low:g}% … {high:g}%</text>')
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">{legend}{"".join(parts)}'
            f'</svg></figure>')
