from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.billing import selectors
from lindung.billing.forms import JhtForm
from lindung.billing.pdf import jht_statement_pdf
from lindung.billing.views import who


@login_required
def jht_home(request: HttpRequest) -> HttpResponse:
    """A worker goes to their own account; staff look one up by NIK."""
    user = who(request)
    if user.role == Role.WORKER and user.person is not None:
        return redirect("billing:jht_statement", nik=user.person.nik)
    if user.role not in (Role.ADMIN, Role.AUDITOR, Role.BRANCH_OFFICER) and not user.is_superuser:
        raise PermissionDenied("JHT accounts are their owners' own")
    nik = request.GET.get("nik", "").strip()
    if nik:
        return redirect("billing:jht_statement", nik=nik)
    return render(request, "billing/jht_lookup.html")


def _period(request: HttpRequest) -> tuple[JhtForm, dt.date | None, dt.date]:
    form = JhtForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("start"), data.get("on") or timezone.localdate()


@login_required
def jht_statement(request: HttpRequest, nik: str) -> HttpResponse:
    person = selectors.jht_person_for_user(who(request), nik)
    form, start, end = _period(request)
    statement = selectors.jht_statement(person, start=start, end=end)
    return render(
        request,
        "billing/jht_statement.html",
        {
            "person": person,
            "form": form,
            "statement": statement,
            "start": start,
            "end": end,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def jht_statement_pdf_download(request: HttpRequest, nik: str) -> HttpResponse:
    person = selectors.jht_person_for_user(who(request), nik)
    _, start, end = _period(request)
    data = jht_statement_pdf(person, selectors.jht_statement(person, start=start, end=end), start, end)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jht-{person.nik}-{end:%Y%m%d}.pdf"'
    return response
