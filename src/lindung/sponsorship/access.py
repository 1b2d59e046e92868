"""Who may see and run sponsored programmes.

- administrators and auditors see every sponsor (auditors only read);
- a sponsor officer sees and runs only their own sponsor's programmes (`User.sponsor`);
- a branch officer sees and runs the sponsors located in their regions (BPJS staff set the
  programmes up with the region and record hand-overs to employers).
Everyone else sees nothing. Reads filter with `sponsor_filter`; writes call `require_*`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.sponsorship.models import Sponsor, SponsoredProgramme


def sponsor_filter(user: User, prefix: str = "") -> Q:
    """Q over Sponsor (or, with `prefix` like "sponsor__", over a model that points to one)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if scope.sees_everything(user):
        return Q()
    if user.role == Role.SPONSOR_OFFICER and user.sponsor_id:
        return Q(**{f"{prefix}pk": user.sponsor_id})
    if user.role == Role.BRANCH_OFFICER:
        return scope.region_prefix_filter(scope.region_codes(user), f"{prefix}region__code")
    return Q(pk__in=[])


def _runs(user: User, sponsor: Sponsor) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    if user.role == Role.SPONSOR_OFFICER:
        return bool(user.sponsor_id) and user.sponsor_id == sponsor.pk
    if user.role == Role.BRANCH_OFFICER:
        return any(sponsor.region_id.startswith(code) for code in scope.region_codes(user))
    return False


def require_sponsor_writer(user: User, sponsor: Sponsor) -> None:
    """`user` may set up and run `sponsor`'s programmes."""
    scope.require_authenticated(user)
    if not _runs(user, sponsor):
        raise PermissionDenied(f"{sponsor.name} is outside your scope")


def require_programme_writer(user: User, programme: SponsoredProgramme) -> None:
    require_sponsor_writer(user, programme.sponsor)


def require_sponsor_creator(user: User, region_code: str) -> None:
    """New sponsors are registered by administrators and by branch officers in their regions."""
    scope.require_role(user, Role.ADMIN, Role.BRANCH_OFFICER)
    scope.require_region(user, region_code)


def may_write(user: User, sponsor: Sponsor) -> bool:
    return _runs(user, sponsor)


def may_bill(user: User, programme: SponsoredProgramme) -> bool:
    """Issuing a programme's bill is the branch office's work (see billing.programme_bill_issue)."""
    staff = user.is_superuser or user.role in scope.STAFF_WRITERS
    return staff and _runs(user, programme.sponsor)
