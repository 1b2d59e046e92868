"""The employer's monthly workers file: download (CSV, XLSX) and upload with a row-by-row report."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.billing import duedates
from lindung.billing.services.sipp import sipp_upload
from lindung.billing.sipp import HEADER, sipp_rows
from lindung.billing.views import who
from lindung.coverage.exports import csv_response, xlsx_response
from lindung.errors import DomainError, ValidationFailed
from lindung.registry.models import Employer

SIPP_ROLES = (Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR, Role.EMPLOYER)


def employer_for(user: User, npp: str) -> Employer:
    """An employer `user` may see the workers file of: its own for an employer user, those in a
    branch officer's regions, any for admin and auditor. Others are refused; unknown is 404."""
    scope.require_role(user, *SIPP_ROLES)
    qs = Employer.objects.filter(npp=npp)
    if user.role == Role.EMPLOYER:
        qs = qs.filter(pk=user.employer_id or 0)
    elif user.role == Role.BRANCH_OFFICER and not user.is_superuser:
        qs = qs.filter(scope.region_prefix_filter(scope.region_codes(user), "region__code"))
    employer = qs.first()
    if employer is None:
        raise Http404(f"no employer {npp} in your scope")
    return employer


class SippForm(forms.Form):
    npp = forms.CharField(label=_("NPP"), max_length=20)
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    file = forms.FileField(label=_("Workers file (CSV or XLSX)"), required=False)


def sipp_download(employer: Employer, month: dt.date, fmt: str) -> HttpResponseBase:
    name = f"tenaga-kerja-{employer.npp}-{month:%Y%m}"
    rows = sipp_rows(employer, month)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", f"Tenaga kerja {month:%m-%Y}", HEADER, rows)
    return csv_response(f"{name}.csv", HEADER, rows)


@login_required
def sipp_page(request: HttpRequest) -> HttpResponseBase:
    """Pick an employer and month; download the file (?format=csv|xlsx) or upload it back."""
    user = who(request)
    scope.require_role(user, *SIPP_ROLES)
    initial: dict[str, object] = {"month": duedates.month_start(timezone.localdate())}
    if user.role == Role.EMPLOYER and user.employer_id:
        initial["npp"] = Employer.objects.only("npp").get(pk=user.employer_id).npp
    data = request.POST if request.method == "POST" else (request.GET if "npp" in request.GET else None)
    form = SippForm(data, request.FILES or None, initial=initial)
    report = None
    if data is not None and form.is_valid():
        employer = employer_for(user, form.cleaned_data["npp"])
        month = form.cleaned_data["month"]
        if request.method == "GET":
            return sipp_download(employer, month, request.GET.get("format", "csv"))
        upload = form.cleaned_data["file"]
        if upload is None:
            form.add_error("file", _("Choose the file to upload."))
        else:
            try:
                report = sipp_upload(
                    actor=user, employer=employer, month=month, file=upload.read(), filename=upload.name
                )
            except PermissionDenied:
                raise
            except DomainError as exc:
                errors = exc.errors if isinstance(exc, ValidationFailed) else [(exc.field, exc.message)]
                for field, message in errors:
                    form.add_error(field if field in form.fields else None, message)
    status = 422 if report is not None and not report.applied else 200
    response: HttpResponse = render(
        request, "billing/sipp.html", {"form": form, "report": report}, status=status
    )
    return response
