"""Reads for pages, reports and the API. Scope filtering is applied here, never in templates."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.errors import ValidationFailed
from lindung.registry.models import (
    ConstructionProject,
    Employer,
    Membership,
    MembershipQuerySet,
    Person,
    Region,
)
from lindung.registry.names import name_normalize


def region_children(code: str | None) -> QuerySet[Region]:
    """The current regions directly under `code` (provinces when `code` is None)."""
    qs = Region.objects.filter(current=True)
    return qs.filter(parent_id=code) if code else qs.filter(level=1)


def region_descendants(code: str, level: int | None = None) -> QuerySet[Region]:
    qs = Region.objects.filter(code__startswith=code).exclude(code=code)
    return qs.filter(level=level) if level else qs


def region_ancestors(region: Region) -> list[Region]:
    codes = [region.code[:n] for n in (2, 4, 6) if n < len(region.code)]
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def person_for_user(user: User, *, nik: str) -> Person:
    """The person with `nik` if `user` may see them; 404 otherwise (no hint that they exist)."""
    person = people_visible_to(user).filter(nik=nik).first() if _is_nik(nik) else None
    if person is None:
        raise Http404(f"no person with NIK {nik} in your scope")
    return person


def people_visible_to(user: User) -> QuerySet[Person]:
    """People a user may see: everyone (admin, auditor); those living in, or members through an
    employer or project located in, the officer's regions; an employer's own workers; oneself."""
    qs = Person.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if scope.sees_everything(user):
        return qs
    if user.role == Role.BRANCH_OFFICER:
        codes = scope.region_codes(user)
        members = Membership.objects.filter(
            scope.region_prefix_filter(codes, "employer__region__code")
            | scope.region_prefix_filter(codes, "project__region__code")
        ).values("person_id")
        return qs.filter(scope.region_prefix_filter(codes, "village__code") | Q(pk__in=members))
    if user.role == Role.EMPLOYER and user.employer_id:
        return qs.filter(pk__in=_employer_memberships(user.employer_id).values("person_id"))
    if user.role == Role.WORKER and user.person_id:
        return qs.filter(pk=user.person_id)
    return qs.none()


def _employer_memberships(employer_id: int) -> MembershipQuerySet:
    """An employer's memberships: its PU workers and the workers on projects it contracts."""
    return Membership.objects.filter(Q(employer_id=employer_id) | Q(project__contractor_id=employer_id))


def _is_nik(text: str) -> bool:
    return len(text) == 16 and text.isascii() and text.isdigit()


# --- people ---------------------------------------------------------------------------------------


def people_search(user: User, query: str = "") -> QuerySet[Person]:
    """People in `user`'s scope matching `query`: a whole NIK, the start of a NIK (6 digits or more),
    or words that all appear in the name (accents and case ignored). Empty query: everyone in scope."""
    qs = people_visible_to(user).select_related("village")
    query = _clean(query)
    if query.isdigit():
        qs = qs.filter(nik=query) if len(query) >= 16 else qs.filter(nik__startswith=query)
        return qs.order_by("nik")
    for word in name_normalize(query).split():
        qs = qs.filter(name_normalized__contains=word)
    return qs.order_by("name_normalized", "nik")


def person_memberships(user: User, person: Person) -> QuerySet[Membership]:
    """The versions of `person`'s memberships `user` may see, oldest first: an employer user sees
    only the memberships through their own employer or its projects."""
    return (
        memberships_visible_to(user)
        .filter(person=person)
        .select_related("employer", "project", "project__contractor")
        .order_by("valid_from", "pk")
    )


# --- employers and projects -----------------------------------------------------------------------


def _located_visible_to(user: User, qs: QuerySet, employer_field: str) -> QuerySet:
    """Records placed in a region (employers, projects): everything for admins and auditors; those
    located in an officer's regions; an employer user's own (`employer_field` names the employer)."""
    if not user.is_authenticated:
        return qs.none()
    if scope.sees_everything(user):
        return qs
    if user.role == Role.BRANCH_OFFICER:
        return qs.filter(scope.region_prefix_filter(scope.region_codes(user), "region__code"))
    if user.role == Role.EMPLOYER and user.employer_id:
        return qs.filter(**{employer_field: user.employer_id})
    return qs.none()


def employers_visible_to(user: User) -> QuerySet[Employer]:
    """Workers and sponsor officers see no employers here."""
    return _located_visible_to(user, Employer.objects.all(), "pk")


def employer_search(user: User, query: str = "") -> QuerySet[Employer]:
    """Employers in scope whose NPP starts with, or whose name contains, `query`."""
    qs = employers_visible_to(user).select_related("region")
    query = _clean(query)
    if query:
        qs = qs.filter(Q(npp__istartswith=query) | Q(name__icontains=query))
    return qs.order_by("name", "npp")


def employer_for_user(user: User, *, npp: str) -> Employer:
    employer = employers_visible_to(user).select_related("region").filter(npp=_clean(npp).upper()).first()
    if employer is None:
        raise Http404(f"no employer with NPP {npp} in your scope")
    return employer


def employer_workers(user: User, employer: Employer, *, on: dt.date) -> QuerySet[Membership]:
    """The PU memberships with `employer` valid on `on`, by worker name."""
    employer_for_user(user, npp=employer.npp)
    return (
        Membership.objects.valid_on(on)
        .filter(employer=employer)
        .select_related("person")
        .order_by("person__name_normalized", "person__nik", "pk")
    )


def projects_visible_to(user: User) -> QuerySet[ConstructionProject]:
    """An employer user sees the projects their employer contracts."""
    return _located_visible_to(user, ConstructionProject.objects.all(), "contractor_id")


def project_search(user: User, query: str = "") -> QuerySet[ConstructionProject]:
    qs = projects_visible_to(user).select_related("contractor", "region")
    query = _clean(query)
    if query:
        qs = qs.filter(Q(code__istartswith=query) | Q(name__icontains=query))
    return qs.order_by("-start_date", "code")


def project_for_user(user: User, *, code: str) -> ConstructionProject:
    found = (
        projects_visible_to(user)
        .select_related("contractor", "region")
        .filter(code=_clean(code).upper())
        .first()
    )
    if found is None:
        raise Http404(f"no project with code {code} in your scope")
    return found


def project_workers(
    user: User, project: ConstructionProject, *, on: dt.date | None = None
) -> QuerySet[Membership]:
    """The Jakon memberships on `project` (valid on `on` when given), by worker name."""
    project_for_user(user, code=project.code)
    qs = Membership.objects.filter(project=project)
    if on is not None:
        qs = qs.valid_on(on)
    return qs.select_related("person").order_by("person__name_normalized", "person__nik", "pk")


# --- memberships ----------------------------------------------------------------------------------


def memberships_visible_to(user: User) -> MembershipQuerySet:
    """Every version of the memberships of people an officer may see; an employer's memberships;
    a worker's own."""
    qs = Membership.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if scope.sees_everything(user):
        return qs
    if user.role == Role.BRANCH_OFFICER:
        return qs.filter(person__in=people_visible_to(user).values("pk"))
    if user.role == Role.EMPLOYER and user.employer_id:
        return qs & _employer_memberships(user.employer_id)
    if user.role == Role.WORKER and user.person_id:
        return qs.filter(person_id=user.person_id)
    return qs.none()


def membership_for_user(user: User, *, pk: int) -> Membership:
    found = (
        memberships_visible_to(user)
        .select_related("person", "employer", "project", "previous")
        .filter(pk=pk)
        .first()
        if 0 < pk < 2**63
        else None
    )
    if found is None:
        raise Http404(f"no membership #{pk} in your scope")
    return found


def membership_is_current(membership: Membership) -> bool:
    """No later version replaced this one (an ended membership is still its own last version)."""
    return not Membership.objects.filter(previous=membership).exists()


def _clean(text: str | None) -> str:
    """Search input without control characters (PostgreSQL refuses NUL) or surrounding space."""
    return re.sub(r"[\x00-\x1f\x7f]", "", text or "").strip()[:100]


# --- references in write requests -----------------------------------------------------------------
# A request to enrol or register names other records by their public keys. Staff writers may name
# any registered record (an officer enrols a worker who lives elsewhere at an employer in their
# region); the service then checks that the change itself lies in their scope.


def person_reference(nik: str, *, field: str = "nik") -> Person:
    found = Person.objects.filter(nik=_clean(nik)).first()
    if found is None:
        raise ValidationFailed([(field, f"no person with NIK {_clean(nik)} is registered")])
    return found


def employer_reference(npp: str, *, field: str = "employer") -> Employer:
    found = Employer.objects.filter(npp=_clean(npp).upper()).first()
    if found is None:
        raise ValidationFailed([(field, f"no employer with NPP {_clean(npp)} is registered")])
    return found


def project_reference(code: str, *, field: str = "project") -> ConstructionProject:
    found = ConstructionProject.objects.filter(code=_clean(code).upper()).first()
    if found is None:
        raise ValidationFailed([(field, f"no project with code {_clean(code)} is registered")])
    return found
