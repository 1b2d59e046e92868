from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.billing import selectors
from lindung.billing.forms import InvoiceFilterForm
from lindung.billing.pdf import invoice_pdf
from lindung.billing.views import page_of, query_without_page, who


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.invoice_list(
        who(request),
        month=filters.get("month"),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    return render(
        request,
        "billing/invoice_list.html",
        {"form": form, "page": page_of(request, qs), "query": query_without_page(request)},
    )


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_for_user(who(request), pk)
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "invoice": invoice,
            "summary": selectors.invoice_summary(invoice),
            "page": page_of(request, selectors.invoice_lines(invoice), 100),
            "allocations": invoice.allocations.select_related("payment").order_by("id"),
        },
    )


@login_required
def invoice_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_for_user(who(request), pk)
    data = invoice_pdf(invoice, selectors.invoice_summary(invoice))
    response = HttpResponse(data, content_type="application/pdf")
    filename = invoice.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
