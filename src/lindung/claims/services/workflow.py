"""The claim's decision: verified by one officer, approved by another (maker-checker), or rejected
with a reason. Approval turns the stored assessment's plan into payments and, for JHT, debits the
JHT ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing.services.jht import jht_withdraw
from lindung.claims.models import BenefitPayment, Claim, ClaimStatus, PaymentStatus
from lindung.claims.services.common import (
    assess_claim,
    lock,
    require_processor,
    require_status,
    store_assessment,
    stored,
)
from lindung.claims.services.pension import pension_months
from lindung.errors import Conflict, ValidationFailed
from lindung.rules.months import add_months


def _status(claim: Claim) -> dict[str, Any]:
    return {
        "status": claim.status,
        "eligible": claim.eligible,
        "total": claim.total,
        "monthly": claim.monthly,
    }


@transaction.atomic
def claim_verify(*, actor: Any, claim: Claim) -> Claim:
    """Check the documents and assess the claim as of today; the assessment stored here is the one
    the approver decides on. An ineligible claim is not verified (reject it with a reason)."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, ClaimStatus.SUBMITTED, doing="verify it")
    missing = list(claim.documents.filter(received=False).values_list("code", flat=True))
    if missing:
        raise ValidationFailed([("documents", f"not yet received: {', '.join(missing)}")])
    before = _status(claim)
    a = assess_claim(claim)
    if not a.eligible:
        raise Conflict(
            f"claim {claim.number} is not eligible ({'; '.join(a.reasons)}); reject it with a reason",
            field="eligibility",
        )
    if not a.settled:
        raise Conflict(" ".join(a.notes), field="amount")
    store_assessment(claim, a)
    claim.status = ClaimStatus.VERIFIED
    claim.verified_by = actor
    claim.verified_at = timezone.now()
    claim.save()
    audit_record(actor=actor, action="claim.verify", obj=claim, before=before, after=_status(claim))
    return claim


def _plan_payments(claim: Claim, today: dt.date) -> list[BenefitPayment]:
    payments = []
    assessment = stored(claim)
    for p in assessment["plan"]:
        due = add_months(today, p["offset_months"])
        payments.append(
            BenefitPayment(
                claim=claim,
                item=p["item"],
                sequence=p["sequence"],
                period=dt.date.fromisoformat(p["period"]) if p["period"] else due.replace(day=1),
                amount=p["amount"],
                due_on=due,
                status=PaymentStatus.HELD if p["hold"] else PaymentStatus.SCHEDULED,
                note=p["note"],
            )
        )
    if claim.monthly:
        start = dt.date.fromisoformat(assessment["monthly_from"])
        payments.extend(pension_months(claim.pk, claim.monthly, start, start, today.replace(day=1), today))
    return payments


@transaction.atomic
def claim_approve(*, actor: Any, claim: Claim) -> Claim:
    """Approve a verified claim as assessed on verification. The officer who verified it may not
    approve it. Creates its payments (held when the employer must pay first) and debits the JHT
    ledger for a JHT claim."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, ClaimStatus.VERIFIED, doing="approve it")
    if claim.verified_by_id == actor.pk:
        raise PermissionDenied(
            f"maker-checker: {actor} verified claim {claim.number} and may not approve it too"
        )
    before = _status(claim)
    today = timezone.localdate()
    payments = BenefitPayment.objects.bulk_create(_plan_payments(claim, today))
    if claim.programme == "JHT" and claim.total > 0:
        jht_withdraw(
            actor=actor,
            person=claim.person,
            amount=claim.total,
            on=today,
            reference=claim.number or "",
            note=f"{claim.get_kind_display()}",
        )
    claim.status = ClaimStatus.APPROVED
    claim.approved_by = actor
    claim.approved_at = timezone.now()
    claim.approved_on = today
    claim.save()
    audit_record(
        actor=actor,
        action="claim.approve",
        obj=claim,
        before=before,
        after={**_status(claim), "payments": len(payments), "held": claim.employer_first},
    )
    return claim


@transaction.atomic
def claim_reject(*, actor: Any, claim: Claim, reason: str) -> Claim:
    """Reject a claim not yet approved, saying why."""
    require_processor(actor, claim)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([("reason", "say why the claim is rejected")])
    if len(reason) > 500:
        raise ValidationFailed([("reason", f"is {len(reason)} characters long; at most 500 allowed")])
    claim = lock(claim)
    require_status(claim, ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, doing="reject it")
    before = _status(claim)
    claim.status = ClaimStatus.REJECTED
    claim.rejected_by = actor
    claim.rejected_at = timezone.now()
    claim.rejection_reason = reason
    claim.save()
    audit_record(
        actor=actor,
        action="claim.reject",
        obj=claim,
        before=before,
        after={**_status(claim), "reason": reason},
    )
    return claim
