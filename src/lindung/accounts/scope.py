"""Who may see and change what. Every view, endpoint and selector asks here.

Reads are filtered with the `*_filter` functions (a Q object to apply to a queryset); single objects
are checked with `can_view_*`. Writes are checked with `require_*`, which raise `PermissionDenied`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from lindung.accounts.models import Role, User

EVERYTHING = (Role.ADMIN, Role.AUDITOR)
STAFF_WRITERS = (Role.ADMIN, Role.BRANCH_OFFICER)


def region_codes(user: User) -> list[str]:
    """Region codes a branch officer is limited to (each covers its descendants)."""
    cache = getattr(user, "_region_codes", None)
    if cache is None:
        cache = sorted(user.regions.values_list("code", flat=True))
        user._region_codes = cache  # type: ignore[attr-defined]
    return cache


def region_prefix_filter(codes: Iterable[str], field: str) -> Q:
    """`field` (a region code column) lies under any of `codes`. No codes: matches nothing."""
    parts = [Q(**{f"{field}__startswith": code}) for code in codes]
    if not parts:
        return Q(pk__in=[])
    return reduce(lambda a, b: a | b, parts)


def sees_everything(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in EVERYTHING)


def require_authenticated(user: User) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("sign in first")


def require_role(user: User, *roles: str) -> None:
    """The user holds one of `roles` (superusers always pass)."""
    require_authenticated(user)
    if not (user.is_superuser or user.role in roles):
        raise PermissionDenied(f"role {user.role!r} may not do this")


def require_staff_writer(user: User) -> None:
    require_role(user, *STAFF_WRITERS)


def require_region(user: User, region_code: str | None) -> None:
    """A branch officer may act only inside the regions they are assigned."""
    require_authenticated(user)
    if sees_everything(user) and user.role != Role.AUDITOR:
        return
    if (
        user.role == Role.BRANCH_OFFICER
        and region_code
        and any(region_code.startswith(code) for code in region_codes(user))
    ):
        return
    raise PermissionDenied(f"region {region_code or '-'} is outside your scope")


def require_membership_writer(user: User, *, region_code: str | None, employer_id: int | None) -> None:
    """Who may report a membership's new wage or its end: staff writers inside their regions, and
    an employer user for its own employer's memberships (the monthly SIPP-style wage report)."""
    require_authenticated(user)
    if user.role == Role.EMPLOYER and employer_id is not None and user.employer_id == employer_id:
        return
    require_staff_writer(user)
    require_region(user, region_code)
