"""Choropleth maps of sub-regions as SVG, drawn here from the shipped GeoJSON: no JavaScript, no
tiles, nothing fetched — the same string serves a page and the PDF brief.

Projection: equirectangular with the longitude scaled by cos(middle latitude) (Indonesia straddles
the equator, where this is as good as Mercator), fitted to the bounding box of the shapes drawn.
Coordinates are floats: they place ink, they are not amounts.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from itertools import pairwise
from pathlib import Path

from django.utils.translation import gettext as _

from lindung.coverage.charts import CHAR_WIDTH
from lindung.coverage.formats import number_id

DATA_DIR = Path(__file__).resolve().parent / "data"
LAYERS = ("indonesia_provinces", "jambi_regencies", "jambi_districts")
NO_DATA = "#d9d9d9"
LIGHT, DARK = (237, 248, 233), (0, 109, 44)  # ends of the sequential scale (light to dark green)
MIN_STEP = 0.8  # pixels: finer detail than this cannot be seen, so it is not drawn
FONT = 'font-family="Helvetica, Arial, sans-serif"'

Ring = list[tuple[float, float]]  # (lon, lat)
Value = int | Decimal | float


@dataclass(frozen=True, eq=False)  # hashed by identity: the drawing of a layer is cached per shape
class Shape:
    """A region's boundary: polygons, each a list of rings (outer first, then holes)."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


@lru_cache(maxsize=len(LAYERS))
def boundaries(layer: str) -> tuple[Shape, ...]:
    """Every shape of a shipped layer (`indonesia_provinces`, `jambi_regencies`, `jambi_districts`)."""
    if layer not in LAYERS:
        raise ValueError(f"no boundary layer {layer!r} (layers: {', '.join(LAYERS)})")
    with gzip.open(DATA_DIR / f"{layer}.geojson.gz", "rt", encoding="utf-8") as f:
        collection = json.load(f)
    shapes = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons = tuple(tuple([(p[0], p[1]) for p in ring] for ring in part) for part in parts)
        props = feature["properties"]
        shapes.append(Shape(code=props["code"], name=props["name"], polygons=polygons))
    return tuple(shapes)


def sub_region_shapes(region_code: str) -> list[Shape]:
    """The shapes one level below a region, where boundaries are shipped: Indonesia ("ID") → its
    provinces; Jambi (15) → its regencies; a Jambi regency → its districts. Otherwise empty."""
    if region_code == "ID":
        return list(boundaries("indonesia_provinces"))
    if region_code == "15":
        return list(boundaries("jambi_regencies"))
    if len(region_code) == 4 and region_code.startswith("15"):
        return [s for s in boundaries("jambi_districts") if s.code.startswith(region_code)]
    return []


# --- colour scale ---------------------------------------------------------------------------------


def _colour(step: int, steps: int) -> str:
    t = step / max(steps - 1, 1)
    r, g, b = (round(a + (b - a) * t) for a, b in zip(LIGHT, DARK, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def equal_breaks(values: Sequence[Value], classes: int = 5) -> list[float]:
    """Upper bounds of `classes` equal intervals from the smallest to the largest value."""
    if not values:
        return []
    low, high = float(min(values)), float(max(values))
    if high == low:
        return [high]
    return [low + (high - low) * (i + 1) / classes for i in range(classes)]


def _class_of(value: Value, breaks: Sequence[float]) -> int:
    for i, upper in enumerate(breaks):
        if float(value) <= upper:
            return i
    return len(breaks) - 1


# --- projection -----------------------------------------------------------------------------------


class _Projection:
    def __init__(self, shapes: Sequence[Shape], width: float, height: float, pad: float) -> None:
        lons = [p[0] for s in shapes for poly in s.polygons for p in poly[0]]
        lats = [p[1] for s in shapes for poly in s.polygons for p in poly[0]]
        self.west, self.north = min(lons), max(lats)
        self.kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = max((max(lons) - self.west) * self.kx, 1e-9)
        span_y = max(self.north - min(lats), 1e-9)
        self.scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        self.dx = pad + ((width - 2 * pad) - span_x * self.scale) / 2
        self.dy = pad + ((height - 2 * pad) - span_y * self.scale) / 2

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.dx + (lon - self.west) * self.kx * self.scale, 1),
            round(self.dy + (self.north - lat) * self.scale, 1),
        )

    def path(self, shape: Shape) -> str:
        """SVG path data; a vertex closer than `MIN_STEP` pixels to the last one kept is dropped."""
        parts = []
        for polygon in shape.polygons:
            for ring in polygon:
                points: list[tuple[float, float]] = []
                for lon, lat in ring:
                    pt = self.point(lon, lat)
                    if not points or abs(pt[0] - points[-1][0]) + abs(pt[1] - points[-1][1]) >= MIN_STEP:
                        points.append(pt)
                if len(points) >= 4 or (len(points) == 3 and points[0] != points[-1]):
                    parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
        return "".join(parts)

    def label_point(self, shape: Shape) -> tuple[float, float]:
        """Centre of the bounding box of the shape's largest part (by ring area)."""
        ring = max((poly[0] for poly in shape.polygons), key=_ring_area)
        lon = (min(p[0] for p in ring) + max(p[0] for p in ring)) / 2
        lat = (min(p[1] for p in ring) + max(p[1] for p in ring)) / 2
        return self.point(lon, lat)


def _ring_area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))) / 2


@lru_cache(maxsize=32)
def _drawn(
    shapes: tuple[Shape, ...], width: int, map_height: int
) -> tuple[dict[Shape, str], dict[Shape, tuple[float, float]]]:
    """Path data and label points of `shapes` fitted to the drawing: geometry does not change, so
    a dashboard redraws a layer only to recolour it."""
    proj = _Projection(shapes, width, map_height, pad=8)
    return {s: proj.path(s) for s in shapes}, {s: proj.label_point(s) for s in shapes}


# --- the map ----------------------------------------------------------------------------------------


def choropleth_svg(
    shapes: Sequence[Shape],
    values: Mapping[str, Value | None],
    *,
    title: str = "",
    legend_title: str = "",
    value_format: Callable[[Value], str] = number_id,  # type: ignore[assignment]
    breaks: Sequence[float] | None = None,
    links: Mapping[str, str] | None = None,
    labels: bool = False,
    width: int = 640,
    map_height: int = 420,
) -> str:
    """A map of `shapes` shaded by `values[code]` on a sequential green scale (darker = higher), a
    legend of the classes, each region's name and value as its `<title>` tooltip, an optional link
    per region, and optional name labels. `breaks` are the upper bounds of the classes (default: five
    equal intervals over the values); a region without a value is grey ("no data")."""
    if not shapes:
        raise ValueError("no shapes to draw")
    known = [v for s in shapes if (v := values.get(s.code)) is not None]
    breaks = list(breaks) if breaks is not None else equal_breaks(known)
    top = 28 if title else 6
    paths, label_points = _drawn(tuple(shapes), width, map_height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {{height}}" '
        f'width="{width}" height="{{height}}" role="img" {FONT} font-size="11">',
        f"<title>{escape(title or legend_title)}</title>",
    ]
    if title:
        out.append(
            f'<text x="{width / 2:g}" y="18" text-anchor="middle" font-size="14">{escape(title)}</text>'
        )
    out.append(
        f'<g transform="translate(0 {top})" stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round">'
    )
    for shape in shapes:
        out.append(
            _region(
                shape,
                values.get(shape.code),
                paths[shape],
                breaks,
                value_format,
                (links or {}).get(shape.code),
            )
        )
    out.append("</g>")
    if labels:
        out.append(_labels(shapes, label_points, top))
    legend, legend_height = _legend(
        breaks, known, legend_title, value_format, y=top + map_height + 6, width=width
    )
    out.append(legend)
    out.append("</svg>")
    height = top + map_height + 6 + legend_height
    return "\n".join(out).replace("{height}", str(height))


def _region(
    shape: Shape,
    value: Value | None,
    path_data: str,
    breaks: Sequence[float],
    value_format: Callable[[Value], str],
    link: str | None,
) -> str:
    fill = NO_DATA if value is None or not breaks else _colour(_class_of(value, breaks), len(breaks))
    shown = _("no data") if value is None else value_format(value)
    tip = f"<title>{escape(shape.name)} ({shape.code}): {escape(shown)}</title>"
    attrs = f'fill="{fill}" fill-rule="evenodd" data-code="{shape.code}"'
    path = f'<path d="{path_data}" {attrs}>{tip}</path>'
    return f'<a href="{escape(link)}">{path}</a>' if link else path


def _labels(shapes: Sequence[Shape], points: Mapping[Shape, tuple[float, float]], top: int) -> str:
    out = [f'<g transform="translate(0 {top})" text-anchor="middle" font-size="9" fill="#1d2a33">']
    for shape in shapes:
        x, y = points[shape]
        name = shape.name.removeprefix("Kabupaten ")
        out.append(f'<text x="{x:g}" y="{y:g}">{escape(name)}</text>')
    out.append("</g>")
    return "\n".join(out)


def _legend(
    breaks: Sequence[float],
    known: Sequence[Value],
    title: str,
    value_format: Callable[[Value], str],
    *,
    y: int,
    width: int,
) -> tuple[str, int]:
    out = [f'<g class="legend" transform="translate(8 {y})">']
    if title:
        out.append(f'<text x="0" y="10">{escape(title)}</text>')
    row_y = 16 if title else 0
    lower = float(min(known)) if known else 0.0
    entries: list[tuple[str, str]] = []
    for i, upper in enumerate(breaks):
        entries.append((_colour(i, len(breaks)), f"{value_format(lower)} - {value_format(upper)}"))
        lower = upper
    entries.append((NO_DATA, _("no data")))
    cx, cy = 0.0, float(row_y)
    for colour, text in entries:
        w = 18 + len(text) * 11 * CHAR_WIDTH + 14
        if cx + w > width - 16 and cx > 0:
            cx, cy = 0.0, cy + 15
        out.append(
            f'<rect x="{cx:g}" y="{cy:g}" width="14" height="10" fill="{colour}" '
            'stroke="#8a9aa5" stroke-width="0.5"/>'
        )
        out.append(f'<text x="{cx + 18:g}" y="{cy + 9:g}">{escape(text)}</text>')
        cx += w
    out.append("</g>")
    return "\n".join(out), int(cy) + 16
