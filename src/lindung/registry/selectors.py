"""Reads for pages, reports and the API. Scope filtering is applied here, never in templates."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.registry.models import Membership, Person, Region


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
    from django.http import Http404

    person = people_visible_to(user).filter(nik=nik).first()
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
            scope.region_prefix_filter(codes, "employer__region_id")
            | scope.region_prefix_filter(codes, "project__region_id")
        ).values("person_id")
        return qs.filter(scope.region_prefix_filter(codes, "village_id") | Q(pk__in=members))
    if user.role == Role.EMPLOYER and user.employer_id:
        return qs.filter(pk__in=Membership.objects.filter(employer_id=user.employer_id).values("person_id"))
    if user.role == Role.WORKER and user.person_id:
        return qs.filter(pk=user.person_id)
    return qs.none()
