"""Applying money to invoices, under the payer's row lock.

Money enters as a payment, goes to invoices (allocations) and what is left is the payer's credit.
Credit is used by the payer's next invoices (`credits_apply`) or paid back (`refund_record`). For
every payer, always: credit = sum(payments) − sum(allocations) − sum(refunds), and for every
invoice: allocated = sum(its allocations).

An invoice is paid when its allocations reach its total; its lines are then paid, and the JHT
shares of its JHT lines are credited to each person's JHT account, once (`jht_shares_credit`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing.models import (
    Allocation,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    JhtEntryKind,
    JhtLedgerEntry,
    Payer,
    Payment,
)
from lindung.billing.services.invoice_sets import status_for
from lindung.billing.services.payers import BATCH, _batched
from lindung.registry.models import Programme


def lock_payer(payer: Payer | int) -> Payer:
    return Payer.objects.select_for_update().get(pk=payer if isinstance(payer, int) else payer.pk)


def outstanding_invoices(payer_ids: Iterable[int]) -> QuerySet[Invoice]:
    """Invoices with money still owed (or, total below zero, owed back), oldest month first."""
    return (
        Invoice.objects.filter(payer_id__in=list(payer_ids))
        .exclude(status=InvoiceStatus.CANCELLED)
        .exclude(total=F("allocated"))
        .order_by("payer_id", "month", "id")
    )


def plan(amount: int, invoices: Sequence[Invoice]) -> tuple[list[tuple[Invoice, int]], int]:
    """Split `amount` over `invoices` in their order, each up to what it still owes. Returns the
    (invoice, amount) parts and what is left."""
    parts = []
    for invoice in invoices:
        if amount <= 0:
            break
        owed = invoice.total - invoice.allocated
        if owed <= 0:
            continue
        part = min(owed, amount)
        parts.append((invoice, part))
        amount -= part
    return parts, amount


def allocations_save(
    parts: Sequence[tuple[Invoice, int]], *, payment: Payment | None, on: dt.date
) -> list[Allocation]:
    """Write the allocations and bring their invoices up to date; credit the JHT shares of the
    invoices now paid in full."""
    rows = Allocation.objects.bulk_create(
        [Allocation(payment=payment, invoice=inv, amount=amt, allocated_on=on) for inv, amt in parts]
    )
    now = timezone.now()
    for invoice, amount in parts:
        invoice.allocated += amount
        invoice.status = status_for(invoice.total, invoice.allocated)
        invoice.updated_at = now
    Invoice.objects.bulk_update([inv for inv, _ in parts], ["allocated", "status", "updated_at"])
    paid = [a for a in rows if a.invoice.status == InvoiceStatus.PAID and a.invoice.total > 0]
    if paid:
        jht_shares_credit(paid)
    return rows


SHARE_KINDS = (
    ("employer", JhtEntryKind.EMPLOYER_SHARE),
    ("worker", JhtEntryKind.WORKER_SHARE),
    ("sponsor", JhtEntryKind.SPONSOR_SHARE),
)


def jht_shares_credit(completing: Sequence[Allocation]) -> int:
    """Credit the JHT shares of the lines of invoices that `completing` allocations paid in full,
    dated on the allocation. Once per (line, kind): a repeat is ignored. Returns entries written."""
    by_invoice = {a.invoice_id: a for a in completing}
    lines = InvoiceLine.objects.filter(
        invoice_id__in=by_invoice, programme=Programme.JHT, person__isnull=False
    ).filter(~Exists(JhtLedgerEntry.objects.filter(invoice_line=OuterRef("pk"))))
    rows = lines.values_list("id", "invoice_id", "person_id", "employer", "worker", "sponsor")
    written = 0
    for chunk in _batched(rows.iterator(chunk_size=BATCH)):
        entries = []
        for line_id, invoice_id, person_id, *shares in chunk:
            allocation = by_invoice[invoice_id]
            for (_, kind), amount in zip(SHARE_KINDS, shares, strict=True):
                if amount:
                    entries.append(
                        JhtLedgerEntry(
                            person_id=person_id,
                            entry_date=allocation.allocated_on,
                            kind=kind,
                            amount=amount,
                            invoice_line_id=line_id,
                            allocation=allocation,
                            note=f"{allocation.invoice.number}",
                        )
                    )
        JhtLedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
        written += len(entries)
    return written


@dataclass(frozen=True)
class CreditApplied:
    payers: int
    allocations: int
    amount: int  # credit used on invoices


def _credit_for_batch(payers: list[Payer], on: dt.date) -> tuple[list[Allocation], int]:
    invoices_by_payer: dict[int, list[Invoice]] = defaultdict(list)
    for invoice in outstanding_invoices(p.pk for p in payers):
        invoices_by_payer[invoice.payer_id].append(invoice)
    released: list[tuple[Invoice, int]] = []
    used: list[tuple[Invoice, int]] = []
    net = 0
    for payer in payers:
        invoices = invoices_by_payer.get(payer.pk, [])
        for invoice in invoices:  # a negative total gives its money back to the credit first
            if invoice.total < invoice.allocated:
                released.append((invoice, invoice.total - invoice.allocated))
                payer.credit += invoice.allocated - invoice.total
        parts, left = plan(payer.credit, invoices)
        used.extend(parts)
        net += payer.credit - left
        payer.credit = left
    rows = allocations_save(released + used, payment=None, on=on) if released or used else []
    Payer.objects.bulk_update(payers, ["credit"])
    return rows, net


@transaction.atomic
def credits_apply(*, actor: Any, payers: QuerySet[Payer], on: dt.date | None = None) -> CreditApplied:
    """Use each payer's credit on its outstanding invoices, oldest first (and give invoices whose
    total is below zero back to the credit). Set-based in batches of payers, each batch locked."""
    on = on or timezone.localdate()
    candidates = payers.filter(credit__gt=0) | payers.filter(invoices__total__lt=F("invoices__allocated"))
    ids = candidates.order_by("id").values_list("id", flat=True).distinct()
    count = allocations = amount = 0
    for chunk in _batched(ids.iterator(chunk_size=BATCH), 1000):
        locked = list(Payer.objects.select_for_update().filter(pk__in=chunk).order_by("id"))
        rows, net = _credit_for_batch(locked, on)
        count, allocations, amount = count + len(locked), allocations + len(rows), amount + net
    if allocations:
        audit_record(
            actor=actor,
            action="credit.apply",
            object_type="billing.payer",
            after={"payers": count, "allocations": allocations, "amount": amount, "on": on},
        )
    return CreditApplied(count, allocations, amount)
