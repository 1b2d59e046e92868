"""Posting payments and refunds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lindung.audit.services import audit_record, snapshot
from lindung.billing.models import Channel, Invoice, Payer, Payment, Refund
from lindung.billing.services.allocation import allocations_save, lock_payer, outstanding_invoices, plan
from lindung.billing.services.coverage_status import coverage_status_refresh, memberships_of_invoices
from lindung.errors import Conflict, ValidationFailed


def _validate_money(amount: Any, day: Any, day_field: str) -> list[tuple[str | None, str]]:
    errors: list[tuple[str | None, str]] = []
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors.append(("amount", f"{amount!r} is not a whole number of rupiah"))
    elif amount <= 0:
        errors.append(("amount", f"must be more than 0 (got {amount})"))
    if not isinstance(day, dt.date):
        errors.append((day_field, f"{day!r} is not a date"))
    elif day > timezone.localdate():
        errors.append((day_field, f"{day.isoformat()} is in the future"))
    return errors


def _validate_payment(amount: Any, paid_on: Any, channel: str, reference: str) -> None:
    errors = _validate_money(amount, paid_on, "paid_on")
    if channel not in Channel.values:
        errors.append(("channel", f"{channel!r} is not one of {', '.join(Channel.values)}"))
    if not reference or not reference.strip():
        errors.append(("external_reference", "is required (the bank's or channel's reference)"))
    elif len(reference.strip()) > 80:
        errors.append(("external_reference", "is longer than 80 characters"))
    if errors:
        raise ValidationFailed(errors)


def _same_payment(existing: Payment, payer: Payer, amount: int) -> Payment:
    """A reference posted again: the same payment, or a conflict if it says something else."""
    if existing.payer_id != payer.pk:
        raise Conflict(
            f"reference {existing.external_reference} on {existing.channel} is already posted "
            f"for another payer (payment {existing.pk})",
            field="external_reference",
        )
    if existing.amount != amount:
        raise Conflict(
            f"reference {existing.external_reference} on {existing.channel} is already posted with "
            f"amount {existing.amount}, not {amount}",
            field="external_reference",
        )
    return existing


def _targets(payer: Payer, invoice: Invoice | None) -> list[Invoice]:
    invoices = list(outstanding_invoices([payer.pk]))
    if invoice is None:
        return invoices
    named = next((inv for inv in invoices if inv.pk == invoice.pk), None)
    if named is None or named.total <= named.allocated:
        state = "not this payer's" if invoice.payer_id != payer.pk else "not owing anything"
        raise ValidationFailed([("invoice", f"invoice {invoice.number} is {state}")])
    return [named, *(inv for inv in invoices if inv.pk != named.pk)]


@transaction.atomic
def payment_post(
    *,
    actor: Any,
    payer: Payer,
    amount: int,
    paid_on: dt.date,
    channel: str,
    external_reference: str,
    invoice: Invoice | None = None,
    note: str = "",
    refresh_coverage: bool = True,
) -> Payment:
    """Record money received from `payer` and apply it: to `invoice` first when one is named, then
    to the payer's outstanding invoices, oldest month first; what is left becomes credit, used by
    the next invoice issued. The same (channel, reference) posted again returns the first payment;
    with another amount or payer it is a Conflict.

    The coverage status of the memberships on the invoices paid is refreshed in the same
    transaction (`coverage_status_refresh`); a caller posting many payments at once (the statement
    import) passes `refresh_coverage=False` and refreshes once for all of them."""
    _validate_payment(amount, paid_on, channel, external_reference)
    reference = external_reference.strip()
    payer = lock_payer(payer)
    existing = Payment.objects.filter(channel=channel, external_reference=reference).first()
    if existing is not None:
        return _same_payment(existing, payer, amount)
    targets = _targets(payer, invoice)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                payer=payer,
                amount=amount,
                paid_on=paid_on,
                channel=channel,
                external_reference=reference,
                note=note[:250],
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # the same reference posted at this moment for another payer
        existing = Payment.objects.get(channel=channel, external_reference=reference)
        return _same_payment(existing, payer, amount)
    parts, left = plan(amount, targets)
    allocations = allocations_save(parts, payment=payment, on=paid_on) if parts else []
    if left:
        payer.credit += left
        payer.save(update_fields=["credit"])
    if refresh_coverage and allocations:
        coverage_status_refresh(memberships=memberships_of_invoices(a.invoice_id for a in allocations))
    audit_record(
        actor=actor,
        action="payment.post",
        obj=payment,
        after={
            **(snapshot(payment) or {}),
            "allocations": [{"invoice": a.invoice_id, "amount": a.amount} for a in allocations],
            "to_credit": left,
        },
    )
    return payment


@transaction.atomic
def refund_record(
    *, actor: Any, payer: Payer, amount: int, refunded_on: dt.date, reference: str, reason: str
) -> Refund:
    """Pay back part of a payer's credit. The same reference again returns the first refund."""
    errors = _validate_money(amount, refunded_on, "refunded_on")
    if not reference.strip():
        errors.append(("reference", "is required"))
    if not reason.strip():
        errors.append(("reason", "is required"))
    if errors:
        raise ValidationFailed(errors)
    payer = lock_payer(payer)
    existing = Refund.objects.filter(payer=payer, reference=reference.strip()).first()
    if existing is not None:
        if existing.amount != amount:
            raise Conflict(
                f"refund {existing.reference} is already recorded with amount {existing.amount}",
                field="reference",
            )
        return existing
    if amount > payer.credit:
        raise ValidationFailed([("amount", f"{amount} is more than the payer's credit {payer.credit}")])
    refund = Refund.objects.create(
        payer=payer,
        amount=amount,
        refunded_on=refunded_on,
        reference=reference.strip(),
        reason=reason.strip()[:250],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    before = payer.credit
    payer.credit -= amount
    payer.save(update_fields=["credit"])
    audit_record(
        actor=actor,
        action="refund.record",
        obj=refund,
        after={**(snapshot(refund) or {}), "credit_before": before},
    )
    return refund
