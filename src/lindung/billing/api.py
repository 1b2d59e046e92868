"""Billing endpoints: invoices, payments, payers, JHT balance. Scope as on the pages."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.billing import selectors
from lindung.billing.jobs import BILLING_RUN_JOB
from lindung.billing.models import Invoice, InvoiceLine
from lindung.billing.pdf import invoice_pdf
from lindung.billing.services.billing_run import check_start
from lindung.billing.services.jht import jht_balance
from lindung.billing.services.payments import payment_post
from lindung.errors import NotFound, ValidationFailed
from lindung.jobs.services import job_start

router = Router(tags=["billing"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


class InvoiceOut(Schema):
    id: int
    number: str
    payer_id: int
    payer_name: str
    month: dt.date
    due_date: dt.date
    status: str
    total: int
    allocated: int
    outstanding: int

    @staticmethod
    def resolve_payer_name(obj: Invoice) -> str:
        return obj.payer.name


class InvoiceDetailOut(InvoiceOut):
    virtual_account: str
    programmes: list[selectors.ProgrammeSummary]


class LineOut(Schema):
    id: int
    nik: str | None
    programme: str
    kind: str
    contribution_month: dt.date
    revision: int
    base: int | None
    employer: int
    worker: int
    government: int
    sponsor: int
    amount: int

    @staticmethod
    def resolve_nik(obj: InvoiceLine) -> str | None:
        return obj.person.nik if obj.person else None


class PaymentIn(Schema):
    payer_id: int
    amount: int
    paid_on: dt.date
    channel: str
    external_reference: str
    invoice_id: int | None = None
    note: str = ""


class PaymentOut(Schema):
    id: int
    payer_id: int
    amount: int
    paid_on: dt.date
    channel: str
    external_reference: str


class PayerOut(Schema):
    id: int
    kind: str
    name: str
    region_code: str
    virtual_account: str | None
    credit: int


class JhtBalanceOut(Schema):
    nik: str
    on: dt.date
    balance: int


@router.get("/billing/invoices", response=list[InvoiceOut])
@paginate(PageNumberPagination, page_size=50)
def invoices(request: HttpRequest, month: dt.date | None = None, status: str = "", q: str = ""):
    return selectors.invoice_list(_user(request), month=month, status=status, query=q)


@router.get("/billing/invoices/{invoice_id}", response=InvoiceDetailOut)
def invoice(request: HttpRequest, invoice_id: int):
    inv = selectors.invoice_for_user(_user(request), invoice_id)
    inv.virtual_account = inv.payer.virtual_account or ""  # type: ignore[attr-defined]
    inv.programmes = selectors.invoice_summary(inv)  # type: ignore[attr-defined]
    return inv


@router.get("/billing/invoices/{invoice_id}/lines", response=list[LineOut])
@paginate(PageNumberPagination, page_size=100)
def invoice_lines(request: HttpRequest, invoice_id: int):
    return selectors.invoice_lines(selectors.invoice_for_user(_user(request), invoice_id))


@router.get("/billing/invoices/{invoice_id}/pdf")
def invoice_pdf_file(request: HttpRequest, invoice_id: int):
    inv = selectors.invoice_for_user(_user(request), invoice_id)
    response = HttpResponse(invoice_pdf(inv, selectors.invoice_summary(inv)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{inv.number.replace("/", "-")}.pdf"'
    return response


@router.get("/billing/payments", response=list[PaymentOut])
@paginate(PageNumberPagination, page_size=50)
def payments(request: HttpRequest, q: str = ""):
    return selectors.payment_list(_user(request), query=q)


@router.post("/billing/payments", response={201: PaymentOut})
def payment_create(request: HttpRequest, payload: PaymentIn):
    user = _user(request)
    scope.require_staff_writer(user)
    payer = selectors.payer_for_user(user, payload.payer_id)
    scope.require_region(user, payer.region_code)
    invoice = None
    if payload.invoice_id is not None:
        invoice = Invoice.objects.filter(pk=payload.invoice_id, payer=payer).first()
        if invoice is None:
            raise NotFound(f"payer {payer.pk} has no invoice {payload.invoice_id}", field="invoice_id")
    payment = payment_post(
        actor=user,
        payer=payer,
        amount=payload.amount,
        paid_on=payload.paid_on,
        channel=payload.channel,
        external_reference=payload.external_reference,
        invoice=invoice,
        note=payload.note,
    )
    return Status(201, payment)


@router.get("/billing/payers/{payer_id}", response=PayerOut)
def payer(request: HttpRequest, payer_id: int):
    return selectors.payer_for_user(_user(request), payer_id)


@router.get("/billing/jht/{nik}/balance", response=JhtBalanceOut)
def jht(request: HttpRequest, nik: str, on: dt.date | None = None):
    person = selectors.jht_person_for_user(_user(request), nik)
    day = on or timezone.localdate()
    return {"nik": person.nik, "on": day, "balance": jht_balance(person, day)}


# --- billing runs ---------------------------------------------------------------------------------


class BillingRunOut(Schema):
    id: int
    month: dt.date
    region_code: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    counts: dict
    totals: dict


class BillingRunIn(Schema):
    month: str  # YYYY-MM
    region: str = ""


class BillingRunStarted(Schema):
    job_id: int
    status: str
    run_id: int | None
    progress_url: str


@router.get("/billing/runs", response=list[BillingRunOut])
@paginate(PageNumberPagination, page_size=50)
def runs(request: HttpRequest):
    user = _user(request)
    scope.require_role(user, Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR)
    return selectors.runs_visible_to(user)


@router.get("/billing/runs/{run_id}", response=BillingRunOut)
def run(request: HttpRequest, run_id: int):
    user = _user(request)
    scope.require_role(user, Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR)
    return selectors.run_for_user(user, run_id)


@router.post("/billing/runs", response={202: BillingRunStarted})
def run_start(request: HttpRequest, payload: BillingRunIn):
    """Start the billing run of a month as a background job; poll the run list or the job page."""
    user = _user(request)
    try:
        month = dt.datetime.strptime(payload.month, "%Y-%m").date()
    except ValueError:
        raise ValidationFailed([("month", f"{payload.month!r} is not a month (YYYY-MM)")]) from None
    region = payload.region.strip() or None
    check_start(actor=user, month=month, region=region)
    job = job_start(
        actor=user, kind=BILLING_RUN_JOB, params={"month": month.isoformat(), "region": region or ""}
    )
    return Status(
        202,
        {
            "job_id": job.pk,
            "status": job.status,
            "run_id": (job.result or {}).get("run"),
            "progress_url": reverse("billing:run_job", args=[job.pk]),
        },
    )
