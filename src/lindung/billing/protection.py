"""Who is protected on a day, read from the maintained coverage status table (`CoverageMonth`),
never by scanning invoices and payments.

A membership protects on day D when it is valid on D and the status of D's contribution month is
one of `PROTECTED_STATUSES` (paid, due, grace). The query is a semi-join of the memberships valid
on D with the month's protected rows (index `coverage_month_status` on (month, status)).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from lindung.billing.models import PROTECTED_STATUSES, CoverageMonth
from lindung.registry.models import Membership

BY = ("domicile", "workplace")


def _region_q(region: str, by: str) -> Q:
    """Memberships located in `region` (a Kemendagri code; its descendants included): by the
    person's village (domicile), or by the employer's or project's region (workplace; a membership
    without either — BPU, PMI — counts where the person lives)."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    home = Q(person__village__code__startswith=region)
    if by == "domicile":
        return home
    return (
        Q(employer__region__code__startswith=region)
        | Q(project__region__code__startswith=region)
        | (Q(employer__isnull=True, project__isnull=True) & home)
    )


def protected_on(day: dt.date, region: str | None = None, by: str = "domicile") -> QuerySet[Membership]:
    """Memberships protecting their holder on `day`, optionally only those in `region`."""
    covered = CoverageMonth.objects.filter(
        month=day.replace(day=1), status__in=sorted(PROTECTED_STATUSES)
    ).values("membership_id")
    qs = Membership.objects.valid_on(day).filter(pk__in=covered)
    return qs.filter(_region_q(region, by)) if region else qs


def protected_count_on(day: dt.date, region: str | None = None, by: str = "domicile") -> int:
    return protected_on(day, region, by).count()


def is_protected_on(membership: Membership, day: dt.date) -> bool:
    return protected_on(day).filter(pk=membership.pk).exists()


def status_history(membership: Membership, limit: int = 24) -> list[CoverageMonth]:
    """The membership's latest months, newest first (its registry page shows them)."""
    return list(CoverageMonth.objects.filter(membership=membership).order_by("-month")[:limit])


def status_histories(membership_ids: list[int], limit: int = 12) -> dict[int, list[CoverageMonth]]:
    """The latest `limit` months of each membership, oldest first, in one query (a person page)."""
    out: dict[int, list[CoverageMonth]] = {}
    for row in CoverageMonth.objects.filter(membership_id__in=membership_ids).order_by(
        "membership_id", "-month"
    ):
        months = out.setdefault(row.membership_id, [])
        if len(months) < limit:
            months.append(row)
    return {pk: months[::-1] for pk, months in out.items()}
