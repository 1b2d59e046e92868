"""Memberships: enrol, change (effective-dated), end, and move to another segment.

Every version is valid on [valid_from, valid_to). A change closes the current version on the
effective date and opens a new one pointing back to it, so the state on any past date reads back
with `Membership.objects.valid_on(day)`. Each service locks the person's row first, so two changes
to one person's memberships never interleave (the overlap check holds under concurrency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from lindung.accounts import scope
from lindung.audit.services import audit_record, snapshot
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import (
    ConstructionProject,
    Employer,
    EndReason,
    Membership,
    MembershipQuerySet,
    PayerKind,
    Person,
)
from lindung.registry.services import checks
from lindung.registry.services.membership_terms import Terms, terms_check

END_REASONS = [r for r in EndReason.values if r != EndReason.SEGMENT_SWITCH]


@transaction.atomic
def membership_enrol(
    *,
    actor: Any,
    person: Person,
    segment: str,
    programmes: Iterable[str],
    start: dt.date,
    wage: int | None = None,
    employer: Employer | None = None,
    project: ConstructionProject | None = None,
    payer_kind: str | None = None,
    sector: str = "",
    pmi_contract_months: int | None = None,
    pmi_jht_amount: int | None = None,
) -> Membership:
    """Enrol `person` in a segment from `start`. A Jakon membership runs to the project's last day."""
    scope.require_staff_writer(actor)
    person = _lock_person(person.pk)
    membership = _enrol(
        actor=actor,
        person=person,
        start=start,
        terms=_term_arguments(locals()),
    )
    audit_record(actor=actor, action="membership.enrol", obj=membership, after=membership)
    return membership


@transaction.atomic
def membership_change(
    *,
    actor: Any,
    membership: Membership,
    effective: dt.date,
    wage: int | None = None,
    programmes: Iterable[str] | None = None,
) -> Membership:
    """From `effective` on, the membership has a new wage (or declared income) and/or programmes
    (None leaves either as it is). Returns the new version; the old one now ends on `effective`.
    Staff writers in their regions, or an employer user for its own workers (`_current_version`)."""
    current = _current_version(actor, membership)
    errors = checks.Errors()
    effective = _date_inside(errors, "effective", effective, current)
    if wage is None and programmes is None:
        errors.add(None, "give a new wage or new programmes")
    if current.payer_kind == PayerKind.SPONSOR:
        # The sponsored programme fixes the package and holds the link to this version.
        errors.add(
            None, f"membership {current.pk} is paid by a sponsored programme; its package is the programme's"
        )
    errors.raise_if_any()
    terms = terms_check(
        errors,
        birth_date=current.person.birth_date,
        registered_on=_registered_on(current),
        **{**_terms_kwargs(Terms.of(current)), "wage": current.wage if wage is None else wage},
        programmes=current.programmes if programmes is None else programmes,
    )
    errors.raise_if_any()
    if terms == Terms.of(current):
        raise ValidationFailed([(None, "nothing changes: the wage and programmes are the same")])
    before = snapshot(current)
    opened = Membership(
        person=current.person,
        valid_from=effective,
        valid_to=current.valid_to,
        end_reason=current.end_reason,
        previous=current,
        **terms.model_fields(),
    )
    current.valid_to, current.end_reason = effective, ""
    current.save(update_fields=["valid_to", "end_reason"])
    opened.save()
    audit_record(
        actor=actor,
        action="membership.change",
        obj=opened,
        before=before,
        after={"closed": snapshot(current), "opened": snapshot(opened)},
    )
    return opened


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, end: dt.date, reason: str) -> Membership:
    """The membership ends on `end` (exclusive: the last covered day is the day before).
    Staff writers in their regions, or an employer user for its own workers (`_current_version`)."""
    current = _current_version(actor, membership)
    before = snapshot(current)
    errors = checks.Errors()
    checks.choice(errors, "reason", reason, END_REASONS)
    _close(errors, current, end, reason)
    audit_record(actor=actor, action="membership.end", obj=current, before=before, after=current)
    return current


@transaction.atomic
def membership_switch_segment(
    *,
    actor: Any,
    membership: Membership,
    on: dt.date,
    segment: str,
    programmes: Iterable[str],
    wage: int | None = None,
    employer: Employer | None = None,
    project: ConstructionProject | None = None,
    payer_kind: str | None = None,
    sector: str = "",
    pmi_contract_months: int | None = None,
    pmi_jht_amount: int | None = None,
) -> Membership:
    """Move the person from the membership's segment to `segment` on `on`: the old membership ends
    on `on` and the new one starts that day (no gap, no overlap), or neither happens."""
    scope.require_staff_writer(actor)
    current = _current_version(actor, membership)
    before = snapshot(current)
    errors = checks.Errors()
    if segment == current.segment:
        errors.add("segment", f"the membership is already {segment}; use a change instead")
    _close(errors, current, on, EndReason.SEGMENT_SWITCH)
    enrolled = _enrol(
        actor=actor,
        person=current.person,
        start=on,
        terms=_term_arguments(locals()),
    )
    audit_record(
        actor=actor,
        action="membership.switch_segment",
        obj=enrolled,
        before=before,
        after={"ended": snapshot(current), "enrolled": snapshot(enrolled)},
    )
    return enrolled


# --- steps ----------------------------------------------------------------------------------------


def _lock_person(pk: int) -> Person:
    return Person.objects.select_for_update().get(pk=pk)


def _enrol(*, actor: Any, person: Person, start: dt.date, terms: dict[str, Any]) -> Membership:
    errors = checks.Errors()
    day = checks.date(errors, "start", start)
    if day and day < person.birth_date:
        errors.add("start", f"{day.isoformat()} is before the person's birth date")
        day = None
    checked = terms_check(errors, birth_date=person.birth_date, registered_on=day, **terms)
    project = checked.project
    if day and project and not project.start_date <= day <= project.end_date:
        errors.add(
            "start",
            f"{day.isoformat()} is outside project {project.code} "
            f"({project.start_date.isoformat()} to {project.end_date.isoformat()})",
        )
    errors.raise_if_any()
    assert day is not None
    scope.require_region(actor, _region_of(person, checked.employer, checked.project))
    ends = project.end_date + dt.timedelta(days=1) if project else None
    clash = _overlapping(person, checked, day, ends).first()
    if clash is not None:
        raise Conflict(
            f"overlaps {clash.segment} membership #{clash.pk} valid from {clash.valid_from.isoformat()}"
            f" to {clash.valid_to.isoformat() if clash.valid_to else 'open'}",
            field="start",
        )
    membership = Membership(person=person, valid_from=day, valid_to=ends, **checked.model_fields())
    membership.save()
    return membership


def _overlapping(person: Person, terms: Terms, start: dt.date, end: dt.date | None) -> MembershipQuerySet:
    """Same segment and, for PU and Jakon, the same employer or project; BPU and PMI: any."""
    qs = Membership.objects.filter(person=person, segment=terms.segment).overlapping(start, end)
    if terms.segment == "PU":
        return qs.filter(employer=terms.employer)
    if terms.segment == "JAKON":
        return qs.filter(project=terms.project)
    return qs


def _current_version(actor: Any, membership: Membership) -> Membership:
    """The membership re-read under the person's lock; refused when a later version replaced it,
    or when `actor` may not write it (`scope.require_membership_writer`)."""
    _lock_person(membership.person_id)
    current = Membership.objects.select_related("person", "employer", "project").get(pk=membership.pk)
    successor = Membership.objects.filter(previous=current).first()
    if successor is not None:
        raise Conflict(
            f"version #{current.pk} was closed on {current.valid_to} and replaced by version "
            f"#{successor.pk}; act on the current version",
            field="membership",
        )
    scope.require_membership_writer(
        actor,
        region_code=_region_of(current.person, current.employer, current.project),
        employer_id=current.employer_id if current.segment == "PU" else None,
    )
    return current


def _date_inside(errors: checks.Errors, field: str, day: dt.date, current: Membership) -> dt.date:
    """`day` falls strictly after the version's start and before its end: a version cannot be
    back-dated before its start, nor changed after it has ended."""
    checked = checks.date(errors, field, day)
    if checked is None:
        return day
    if checked <= current.valid_from:
        errors.add(
            field,
            f"{checked.isoformat()} is not after this version's start {current.valid_from.isoformat()}"
            " (back-dating before a version's start is refused)",
        )
    elif current.valid_to is not None and checked >= current.valid_to:
        errors.add(field, f"the membership ends on {current.valid_to.isoformat()}")
    return checked


def _close(errors: checks.Errors, current: Membership, end: dt.date, reason: str) -> None:
    """End the current version on `end` with `reason`, or raise with every problem found."""
    if current.end_reason:
        errors.add(None, f"the membership already ended on {current.valid_to} ({current.end_reason})")
    else:
        field = "on" if reason == EndReason.SEGMENT_SWITCH else "end"
        day = checks.date(errors, field, end)
        if day is not None and day <= current.valid_from:
            errors.add(field, f"{day.isoformat()} is not after the start {current.valid_from.isoformat()}")
        elif day is not None and current.valid_to is not None and day > current.valid_to:
            errors.add(field, f"cover already ends on {current.valid_to.isoformat()}")
    errors.raise_if_any()
    current.valid_to, current.end_reason = end, reason
    current.save(update_fields=["valid_to", "end_reason"])


def _registered_on(current: Membership) -> dt.date:
    """The start of the first version of this membership."""
    first = current
    while first.previous_id is not None:
        first = Membership.objects.only("pk", "previous_id", "valid_from").get(pk=first.previous_id)
    return first.valid_from


def _region_of(person: Person, employer: Employer | None, project: ConstructionProject | None) -> str | None:
    """Where a membership belongs for a branch officer: its employer's or project's region, else
    the person's village."""
    if employer is not None:
        return employer.region_id
    if project is not None:
        return project.region_id
    return person.village_id


TERM_ARGUMENTS = (
    "segment",
    "programmes",
    "wage",
    "employer",
    "project",
    "payer_kind",
    "sector",
    "pmi_contract_months",
    "pmi_jht_amount",
)


def _term_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """The terms among a service's keyword arguments (enrol and switch take the same ones)."""
    return {name: arguments[name] for name in TERM_ARGUMENTS}


def _terms_kwargs(terms: Terms) -> dict[str, Any]:
    """A version's terms as arguments, but for the wage and programmes a change may set."""
    return {name: getattr(terms, name) for name in TERM_ARGUMENTS if name not in ("wage", "programmes")}
