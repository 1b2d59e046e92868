"""Reports: arrears ageing (page and XLSX)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.accounts import scope
from lindung.billing.ageing import (
    AGEING_ROLES,
    BUCKET_LABELS,
    BUCKETS,
    ageing_by_payer,
    ageing_by_region,
    ageing_totals,
)
from lindung.billing.views import page_of, query_without_page, who
from lindung.coverage.exports import xlsx_response
from lindung.registry.models import Region


class AgeingForm(forms.Form):
    on = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    region = forms.RegexField(label=_("Region code"), required=False, regex=r"^\d{2,10}$", max_length=10)
    level = forms.TypedChoiceField(
        label=_("Regions by"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(2, _("Province")), (4, _("Regency")), (6, _("District"))],
    )


def _region_names(codes: list[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _xlsx(
    by: str, on: dt.date, payers: list[dict], regions: list[dict], names: dict[str, str]
) -> HttpResponseBase:
    buckets = [f"{BUCKET_LABELS[b]} bln (Rp)" for b in BUCKETS]
    if by == "region":
        header = ["Kode wilayah", "Wilayah", "Pemberi iuran", *buckets, "Jumlah (Rp)"]
        rows = (
            [r["region"], names.get(r["region"], ""), r["payers"], *(r[b] for b in BUCKETS), r["total_owed"]]
            for r in regions
        )
    else:
        header = ["ID", "Pemberi iuran", "Kode wilayah", *buckets, "Jumlah (Rp)"]
        rows = (
            [r["payer_id"], r["payer_name"], r["region_code"], *(r[b] for b in BUCKETS), r["total_owed"]]
            for r in payers
        )
    return xlsx_response(
        f"umur-tunggakan-{by}-{on:%Y%m%d}.xlsx", f"Umur tunggakan {on:%d-%m-%Y}", header, rows
    )


@login_required
def ageing_report(request: HttpRequest) -> HttpResponseBase:
    """Arrears by age, per region and per payer, as of a day; `?format=xlsx&by=payer|region`."""
    user = who(request)
    scope.require_role(user, *AGEING_ROLES)
    form = AgeingForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on") or timezone.localdate()
    region = data.get("region") or None
    level = data.get("level") or 4
    payers = ageing_by_payer(user, on, region)
    regions = list(ageing_by_region(user, on, level, region))
    names = _region_names([r["region"] for r in regions])
    if request.GET.get("format") == "xlsx":
        by = "region" if request.GET.get("by") == "region" else "payer"
        return _xlsx(by, on, list(payers) if by == "payer" else [], regions, names)
    for r in regions:
        r["name"] = names.get(r["region"], "")
    query = query_without_page(request)
    return render(
        request,
        "billing/ageing.html",
        {
            "form": form,
            "on": on,
            "totals": ageing_totals(user, on, region),
            "regions": regions,
            "page": page_of(request, payers),
            "query": query,
            "labels": [BUCKET_LABELS[b] for b in BUCKETS],
        },
    )
