from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.accounts import scope
from lindung.billing import selectors
from lindung.billing.forms import PaymentForm, StatementForm
from lindung.billing.models import Invoice
from lindung.billing.services.payments import payment_post
from lindung.billing.services.statements import statement_import
from lindung.billing.views import page_of, query_without_page, who
from lindung.errors import DomainError, ValidationFailed


@login_required
def payment_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:80]
    qs = selectors.payment_list(who(request), query=query)
    return render(
        request,
        "billing/payment_list.html",
        {"page": page_of(request, qs), "q": query, "query": query_without_page(request)},
    )


def _form_errors(form: PaymentForm, exc: DomainError) -> None:
    errors = exc.errors if isinstance(exc, ValidationFailed) else [(exc.field, exc.message)]
    for field, message in errors:
        form.add_error(field if field in form.fields else None, message)


@login_required
def payment_new(request: HttpRequest) -> HttpResponse:
    scope.require_staff_writer(who(request))
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payer = (
            selectors.payers_visible_to(who(request)).filter(virtual_account=data["virtual_account"]).first()
        )
        invoice = None
        if payer is None:
            form.add_error("virtual_account", _("No payer with this virtual account in your scope."))
        elif data["invoice_number"]:
            invoice = Invoice.objects.filter(payer=payer, number=data["invoice_number"]).first()
            if invoice is None:
                form.add_error("invoice_number", _("This payer has no invoice with this number."))
        if payer is not None and form.is_valid():
            scope.require_region(who(request), payer.region_code)
            try:
                payment = payment_post(
                    actor=who(request),
                    payer=payer,
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    channel=data["channel"],
                    external_reference=data["external_reference"],
                    invoice=invoice,
                    note=data["note"],
                )
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("Payment %(ref)s recorded.") % {"ref": payment.external_reference}
                )
                return redirect("billing:payer_detail", pk=payer.pk)
    return render(request, "billing/payment_form.html", {"form": form})


@login_required
def statement_upload(request: HttpRequest) -> HttpResponse:
    scope.require_staff_writer(who(request))
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = statement_import(
                actor=who(request),
                file=form.cleaned_data["file"].read(),
                channel=form.cleaned_data["channel"],
                payers=selectors.payers_visible_to(who(request)),
            )
        except ValidationFailed as exc:
            for field, message in exc.errors:
                form.add_error(None, f"{field}: {message}")
    return render(request, "billing/statement_upload.html", {"form": form, "report": report})


@login_required
def payer_list(request: HttpRequest) -> HttpResponse:
    user = who(request)
    if user.role not in ("admin", "auditor", "branch_officer") and not user.is_superuser:
        raise PermissionDenied("payers are listed for staff only")
    query = request.GET.get("q", "").strip()[:80]
    qs = selectors.payer_list(who(request), query=query, with_credit=request.GET.get("credit") == "1")
    return render(
        request,
        "billing/payer_list.html",
        {"page": page_of(request, qs), "q": query, "query": query_without_page(request)},
    )


@login_required
def payer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payer = selectors.payer_for_user(who(request), pk)
    return render(
        request,
        "billing/payer_detail.html",
        {
            "payer": payer,
            "invoices": payer.invoices.order_by("-month", "-id")[:12],
            "payments": payer.payments.order_by("-paid_on", "-id")[:20],
            "refunds": payer.refunds.order_by("-refunded_on", "-id")[:20],
        },
    )
