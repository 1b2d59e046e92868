"""Arrears ageing: what each payer still owed on a day, by how long it had been past due
(issue 4). Read from invoices and dated allocations (`arrears.unpaid_invoices`), one grouped query
per table, scope applied by the caller's `payer_scope`.

Buckets, by months past the invoice's due date on day `on` (a month is counted from the due date's
day; an amount exactly one month past due is still in 0-1, exactly three in 1-3, exactly six in
3-6):
    0-1:  on − 1 month  ≤ due < on
    1-3:  on − 3 months ≤ due < on − 1 month
    3-6:  on − 6 months ≤ due < on − 3 months
    6+:                   due < on − 6 months
Only amounts past due count (an invoice due on `on` itself is not yet late). The amount is the
invoice's total less what was allocated to it up to and including `on`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Substr

from lindung.accounts.models import User
from lindung.billing.arrears import unpaid_invoices
from lindung.billing.duedates import add_months_day
from lindung.billing.models import Invoice
from lindung.billing.selectors import payer_scope

BUCKETS = ("b0_1", "b1_3", "b3_6", "b6")
BUCKET_LABELS = {"b0_1": "0-1", "b1_3": "1-3", "b3_6": "3-6", "b6": "6+"}
REGION_LEVELS = {2: "province", 4: "regency", 6: "district"}
AGEING_ROLES = ("admin", "branch_officer", "auditor", "employer")  # payer_scope narrows each


@dataclass(frozen=True)
class AgeingTotals:
    b0_1: int = 0
    b1_3: int = 0
    b3_6: int = 0
    b6: int = 0

    @property
    def total(self) -> int:
        return self.b0_1 + self.b1_3 + self.b3_6 + self.b6


def _late(user: User, on: dt.date, region: str | None) -> QuerySet[Invoice]:
    qs = unpaid_invoices(on).filter(payer_scope(user, "payer__"))
    if region:
        qs = qs.filter(payer__region_code__startswith=region)
    return qs.annotate(owed=F("total") - F("paid"))


def _bucket_sums(on: dt.date) -> dict[str, Coalesce]:
    cut1, cut3, cut6 = (add_months_day(on, -n) for n in (1, 3, 6))
    conditions = {
        "b0_1": Q(due_date__gte=cut1),
        "b1_3": Q(due_date__lt=cut1, due_date__gte=cut3),
        "b3_6": Q(due_date__lt=cut3, due_date__gte=cut6),
        "b6": Q(due_date__lt=cut6),
    }
    return {
        name: Coalesce(
            Sum(Case(When(cond, then=F("owed")), default=Value(0), output_field=BigIntegerField())),
            Value(0),
            output_field=BigIntegerField(),
        )
        for name, cond in conditions.items()
    }


def _with_total(qs: QuerySet) -> QuerySet:
    return qs.annotate(total_owed=F("b0_1") + F("b1_3") + F("b3_6") + F("b6"))


def ageing_by_payer(user: User, on: dt.date, region: str | None = None) -> QuerySet:
    """One row (dict) per payer in `user`'s scope owing anything past due on `on`: payer_id,
    payer_name, region_code, the four buckets and total_owed; most owed first."""
    qs = (
        _late(user, on, region)
        .order_by()
        .values("payer_id", payer_name=F("payer__name"), region_code=F("payer__region_code"))
        .annotate(**_bucket_sums(on))
    )
    return _with_total(qs).order_by("-total_owed", "payer_name", "payer_id")


def ageing_by_region(user: User, on: dt.date, level: int = 4, region: str | None = None) -> QuerySet:
    """One row (dict) per region at `level` digits (2 province, 4 regency, 6 district) of the
    payer's region: region (code), payers (count), the four buckets and total_owed."""
    if level not in REGION_LEVELS:
        raise ValueError(f"level must be one of {sorted(REGION_LEVELS)}, not {level!r}")
    qs = (
        _late(user, on, region)
        .order_by()
        .annotate(region=Substr("payer__region_code", 1, level))
        .values("region")
        .annotate(payers=Count("payer_id", distinct=True), **_bucket_sums(on))
    )
    return _with_total(qs).order_by("region")


def ageing_totals(user: User, on: dt.date, region: str | None = None) -> AgeingTotals:
    row = _late(user, on, region).order_by().aggregate(**_bucket_sums(on))
    return AgeingTotals(**{k: int(row[k] or 0) for k in BUCKETS})
