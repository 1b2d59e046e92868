"""How far behind a payer is on a given day, read from invoices and dated allocations.

Regulation §4: when a PU employer is more than three months in arrears on the day of an accident,
the employer pays the JKK benefits first; scholarships wait for arrears to be settled. Claims ask
here; the billing run's coverage status uses the same definition.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BigIntegerField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from lindung.billing.models import Allocation, Invoice, Payer, PayerType
from lindung.registry.models import Employer


def unpaid_invoices_on(payer_id: int, on: dt.date) -> QuerySet[Invoice]:
    """Invoices of the payer that fell due before `on` and were not fully paid by the end of `on`."""
    return unpaid_invoices(on).filter(payer_id=payer_id)


def unpaid_invoices(on: dt.date) -> QuerySet[Invoice]:
    """Invoices of every payer that fell due before `on` and were not fully paid by the end of
    `on`, annotated with `paid` (allocated by then)."""
    paid_by_then = (
        Allocation.objects.filter(invoice=OuterRef("pk"), allocated_on__lte=on)
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return (
        Invoice.objects.filter(due_date__lt=on, total__gt=0)
        .exclude(status="cancelled")
        .annotate(paid=Coalesce(Subquery(paid_by_then, output_field=BigIntegerField()), Value(0)))
        .filter(paid__lt=F("total"))
    )


def arrears_months(payer_id: int, on: dt.date) -> int:
    """The number of contribution months due before `on` and still not fully paid on `on`."""
    return unpaid_invoices_on(payer_id, on).values("month").distinct().count()


def employer_arrears_months(employer: Employer, on: dt.date) -> int:
    """Months an employer (its own payer, not its Jakon project payers) was behind on `on`."""
    payer = Payer.objects.filter(Q(employer=employer) & Q(project__isnull=True)).only("pk").first()
    return 0 if payer is None else arrears_months(payer.pk, on)


def employer_in_arrears(employer: Employer, on: dt.date, months: int = 3) -> bool:
    """More than `months` months behind on `on` (regulation §4: arrears > 3 months → employer first)."""
    return employer_arrears_months(employer, on) > months


FLAG_MONTHS = 3  # issue 4: PU arrears of three months or more are flagged (claims need it)


def employers_flagged(on: dt.date, *, months: int = FLAG_MONTHS) -> QuerySet[Payer]:
    """PU employer payers (not their Jakon project payers) with `months` or more contribution months
    due before `on` and not fully paid on `on`, annotated with `arrears_months`, most behind first.
    One query, whatever the number of employers. Narrow it with `.filter(payer_scope(user))`."""
    behind = (
        unpaid_invoices(on)
        .filter(payer_id=OuterRef("pk"))
        .order_by()
        .values("payer_id")
        .annotate(n=Count("month", distinct=True))
        .values("n")
    )
    return (
        Payer.objects.filter(kind=PayerType.EMPLOYER, project__isnull=True)
        .annotate(arrears_months=Coalesce(Subquery(behind, output_field=IntegerField()), Value(0)))
        .filter(arrears_months__gte=months)
        .select_related("employer")
        .order_by("-arrears_months", "name", "pk")
    )
