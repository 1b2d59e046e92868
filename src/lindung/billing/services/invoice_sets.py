"""Set-based invoice work, shared by `invoice_issue` (one payer) and the monthly billing run (all of
them), so both give the same invoices. A month's run, each step safe to repeat:

1. `payers.payers_ensure(memberships)`; `payers.membership_payer_id()` joins memberships to payers.
2. `invoices_ensure(payers, month)`: one invoice per payer and month (number `INV/YYYYMM/<payer id>`,
   provisional due date by the payer's segment).
3. write the lines into invoices that still take lines (`Invoice.takes_lines`: nothing allocated,
   not cancelled), never twice (the idempotency key is unique):
   - `invoice_lines_add(month, rows)` here (portable: batches of bulk_create … ignore conflicts);
   - or, on PostgreSQL, COPY into a staging table, ANALYZE it, then one `INSERT … SELECT … ON
     CONFLICT DO NOTHING` joined to `billing_invoice` on (payer, month) with `allocated = 0 AND
     status <> 'cancelled'` (see bench/bench_billing_core.py). `amount` must be employer + worker +
     sponsor (a CHECK enforces it); `contribution_month` a first day (CHECK); defaults are in the
     database (`db_default`), `facts` and `parameters` are required JSON.
   Lines for an invoice that no longer takes lines are not written: bill them as adjustment lines
   (kind adjustment, revision n) on a later month's invoice.
4. `invoices_refresh(month, invoices)`: totals, due dates (earliest due date of the lines,
   `duedates`, computed in SQL by `line_due_expr`), status.
5. `allocation.credits_apply(payers)`: the payers' credit goes to their outstanding invoices, oldest
   first; negative invoices give theirs back; invoices paid in full credit the JHT shares of their
   lines (`allocation.jht_shares_credit`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateField,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, LPad, Now

from lindung.billing import duedates
from lindung.billing.models import Invoice, InvoiceLine, InvoiceStatus, LineKind, Payer, PayerType
from lindung.billing.services.payers import BATCH, _batched

OUTSTANDING = (InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID)


def invoice_number(payer_id: int, month: dt.date) -> str:
    return f"INV/{month:%Y%m}/{payer_id:010d}"


def invoice_number_expr(month: dt.date, payer_field: str = "payer_id") -> Concat:
    """The same number computed by the database (for `INSERT … SELECT`)."""
    return Concat(
        Value(f"INV/{month:%Y%m}/"),
        LPad(Cast(payer_field, CharField()), 10, Value("0")),
        output_field=CharField(),
    )


def payer_default_due(kind: str, project_start: dt.date | None, month: dt.date) -> dt.date:
    """The due date of an invoice before (or without) membership lines: by the payer's segment."""
    if kind == PayerType.EMPLOYER:
        return duedates.due_date("JAKON" if project_start else "PU", month, project_start=project_start)
    return duedates.due_date("BPU", month)


def invoices_ensure(*, payers: QuerySet[Payer], month: dt.date) -> int:
    """Create the missing invoices of `payers` for `month`, in batches. Returns how many were
    missing. Must run inside the caller's transaction."""
    month = duedates.month_start(month)
    missing = payers.exclude(invoices__month=month).values_list("id", "kind", "project__start_date")
    created = 0
    for chunk in _batched(missing.iterator(chunk_size=BATCH)):
        created += len(chunk)
        Invoice.objects.bulk_create(
            [
                Invoice(
                    payer_id=pk,
                    month=month,
                    number=invoice_number(pk, month),
                    due_date=payer_default_due(kind, start, month),
                    issued_at=Now(),
                    status=InvoiceStatus.OPEN,
                    total=0,
                    allocated=0,
                )
                for pk, kind, start in chunk
            ],
            ignore_conflicts=True,
        )
    return created


@dataclass(frozen=True)
class LineInput:
    """One line to bill, as computed by the rules. `amount` is derived: employer + worker + sponsor."""

    programme: str
    contribution_month: dt.date
    membership_id: int | None = None
    person_id: int | None = None
    kind: str = LineKind.CONTRIBUTION
    revision: int = 0
    base: int | None = None
    rate: Decimal | None = None
    employer: int = 0
    worker: int = 0
    government: int = 0
    sponsor: int = 0
    facts: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def amount(self) -> int:
        return self.employer + self.worker + self.sponsor

    def key(self, invoice_id: int) -> tuple[Any, ...]:
        owner = ("m", self.membership_id) if self.membership_id is not None else ("i", invoice_id)
        return (*owner, self.programme, self.contribution_month, self.kind, self.revision)

    def as_line(self, invoice_id: int) -> InvoiceLine:
        return InvoiceLine(
            invoice_id=invoice_id,
            membership_id=self.membership_id,
            person_id=self.person_id,
            programme=self.programme,
            kind=self.kind,
            contribution_month=self.contribution_month,
            revision=self.revision,
            base=self.base,
            rate=self.rate,
            employer=self.employer,
            worker=self.worker,
            government=self.government,
            sponsor=self.sponsor,
            amount=self.amount,
            facts=self.facts,
            parameters=self.parameters,
        )


def billed_keys(pairs: Sequence[tuple[int, LineInput]]) -> set[tuple[Any, ...]]:
    """The idempotency keys among (invoice id, line) `pairs` that are already billed (anywhere)."""
    members = {ln.membership_id for _, ln in pairs if ln.membership_id is not None}
    invoice_ids = {inv for inv, ln in pairs if ln.membership_id is None}
    months = {ln.contribution_month for _, ln in pairs}
    found = InvoiceLine.objects.filter(
        Q(membership_id__in=members) | Q(invoice_id__in=invoice_ids, membership__isnull=True),
        contribution_month__in=months,
    ).values_list("membership_id", "invoice_id", "programme", "contribution_month", "kind", "revision")
    return {
        (("m", m) if m is not None else ("i", inv)) + (prog, month, kind, rev)
        for m, inv, prog, month, kind, rev in found
    }


def lines_insert(invoice_id: int, lines: Iterable[LineInput]) -> int:
    rows = [ln.as_line(invoice_id) for ln in lines]
    for chunk in _batched(iter(rows)):
        InvoiceLine.objects.bulk_create(chunk)
    return len(rows)


@dataclass(frozen=True)
class LinesAdded:
    written: int  # sent to the database; keys already billed were skipped there
    deferred: int  # aimed at invoices that no longer take lines: bill them as adjustments later
    no_invoice: int  # the payer has no invoice for the month (run invoices_ensure first)


def invoice_lines_add(*, month: dt.date, rows: Iterable[tuple[int, LineInput]]) -> LinesAdded:
    """The portable bulk writer: `rows` of (payer id, line) for `month`, streamed in batches into
    the payers' invoices that still take lines; a key already billed is skipped by the database
    (ON CONFLICT DO NOTHING / INSERT OR IGNORE), so a re-run or a resumed crashed run writes each
    line exactly once. The billing run may COPY instead, keeping the same rules (module docstring).
    Must run inside the caller's transaction."""
    month = duedates.month_start(month)
    written = deferred = missing = 0
    for chunk in _batched(iter(rows)):
        invoices = dict(
            Invoice.objects.filter(month=month, payer_id__in={payer for payer, _ in chunk}).values_list(
                "payer_id", "id"
            )
        )
        open_ids = set(
            Invoice.objects.filter(pk__in=invoices.values(), allocated=0)
            .exclude(status=InvoiceStatus.CANCELLED)
            .values_list("id", flat=True)
        )
        lines, closed = [], []
        for payer, ln in chunk:
            invoice_id = invoices.get(payer)
            if invoice_id is None:
                missing += 1
            elif invoice_id not in open_ids:
                closed.append((invoice_id, ln))
            else:
                lines.append(ln.as_line(invoice_id))
        if closed:
            billed = billed_keys(closed)
            deferred += sum(1 for inv, ln in closed if ln.key(inv) not in billed)
        InvoiceLine.objects.bulk_create(lines, ignore_conflicts=True)
        written += len(lines)
    return LinesAdded(written, deferred, missing)


def line_due_expr(month: dt.date) -> Case:
    """Due date of each line of an InvoiceLine queryset on the invoice for `month` (duedates)."""
    pu, bpu = duedates.pu_due(month), duedates.bpu_due(month)
    start = "membership__project__start_date"
    return Case(
        When(membership__segment="PU", then=Value(pu)),
        When(membership__segment="BPU", then=Value(bpu)),
        When(Q(membership__segment="JAKON") & Q(**{f"{start}__gte": month}), then=F(start)),
        When(membership__segment="JAKON", then=Value(pu)),
        When(
            Q(membership__segment="PMI") & Q(membership__valid_from__gte=month),
            then=F("membership__valid_from"),
        ),
        When(membership__segment="PMI", then=Value(bpu)),
        default=Value(None),
        output_field=DateField(),
    )


def invoices_refresh(*, month: dt.date, invoices: QuerySet[Invoice] | None = None) -> int:
    """Recompute, set-based, the totals and due dates of the month's invoices that still take lines,
    then every status. Must run inside the caller's transaction. Returns the invoices touched."""
    month = duedates.month_start(month)
    qs = Invoice.objects.filter(month=month) if invoices is None else invoices.filter(month=month)
    lines = InvoiceLine.objects.filter(invoice=OuterRef("pk")).order_by().values("invoice")
    total = Subquery(lines.annotate(s=Sum("amount")).values("s"), output_field=BigIntegerField())
    due = Subquery(
        lines.filter(membership__isnull=False).annotate(d=Min(line_due_expr(month))).values("d"),
        output_field=DateField(),
    )
    qs.filter(allocated=0).exclude(status=InvoiceStatus.CANCELLED).update(
        total=Coalesce(total, Value(0)), due_date=Coalesce(due, F("due_date")), updated_at=Now()
    )
    return qs.exclude(status=InvoiceStatus.CANCELLED).update(status=status_expr())


def status_expr() -> Case:
    return Case(
        When(allocated__gte=F("total"), then=Value(InvoiceStatus.PAID.value)),
        When(allocated=0, then=Value(InvoiceStatus.OPEN.value)),
        default=Value(InvoiceStatus.PARTLY_PAID.value),
        output_field=CharField(),
    )


def status_for(total: int, allocated: int) -> str:
    if allocated >= total:
        return InvoiceStatus.PAID
    return InvoiceStatus.OPEN if allocated == 0 else InvoiceStatus.PARTLY_PAID
