"""Benefit payments: the bank payment file, the bank's answer, retries, stopping a recurring
benefit, the monthly JP payroll, later scholarship years and releasing payments held for an
employer in arrears."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from lindung.accounts import scope
from lindung.audit.services import audit_record
from lindung.billing.arrears import employer_in_arrears
from lindung.claims.models import BenefitPayment, Claim, ClaimStatus, PaymentBatch, PaymentStatus
from lindung.claims.selectors import claim_scope
from lindung.claims.services.common import lock, require_processor, require_status, stored
from lindung.claims.services.pension import pension_months
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.programmes import age_on
from lindung.rules.months import add_months

BATCH = 2000
IN_PAYMENT = (ClaimStatus.APPROVED, ClaimStatus.PAID)


def _payee_from_claim(field: str) -> Subquery:
    return Subquery(Claim.objects.filter(pk=OuterRef("claim_id")).values(field)[:1])


@transaction.atomic
def payment_batch_create(*, actor: Any, due_by: dt.date) -> PaymentBatch:
    """Put every scheduled payment due by `due_by` that the actor may process into a new bank file;
    each payment keeps the payee the bank was told. One UPDATE, however many payments: a payment
    another file took meanwhile is no longer scheduled and is left out."""
    scope.require_staff_writer(actor)
    if not isinstance(due_by, dt.date):
        raise ValidationFailed([("due_by", f"{due_by!r} is not a date")])
    due = BenefitPayment.objects.filter(
        claim_scope(actor, "claim__"), status=PaymentStatus.SCHEDULED, due_on__lte=due_by
    )
    batch = PaymentBatch.objects.create(due_by=due_by, created_by=actor)
    marked = BenefitPayment.objects.filter(status=PaymentStatus.SCHEDULED, pk__in=due.values("pk")).update(
        status=PaymentStatus.IN_FILE,
        batch=batch,
        payee_name=_payee_from_claim("payee_name"),
        payee_bank=_payee_from_claim("payee_bank"),
        payee_account=_payee_from_claim("payee_account"),
    )
    if not marked:
        raise ValidationFailed([("due_by", f"no scheduled payment is due by {due_by.isoformat()}")])
    totals = batch.payments.aggregate(n=Count("id"), s=Sum("amount"))
    batch.number = f"BF-{timezone.localdate():%Y%m%d}-{batch.pk:05d}"
    batch.count, batch.total = totals["n"], totals["s"]
    batch.save()
    audit_record(actor=actor, action="claims.payment_batch_create", obj=batch, after=batch)
    return batch


def _reference_ids(batch: PaymentBatch, failed: dict[str, str]) -> dict[str, int]:
    """The payments of the file named by their references (BP + 10 digits); ValidationFailed names
    the references that are not payments in this file."""
    wanted = {ref: int(ref[2:]) for ref in failed if re.fullmatch(r"BP\d{10}", ref)}
    found = set(
        batch.payments.filter(pk__in=wanted.values(), status=PaymentStatus.IN_FILE).values_list(
            "pk", flat=True
        )
    )
    unknown = sorted(ref for ref in failed if wanted.get(ref) not in found)
    if unknown:
        raise ValidationFailed([("failed", f"not in file {batch.number}: {', '.join(unknown)}")])
    return wanted


@transaction.atomic
def payment_batch_settle(
    *, actor: Any, batch: PaymentBatch, paid_on: dt.date, failed: dict[str, str] | None = None
) -> PaymentBatch:
    """Record the bank's answer: the payments named in `failed` (reference → the bank's reason)
    failed, every other payment of the file was paid on `paid_on`. A claim whose payment is paid
    for the first time becomes paid."""
    scope.require_staff_writer(actor)
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.settled_on:
        raise Conflict(f"payment file {batch.number} was settled on {batch.settled_on}", field="batch")
    if not isinstance(paid_on, dt.date) or paid_on > timezone.localdate():
        raise ValidationFailed([("paid_on", f"{paid_on} is not a date on or before today")])
    failed = {ref.strip().upper(): why.strip()[:250] for ref, why in (failed or {}).items()}
    ids = _reference_ids(batch, failed)
    for ref, why in failed.items():
        BenefitPayment.objects.filter(pk=ids[ref]).update(
            status=PaymentStatus.FAILED, failure_reason=why or "failed"
        )
    in_file = batch.payments.filter(status=PaymentStatus.IN_FILE)
    paid_count = in_file.update(status=PaymentStatus.PAID, paid_on=paid_on, bank_reference=batch.number or "")
    first_paid = batch.payments.filter(status=PaymentStatus.PAID, claim__status=ClaimStatus.APPROVED)
    claims_paid = Claim.objects.filter(pk__in=first_paid.values("claim_id")).update(
        status=ClaimStatus.PAID, updated_at=timezone.now()
    )
    batch.settled_on = paid_on
    batch.save(update_fields=["settled_on"])
    audit_record(
        actor=actor,
        action="claims.payment_batch_settle",
        obj=batch,
        after={"paid": paid_count, "failed": sorted(failed), "claims_paid": claims_paid, "paid_on": paid_on},
    )
    return batch


@transaction.atomic
def benefit_payment_retry(*, actor: Any, payment: BenefitPayment) -> BenefitPayment:
    """Schedule a failed payment again (after the payee was corrected): it goes into the next file."""
    require_processor(actor, payment.claim)
    payment = BenefitPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.FAILED:
        raise Conflict(f"payment {payment.reference} is {payment.get_status_display()}", field="status")
    payment.status = PaymentStatus.SCHEDULED
    payment.batch = None
    payment.due_on = max(payment.due_on, timezone.localdate())
    payment.save(update_fields=["status", "batch", "due_on"])
    audit_record(actor=actor, action="claims.payment_retry", obj=payment, after=payment)
    return payment


@transaction.atomic
def claim_benefit_stop(*, actor: Any, claim: Claim, on: dt.date, reason: str) -> Claim:
    """Stop a benefit from `on` (death, re-employment for JKP, recovery...): the payments due on or
    after `on` that are not yet in a file are stopped, and the JP payroll makes no more; payments
    already in a file or paid stand."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, *IN_PAYMENT, doing="stop its payments")
    errors: list[tuple[str | None, str]] = []
    if not isinstance(on, dt.date):
        errors.append(("on", f"{on!r} is not a date"))
    if not (reason or "").strip():
        errors.append(("reason", "say why the benefit stops"))
    if claim.stopped_on:
        raise Conflict(f"the benefit was already stopped from {claim.stopped_on.isoformat()}", field="on")
    if errors:
        raise ValidationFailed(errors)
    future = claim.payments.filter(status__in=(PaymentStatus.SCHEDULED, PaymentStatus.HELD), due_on__gte=on)
    stopped = future.update(status=PaymentStatus.STOPPED, note=reason.strip()[:250])
    claim.stopped_on, claim.stop_reason = on, reason.strip()[:250]
    claim.save(update_fields=["stopped_on", "stop_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="claim.benefit_stop",
        obj=claim,
        after={"stopped_on": on, "reason": claim.stop_reason, "payments_stopped": stopped},
    )
    return claim


def _pensions_after(last_id: int) -> list[tuple[int, int, dt.date, dt.date | None, int | None]]:
    """The next batch of pensions in payment: (claim, monthly, first month, stopped on, the last month
    paid as its sequence - read from the unique key's index)."""
    rows = (
        Claim.objects.filter(pk__gt=last_id, status__in=IN_PAYMENT, monthly__gt=0)
        .annotate(last=Max("payments__sequence", filter=Q(payments__item="jp_month")))
        .order_by("pk")
        .values_list("pk", "monthly", "assessment__monthly_from", "stopped_on", "last")[:BATCH]
    )
    return [
        (pk, monthly, dt.date.fromisoformat(start), stopped, last)
        for pk, monthly, start, stopped, last in rows
    ]


def _last_before(stopped: dt.date) -> dt.date:
    """The last month whose payment (due on its first day) falls before the stop."""
    return add_months(stopped, -1) if stopped.day == 1 else stopped.replace(day=1)


@transaction.atomic
def pension_payroll_generate(*, actor: Any, month: dt.date) -> int:
    """The JP payroll for `month`: every pension in payment gets its payments up to `month` (a month
    missed by an earlier run included), unless it stopped before. Runs in batches of claims; a run
    again creates nothing. Returns the number of payments created."""
    scope.require_role(actor, "admin")
    if not isinstance(month, dt.date):
        raise ValidationFailed([("month", f"{month!r} is not a month")])
    month, today = month.replace(day=1), timezone.localdate()
    created, last_id = 0, 0
    while rows := _pensions_after(last_id):
        last_id = rows[-1][0]
        payments: list[BenefitPayment] = []
        for pk, monthly, start, stopped, last in rows:
            first = add_months(start, last) if last else start
            final = month if stopped is None else min(month, _last_before(stopped))
            payments.extend(pension_months(pk, monthly, start, first, final, today))
        created += len(BenefitPayment.objects.bulk_create(payments, ignore_conflicts=True))
    audit_record(
        actor=actor,
        action="claims.pension_payroll",
        object_type="claims.payroll",
        object_id=f"{month:%Y-%m}",
        after={"month": month, "payments": created},
    )
    return created


@transaction.atomic
def scholarship_year_add(
    *, actor: Any, claim: Claim, child: int, level: str, school_year: int
) -> BenefitPayment:
    """A later school year of a child's scholarship, at the level the child is now in, as the stored
    assessment's schedule gives it: at most the level's years, while the child is under 23."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, *IN_PAYMENT, doing="add a scholarship year")
    children = [c for c in claim.facts.get("children", [])]
    results = [r["result"] for r in stored(claim)["results"]]
    grant = next((r["scholarship"] for r in results if r.get("scholarship")), None)
    errors: list[tuple[str | None, str]] = []
    if not grant or not grant["eligible"] or not grant["schedule"]:
        raise ValidationFailed([("child", f"claim {claim.number} has no yearly scholarship")])
    if not 1 <= child <= min(grant["children"], len(children)):
        raise ValidationFailed([("child", f"child {child} is not covered by the scholarship")])
    levels = {lv["level"]: lv for lv in grant["schedule"]}
    if level not in levels:
        errors.append(("level", f"{level!r} is not one of {', '.join(levels)}"))
    birth = dt.date.fromisoformat(children[child - 1]["birth_date"])
    if age_on(birth, timezone.localdate()) >= 23:
        errors.append(("child", f"{children[child - 1]['name']} is 23 or older"))
    item = f"scholarship_{child}"
    paid = claim.payments.filter(item=item).exclude(status=PaymentStatus.STOPPED)
    if paid.filter(sequence=school_year).exists():
        errors.append(("school_year", f"year {school_year} of child {child} is already scheduled"))
    if level in levels and paid.filter(note__contains=f": {level} ").count() >= levels[level]["max_years"]:
        errors.append(("level", f"the {level} years ({levels[level]['max_years']}) are all paid"))
    if errors:
        raise ValidationFailed(errors)
    payment = BenefitPayment.objects.create(
        claim=claim,
        item=item,
        sequence=school_year,
        period=timezone.localdate().replace(day=1),
        amount=levels[level]["per_year"],
        due_on=timezone.localdate(),
        status=PaymentStatus.HELD if _held(claim) else PaymentStatus.SCHEDULED,
        note=f"{children[child - 1]['name']}: {level} year {school_year}",
    )
    audit_record(actor=actor, action="claims.scholarship_year_add", obj=payment, after=payment)
    return payment


def _held(claim: Claim) -> bool:
    return claim.payments.filter(status=PaymentStatus.HELD).exists()


@transaction.atomic
def claim_arrears_settled(*, actor: Any, claim: Claim) -> int:
    """Release the payments held because the employer was more than three months in arrears, once
    the employer is no longer behind (regulation §4). Returns how many were released."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, *IN_PAYMENT, doing="release held payments")
    held = claim.payments.filter(status=PaymentStatus.HELD)
    if not held.exists():
        raise Conflict(f"claim {claim.number} has no held payments", field="status")
    today = timezone.localdate()
    if claim.employer is not None and employer_in_arrears(claim.employer, today):
        raise Conflict(
            f"{claim.employer} is still more than 3 months in arrears; the payments stay held",
            field="employer",
        )
    released = _release(held, today)
    audit_record(actor=actor, action="claim.arrears_settled", obj=claim, after={"released": released})
    return released


def _release(held: QuerySet[BenefitPayment], today: dt.date) -> int:
    count = held.filter(due_on__lt=today).update(status=PaymentStatus.SCHEDULED, due_on=today)
    return count + held.update(status=PaymentStatus.SCHEDULED)
