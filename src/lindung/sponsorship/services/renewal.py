"""Renewal: the next fiscal year's programme takes over the people of this one in one step.

Everyone enrolled to the end of the period is carried over first, in priority order, then the
waiting list; each is checked again for the new period (regions, age, double coverage, another
programme) and placed within the new programme's quota and budget. The new memberships start the
day the old ones end, so cover runs on without a gap. The result is written like a list import
(`BeneficiaryImport` with a row per person), so it reads the same way. Running it again carries
nobody twice (they are already on the new list).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from lindung.audit.services import audit_record
from lindung.errors import ValidationFailed
from lindung.sponsorship import access
from lindung.sponsorship.models import (
    Beneficiary,
    BeneficiaryImport,
    BeneficiaryStatus,
    SponsoredProgramme,
)
from lindung.sponsorship.placement import (
    Candidate,
    Verdict,
    allocate,
    lock_programme,
    persist,
    screen,
    waiting_queue,
)
from lindung.sponsorship.services.imports import report_write, verdict_row


@transaction.atomic
def programme_renew(
    *, actor: Any, programme: SponsoredProgramme, into: SponsoredProgramme
) -> BeneficiaryImport:
    """Carry `programme`'s eligible beneficiaries into `into` (the same sponsor's programme for a
    later period). Returns the report of who was carried over, who waits and who was not, and why."""
    access.require_programme_writer(actor, programme)
    access.require_programme_writer(actor, into)
    first, second = sorted([programme, into], key=lambda p: p.pk)
    locked = {p.pk: lock_programme(p) for p in (first, second)}
    programme, into = locked[programme.pk], locked[into.pk]
    _check(programme, into)
    if into.predecessor_id is None:
        into.predecessor = programme
        into.save(update_fields=["predecessor"])
    start = into.period_start
    record = BeneficiaryImport.objects.create(
        programme=into,
        file_name=f"renewal from {programme.name} {programme.fiscal_year}"[:255],
        start=start,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    enrolled = Beneficiary.objects.filter(
        programme=programme, status=BeneficiaryStatus.ENROLLED, enrolled_until=programme.period_until
    ).order_by("pk")
    verdicts: list[Verdict] = []
    for group in (_candidates(enrolled), _candidates(waiting_queue(programme))):
        eligible, rejected = screen(into, group, start)
        placed = sorted(allocate(into, eligible, start) + rejected, key=lambda v: v.candidate.rank)
        persist(actor=actor, programme=into, verdicts=placed, start=start, list_import=record)
        verdicts += placed
    _report(record, verdicts)
    audit_record(
        actor=actor,
        action="sponsored_programme.renew",
        obj=into,
        after={
            "from": programme.pk,
            "report": record.pk,
            "carried": record.enrolled,
            "waiting": record.waiting,
            "not_carried": record.rejected,
        },
    )
    return record


def _check(programme: SponsoredProgramme, into: SponsoredProgramme) -> None:
    errors: list[tuple[str | None, str]] = []
    if into.pk == programme.pk:
        errors.append(("into", "a programme cannot be renewed into itself"))
    if into.sponsor_id != programme.sponsor_id:
        errors.append(("into", f"{into} belongs to another sponsor"))
    if into.period_start <= programme.period_end:
        errors.append(("into", f"{into} starts before {programme} ends ({programme.period_end.isoformat()})"))
    if into.predecessor_id not in (None, programme.pk):
        errors.append(("into", f"{into} already continues another programme"))
    if errors:
        raise ValidationFailed(errors)


def _candidates(beneficiaries: QuerySet[Beneficiary]) -> list[Candidate]:
    """The people to carry over, in their old order."""
    rows = beneficiaries.select_related("person").iterator(chunk_size=2000)
    return [Candidate.of(b, carried_from_id=b.pk) for b in rows]


def _report(record: BeneficiaryImport, verdicts: list[Verdict]) -> None:
    report_write(record, [verdict_row(record, v, n) for n, v in enumerate(verdicts, start=1)])
