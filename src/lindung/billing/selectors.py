"""Reads for pages, reports and the API, filtered by who is asking, and reconciliation checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.billing.models import (
    Allocation,
    BillingRun,
    Invoice,
    InvoiceLine,
    JhtLedgerEntry,
    Payer,
    PayerType,
    Payment,
    Refund,
)
from lindung.registry.models import Person
from lindung.registry.selectors import people_visible_to

# --- scope ----------------------------------------------------------------------------------------


def payer_scope(user: User, prefix: str = "") -> Q:
    """Payers `user` may see: everything (admin, auditor); payers located in a branch officer's
    regions; an employer user's own (its PU payer and its Jakon projects); a worker's own self-paid
    payer. Nothing for anyone else (sponsor officers get theirs with the sponsorship app)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if scope.sees_everything(user):
        return Q()
    if user.role == Role.BRANCH_OFFICER:
        return scope.region_prefix_filter(scope.region_codes(user), f"{prefix}region_code")
    if user.role == Role.EMPLOYER and user.employer_id:
        return Q(**{f"{prefix}kind": PayerType.EMPLOYER, f"{prefix}employer_id": user.employer_id})
    if user.role == Role.WORKER and user.person_id:
        return Q(**{f"{prefix}kind": PayerType.SELF, f"{prefix}person_id": user.person_id})
    return Q(pk__in=[])


def payers_visible_to(user: User) -> QuerySet[Payer]:
    return Payer.objects.filter(payer_scope(user))


def invoices_visible_to(user: User) -> QuerySet[Invoice]:
    return Invoice.objects.filter(payer_scope(user, "payer__")).select_related("payer")


def payments_visible_to(user: User) -> QuerySet[Payment]:
    return Payment.objects.filter(payer_scope(user, "payer__")).select_related("payer")


def payer_for_user(user: User, pk: int) -> Payer:
    payer = payers_visible_to(user).filter(pk=pk).first()
    if payer is None:
        raise Http404(f"no payer {pk} in your scope")
    return payer


def invoice_for_user(user: User, pk: int) -> Invoice:
    invoice = invoices_visible_to(user).filter(pk=pk).first()
    if invoice is None:
        raise Http404(f"no invoice {pk} in your scope")
    return invoice


def jht_person_for_user(user: User, nik: str) -> Person:
    """A JHT account is the worker's own: the worker, and staff who may see the person (employer
    users do not see their workers' savings)."""
    people = Person.objects.none() if user.role == Role.EMPLOYER else people_visible_to(user)
    person = people.filter(nik=nik).first()
    if person is None:
        raise Http404(f"no JHT account for NIK {nik} in your scope")
    return person


# --- lists ----------------------------------------------------------------------------------------


def invoice_list(
    user: User,
    *,
    month: dt.date | None = None,
    status: str = "",
    query: str = "",
    payer_id: int | None = None,
) -> QuerySet[Invoice]:
    qs = invoices_visible_to(user)
    if month:
        qs = qs.filter(month=month.replace(day=1))
    if status:
        qs = qs.filter(status=status)
    if payer_id:
        qs = qs.filter(payer_id=payer_id)
    if query:
        qs = qs.filter(
            Q(number__icontains=query) | Q(payer__name__icontains=query) | Q(payer__virtual_account=query)
        )
    return qs.order_by("-month", "payer__name", "id")


def payment_list(user: User, *, query: str = "", payer_id: int | None = None) -> QuerySet[Payment]:
    qs = payments_visible_to(user)
    if payer_id:
        qs = qs.filter(payer_id=payer_id)
    if query:
        qs = qs.filter(
            Q(external_reference__icontains=query)
            | Q(payer__name__icontains=query)
            | Q(payer__virtual_account=query)
        )
    return qs.order_by("-paid_on", "-id")


def payer_list(user: User, *, query: str = "", with_credit: bool = False) -> QuerySet[Payer]:
    qs = payers_visible_to(user)
    if with_credit:
        qs = qs.filter(credit__gt=0)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(virtual_account=query))
    return qs.order_by("name", "id")


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: str
    kind: str
    lines: int
    people: int
    employer: int
    worker: int
    sponsor: int
    government: int
    amount: int


def invoice_summary(invoice: Invoice) -> list[ProgrammeSummary]:
    """The invoice's lines grouped by programme and kind, with counts and amounts."""
    rows = (
        InvoiceLine.objects.filter(invoice=invoice)
        .values("programme", "kind")
        .annotate(
            n=Count("id"),
            people=Count("person_id", distinct=True),
            er=Sum("employer"),
            ee=Sum("worker"),
            sp=Sum("sponsor"),
            gov=Sum("government"),
            amt=Sum("amount"),
        )
        .order_by("kind", "programme")
    )
    order = {"JKK": 0, "JKM": 1, "JHT": 2, "JP": 3, "JKP": 4}
    out = [
        ProgrammeSummary(
            r["programme"], r["kind"], r["n"], r["people"], r["er"], r["ee"], r["sp"], r["gov"], r["amt"]
        )
        for r in rows
    ]
    return sorted(out, key=lambda s: (s.kind != "contribution", s.kind, order.get(s.programme, 9)))


def invoice_lines(invoice: Invoice) -> QuerySet[InvoiceLine]:
    return (
        InvoiceLine.objects.filter(invoice=invoice)
        .select_related("person")
        .order_by("person__name", "person_id", "programme", "contribution_month", "id")
    )


# --- JHT ------------------------------------------------------------------------------------------


def jht_statement(person: Person, *, start: dt.date | None = None, end: dt.date | None = None) -> dict:
    """Entries of a JHT account between `start` and `end` (inclusive), with the opening balance,
    the closing balance and a running balance on every entry."""
    entries = JhtLedgerEntry.objects.filter(person=person).order_by("entry_date", "id")
    opening = 0
    if start:
        opening = entries.filter(entry_date__lt=start).aggregate(s=Sum("amount", default=0))["s"]
        entries = entries.filter(entry_date__gte=start)
    if end:
        entries = entries.filter(entry_date__lte=end)
    running, rows = opening, []
    for entry in entries:
        running += entry.amount
        rows.append((entry, running))
    return {"opening": opening, "rows": rows, "closing": running}


# --- reconciliation -------------------------------------------------------------------------------


def _sum(qs: QuerySet, group: str) -> Coalesce:
    """Σ amount of `qs` (already filtered on OuterRef) as a scalar subquery, 0 when empty."""
    total = qs.order_by().values(group).annotate(s=Sum("amount")).values("s")
    return Coalesce(Subquery(total, output_field=BigIntegerField()), Value(0))


def credit_mismatches() -> QuerySet[Payer]:
    """Payers whose kept credit differs from payments − allocations − refunds (should be none)."""
    paid = _sum(Payment.objects.filter(payer=OuterRef("pk")), "payer")
    allocated = _sum(Allocation.objects.filter(invoice__payer=OuterRef("pk")), "invoice__payer")
    refunded = _sum(Refund.objects.filter(payer=OuterRef("pk")), "payer")
    return Payer.objects.annotate(expected=paid - allocated - refunded).exclude(credit=F("expected"))


def invoice_mismatches() -> QuerySet[Invoice]:
    """Invoices whose kept total or allocated amount differs from their lines or allocations."""
    lines = _sum(InvoiceLine.objects.filter(invoice=OuterRef("pk")), "invoice")
    allocations = _sum(Allocation.objects.filter(invoice=OuterRef("pk")), "invoice")
    return Invoice.objects.annotate(lines_total=lines, allocations_total=allocations).filter(
        ~Q(total=F("lines_total")) | ~Q(allocated=F("allocations_total"))
    )


# --- billing runs ---------------------------------------------------------------------------------


def runs_visible_to(user: User) -> QuerySet[BillingRun]:
    """Admin and auditors see every run; a branch officer the runs of their regions (a run of all
    regions shows every region's totals, so only to those who see everything)."""
    if not user.is_authenticated:
        return BillingRun.objects.none()
    qs = BillingRun.objects.select_related("started_by")
    if scope.sees_everything(user):
        return qs
    if user.role == Role.BRANCH_OFFICER:
        return qs.exclude(region_code="").filter(
            scope.region_prefix_filter(scope.region_codes(user), "region_code")
        )
    return qs.none()


def run_for_user(user: User, pk: int) -> BillingRun:
    run = runs_visible_to(user).filter(pk=pk).first()
    if run is None:
        raise Http404(f"no billing run {pk} in your scope")
    return run
