"""What the claims services share: who may act on a claim, locking it, and assessing it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lindung.accounts import scope
from lindung.claims.assess import Assessment, Case, assess
from lindung.claims.models import Claim
from lindung.errors import Conflict


def require_processor(actor: Any, claim: Claim) -> None:
    """A branch officer of the claim's region (or an administrator) processes it."""
    scope.require_staff_writer(actor)
    scope.require_region(actor, claim.region_code)


def lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("person").get(pk=claim.pk)


def require_status(claim: Claim, *statuses: str, doing: str) -> None:
    if claim.status not in statuses:
        raise Conflict(
            f"claim {claim.number} is {claim.get_status_display()}; cannot {doing}", field="status"
        )


def case_of(claim: Claim) -> Case:
    return Case(
        person=claim.person,
        kind=claim.kind,
        facts=claim.facts,
        received_on=claim.received_on,
        on=timezone.localdate(),
        claim_id=claim.pk,
    )


def store_assessment(claim: Claim, a: Assessment) -> None:
    claim.assessment = a.as_json()
    claim.assessed_at = timezone.now()
    claim.eligible = a.eligible
    claim.total = a.total
    claim.monthly = a.monthly
    claim.employer_first = a.employer_first


def assess_claim(claim: Claim) -> Assessment:
    return assess(case_of(claim))


def stored(claim: Claim) -> dict[str, Any]:
    """The assessment stored on the claim (every claim is assessed when filed)."""
    if claim.assessment is None:
        raise Conflict(f"claim {claim.number} has not been assessed", field="assessment")
    return claim.assessment
