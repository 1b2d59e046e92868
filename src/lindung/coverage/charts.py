"""Charts as SVG strings, drawn here (no JavaScript library): a horizontal ranking, horizontal
stacked bars (segments), and a line chart over months. Numbers are written the Indonesian way;
the same string is embedded in a page and in the PDF brief.

Geometry is float (it places ink); the values shown are formatted from the caller's exact numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from lindung.coverage.formats import month_id, number_id

Value = int | Decimal | float
Formatter = Callable[[Value], str]
FONT = 'font-family="Helvetica, Arial, sans-serif"'
INK, MUTED, GRID = "#1d2a33", "#5b6b76", "#d8dee3"
# One colour per series/segment, distinct in print and for common colour blindness.
PALETTE = ("#0b6e4f", "#e69f00", "#56b4e9", "#cc79a7", "#d55e00", "#009e73", "#f0e442", "#0072b2")
CHAR_WIDTH = 0.58  # average glyph width as a share of the font size, to size label columns


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10^k) up to at least `high`."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < high - 1e-12:
        ticks.append(ticks[-1] + step)
    return ticks


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def _label(x: float, y: float, text: str, anchor: str = "start", fill: str = INK) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'


def _open(width: float, height: float, title: str) -> list[str]:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
        f'height="{height:g}" role="img" {FONT} font-size="11" fill="{INK}">',
        f"<title>{escape(title)}</title>",
    ]
    if title:
        out.append(
            f'<text x="{width / 2:g}" y="16" text-anchor="middle" font-size="13">{escape(title)}</text>'
        )
    return out


def _x_axis(
    ticks: Sequence[float], left: float, scale: float, top: float, bottom: float, fmt: Formatter
) -> list[str]:
    out = []
    for t in ticks:
        x = left + t * scale
        out.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>')
        out.append(_label(x, bottom + 13, fmt(t), "middle", MUTED))
    return out


def bar_chart_svg(
    items: Sequence[tuple[str, Value]],
    *,
    title: str = "",
    value_format: Formatter = number_id,  # type: ignore[assignment]
    axis_format: Formatter | None = None,
    axis_label: str = "",
    highlight: str | None = None,
    width: int = 640,
    bar_height: int = 18,
) -> str:
    """A horizontal ranking: one bar per (label, value), in the order given, the value written at the
    end of each bar; the bar whose label is `highlight` is drawn darker."""
    if not items:
        raise ValueError("no bars to draw")
    label_w = min(max(_text_width(label, 11) for label, _ in items) + 8, width * 0.4)
    value_w = max(_text_width(value_format(v), 11) for _, v in items) + 8
    top = 26 if title else 6
    gap = 6
    plot_w = width - label_w - value_w - 8
    ticks = nice_ticks(max(float(v) for _, v in items))
    scale = plot_w / ticks[-1]
    bottom = top + len(items) * (bar_height + gap)
    height = bottom + (34 if axis_label else 20)
    out = _open(width, height, title)
    out += _x_axis(ticks, label_w, scale, top, bottom, axis_format or value_format)
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap) + gap / 2
        w = max(float(value), 0) * scale
        colour = PALETTE[0] if highlight is None or label == highlight else "#7fb8a4"
        out.append(_label(label_w - 6, y + bar_height * 0.7, label, "end"))
        out.append(
            f'<rect x="{label_w:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(value_format(value))}</title></rect>"
        )
        out.append(_label(label_w + w + 4, y + bar_height * 0.7, value_format(value)))
    if axis_label:
        out.append(_label(label_w + plot_w / 2, bottom + 30, axis_label, "middle", MUTED))
    out.append("</svg>")
    return "\n".join(out)


def _legend(names: Sequence[str], x: float, y: float, width: float) -> tuple[list[str], float]:
    """Legend entries in rows; returns the elements and the height used."""
    out, cx, cy = [], x, y
    for i, name in enumerate(names):
        w = 18 + _text_width(name, 11) + 14
        if cx + w > width and cx > x:
            cx, cy = x, cy + 16
        out.append(
            f'<rect x="{cx:.1f}" y="{cy:.1f}" width="12" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        out.append(_label(cx + 16, cy + 9, name))
        cx += w
    return out, cy - y + 16


def stacked_bar_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    *,
    title: str = "",
    value_format: Formatter = number_id,  # type: ignore[assignment]
    axis_format: Formatter | None = None,
    width: int = 640,
    bar_height: int = 22,
) -> str:
    """Horizontal stacked bars: one bar per category, one segment per series (e.g. PU, BPU, Jakon,
    PMI), the total written at the end of the bar, and a legend of the series."""
    if not categories or not series:
        raise ValueError("no bars to draw")
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)} categories")
    totals = [sum((values[i] for _, values in series), start=Decimal(0)) for i in range(len(categories))]
    label_w = min(max(_text_width(c, 11) for c in categories) + 8, width * 0.4)
    value_w = max(_text_width(value_format(t), 11) for t in totals) + 8
    top: float = 26 if title else 6
    legend, legend_h = _legend([name for name, _ in series], label_w, top, width)
    top += legend_h + 4
    gap = 8
    plot_w = width - label_w - value_w - 8
    ticks = nice_ticks(float(max(totals)))
    scale = plot_w / ticks[-1]
    bottom = top + len(categories) * (bar_height + gap)
    out = _open(width, bottom + 20, title)
    out += legend
    out += _x_axis(ticks, label_w, scale, top, bottom, axis_format or value_format)
    for i, category in enumerate(categories):
        y = top + i * (bar_height + gap) + gap / 2
        x = label_w
        out.append(_label(label_w - 6, y + bar_height * 0.7, category, "end"))
        for s, (name, values) in enumerate(series):
            w = max(float(values[i]), 0) * scale
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(category)}, {escape(name)}: '
                f"{escape(value_format(values[i]))}</title></rect>"
            )
            x += w
        out.append(_label(x + 4, y + bar_height * 0.7, value_format(totals[i])))
    out.append("</svg>")
    return "\n".join(out)


def line_chart_svg(
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[Value | None]]],
    *,
    title: str = "",
    value_format: Formatter = number_id,  # type: ignore[assignment]
    axis_format: Formatter | None = None,
    y_label: str = "",
    width: int = 640,
    height: int = 280,
) -> str:
    """A trend over months: one line per series (a gap where a value is None), points marked, the
    months on the x axis ("Mar 2024"), the values on the y axis, a legend when there are several."""
    if not months or not series:
        raise ValueError("no points to draw")
    for name, values in series:
        if len(values) != len(months):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(months)} months")
    known = [float(v) for _, values in series for v in values if v is not None]
    ticks = nice_ticks(max(known) if known else 1.0)
    axis_format = axis_format or value_format
    left = max(_text_width(axis_format(t), 11) for t in ticks) + 10 + (16 if y_label else 0)
    top: float = 26 if title else 8
    legend: list[str] = []
    if len(series) > 1:
        legend, legend_h = _legend([name for name, _ in series], left, top, width)
        top += legend_h + 4
    bottom, right = height - 30, width - 30  # room for the last month's label
    scale_y = (bottom - top) / ticks[-1]
    step_x = (right - left) / max(len(months) - 1, 1)
    out = _open(width, height, title)
    out += legend
    for t in ticks:
        y = bottom - t * scale_y
        out.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(_label(left - 5, y + 4, axis_format(t), "end", MUTED))
    every = max(1, math.ceil(len(months) * 52 / (right - left)))  # keep month labels from overlapping
    for i, month in enumerate(months):
        if i % every == 0:
            out.append(_label(left + i * step_x, bottom + 16, month_id(month), "middle", MUTED))
    if y_label:
        mid = (top + bottom) / 2
        out.append(
            f'<text x="12" y="{mid:.1f}" transform="rotate(-90 12 {mid:.1f})" text-anchor="middle" '
            f'fill="{MUTED}">{escape(y_label)}</text>'
        )
    for s, (name, values) in enumerate(series):
        out += _line(
            values, months, name, PALETTE[s % len(PALETTE)], left, step_x, bottom, scale_y, value_format
        )
    out.append("</svg>")
    return "\n".join(out)


def _line(
    values: Sequence[Value | None],
    months: Sequence[dt.date],
    name: str,
    colour: str,
    left: float,
    step_x: float,
    bottom: float,
    scale_y: float,
    fmt: Formatter,
) -> list[str]:
    out: list[str] = []
    run = ""
    for i, v in enumerate(values):
        if v is None:
            run = _flush(run, colour, out)
            continue
        x, y = left + i * step_x, bottom - float(v) * scale_y
        run += f"{'L' if run else 'M'}{x:.1f} {y:.1f}"
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
            f"<title>{escape(name)}, {month_id(months[i])}: {escape(fmt(v))}</title></circle>"
        )
    _flush(run, colour, out)
    return out


def _flush(run: str, colour: str, out: list[str]) -> str:
    if "L" in run:
        out.insert(0, f'<path d="{run}" fill="none" stroke="{colour}" stroke-width="2"/>')
    return ""
