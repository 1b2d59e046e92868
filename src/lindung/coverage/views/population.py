"""Pages: population figures of a region with their sources, and the analyst's import."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lindung.accounts import scope
from lindung.accounts.models import Role
from lindung.coverage import selectors
from lindung.coverage.exports import csv_response
from lindung.coverage.models import Indicator
from lindung.coverage.services.population_import import COLUMNS, population_stat_import
from lindung.errors import ValidationFailed
from lindung.registry.models import Region

PAGE_SIZE = 50
IMPORTED = gettext_lazy(
    "%(rows)s rows read: %(created)s figures added, %(updated)s corrected, %(unchanged)s unchanged."
)


def _default_region(request: HttpRequest) -> str:
    user = request.user
    if getattr(user, "role", None) == Role.BRANCH_OFFICER:
        own = scope.region_codes(user)  # type: ignore[arg-type]
        if own:
            return own[0]
    return selectors.NATIONAL


def _as_of(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise Http404(f"{text!r} is not a date (YYYY-MM-DD)") from None


@login_required
def population_list(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("region") or _default_region(request)).strip().replace(".", "").upper()
    region = None if code == selectors.NATIONAL else Region.objects.filter(code=code).first()
    if code != selectors.NATIONAL and region is None:
        raise Http404(f"no region {code}")
    indicator = request.GET.get("indicator") or ""
    if indicator and indicator not in Indicator.values:
        raise Http404(f"no indicator {indicator}")
    stats = selectors.population_stats_for(request.user, code, indicator or None)  # type: ignore[arg-type]
    page = Paginator(stats, PAGE_SIZE).get_page(request.GET.get("page"))
    as_of = _as_of(request.GET.get("as_of"))
    context = {
        "code": code,
        "region": region,
        "region_name": region.name if region else "Indonesia",
        "trail": selectors.region_trail(code),
        "children": selectors.readable_children(request.user, code),  # type: ignore[arg-type]
        "indicator": indicator,
        "indicators": Indicator.choices,
        "page": page,
        "as_of": as_of,
        "employed": selectors.population_figure(code, Indicator.EMPLOYED, as_of),
        "can_import": _can_import(request),
    }
    return render(request, "coverage/population_list.html", context)


def _can_import(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_superuser or getattr(user, "role", None) in scope.STAFF_WRITERS)


@login_required
@require_http_methods(["GET", "POST"])
def population_import(request: HttpRequest) -> HttpResponse:
    scope.require_staff_writer(request.user)  # type: ignore[arg-type]
    errors: list[tuple[str | None, str]] = []
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors, status = [("file", _("Choose a CSV or XLSX file."))], 422
        else:
            try:
                result = population_stat_import(actor=request.user, file=upload)
            except ValidationFailed as exc:
                errors, status = exc.errors, 422
            else:
                messages.success(request, IMPORTED % result.__dict__)
                return redirect(reverse("coverage:population_import"))
    context = {"errors": errors, "columns": COLUMNS, "indicators": Indicator.choices}
    return render(request, "coverage/population_import.html", context, status=status)


@login_required
def population_import_template(request: HttpRequest) -> HttpResponse:
    """An example file with the expected columns (TJT employed, Aug 2021, SOURCES.md item 2)."""
    scope.require_staff_writer(request.user)  # type: ignore[arg-type]
    example = [
        "1507",
        "2021-08",
        "employed",
        "115517",
        "BPS Sakernas Agustus 2021 (Kepala BPS Jambi)",
        "https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/",
        "reported",
        "",
    ]
    return csv_response("population_figures.csv", list(COLUMNS), [example])
