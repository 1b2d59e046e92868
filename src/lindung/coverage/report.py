"""The coverage report of a region on a day, as JSON, XLSX or a PDF brief, and the charts and map the
dashboard shows (the same SVG strings serve the page and the PDF).

Public exports (`public=True`) write counts below 5 at district and village level as "<5"
(`suppression`); the ratios, gap and cost built on a suppressed count are left out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lindung.coverage.brief import Brief
from lindung.coverage.charts import bar_chart_svg, line_chart_svg
from lindung.coverage.exports import neutralise
from lindung.coverage.formats import month_id, number_id, percent_id, rupiah_id
from lindung.coverage.maps import choropleth_svg, sub_region_shapes
from lindung.coverage.models import Basis, Indicator
from lindung.coverage.summary import SEGMENTS, Summary, summary_json

FORMATS = ("json", "xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
SEGMENT_LABELS = {"PU": "PU", "BPU": "BPU", "JAKON": "Jakon", "PMI": "PMI"}
DATE_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date_id(day: dt.date) -> str:
    """date(2024, 3, 23) -> "23 Maret 2024"."""
    return f"{day.day} {DATE_ID[day.month - 1]} {day.year}"


def basis_label(basis: str) -> str:
    return str(Basis(basis).label)


def _shown(value: int | str) -> str:
    return value if isinstance(value, str) else number_id(value)


def _ratio_shown(text: str | None) -> str:
    return "-" if text is None else percent_id(Decimal(text))


# --- charts and map -----------------------------------------------------------------------------------


def segments_chart(data: dict[str, Any]) -> str:
    items = [(SEGMENT_LABELS[s], v) for s, v in data["segments"].items() if not isinstance(v, str)]
    return bar_chart_svg(items, title=_("Active participants by segment"))


def trend_chart(trend: list[tuple[dt.date, dict[str, int]]]) -> str | None:
    if len(trend) < 2:
        return None
    months = [m for m, _ in trend]
    series = [(SEGMENT_LABELS[s], [by[s] for _, by in trend]) for s in SEGMENTS]
    series.append((_("Total"), [sum(by.values()) for _, by in trend]))
    return line_chart_svg(months, series, title=_("Active participants by month"))


def coverage_map(data: dict[str, Any], links: dict[str, str] | None = None) -> str | None:
    """The sub-regions shaded by their coverage ratio (where boundaries are shipped)."""
    shapes = sub_region_shapes(data["region"])
    if not shapes:
        return None
    values = {
        sub["region"]: Decimal(sub["coverage_ratio"]) if sub["coverage_ratio"] else None
        for sub in data["sub_regions"]
    }
    if any(v is not None for v in values.values()):
        return choropleth_svg(
            shapes,
            values,
            title=_("Coverage ratio of the sub-regions (active ÷ employed)"),
            legend_title=_("Coverage ratio"),
            value_format=lambda v: percent_id(Decimal(str(v))),
            links=links,
        )
    # No sub-region has an employed figure (none shipped below the regencies): shade by count.
    counts = {
        sub["region"]: sub["total"] if isinstance(sub["total"], int) else None for sub in data["sub_regions"]
    }
    return choropleth_svg(
        shapes,
        counts,
        title=_("Active participants of the sub-regions (no employed figures to divide by)"),
        legend_title=_("Active participants"),
        links=links,
    )


# --- the files ----------------------------------------------------------------------------------------


def report_data(summary: Summary, *, public: bool = False) -> dict[str, Any]:
    return summary_json(summary, public=public)


def report_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _figure_rows(data: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for key, ratio_key, label in (
        ("employed", "coverage_ratio", Indicator.EMPLOYED.label),
        ("labour_force", "labour_force_ratio", Indicator.LABOUR_FORCE.label),
        ("registered_population", "registered_population_ratio", Indicator.REGISTERED_POPULATION.label),
    ):
        figure = data[key]
        if figure is None:
            rows.append([str(label), None, "", _("no figure"), "", "", None])
            continue
        rows.append(
            [
                str(label),
                figure["value"],
                figure["period"],
                figure["source"],
                figure["quality"],
                figure["note"],
                data[ratio_key],
            ]
        )
    return rows


def report_xlsx(data: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Summary")
    bold = Font(bold=True)
    ws.append([_("Coverage of %(region)s") % {"region": f"{data['region_name']} ({data['region']})"}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("As of"), data["as_of"]])
    ws.append([_("Counted by"), basis_label(data["basis"])])
    ws.append([])
    ws.append([_("Segment"), _("Active participants")])
    for s, v in data["segments"].items():
        ws.append([SEGMENT_LABELS[s], v])
    ws.append([_("Total"), data["total"]])
    ws.append([])
    ws.append([_("Denominator"), _("Value"), _("Period"), _("Source"), _("Quality"), _("Note"), _("Ratio")])
    for row in _figure_rows(data):
        ws.append([neutralise(v) for v in row])
    if data["target"]:
        ws.append(
            [
                _("Target %(year)s") % {"year": data["target"]["year"]},
                None,
                None,
                neutralise(data["target"]["source"]),
                None,
                None,
                data["target"]["ratio"],
            ]
        )
    if data["gap"]:
        ws.append([])
        gap = data["gap"]
        ws.append([_("Not covered"), gap["not_covered"]])
        ws.append([_("Cost per month"), gap["cost_per_month"]])
        ws.append([_("Cost per year"), gap["cost_per_year"]])
        for line in gap["working"]:
            ws.append([neutralise(line)])
    for cells in ws.iter_rows():
        if cells and cells[0].value in (_("Segment"), _("Denominator")):
            for c in cells:
                c.font = bold
    sponsored = wb.create_sheet(_("Sponsored"))
    sponsored.append([_("Programme"), _("Category"), _("Active participants")])
    for programme, cats in data["sponsored"].items():
        for category, n in cats.items():
            sponsored.append([neutralise(programme), neutralise(category), n])
    subs = wb.create_sheet(_("Sub-regions"))
    subs.append(
        [
            _("Code"),
            _("Name"),
            *[SEGMENT_LABELS[s] for s in SEGMENTS],
            _("Total"),
            _("Employed"),
            _("Coverage ratio"),
        ]
    )
    for sub in data["sub_regions"]:
        subs.append(
            [
                sub["region"],
                neutralise(sub["name"]),
                *sub["segments"].values(),
                sub["total"],
                sub["employed"],
                sub["coverage_ratio"],
            ]
        )
    for sheet in (sponsored, subs):
        for c in sheet[1]:
            c.font = bold
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_pdf(data: dict[str, Any], trend: list[tuple[dt.date, dict[str, int]]]) -> bytes:
    """A one-to-two page brief a regent can read: the table, a chart, the map, the gap and its cost."""
    as_of = dt.date.fromisoformat(data["as_of"])
    brief = Brief(
        title=data["region_name"],
        subtitle=_("Employment social security coverage on %(day)s, counted by %(basis)s (code %(code)s)")
        % {"day": date_id(as_of), "basis": basis_label(data["basis"]).lower(), "code": data["region"]},
        footer=_("lindung - coverage report %(region)s %(day)s")
        % {"region": data["region"], "day": data["as_of"]},
    )
    rows = [[SEGMENT_LABELS[s], _shown(v)] for s, v in data["segments"].items()]
    rows.append([_("Total"), _shown(data["total"])])
    for programme, cats in data["sponsored"].items():
        for category, n in cats.items():
            rows.append(
                [
                    _("of whom paid by %(programme)s: %(category)s")
                    % {"programme": programme, "category": category},
                    _shown(n),
                ]
            )
    brief.table([_("Segment"), _("Active participants")], rows, align=["L", "R"], widths=[120, 60])
    fig_rows = []
    for label, value, period, source, _quality, _note, ratio in _figure_rows(data):
        fig_rows.append(
            [label, "-" if value is None else number_id(value), period, _ratio_shown(ratio), source]
        )
    target = data["target"]
    if target:
        fig_rows.append(
            [
                _("Target %(year)s") % {"year": target["year"]},
                "",
                "",
                percent_id(Decimal(target["ratio"])),
                target["source"],
            ]
        )
    brief.heading(_("Coverage ratio"))
    brief.table(
        [_("Denominator"), _("Persons"), _("Period"), _("Covered"), _("Source")],
        fig_rows,
        align=["L", "R", "C", "R", "L"],
        widths=[38, 24, 16, 20, 82],
        size=8,
    )
    notes = [f["note"] for f in (data["employed"], data["labour_force"]) if f and f.get("derived")]
    for note in notes:
        brief.text(note, size=8)
    brief.svg(segments_chart(data), width_mm=120)
    trend_svg = trend_chart(trend)
    if trend_svg:
        brief.svg(trend_svg, width_mm=120)
    map_svg = coverage_map(data)
    if map_svg:
        brief.heading(_("Coverage by sub-region"))
        brief.svg(map_svg, width_mm=130)
    gap = data["gap"]
    if gap:
        brief.heading(_("The gap and what it costs to close"))
        brief.text(
            _(
                "%(gap)s employed people have no cover. Covering them with the minimum BPU package costs "
                "%(month)s a month, %(year)s a year."
            )
            % {
                "gap": number_id(gap["not_covered"]),
                "month": rupiah_id(gap["cost_per_month"]),
                "year": rupiah_id(gap["cost_per_year"]),
            }
        )
        brief.text("\n".join(gap["working"]), size=8)
    if data["sub_regions"]:
        brief.heading(_("Sub-regions"))
        ranked = sorted(data["sub_regions"], key=lambda s: Decimal(s["coverage_ratio"] or "-1"), reverse=True)
        brief.table(
            [_("Region"), _("Total"), _("Employed"), _("Covered")],
            [
                [
                    s["name"],
                    _shown(s["total"]),
                    "-" if s["employed"] is None else number_id(s["employed"]),
                    _ratio_shown(s["coverage_ratio"]),
                ]
                for s in ranked
            ],
            align=["L", "R", "R", "R"],
            widths=[90, 30, 30, 30],
            size=8,
        )
    return brief.output()


def render(fmt: str, data: dict[str, Any], trend: list[tuple[dt.date, dict[str, int]]]) -> bytes:
    if fmt == "json":
        return report_json(data)
    if fmt == "xlsx":
        return report_xlsx(data)
    if fmt == "pdf":
        return report_pdf(data, trend)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def file_name(data: dict[str, Any], fmt: str) -> str:
    suffix = "-publik" if data.get("public") else ""
    return f"cakupan-{data['region']}-{data['as_of']}-{data['basis']}{suffix}.{fmt}"


__all__ = ["CONTENT_TYPES", "FORMATS", "file_name", "month_id", "render", "report_data"]
