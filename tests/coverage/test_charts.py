"""SVG charts: ranking, stacked segments, trend — Indonesian numbers, valid SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from lindung.coverage.charts import bar_chart_svg, line_chart_svg, nice_ticks, stacked_bar_svg
from lindung.coverage.formats import percent_id

SVG = "{http://www.w3.org/2000/svg}"
SEED = [("PU", 12_587), ("BPU", 9_416), ("Jakon", 12_080)]  # TJT, 23 March 2024


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def rects(svg: str) -> list[ET.Element]:
    return [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def test_nice_ticks():
    assert nice_ticks(34_083) == [0, 10_000, 20_000, 30_000, 40_000]
    assert nice_ticks(12_587) == [0, 5_000, 10_000, 15_000]
    assert nice_ticks(0.55) == pytest.approx([0, 0.2, 0.4, 0.6])


def test_ranking_bars_are_proportional_and_labelled():
    svg = bar_chart_svg(SEED, title="Peserta per segmen", axis_label="orang", highlight="BPU")
    bars = rects(svg)
    assert [b.find(f"{SVG}title").text for b in bars] == ["PU: 12.587", "BPU: 9.416", "Jakon: 12.080"]  # type: ignore[union-attr]
    widths = [float(b.get("width")) for b in bars]  # type: ignore[arg-type]
    assert widths[1] / widths[0] == pytest.approx(9_416 / 12_587, abs=0.002)
    assert len({b.get("fill") for b in bars}) == 2  # the highlighted bar stands out
    found = texts(svg)
    assert {"12.587", "9.416", "12.080", "15.000", "orang", "Peserta per segmen"} <= set(found)


def test_stacked_segments_and_totals():
    svg = stacked_bar_svg(
        ["Tanjung Jabung Timur", "Batanghari"],
        [("PU", [12_587, 20_000]), ("BPU", [9_416, 8_000]), ("Jakon", [12_080, 0])],
    )
    assert len(rects(svg)) == 6
    found = texts(svg)
    assert "34.083" in found and "28.000" in found  # 12,587 + 9,416 + 12,080; 20,000 + 8,000
    assert {"PU", "BPU", "Jakon"} <= set(found)  # legend
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        stacked_bar_svg(["a", "b"], [("PU", [1])])


def test_trend_over_months_with_a_gap():
    months = [dt.date(2024, m, 1) for m in range(1, 7)]
    ratios = [Decimal("0.25"), Decimal("0.26"), None, Decimal("0.2951"), Decimal("0.30"), Decimal("0.31")]
    svg = line_chart_svg(
        months, [("Rasio cakupan", ratios), ("Target", [Decimal("0.55")] * 6)], value_format=percent_id
    )
    root = ET.fromstring(svg)
    lines = [p.get("d", "") for p in root.iter(f"{SVG}path")]
    # Rasio: Jan–Feb, then Apr–Jun (the missing March breaks the line); Target: one line.
    assert sorted(d.count("L") for d in lines) == [1, 2, 5]
    points = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]  # type: ignore[union-attr]
    assert "Rasio cakupan, Apr 2024: 29,51 %" in points and len(points) == 11
    assert "Jan 2024" in texts(svg) and "60,00 %" in texts(svg)


def test_empty_charts_are_an_error():
    with pytest.raises(ValueError):
        bar_chart_svg([])
    with pytest.raises(ValueError):
        line_chart_svg([], [])
