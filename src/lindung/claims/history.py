"""A person's contribution history, read from billing's invoice lines.

A month counts as contributed for a programme when the person has a contribution line of that
programme for that contribution month on an invoice that was fully paid by the end of `paid_by`
(the day of the assessment: a contribution for a month before the event paid after it, on time or
late, counts): the allocations dated on or before that day add up to the invoice's total (an empty
invoice counts as paid, a cancelled one never). Partly paid invoices do not count: billing
allocates money to a whole invoice, not to its lines, so no single line of a partly paid invoice
can be said to be paid. Adjustment and fine lines are not contributions.

Each function is one query, whatever the length of the history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import BigIntegerField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from lindung.billing.models import Allocation, InvoiceLine, InvoiceStatus, LineKind
from lindung.registry.models import Person


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def paid_lines(
    person: Person | int, programme: str, through: dt.date, paid_by: dt.date
) -> QuerySet[InvoiceLine]:
    """The person's contribution lines of `programme` for months up to `through`'s month whose
    invoice was fully paid by the end of `paid_by`."""
    person_id = person if isinstance(person, int) else person.pk
    paid_by_then = (
        Allocation.objects.filter(invoice=OuterRef("invoice_id"), allocated_on__lte=paid_by)
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return (
        InvoiceLine.objects.filter(
            person_id=person_id,
            programme=programme,
            kind=LineKind.CONTRIBUTION,
            contribution_month__lte=_month(through),
        )
        .exclude(invoice__status=InvoiceStatus.CANCELLED)
        .annotate(paid=Coalesce(Subquery(paid_by_then, output_field=BigIntegerField()), Value(0)))
        .filter(paid__gte=F("invoice__total"))
    )


def paid_months(person: Person | int, programme: str, through: dt.date, paid_by: dt.date) -> list[dt.date]:
    """The contributed months (first days), oldest first."""
    months = (
        paid_lines(person, programme, through, paid_by)
        .order_by()
        .values_list("contribution_month", flat=True)
        .distinct()
    )
    return sorted(set(months))


def months_contributed(person: Person | int, programme: str, through: dt.date, paid_by: dt.date) -> int:
    """The masa iur: how many months were contributed."""
    return len(paid_months(person, programme, through, paid_by))


def jp_wage_history(person: Person | int, through: dt.date, paid_by: dt.date) -> list[tuple[dt.date, int]]:
    """(month, wage) for each JP month contributed: the wages billed on, added up when the person
    had two PU memberships in one month (the JP calculator caps each month's wage)."""
    wages: dict[dt.date, int] = defaultdict(int)
    for month, base in paid_lines(person, "JP", through, paid_by).values_list("contribution_month", "base"):
        wages[month] += base or 0
    return sorted(wages.items())


def jht_contributions(
    person: Person | int, through: dt.date, paid_by: dt.date
) -> list[tuple[dt.date, int, int]]:
    """(month, employer share, worker share) for each JHT month contributed; a sponsor's share is
    counted with the worker's (it is paid in the worker's place)."""
    shares: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    rows = paid_lines(person, "JHT", through, paid_by).values_list(
        "contribution_month", "employer", "worker", "sponsor"
    )
    for month, employer, worker, sponsor in rows:
        shares[month][0] += employer
        shares[month][1] += worker + sponsor
    return [(month, employer, worker) for month, (employer, worker) in sorted(shares.items())]
