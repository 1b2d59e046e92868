"""Sponsors and programmes: the list, setting up, the programme's page, renewal, the monthly statement."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts import scope
from lindung.errors import DomainError
from lindung.registry.forms import attach_errors
from lindung.sponsorship import access, exports, selectors
from lindung.sponsorship.billing import programme_bill_issue
from lindung.sponsorship.forms import ProgrammeForm, RenewForm, SponsorForm
from lindung.sponsorship.services.renewal import programme_renew
from lindung.sponsorship.services.setup import programme_create, sponsor_create
from lindung.sponsorship.views import (
    PLANNERS,
    may_create_sponsor,
    month_param,
    page_of,
    query_without_page,
    who,
)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user = who(request)
    scope.require_role(user, *PLANNERS)
    query = request.GET.get("q", "").strip()[:100]
    qs = selectors.programme_list(user, query=query)
    writable = [s for s in selectors.sponsors_visible_to(user) if access.may_write(user, s)]
    return render(
        request,
        "sponsorship/programme_list.html",
        {
            "page": page_of(request, qs, 25),
            "q": query,
            "query": query_without_page(request),
            "may_create_sponsor": may_create_sponsor(user),
            "may_create_programme": bool(writable),
        },
    )


@login_required
def sponsor_new(request: HttpRequest) -> HttpResponse:
    form = SponsorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sponsor_create(actor=who(request), **form.cleaned_data)
        except DomainError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Sponsor registered."))
            return redirect("sponsorship:programme_new")
    return render(request, "sponsorship/form.html", {"form": form, "title": _("Register a sponsor")})


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    user = who(request)
    sponsors = {s.pk: s for s in selectors.sponsors_visible_to(user) if access.may_write(user, s)}
    form = ProgrammeForm(request.POST or None)
    form.fields["sponsor"] = _sponsor_field(sponsors)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            programme = programme_create(actor=user, **_programme_arguments(data, sponsors))
        except DomainError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Programme set up."))
            return redirect("sponsorship:programme_detail", pk=programme.pk)
    return render(request, "sponsorship/form.html", {"form": form, "title": _("Set up a programme")})


def _sponsor_field(sponsors: dict[int, Any]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Sponsor"), coerce=int, choices=[(pk, str(s)) for pk, s in sponsors.items()]
    )


def _programme_arguments(data: dict[str, Any], sponsors: dict[int, Any]) -> dict[str, Any]:
    data["sponsor"] = sponsors[data["sponsor"]]
    data["categories"] = [c for c in data["categories"].split(",") if c.strip()]
    data["region_codes"] = [c for c in data["region_codes"].replace(";", ",").split(",") if c.strip()]
    data["quota"] = data.get("quota") or None
    data["declared_income"] = data.get("declared_income") or None
    return data


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    programme = selectors.programme_for_user(user, pk)
    within = request.GET.get("region", "")[:10]
    within = within if within.isdigit() else ""
    level = {0: "regency", 4: "district", 6: "village"}.get(len(within), "village")
    return render(
        request,
        "sponsorship/programme_detail.html",
        {
            "programme": programme,
            "summary": selectors.programme_summary(programme, today=timezone.localdate()),
            "by_category": selectors.breakdown(programme, by="category"),
            "by_region": selectors.breakdown(programme, by=level, within=within),
            "level": level,
            "within": within,
            "regions": programme.regions.order_by("code"),
            "exits": selectors.exits_and_replacements(programme)[:20],
            "imports": selectors.programme_imports(programme)[:10],
            "invoices": selectors.programme_invoices(programme)[:12],
            "may_write": access.may_write(user, programme.sponsor),
            "renewal_targets": _renewal_targets(user, programme),
        },
    )


def _renewal_targets(user: Any, programme: Any) -> list[Any]:
    return list(
        selectors.programmes_visible_to(user).filter(
            sponsor=programme.sponsor, period_start__gt=programme.period_end
        )
    )


@login_required
@require_POST
def programme_renew_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    programme = selectors.programme_for_user(user, pk)
    form = RenewForm(request.POST)
    cast(forms.ChoiceField, form.fields["into"]).choices = [
        (p.pk, str(p)) for p in _renewal_targets(user, programme)
    ]
    if not form.is_valid():
        messages.error(request, _("Choose the programme of the next period."))
        return redirect("sponsorship:programme_detail", pk=pk)
    into = selectors.programme_for_user(user, form.cleaned_data["into"])
    try:
        report = programme_renew(actor=user, programme=programme, into=into)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("sponsorship:programme_detail", pk=pk)
    messages.success(
        request,
        _("%(carried)s carried over, %(waiting)s waiting, %(not)s not carried.")
        % {"carried": report.enrolled, "waiting": report.waiting, "not": report.rejected},
    )
    return redirect("sponsorship:import_detail", pk=report.pk)


@login_required
def statement_page(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = who(request)
    programme = selectors.programme_for_user(user, pk)
    month = month_param(request)
    statement = selectors.statement(programme, month)
    rows = selectors.statement_rows(programme, month)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(
            f"tagihan-{programme.pk}-{month:%Y-%m}.xlsx",
            f"Tagihan {month:%Y-%m}",
            exports.STATEMENT_HEADER,
            exports.statement_rows(statement, rows),
        )
    return render(
        request,
        "sponsorship/statement.html",
        {
            "programme": programme,
            "statement": statement,
            "amounts": selectors.person_amounts(statement),
            "page": page_of(request, rows, 50),
            "query": query_without_page(request),
            "may_bill": access.may_bill(user, programme),
        },
    )


@login_required
@require_POST
def statement_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    programme = selectors.programme_for_user(user, pk)
    month = month_param(request)
    try:
        invoice = programme_bill_issue(actor=user, programme=programme, month=month)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
    return redirect(f"{reverse('sponsorship:statement', args=[pk])}?month={month:%Y-%m}")
