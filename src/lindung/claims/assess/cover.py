"""What the registry and billing say about a person's cover on a day: the membership with a
programme, where the claim belongs, the wage, and the employer's arrears (regulation §4)."""

from __future__ import annotations

import datetime as dt

from lindung.billing.arrears import employer_arrears_months
from lindung.claims.assess.base import Assessment
from lindung.registry.models import PROGRAMME_FIELDS, Employer, Membership, Person

ARREARS_LIMIT = 3  # regulation §4: more than three months behind → the employer pays JKK first


def membership_on(person: Person, programme: str, day: dt.date) -> Membership | None:
    """The person's membership with `programme` valid on `day` (a PU one first, then the latest)."""
    found = (
        Membership.objects.valid_on(day)
        .filter(person=person, **{PROGRAMME_FIELDS[programme]: True})
        .select_related("employer", "project", "project__contractor", "project__region")
    )
    return min(found, key=lambda m: (m.segment != "PU", -m.valid_from.toordinal()), default=None)


def memberships_with(person: Person, programme: str) -> list[Membership]:
    """Every version of the person's memberships with `programme`, oldest first."""
    return list(
        Membership.objects.filter(person=person, **{PROGRAMME_FIELDS[programme]: True})
        .select_related("employer")
        .order_by("valid_from", "pk")
    )


def latest_membership(person: Person) -> Membership | None:
    """The person's most recent membership version: it places a claim that rests on none."""
    return (
        Membership.objects.filter(person=person)
        .select_related("employer", "project", "project__contractor")
        .order_by("-valid_from", "-pk")
        .first()
    )


def employer_of(membership: Membership | None) -> Employer | None:
    """The employer a claim belongs to: the PU employer, or the Jakon project's contractor."""
    if membership is None:
        return None
    if membership.project is not None:
        return membership.project.contractor
    return membership.employer


def region_of(person: Person, membership: Membership | None) -> str:
    """Where the claim is processed: the employer's or project's region, else the person's village."""
    if membership is not None and membership.project is not None:
        return membership.project.region_id
    if membership is not None and membership.employer is not None:
        return membership.employer.region_id
    return person.village_id or ""


def cover_check(a: Assessment, person: Person, programme: str, day: dt.date, what: str) -> Membership | None:
    """Check that the person was a member of `programme` on `day`; record the membership."""
    membership = membership_on(person, programme, day)
    check = f"Member of {programme} on the {what}"
    if membership is None:
        a.check(check, f"no {programme} membership on {day.isoformat()}", False)
        return None
    npp = membership.employer.npp if membership.employer is not None else None
    project = membership.project.code if membership.project is not None else None
    where = " ".join(w for w in (membership.segment, project or npp) if w)
    a.check(check, f"{where} from {membership.valid_from.isoformat()}", True)
    a.derived.update(
        membership_id=membership.pk, segment=membership.segment, employer_npp=npp, project_code=project
    )
    return membership


def arrears_check(a: Assessment, membership: Membership | None, day: dt.date) -> bool:
    """For a PU member: whether the employer was more than three months in arrears on `day`."""
    if membership is None or membership.segment != "PU" or membership.employer is None:
        return False
    months = employer_arrears_months(membership.employer, day)
    behind = months > ARREARS_LIMIT
    a.derived["employer_arrears_months"] = months
    a.check(
        "Employer's arrears on the day of the event",
        f"{months} months unpaid"
        + (" (more than 3: the employer pays first)" if behind else " (3 or fewer: BPJS pays)"),
        None,
        basis="regulation.md §4",
    )
    return behind
