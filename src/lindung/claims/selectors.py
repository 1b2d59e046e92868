"""Reads for pages, reports and the API. Scope: administrators and auditors see every claim; a branch
officer the claims placed in their regions; an employer user its workers' JKK claims; a worker their
own claims. Nobody else sees any."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.claims.models import BenefitPayment, Claim, PaymentBatch, PaymentStatus


def claim_scope(user: User, prefix: str = "") -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    if scope.sees_everything(user):
        return Q()
    if user.role == Role.BRANCH_OFFICER:
        return scope.region_prefix_filter(scope.region_codes(user), f"{prefix}region_code")
    if user.role == Role.EMPLOYER and user.employer_id:
        return Q(**{f"{prefix}programme": "JKK", f"{prefix}employer_id": user.employer_id})
    if user.role == Role.WORKER and user.person_id:
        return Q(**{f"{prefix}person_id": user.person_id})
    return Q(pk__in=[])


def claims_visible_to(user: User) -> QuerySet[Claim]:
    return Claim.objects.filter(claim_scope(user))


def claim_for_user(user: User, number: str) -> Claim:
    """The claim with `number` if `user` may see it; 404 otherwise (no hint that it exists)."""
    number = re.sub(r"[^A-Za-z0-9-]", "", number or "")[:20].upper()
    found = (
        claims_visible_to(user)
        .select_related("person", "employer", "filed_by", "verified_by", "approved_by", "rejected_by")
        .filter(number=number)
        .first()
    )
    if found is None:
        raise Http404(f"no claim {number} in your scope")
    return found


def claim_queue(user: User, *, status: str = "", programme: str = "", query: str = "") -> QuerySet[Claim]:
    """Claims in scope, newest first, filtered by status, programme and a claim number or NIK."""
    qs = claims_visible_to(user).select_related("person")
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme=programme)
    query = re.sub(r"[\x00-\x1f\x7f]", "", query or "").strip()[:40]
    if query:
        qs = qs.filter(Q(number__iexact=query) | Q(person__nik__startswith=query))
    return qs.order_by("-received_on", "-id")


def claim_payments(claim: Claim) -> QuerySet[BenefitPayment]:
    return claim.payments.select_related("batch").order_by("due_on", "item", "sequence")


def payments_visible_to(user: User) -> QuerySet[BenefitPayment]:
    return BenefitPayment.objects.filter(claim_scope(user, "claim__")).select_related(
        "claim", "claim__person"
    )


def payments_due(user: User, due_by: dt.date) -> QuerySet[BenefitPayment]:
    """Scheduled payments due by `due_by`, ready for a bank file."""
    return (
        payments_visible_to(user)
        .filter(status=PaymentStatus.SCHEDULED, due_on__lte=due_by)
        .order_by("due_on", "id")
    )


def payments_needing_attention(user: User) -> QuerySet[BenefitPayment]:
    return payments_visible_to(user).filter(status__in=(PaymentStatus.FAILED, PaymentStatus.HELD))


def batches_visible_to(user: User) -> QuerySet[PaymentBatch]:
    if scope.sees_everything(user):
        return PaymentBatch.objects.all()
    if user.role != Role.BRANCH_OFFICER:
        return PaymentBatch.objects.none()
    mine = BenefitPayment.objects.filter(claim_scope(user, "claim__")).values("batch_id")
    return PaymentBatch.objects.filter(pk__in=mine)


def batch_for_user(user: User, pk: int) -> PaymentBatch:
    found = batches_visible_to(user).filter(pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise Http404(f"no payment file #{pk} in your scope")
    return found


def batch_rows(user: User, batch: PaymentBatch) -> QuerySet[BenefitPayment]:
    """The payments of a file that `user` may see (an officer: those of their regions' claims)."""
    return payments_visible_to(user).filter(batch=batch).order_by("id")
