"""Which membership versions a contribution month bills, read in batches keyed by membership id.

A version bills month M when it is valid on some day of M (half-open [valid_from, valid_to)) and it
is the version that holds M: a change during M (`membership_change`, which opens a new version
pointing back through `previous`) leaves M to the version valid on its first day, and the new
version bills from the next month. A new membership (no `previous`) starting during M bills M in
full (contributions are monthly, never prorated). A membership ended during M bills M.

Memberships switched to another segment during M are billed in both segments for M (two payers,
two programmes' covers); `membership_switch_segment` starts the new one with no `previous`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet

from lindung.billing.models import Payer
from lindung.billing.services.payers import membership_payer_id
from lindung.registry.models import Membership
from lindung.rules.months import add_months

FIELDS = (
    "id",
    "person_id",
    "segment",
    "jkk",
    "jkm",
    "jht",
    "jp",
    "jkp",
    "wage",
    "sector",
    "payer_kind",
    "valid_from",
    "previous_id",
    "pmi_contract_months",
    "pmi_jht_amount",
    "project_id",
    "employer__risk_class",
    "employer__labour_intensive",
    "project__contract_value",
    "_payer",
)


def billable(month: dt.date) -> QuerySet[Membership]:
    """The membership versions that bill contribution `month` (module docstring)."""
    after = add_months(month, 1)
    return Membership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=month),
        Q(previous__isnull=True) | Q(valid_from__lte=month),
        valid_from__lt=after,
    )


def in_region(memberships: QuerySet[Membership], region: str | None) -> QuerySet[Membership]:
    """The memberships whose payer lies in `region` (a region code prefix); all when None."""
    qs = memberships.annotate(_payer=membership_payer_id())
    if region:
        qs = qs.filter(_payer__in=Payer.objects.filter(region_code__startswith=region).values("id"))
    return qs


def batches(memberships: QuerySet[Membership], size: int) -> Iterator[list[dict[str, Any]]]:
    """`memberships` (annotated with `_payer`, see `in_region`) as rows, `size` at a time, in id
    order; each batch is one query (keyset on id), so memory stays bounded."""
    last = 0
    while True:
        rows = list(memberships.filter(pk__gt=last).order_by("pk").values(*FIELDS)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]
