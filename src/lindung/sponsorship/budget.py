"""A programme's money and places: what its beneficiaries commit, what is left, how many places are
free. Set-based: beneficiaries are grouped by their cover span, so the cost of a 100k list is a
handful of sums however many people it holds."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from lindung.sponsorship.models import Beneficiary, BeneficiaryStatus, SponsoredProgramme
from lindung.sponsorship.package import package_cost


def cover_spans(programme: SponsoredProgramme) -> list[tuple[dt.date, dt.date, int]]:
    """(first month paid, first month no longer paid, how many people) for every place given: the
    enrolled and those since exited."""
    spans = (
        Beneficiary.objects.filter(programme=programme, enrolled_from__isnull=False)
        .values_list("enrolled_from", "enrolled_until")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(start, until or programme.period_until, n) for start, until, n in spans]


def committed(programme: SponsoredProgramme) -> int:
    """The cost of every place given so far, each to the end of its cover (the period's end while
    still enrolled)."""
    return sum(n * package_cost(programme, start, until) for start, until, n in cover_spans(programme))


def enrolled_count(programme: SponsoredProgramme) -> int:
    return Beneficiary.objects.filter(programme=programme, status=BeneficiaryStatus.ENROLLED).count()


def free_places(programme: SponsoredProgramme) -> int | None:
    """Places left under the quota (None: the programme has no quota)."""
    if programme.quota is None:
        return None
    return max(programme.quota - enrolled_count(programme), 0)


def affordable(programme: SponsoredProgramme, start: dt.date) -> tuple[int, int]:
    """(how many more people the budget left pays for from `start` to the end of the period, the
    cost of one of them). The budget check of regulation-style lists: remaining months × price."""
    each = package_cost(programme, start, programme.period_until)
    left = programme.budget - committed(programme)
    if each <= 0:
        return 0, 0
    return max(left, 0) // each, each
