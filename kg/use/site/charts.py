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
