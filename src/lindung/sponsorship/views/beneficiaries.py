"""A programme's beneficiaries: the list (and its XLSX), exits and hand-overs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.accounts import scope
from lindung.errors import DomainError, ValidationFailed
from lindung.registry.forms import attach_errors
from lindung.registry.models import Employer
from lindung.sponsorship import access, exports, selectors
from lindung.sponsorship.forms import BeneficiaryFilterForm, ExitForm, HandOverForm
from lindung.sponsorship.models import Beneficiary
from lindung.sponsorship.services.exits import beneficiary_exit, beneficiary_hand_over
from lindung.sponsorship.views import page_of, query_without_page, who


@login_required
def beneficiary_list(request: HttpRequest, pk: int) -> HttpResponseBase:
    programme = selectors.programme_for_user(who(request), pk)
    form = BeneficiaryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.beneficiary_list(
        programme,
        status=filters.get("status", ""),
        category=filters.get("category", ""),
        region=filters.get("region", ""),
        query=filters.get("q", ""),
    )
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(
            f"penerima-{programme.pk}.xlsx",
            "Penerima",
            exports.BENEFICIARY_HEADER,
            exports.beneficiary_rows(qs),
        )
    return render(
        request,
        "sponsorship/beneficiary_list.html",
        {
            "programme": programme,
            "form": form,
            "page": page_of(request, qs, 50),
            "query": query_without_page(request),
            "may_write": access.may_write(who(request), programme.sponsor),
            "may_hand_over": who(request).is_superuser or who(request).role in scope.STAFF_WRITERS,
        },
    )


def _writable(request: HttpRequest, pk: int) -> Beneficiary:
    beneficiary = selectors.beneficiary_for_user(who(request), pk)
    access.require_programme_writer(who(request), beneficiary.programme)
    return beneficiary


def _exit_form_page(
    request: HttpRequest,
    beneficiary: Beneficiary,
    form: Form,
    title: str,
    save: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """GET shows the form; POST runs `save` (one service) and goes back to the list, naming who
    took the freed place; a service's errors are shown beside the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            beneficiary.refresh_from_db()
            _say_replaced(request, beneficiary)
            return redirect("sponsorship:beneficiary_list", pk=beneficiary.programme_id)
    return render(
        request, "sponsorship/form.html", {"form": form, "title": title, "beneficiary": beneficiary}
    )


@login_required
def exit_page(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = _writable(request, pk)

    def save(data: dict[str, Any]) -> object:
        return beneficiary_exit(actor=who(request), beneficiary=beneficiary, **data)

    return _exit_form_page(request, beneficiary, ExitForm(request.POST or None), _("Record an exit"), save)


@login_required
def hand_over_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    beneficiary = selectors.beneficiary_for_user(user, pk)
    scope.require_staff_writer(user)
    form = HandOverForm(request.POST or None, initial={"programmes": ["JKK", "JKM", "JHT", "JP"]})

    def save(data: dict[str, Any]) -> object:
        employer = Employer.objects.filter(npp=data.pop("npp").strip().upper()).first()
        if employer is None:
            raise ValidationFailed([("npp", _("No employer with this NPP is registered."))])
        return beneficiary_hand_over(actor=user, beneficiary=beneficiary, employer=employer, **data)

    return _exit_form_page(request, beneficiary, form, _("Hand over to an employer"), save)


def _say_replaced(request: HttpRequest, beneficiary: Beneficiary) -> None:
    if beneficiary.replaced_by_id:
        replacement = Beneficiary.objects.select_related("person").get(pk=beneficiary.replaced_by_id)
        messages.success(
            request,
            _("Exit recorded; %(name)s from the waiting list takes the place.")
            % {"name": replacement.person.name},
        )
    else:
        messages.success(request, _("Exit recorded."))
