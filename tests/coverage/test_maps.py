"""Choropleth SVG from the shipped boundaries (counts from shared/data/geo/GEO_SOURCES.md)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from lindung.coverage.formats import percent_id
from lindung.coverage.maps import (
    DARK,
    LIGHT,
    NO_DATA,
    Shape,
    boundaries,
    choropleth_svg,
    equal_breaks,
    sub_region_shapes,
)

SVG = "{http://www.w3.org/2000/svg}"


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def test_layers_hold_every_region():
    assert len(boundaries("jambi_regencies")) == 11
    assert len(boundaries("jambi_districts")) == 144
    assert len(boundaries("indonesia_provinces")) == 38
    with pytest.raises(ValueError, match="no boundary layer"):
        boundaries("jambi_villages")


def test_sub_regions():
    # SOURCES.md: Tanjung Jabung Timur has 11 districts, 150701 Muara Sabak Timur … 150711 Berbak.
    tjt = sub_region_shapes("1507")
    assert sorted(s.code for s in tjt) == [f"1507{n:02d}" for n in range(1, 12)]
    assert {s.name for s in tjt} >= {"Muara Sabak Timur", "Berbak"}
    assert len(sub_region_shapes("15")) == 11 and len(sub_region_shapes("ID")) == 38
    assert sub_region_shapes("1101") == [] and sub_region_shapes("150701") == []


def test_districts_shaded_by_value_with_tooltips_links_and_legend():
    shapes = sub_region_shapes("1507")
    values: dict[str, Decimal | None] = {s.code: Decimal("0.10") for s in shapes}
    values["150701"] = Decimal("0.50")  # the highest: darkest
    values["150702"] = None  # no data: grey
    svg = choropleth_svg(
        shapes,
        values,
        title="Cakupan",
        legend_title="Rasio cakupan",
        value_format=percent_id,
        links={s.code: f"/coverage/{s.code}/" for s in shapes},
    )
    root = ET.fromstring(svg)
    paths = {p.get("data-code"): p for p in root.iter(f"{SVG}path")}
    assert len(paths) == 11
    assert paths["150701"].get("fill") == hex_colour(DARK)
    assert paths["150703"].get("fill") == hex_colour(LIGHT)
    assert paths["150702"].get("fill") == NO_DATA
    assert paths["150701"].find(f"{SVG}title").text == "Muara Sabak Timur (150701): 50,00 %"  # type: ignore[union-attr]
    assert paths["150702"].find(f"{SVG}title").text.endswith(": tidak ada data")  # type: ignore[union-attr]
    assert len([a for a in root.iter(f"{SVG}a") if a.get("href", "").startswith("/coverage/1507")]) == 11
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Rasio cakupan" in texts and "tidak ada data" in texts and "42,00 % - 50,00 %" in texts


def test_every_point_lies_inside_the_drawing():
    svg = choropleth_svg(sub_region_shapes("ID"), {}, width=600, map_height=300)
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])  # type: ignore[union-attr]
    numbers = [float(n) for p in root.iter(f"{SVG}path") for n in re.findall(r"-?[\d.]+", p.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= width
    assert min(ys) >= 0 and max(ys) <= 300
    assert len(svg) < 250_000  # thinned to what 600 pixels can show (the source has 86,386 vertices)


def test_projection_keeps_shapes_square_at_the_equator_and_draws_holes():
    square = [(100.0, -0.5), (101.0, -0.5), (101.0, 0.5), (100.0, 0.5), (100.0, -0.5)]
    hole = [(100.4, -0.1), (100.4, 0.1), (100.6, 0.1), (100.6, -0.1), (100.4, -0.1)]
    island = [(102.0, 0.0), (102.2, 0.0), (102.2, 0.2), (102.0, 0.0)]
    shape = Shape("99", "Test", ((square, hole), (island,)))
    svg = choropleth_svg([shape], {"99": 1}, width=316, map_height=116)
    d = ET.fromstring(svg).find(f".//{SVG}path").get("d")  # type: ignore[union-attr]
    assert d.count("M") == 3 and d.count("Z") == 3  # outer ring, hole, island
    first = [tuple(float(n) for n in pair.split()) for pair in re.split("[MLZ]", d.split("Z")[0]) if pair]
    xs, ys = [p[0] for p in first], [p[1] for p in first]
    # 2.2° wide × 1° tall at cos(0°) = 1 fitted into 300 × 100 px (8 px padding): 1° = 100/1 px
    # tall and 300/2.2 = 136 px wide, so the height limits: 100 px per degree both ways.
    assert max(xs) - min(xs) == pytest.approx(100, abs=0.2) and max(ys) - min(ys) == pytest.approx(
        100, abs=0.2
    )


def test_equal_breaks():
    assert equal_breaks([0, 100]) == [20, 40, 60, 80, 100]
    assert equal_breaks([7, 7]) == [7] and equal_breaks([]) == []


def test_nothing_to_draw():
    with pytest.raises(ValueError, match="no shapes"):
        choropleth_svg([], {})


def test_redrawing_recolours_the_same_outlines():
    shapes = sub_region_shapes("15")
    low = ET.fromstring(choropleth_svg(shapes, {"1507": 1, "1501": 9}))
    high = ET.fromstring(choropleth_svg(shapes, {"1507": 9, "1501": 1}))
    d = [p.get("d") for p in low.iter(f"{SVG}path")]
    assert d == [p.get("d") for p in high.iter(f"{SVG}path")]
    fill = {p.get("data-code"): p.get("fill") for p in high.iter(f"{SVG}path")}
    assert fill["1507"] == hex_colour(DARK) and fill["1501"] == hex_colour(LIGHT)
