"""Billing endpoints: invoices, payments, payers, JHT balance. Scope as on the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.billing import selectors
from lindung.billing.ageing import (
    AGEING_ROLES,
    BUCKET_LABELS,
    BUCKETS,
    REGION_LEVELS,
    ageing_by_payer,
    ageing_by_region,
    ageing_totals,
)
from lindung.billing.arrears import FLAG_MONTHS, employers_flagged
from lindung.billing.jobs import BILLING_RUN_JOB
from lindung.billing.models import Invoice, InvoiceLine, Payer
from lindung.billing.pdf import invoice_pdf
from lindung.billing.protection import BY, protected_count_on, status_history
from lindung.billing.services.billing_run import check_start
from lindung.billing.services.jht import jht_balance
from lindung.billing.services.payments import payment_post
from lindung.billing.services.sipp import sipp_upload
from lindung.billing.views import sipp as sipp_views
from lindung.errors import NotFound, ValidationFailed
from lindung.jobs.services import job_start
from lindung.registry.selectors import membership_for_user

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


# --- coverage status and arrears ------------------------------------------------------------------


class AgeingRowOut(Schema):
    payer_id: int
    payer_name: str
    region_code: str
    b0_1: int
    b1_3: int
    b3_6: int
    b6: int
    total_owed: int


class AgeingRegionOut(Schema):
    region: str
    payers: int
    b0_1: int
    b1_3: int
    b3_6: int
    b6: int
    total_owed: int


class AgeingOut(Schema):
    on: dt.date
    buckets: dict[str, str]
    totals: dict[str, int]
    regions: list[AgeingRegionOut]


@router.get("/billing/ageing", response=AgeingOut)
def ageing(request: HttpRequest, on: dt.date | None = None, region: str | None = None, level: int = 4):
    """Arrears by months past due (0-1, 1-3, 3-6, 6+) per region of the payer, as of `on`."""
    user = _user(request)
    scope.require_role(user, *AGEING_ROLES)
    if level not in REGION_LEVELS:
        raise ValidationFailed([("level", f"must be one of {sorted(REGION_LEVELS)}")])
    day = on or timezone.localdate()
    t = ageing_totals(user, day, region)
    return {
        "on": day,
        "buckets": BUCKET_LABELS,
        "totals": {**{b: getattr(t, b) for b in BUCKETS}, "total_owed": t.total},
        "regions": list(ageing_by_region(user, day, level, region)),
    }


@router.get("/billing/ageing/payers", response=list[AgeingRowOut])
@paginate(PageNumberPagination, page_size=100)
def ageing_payers(request: HttpRequest, on: dt.date | None = None, region: str | None = None):
    """Arrears by months past due per payer in scope, most owed first."""
    user = _user(request)
    scope.require_role(user, *AGEING_ROLES)
    return ageing_by_payer(user, on or timezone.localdate(), region)


class CoverageMonthOut(Schema):
    month: dt.date
    status: str


class ProtectedCountOut(Schema):
    on: dt.date
    region: str | None
    by: str
    count: int


class FlaggedEmployerOut(Schema):
    payer_id: int
    npp: str
    name: str
    region_code: str
    arrears_months: int

    @staticmethod
    def resolve_payer_id(obj: Payer) -> int:
        return obj.pk

    @staticmethod
    def resolve_npp(obj: Payer) -> str:
        return obj.employer.npp if obj.employer else ""


@router.get("/billing/coverage/memberships/{membership_id}", response=list[CoverageMonthOut])
def coverage_history(request: HttpRequest, membership_id: int, limit: int = 24):
    """A membership's coverage status, newest month first (as far as the caller sees it)."""
    membership = membership_for_user(_user(request), pk=membership_id)
    return status_history(membership, limit=max(1, min(limit, 240)))


@router.get("/billing/coverage/protected-count", response=ProtectedCountOut)
def protected_count(
    request: HttpRequest, on: dt.date | None = None, region: str | None = None, by: str = "domicile"
):
    """How many memberships protect their holder on `on` in `region` (domicile or workplace)."""
    user = _user(request)
    scope.require_role(user, Role.ADMIN, Role.AUDITOR, Role.BRANCH_OFFICER)
    officer = user.role == Role.BRANCH_OFFICER and not user.is_superuser
    if officer and not (region and any(region.startswith(code) for code in scope.region_codes(user))):
        raise PermissionDenied(f"region {region or '-'} is outside your scope")
    if by not in BY:
        raise ValidationFailed([("by", f"must be one of {', '.join(BY)}")])
    day = on or timezone.localdate()
    return {"on": day, "region": region, "by": by, "count": protected_count_on(day, region, by)}


@router.get("/billing/employers/flagged", response=list[FlaggedEmployerOut])
@paginate(PageNumberPagination, page_size=100)
def flagged_employers(request: HttpRequest, on: dt.date | None = None, months: int = FLAG_MONTHS):
    """PU employers with `months` (default three) or more months of arrears on `on`."""
    user = _user(request)
    scope.require_role(user, Role.ADMIN, Role.AUDITOR, Role.BRANCH_OFFICER)
    return employers_flagged(on or timezone.localdate(), months=max(1, months)).filter(
        selectors.payer_scope(user)
    )


class SippLineOut(Schema):
    row: int
    nik: str
    outcome: str
    message: str


class SippReportOut(Schema):
    applied: bool
    counts: dict[str, int]
    lines: list[SippLineOut]


def _month_param(month: str) -> dt.date:
    try:
        return dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise ValidationFailed([("month", f"{month!r} is not a month (YYYY-MM)")]) from None


@router.get("/billing/workers-file")
def workers_file(request: HttpRequest, npp: str, month: str, format: str = "csv"):
    """The employer's active PU workers for `month` (YYYY-MM) as CSV or XLSX (the SIPP-style file)."""
    employer = sipp_views.employer_for(_user(request), npp)
    return sipp_views.sipp_download(employer, _month_param(month), "xlsx" if format == "xlsx" else "csv")


@router.post("/billing/workers-file", response={200: SippReportOut, 422: SippReportOut})
def workers_file_upload(request: HttpRequest, npp: Form[str], month: Form[str], file: File[UploadedFile]):
    """Upload the file back: changed wages and leavers, all or nothing (422 with the row report)."""
    user = _user(request)
    employer = sipp_views.employer_for(user, npp)
    report = sipp_upload(
        actor=user, employer=employer, month=_month_param(month), file=file.read(), filename=file.name or ""
    )
    body = {"applied": report.applied, "counts": report.counts(), "lines": report.lines}
    return Status(200 if report.applied else 422, body)
