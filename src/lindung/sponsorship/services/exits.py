"""Exits and hand-overs, and the waiting list that fills the places they free.

A sponsored month is paid in advance (BPU: by the 15th of the contribution month, regulation.md
§3.10), so a beneficiary who dies, moves away or starts work stays covered to the end of that
month; the cover ends on the first day of the next month, and the freed place goes from that day
to the next person on the waiting list. A hand-over to an employer switches the membership to PU
on that same day: no gap, and no month paid by both the sponsor and the employer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from lindung.accounts import scope
from lindung.audit.services import audit_record, snapshot
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Employer, EndReason, Membership, Person
from lindung.registry.services.memberships import membership_switch_segment
from lindung.sponsorship import access, budget
from lindung.sponsorship.models import (
    EXIT_REASONS,
    Beneficiary,
    BeneficiaryStatus,
    Reason,
    SponsoredProgramme,
)
from lindung.sponsorship.package import next_month
from lindung.sponsorship.placement import (
    Candidate,
    Verdict,
    allocate,
    lock_programme,
    persist,
    screen,
    waiting_queue,
)

END_REASONS = {
    Reason.DIED: EndReason.DIED,
    Reason.MOVED: EndReason.MOVED,
    Reason.EMPLOYED: EndReason.OTHER,
    Reason.OTHER: EndReason.OTHER,
}
QUEUE_CHUNK = 200


@transaction.atomic
def beneficiary_exit(*, actor: Any, beneficiary: Beneficiary, reason: str, on: dt.date) -> Beneficiary:
    """`beneficiary` leaves the programme because of an event on `on` (death, a move, paid work,
    other): an enrolled one's cover ends at the end of that month and the place goes to the waiting
    list from the next; a waiting one simply leaves the list."""
    access.require_programme_writer(actor, beneficiary.programme)
    programme = lock_programme(beneficiary.programme)
    current = _lock(beneficiary)
    errors: list[tuple[str | None, str]] = []
    if reason not in EXIT_REASONS:
        errors.append(("reason", f"{reason!r} is not one of {', '.join(EXIT_REASONS)}"))
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        errors.append(("on", f"{on!r} is not a date"))
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(current)
    if current.status == BeneficiaryStatus.WAITING:
        _mark_exited(current, reason, on, until=None, detail="left the waiting list")
    else:
        end = next_month(on)
        _cover_end(actor, current, end, END_REASONS[Reason(reason)])
        _mark_exited(current, reason, on, until=end, detail="")
        _replace(actor, programme, current, end)
    audit_record(actor=actor, action="beneficiary.exit", obj=current, before=before, after=current)
    return current


@transaction.atomic
def beneficiary_hand_over(
    *,
    actor: Any,
    beneficiary: Beneficiary,
    employer: Employer,
    wage: int,
    programmes: Iterable[str],
    work_started: dt.date,
) -> Membership:
    """The beneficiary started paid work with `employer` on `work_started`: the sponsor's month is
    already paid, so the employer's PU cover starts on the first day of the next month, the day the
    sponsored BPU cover ends (the registry's segment switch), and the place goes to the waiting list.
    Enrolling a worker with an employer is the act of the branch office where the person lives
    (whoever the sponsor is): staff writers of the beneficiary's village only."""
    scope.require_staff_writer(actor)
    scope.require_region(actor, beneficiary.village_id)
    programme = lock_programme(beneficiary.programme)
    current = _lock(beneficiary)
    if isinstance(work_started, dt.datetime) or not isinstance(work_started, dt.date):
        raise ValidationFailed([("work_started", f"{work_started!r} is not a date")])
    if current.status != BeneficiaryStatus.ENROLLED or current.membership is None:
        raise Conflict(
            f"the beneficiary is {current.get_status_display()}, not enrolled", field="beneficiary"
        )
    before = snapshot(current)
    on = next_month(work_started)
    pu = membership_switch_segment(
        actor=actor,
        membership=current.membership,
        on=on,
        segment="PU",
        programmes=programmes,
        wage=wage,
        employer=employer,
    )
    detail = f"PU with employer {employer.npp} from {on.isoformat()} (membership #{pu.pk})"
    _mark_exited(current, Reason.EMPLOYED, work_started, until=on, detail=detail)
    _replace(actor, programme, current, on)
    audit_record(actor=actor, action="beneficiary.hand_over", obj=current, before=before, after=current)
    return pu


def places_fill(*, actor: Any, programme: SponsoredProgramme, start: dt.date) -> list[Verdict]:
    """Give the free places (quota and budget allowing) to the waiting list in priority order, from
    `start` to the end of the period. People on the list who can no longer be placed (covered
    elsewhere meanwhile, aged out) are marked not enrolled with the reason. Runs inside the caller's
    transaction, under the programme's lock."""
    placed: list[Verdict] = []
    if start >= programme.period_until:
        return placed
    while True:
        places = budget.free_places(programme)
        can_pay, _each = budget.affordable(programme, start)
        if min(can_pay, places if places is not None else can_pay) <= 0:
            return placed
        queue = list(waiting_queue(programme).select_related("person")[:QUEUE_CHUNK])
        if not queue:
            return placed
        eligible, rejected = screen(programme, [Candidate.of(b, beneficiary_id=b.pk) for b in queue], start)
        enrolled = [v for v in allocate(programme, eligible, start) if v.status == BeneficiaryStatus.ENROLLED]
        persist(actor=actor, programme=programme, verdicts=enrolled + rejected, start=start)
        placed += enrolled
        if len(enrolled) < len(eligible):
            return placed


def _require_enrolled(current: Beneficiary) -> None:
    if current.status != BeneficiaryStatus.ENROLLED or current.membership_id is None:
        status = current.get_status_display()
        raise Conflict(f"the beneficiary is {status}, not enrolled", field="beneficiary")


def _lock(beneficiary: Beneficiary) -> Beneficiary:
    return (
        Beneficiary.objects.select_for_update(of=("self",))
        .select_related("membership")
        .get(pk=beneficiary.pk)
    )


def _mark_exited(
    current: Beneficiary, reason: str, on: dt.date, *, until: dt.date | None, detail: str
) -> None:
    current.status, current.reason, current.exited_on = BeneficiaryStatus.EXITED, reason, on
    current.detail = detail
    if until is not None:
        current.enrolled_until = until
    current.save()


def _cover_end(actor: Any, current: Beneficiary, end: dt.date, end_reason: str) -> None:
    """End the sponsored membership on `end` (exclusive). The programme owns the cover it pays for,
    so its officers end it here, with the registry's own audit action."""
    if current.status != BeneficiaryStatus.ENROLLED or current.membership_id is None:
        raise Conflict(
            f"the beneficiary is {current.get_status_display()}, not enrolled", field="beneficiary"
        )
    Person.objects.select_for_update().filter(pk=current.person_id).first()
    membership = Membership.objects.get(pk=current.membership_id)
    if membership.end_reason or Membership.objects.filter(previous=membership).exists():
        ended = f"{membership.valid_to} ({membership.end_reason_label})"
        raise Conflict(f"membership #{membership.pk} already ended on {ended}", field="beneficiary")
    if end <= membership.valid_from:
        starts = membership.valid_from.isoformat()
        raise ValidationFailed([("on", f"cover starts on {starts}; an exit is recorded from that month")])
    if membership.valid_to is not None and end > membership.valid_to:
        raise ValidationFailed([("on", f"cover already ends on {membership.valid_to.isoformat()}")])
    before = snapshot(membership)
    membership.valid_to, membership.end_reason = end, end_reason
    membership.save(update_fields=["valid_to", "end_reason"])
    current.membership = membership
    audit_record(actor=actor, action="membership.end", obj=membership, before=before, after=membership)


def _replace(actor: Any, programme: SponsoredProgramme, current: Beneficiary, start: dt.date) -> None:
    newcomers = places_fill(actor=actor, programme=programme, start=start)
    if newcomers:
        current.replaced_by_id = newcomers[0].beneficiary_id
        current.save(update_fields=["replaced_by", "updated_at"])
