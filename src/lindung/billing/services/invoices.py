"""Issuing one payer's invoice for a month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing import duedates
from lindung.billing.models import Invoice, LineKind, Payer
from lindung.billing.services.allocation import credits_apply, lock_payer
from lindung.billing.services.coverage_status import coverage_status_refresh, memberships_of_invoices
from lindung.billing.services.invoice_sets import (
    LineInput,
    billed_keys,
    invoices_ensure,
    invoices_refresh,
    lines_insert,
)
from lindung.billing.services.payers import membership_payer_id
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Membership, Programme


def _line_errors(lines: Sequence[LineInput]) -> list[tuple[str | None, str]]:
    errors: list[tuple[str | None, str]] = []
    seen: set[tuple[Any, ...]] = set()
    for i, ln in enumerate(lines, start=1):
        where = f"lines[{i}]"
        if ln.programme not in Programme.values:
            errors.append((f"{where}.programme", f"{ln.programme!r} is not a programme"))
        if ln.kind not in LineKind.values:
            errors.append((f"{where}.kind", f"{ln.kind!r} is not a line kind"))
        if not isinstance(ln.contribution_month, dt.date) or ln.contribution_month.day != 1:
            errors.append((f"{where}.contribution_month", "must be the first day of a month"))
        for share in ("employer", "worker", "government", "sponsor"):
            value = getattr(ln, share)
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append((f"{where}.{share}", f"{value!r} is not a whole number of rupiah"))
        if ln.membership_id is None and ln.kind != LineKind.FINE:
            errors.append((f"{where}.membership_id", "only a fine may be billed without a membership"))
        key = ln.key(0)
        if key in seen:
            errors.append((where, "the same line (membership, programme, month, kind, revision) twice"))
        seen.add(key)
    return errors


def _membership_errors(payer: Payer, lines: Sequence[LineInput]) -> list[tuple[str | None, str]]:
    wanted = {ln.membership_id for ln in lines if ln.membership_id is not None}
    found = {
        pk: (payer_id, person_id)
        for pk, payer_id, person_id in Membership.objects.filter(pk__in=wanted)
        .annotate(_payer=membership_payer_id())
        .values_list("id", "_payer", "person_id")
    }
    errors: list[tuple[str | None, str]] = []
    for i, ln in enumerate(lines, start=1):
        if ln.membership_id is None:
            continue
        if ln.membership_id not in found:
            errors.append((f"lines[{i}].membership_id", f"membership {ln.membership_id} does not exist"))
            continue
        payer_id, person_id = found[ln.membership_id]
        if payer_id != payer.pk:
            errors.append(
                (f"lines[{i}].membership_id", f"membership {ln.membership_id} is not paid by {payer}")
            )
        if ln.person_id is not None and ln.person_id != person_id:
            errors.append((f"lines[{i}].person_id", f"is not the person of membership {ln.membership_id}"))
    return errors


@transaction.atomic
def invoice_issue(*, actor: Any, payer: Payer, month: dt.date, lines: Sequence[LineInput]) -> Invoice:
    """Issue (or complete) `payer`'s invoice for contribution `month` with `lines`.

    Idempotent: lines whose key is already billed are skipped, so issuing the same month again
    creates nothing. Lines with new keys are added only while the invoice takes lines — nothing is
    allocated to it yet and it is not cancelled: once money has been applied against a stated
    total, that total stands, and a later change is billed as an adjustment on a later invoice
    (Conflict here). The due date, total and status come from `invoice_sets`, then the payer's
    credit is applied, exactly as the monthly billing run does for all payers at once.
    """
    month = duedates.month_start(month) if isinstance(month, dt.date) else month
    errors = _line_errors(lines) or _membership_errors(payer, lines)
    if not isinstance(month, dt.date):
        errors.insert(0, ("month", f"{month!r} is not a month"))
    if errors:
        raise ValidationFailed(errors)
    payer = lock_payer(payer)
    had_invoice = Invoice.objects.filter(payer=payer, month=month).exists()
    if not had_invoice and not lines:
        raise ValidationFailed([("lines", "an invoice needs at least one line")])
    invoices_ensure(payers=Payer.objects.filter(pk=payer.pk), month=month)
    invoice = Invoice.objects.get(payer=payer, month=month)
    before = {"total": invoice.total, "lines": invoice.lines.count()} if had_invoice else None
    known = billed_keys([(invoice.pk, ln) for ln in lines])
    new = [ln for ln in lines if ln.key(invoice.pk) not in known]
    if new and not invoice.takes_lines:
        raise Conflict(
            f"invoice {invoice.number} is {invoice.get_status_display()}; bill the {len(new)} new "
            "line(s) as adjustments on a later invoice",
            field="lines",
        )
    added = lines_insert(invoice.pk, new)
    invoices_refresh(month=month, invoices=Invoice.objects.filter(pk=invoice.pk))
    credits_apply(actor=actor, payers=Payer.objects.filter(pk=payer.pk), on=timezone.localdate())
    coverage_status_refresh(memberships=memberships_of_invoices([invoice.pk]))
    invoice.refresh_from_db()
    if added or not had_invoice:
        audit_record(
            actor=actor,
            action="invoice.issue",
            obj=invoice,
            before=before,
            after={
                "number": invoice.number,
                "total": invoice.total,
                "due_date": invoice.due_date,
                "lines_added": added,
                "allocated": invoice.allocated,
            },
        )
    return invoice
