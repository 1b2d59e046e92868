"""The PDF brief: a chart and a map drawn by fpdf2 from the same SVG the pages show."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from lindung.coverage.brief import Brief, latin1
from lindung.coverage.charts import stacked_bar_svg
from lindung.coverage.formats import percent_id
from lindung.coverage.maps import choropleth_svg, sub_region_shapes


def test_one_page_brief_with_table_chart_and_map():
    brief = Brief(
        title="Cakupan Jamsostek — Tanjung Jabung Timur", subtitle="Per 23 Maret 2024", footer="lindung"
    )
    brief.table(
        ["Segmen", "Peserta"], [["PU", "12.587"], ["BPU", "9.416"], ["Jakon", "12.080"]], align=["L", "R"]
    )
    brief.svg(
        stacked_bar_svg(["Tanjung Jabung Timur"], [("PU", [12_587]), ("BPU", [9_416]), ("Jakon", [12_080])]),
        width_mm=150,
    )
    shapes = sub_region_shapes("1507")
    links = {s.code: f"/coverage/{s.code}/" for s in shapes}  # links are dropped in print, shapes kept
    brief.svg(
        choropleth_svg(
            shapes,
            {s.code: Decimal("0.3") for s in shapes},
            value_format=percent_id,
            labels=True,
            links=links,
        ),
        width_mm=120,
    )
    data = brief.output()

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1 and brief.pages == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
        595,
        842,
    )  # A4 in points
    text = page.extract_text()
    assert "Cakupan Jamsostek - Tanjung Jabung Timur" in text  # the dash made Latin-1
    assert "12.587" in text  # the table
    assert "34.083" in text  # the chart's total, drawn from its SVG text
    assert "Muara Sabak Timur" in text and "Berbak" in text  # the map's labels
    content = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    assert content.count(" l\n") + content.count(" l ") > 500  # the districts' outlines are vector paths


def test_latin1_text():
    assert latin1("Rp16.800 – “BKBK” − 1 …") == 'Rp16.800 - "BKBK" - 1 ...'
    assert latin1("Cakupan ≥ 55 %") == "Cakupan ? 55 %"
