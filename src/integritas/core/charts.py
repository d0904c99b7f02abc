"""Server-rendered SVG charts, shared by pages and PDF reports.

Each chart carries a text alternative (``<title>`` and ``<desc>``, referenced by
``aria-labelledby``) and the rows of a data table that templates print beside it
(``core/_chart.html``), so the figure reads without JavaScript, without sight and on paper.
Colours are SVG presentation attributes (not CSS), so the strict CSP allows them, and the
palette keeps a 3:1 contrast against white (WCAG 2.2 non-text contrast).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE: Final = ("#0b4f8a", "#b3541e", "#2e7d32", "#6a1b9a", "#00695c", "#8d6e00")
AXIS: Final = "#4a5360"
GRID: Final = "#c9d1da"
FONT: Final = 'font-family="DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Chart:
    """An SVG chart with its accessible text and its data as a table."""

    svg: SafeString
    title: str
    description: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _fmt(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    # Indonesian number format: thousands with ".", decimals with ",".
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def _head(width: int, height: int, uid: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart" '
        f'aria-labelledby="{uid}-t {uid}-d" {FONT} font-size="13">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(description)}</desc>',
    ]


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float,
    unit: str = "",
    decimals: int = 2,
    markers: Sequence[tuple[float, str]] = (),
    width: int = 640,
) -> Chart:
    """Horizontal bars, one per ``(label, value)``, on a 0..``max_value`` scale.

    ``markers``: vertical reference lines ``(value, label)``, e.g. a WBK threshold.
    Values above ``max_value`` are drawn at the scale's end but printed as they are.
    """
    uid = "c" + secrets.token_hex(4)
    label_w, bar_h, gap, top = 230, 22, 10, 10
    plot_w = width - label_w - 70
    height = top + len(items) * (bar_h + gap) + 30
    desc = "; ".join(f"{label}: {_fmt(value, decimals)}{unit}" for label, value in items)
    parts = _head(width, height, uid, title, desc)
    scale = plot_w / max_value if max_value > 0 else 0.0
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_h + gap)
        w = max(0.0, min(value, max_value)) * scale
        # ~7 px per character at 13 px: 28 characters fit the 230 px label column.
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.72:.1f}" text-anchor="end" '
            f'fill="#1b1f24">{escape(short)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.72:.1f}" fill="#1b1f24">'
            f"{escape(_fmt(value, decimals))}{escape(unit)}</text>"
        )
    base_y = top + len(items) * (bar_h + gap)
    parts.append(
        f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{base_y}" stroke="{AXIS}"/>'
    )
    for value, label in markers:
        x = label_w + min(value, max_value) * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{base_y}" stroke="{PALETTE[1]}" '
            f'stroke-width="2" stroke-dasharray="5 4"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{base_y + 18}" text-anchor="middle" fill="{PALETTE[1]}">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return Chart(
        svg=mark_safe("".join(parts)),  # noqa: S308 - every text node above is escaped
        title=title,
        description=desc,
        columns=["", unit.strip() or "nilai"],
        rows=[[label, _fmt(value, decimals)] for label, value in items],
    )


def line_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    y_min: float,
    y_max: float,
    unit: str = "",
    decimals: int = 2,
    width: int = 640,
    height: int = 280,
) -> Chart:
    """Lines over ``categories`` (e.g. quarters); ``None`` leaves a gap in a series."""
    uid = "c" + secrets.token_hex(4)
    left, right, top, bottom = 56, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (y_max - y_min) or 1.0
    step = plot_w / max(len(categories) - 1, 1)

    def x_at(i: int) -> float:
        return left + i * step

    def y_at(v: float) -> float:
        return top + plot_h - (min(max(v, y_min), y_max) - y_min) / span * plot_h

    desc_parts = []
    for name, values in series:
        shown = ", ".join(
            f"{cat} {_fmt(v, decimals)}"
            for cat, v in zip(categories, values, strict=False)
            if v is not None
        )
        desc_parts.append(f"{name}: {shown}")
    desc = "; ".join(desc_parts)
    parts = _head(width, height, uid, title, desc)
    for k in range(5):
        value = y_min + span * k / 4
        y = y_at(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{AXIS}">'
            f"{escape(_fmt(value, 0 if span >= 20 else 1))}</text>"
        )
    # Label at most ~8 categories so the axis stays readable on a phone.
    every = max(1, -(-len(categories) // 8))
    for i, cat in enumerate(categories):
        if i % every:
            continue
        parts.append(
            f'<text x="{x_at(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'fill="{AXIS}">{escape(cat)}</text>'
        )
    for s_index, (name, values) in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        segment: list[str] = []
        for i, v in enumerate(values):
            if v is None:
                if len(segment) > 1:
                    parts.append(
                        f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{" ".join(segment)}"/>'
                    )
                segment = []
                continue
            segment.append(f"{x_at(i):.1f},{y_at(v):.1f}")
            parts.append(f'<circle cx="{x_at(i):.1f}" cy="{y_at(v):.1f}" r="3.5" fill="{colour}"/>')
        if len(segment) > 1:
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{" ".join(segment)}"/>'
            )
        ly = height - 22 + 0 * s_index
        lx = left + s_index * 180
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="14" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 20}" y="{ly - 4}" fill="#1b1f24">{escape(name[:24])}</text>')
    parts.append("</svg>")
    rows = [
        [
            cat,
            *[
                ("" if values[i] is None else _fmt(float(values[i] or 0), decimals))
                for _n, values in series
            ],
        ]
        for i, cat in enumerate(categories)
    ]
    return Chart(
        svg=mark_safe("".join(parts)),  # noqa: S308 - every text node above is escaped
        title=title,
        description=desc,
        columns=["", *[name for name, _v in series]],
        rows=rows,
    )
