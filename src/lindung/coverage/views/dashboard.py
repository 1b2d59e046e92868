"""The coverage dashboard of a region and month (by segment, sponsored, ratio and target, trend,
ranking and map of the sub-regions, gap and cost with a budget form), and its report downloads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindung.coverage.gap import budget_reach
from lindung.coverage.models import Basis
from lindung.coverage.report import (
    CONTENT_TYPES,
    FORMATS,
    coverage_map,
    file_name,
    report_data,
    segments_chart,
    trend_chart,
)
from lindung.coverage.report import (
    render as render_report,
)
from lindung.coverage.selectors import NATIONAL, region_trail
from lindung.coverage.services.facts import fact_day, month_start
from lindung.coverage.summary import (
    built_months,
    cached_coverage_summary,
    coverage_region_codes,
    coverage_trend,
    require_coverage_reader,
)
from lindung.registry.models import Region

MAX_BUDGET = 10**15  # rupiah: a form value beyond this is a typing error


def _region(request: HttpRequest) -> str:
    code = (request.GET.get("region") or "").strip().replace(".", "").upper()
    if not code:
        codes = coverage_region_codes(request.user)  # type: ignore[arg-type]
        code = NATIONAL if codes is None else (codes[0] if codes else NATIONAL)
    if code != NATIONAL and not Region.objects.filter(code=code).exists():
        raise Http404(f"no region {code}")
    require_coverage_reader(request.user, code)  # type: ignore[arg-type]
    return code


def _basis(request: HttpRequest) -> str:
    basis = request.GET.get("by") or Basis.DOMICILE.value
    if basis not in Basis.values:
        raise Http404(f"by must be one of {', '.join(Basis.values)}")
    return basis


def _month(request: HttpRequest, months: list[dt.date]) -> dt.date:
    text = request.GET.get("month")
    if text:
        try:
            return dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise Http404(f"{text!r} is not a month (YYYY-MM)") from None
    return months[-1] if months else month_start(dt.date.today())


def _whole_number(text: str | None, field: str, errors: dict[str, str], high: int) -> int | None:
    if not text:
        return None
    cleaned = text.replace(".", "").replace(",", "").replace(" ", "").removeprefix("Rp")
    if not cleaned.isdigit() or int(cleaned) > high:
        errors[field] = _("%(value)s is not a whole number between 0 and %(high)s") % {
            "value": text,
            "high": high,
        }
        return None
    return int(cleaned)


@login_required
def coverage_dashboard(request: HttpRequest) -> HttpResponse:
    code = _region(request)
    basis = _basis(request)
    months = built_months()
    month = _month(request, months)
    day = fact_day(month)
    summary = cached_coverage_summary(code, day, basis)
    data = report_data(summary)
    trend = coverage_trend(code, basis)
    query = f"by={basis}&month={month:%Y-%m}"
    links = {
        sub.code: f"{reverse('coverage:dashboard')}?region={sub.code}&{query}" for sub in summary.sub_regions
    }
    map_svg = coverage_map(data, links)
    trend_svg = trend_chart(trend)
    errors: dict[str, str] = {}
    budget = _whole_number(request.GET.get("budget"), "budget", errors, MAX_BUDGET)
    budget_months = _whole_number(request.GET.get("months"), "months", errors, 120) or 12
    reach = None
    if budget is not None and summary.gap is not None and not errors:
        reach = budget_reach(budget=budget, price_per_month=summary.gap.price_per_month, months=budget_months)
    ranking = sorted(
        summary.sub_regions,
        key=lambda s: (s.ratio if s.ratio is not None else Decimal(-1), s.total),
        reverse=True,
    )
    downloads = [
        (fmt, f"{reverse('coverage:report', args=[fmt])}?region={code}&as_of={day:%Y-%m-%d}&by={basis}")
        for fmt in FORMATS
    ]
    context = {
        "code": code,
        "summary": summary,
        "data": data,
        "basis": basis,
        "bases": Basis.choices,
        "month": month,
        "day": day,
        "months": months,
        "trail": region_trail(code) if code != NATIONAL else [],
        "segments_svg": mark_safe(segments_chart(data)),  # built here from numbers, names escaped
        "trend_svg": mark_safe(trend_svg) if trend_svg else None,
        "map_svg": mark_safe(map_svg) if map_svg else None,
        "ranking": ranking,
        "query": query,
        "downloads": downloads,
        "budget": request.GET.get("budget", ""),
        "budget_months": budget_months,
        "reach": reach,
        "errors": errors,
        "outreach": summary.level in (3, 4),
    }
    return render(request, "coverage/dashboard.html", context, status=422 if errors else 200)


@login_required
def coverage_report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report as a file: ?region=&as_of=YYYY-MM-DD&by=&public=1."""
    if fmt not in FORMATS:
        raise Http404(f"no report format {fmt}")
    code = _region(request)
    basis = _basis(request)
    text = request.GET.get("as_of") or ""
    try:
        day = dt.date.fromisoformat(text) if text else fact_day(_month(request, built_months()))
    except ValueError:
        raise Http404(f"{text!r} is not a date (YYYY-MM-DD)") from None
    public = request.GET.get("public") == "1"
    data = report_data(cached_coverage_summary(code, day, basis), public=public)
    content = render_report(fmt, data, coverage_trend(code, basis) if fmt == "pdf" else [])
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    if fmt != "json":
        response["Content-Disposition"] = f'attachment; filename="{file_name(data, fmt)}"'
    return response
