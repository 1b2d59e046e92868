"""The outreach list: people of a district or village known to the registry (domicile) or to a
sponsored programme's list (its village), who have no active coverage on a day — no membership
valid that day whose coverage month is paid, due or in grace. For authorised officers only: it
names people."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from lindung.accounts.models import User
from lindung.billing.models.coverage import PROTECTED_STATUSES, CoverageMonth
from lindung.coverage.services.facts import month_start
from lindung.coverage.summary import require_coverage_reader
from lindung.registry.models import Person
from lindung.sponsorship.models import Beneficiary

OUTREACH_LEVELS = (6, 10)  # kecamatan and desa/kelurahan codes


def require_outreach_reader(user: User, region_code: str) -> None:
    if len(region_code) not in OUTREACH_LEVELS:
        raise PermissionDenied(f"the outreach list is for a district or a village, not {region_code}")
    require_coverage_reader(user, region_code)


def active_on(day: dt.date) -> Exists:
    """The person holds a membership valid on `day` whose coverage month is protected."""
    return Exists(
        CoverageMonth.objects.filter(
            Q(membership__valid_to__isnull=True) | Q(membership__valid_to__gt=day),
            membership__person=OuterRef("pk"),
            membership__valid_from__lte=day,
            month=month_start(day),
            status__in=PROTECTED_STATUSES,
        )
    )


def uncovered_people(user: User, region_code: str, day: dt.date) -> QuerySet[Person]:
    """People of the region (domicile, or the village on a programme's list) without cover on `day`,
    by village and name."""
    require_outreach_reader(user, region_code)
    listed = Exists(Beneficiary.objects.filter(person=OuterRef("pk"), village__code__startswith=region_code))
    return (
        Person.objects.filter(Q(village__code__startswith=region_code) | listed)
        .exclude(active_on(day))
        .select_related("village")
        .order_by("village_id", "name", "pk")
    )


@dataclass(frozen=True)
class Listing:
    programme: str
    category: str
    status: str
    village: str


def listings_of(people: Iterable[Person]) -> dict[int, list[Listing]]:
    """The programme lists each person is on (one query)."""
    found: dict[int, list[Listing]] = defaultdict(list)
    rows = Beneficiary.objects.filter(person__in=[p.pk for p in people]).select_related("programme")
    for b in rows.order_by("programme__name", "pk"):
        found[b.person_id].append(Listing(b.programme.name, b.category, b.get_status_display(), b.village_id))
    return found
