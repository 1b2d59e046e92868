"""Coverage status per membership and contribution month (`CoverageMonth`), derived from invoice
lines, the invoices' due dates and the dated allocations — set-based: one `INSERT … SELECT … ON
CONFLICT DO UPDATE` per contribution month (the same statement on PostgreSQL and SQLite), never a
query per membership.

Who calls it (explicitly, never from a signal):
- `payment_post` (and so the statement import, which posts through it) for the memberships on the
  invoices the payment was allocated to, all their months;
- after a billing run: `coverage_status_refresh(month=<the month billed>)`;
- `lindung coverage-status refresh --month YYYY-MM | --all`, also to move months from due to grace
  to unpaid as days pass (run it daily, or at least after each due date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing import duedates
from lindung.billing.models import CoverageStatus, InvoiceLine, LineKind
from lindung.billing.services.payers import _batched
from lindung.jobs.progress import Progress
from lindung.rules.parameter import parameter

GRACE_PARAMETER = "coverage.grace_months"
CHUNK = 2000  # memberships per statement when refreshing given memberships

# Called as hook(months=[...], memberships=[ids] or None for all, actor=...) after a refresh: what is
# derived from the statuses (the coverage facts) registers here and brings itself up to date.
RefreshedHook = Callable[..., None]
REFRESHED_HOOKS: list[RefreshedHook] = []
LAPSE_AFTER = 3  # BPU: lapsed after MORE than three consecutive unpaid months (regulation.md §4)
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")


def grace_months(month: dt.date) -> dict[str, int]:
    """Months of grace after the due date, by segment, for contribution `month` (a dated rules
    parameter, `rules/parameters/coverage/grace_months.yaml`)."""
    value = parameter(GRACE_PARAMETER, month).value
    return {segment: int(value[segment]) for segment in SEGMENTS}


def derive_status(
    *,
    segment: str,
    settled: bool,
    due: dt.date,
    on: dt.date,
    grace: int,
    previous: tuple[str | None, ...] = (),
) -> str:
    """The status of one membership-month in plain Python: the same rule as the SQL below (tests and
    documentation; the refresh itself never calls it per row).

    `previous` holds the statuses of the three months before, nearest first (None: no row).
    - paid: every invoice holding the month's contribution/adjustment lines is paid in full by `on`;
    - lapsed (BPU only, not paid): the month before is lapsed, or this month is past its grace and
      the three months before are unpaid — more than three consecutive unpaid months;
    - due: on or before the due date; grace: up to `grace` months after it; unpaid: later.
    """
    if settled:
        return CoverageStatus.PAID
    past_grace = due < duedates.add_months_day(on, -grace)
    if segment == "BPU":
        prev = (*previous, None, None, None)[:LAPSE_AFTER]
        if prev[0] == CoverageStatus.LAPSED or (past_grace and all(p == CoverageStatus.UNPAID for p in prev)):
            return CoverageStatus.LAPSED
    if due >= on:
        return CoverageStatus.DUE
    return CoverageStatus.UNPAID if past_grace else CoverageStatus.GRACE


# One contribution month. Lines: contribution and adjustment lines of a membership for the month, on
# invoices not cancelled (fines are the payer's, not the month's cover). An invoice is settled on
# `on` when the allocations dated up to `on` reach its total. The three months before are read from
# the table itself, so months are refreshed in order (oldest first).
_UPSERT = """
INSERT INTO billing_coveragemonth (membership_id, month, status, updated_at)
WITH inv AS (
    SELECT i.id, i.due_date,
           CASE WHEN i.total <= COALESCE(
               (SELECT SUM(a.amount) FROM billing_allocation a
                 WHERE a.invoice_id = i.id AND a.allocated_on <= %(on)s), 0)
                THEN 0 ELSE 1 END AS open
      FROM billing_invoice i
     WHERE i.status <> 'cancelled'
       AND i.id IN (SELECT l.invoice_id FROM billing_invoiceline l
                     WHERE l.contribution_month = %(month)s AND l.membership_id IS NOT NULL
                           {line_filter})
),
b AS (
    SELECT l.membership_id, m.segment, MIN(inv.due_date) AS due, MAX(inv.open) AS open
      FROM billing_invoiceline l
      JOIN inv ON inv.id = l.invoice_id
      JOIN registry_membership m ON m.id = l.membership_id
     WHERE l.contribution_month = %(month)s AND l.membership_id IS NOT NULL
       AND l.kind IN (%(contribution)s, %(adjustment)s) {line_filter}
     GROUP BY l.membership_id, m.segment
)
SELECT b.membership_id, %(month)s,
       CASE
         WHEN b.open = 0 THEN 'paid'
         WHEN b.segment = 'BPU' AND (
                p1.status = 'lapsed'
                OR (b.due < %(cut_BPU)s AND p1.status = 'unpaid' AND p2.status = 'unpaid'
                    AND p3.status = 'unpaid')
              ) THEN 'lapsed'
         WHEN b.due >= %(on)s THEN 'due'
         WHEN b.due >= CASE b.segment WHEN 'PU' THEN %(cut_PU)s WHEN 'BPU' THEN %(cut_BPU)s
                                      WHEN 'JAKON' THEN %(cut_JAKON)s ELSE %(cut_PMI)s END
              THEN 'grace'
         ELSE 'unpaid'
       END,
       CURRENT_TIMESTAMP
  FROM b
  LEFT JOIN billing_coveragemonth p1 ON p1.membership_id = b.membership_id AND p1.month = %(m1)s
  LEFT JOIN billing_coveragemonth p2 ON p2.membership_id = b.membership_id AND p2.month = %(m2)s
  LEFT JOIN billing_coveragemonth p3 ON p3.membership_id = b.membership_id AND p3.month = %(m3)s
 WHERE 1 = 1
ON CONFLICT (membership_id, month) DO UPDATE
   SET status = excluded.status, updated_at = excluded.updated_at
 WHERE billing_coveragemonth.status <> excluded.status
"""


def _refresh_month(month: dt.date, on: dt.date, membership_ids: list[int] | None) -> int:
    params: dict[str, Any] = {
        "on": on,
        "month": month,
        "contribution": LineKind.CONTRIBUTION.value,
        "adjustment": LineKind.ADJUSTMENT.value,
        "m1": duedates.add_months(month, -1),
        "m2": duedates.add_months(month, -2),
        "m3": duedates.add_months(month, -3),
    }
    for segment, months in grace_months(month).items():
        # past grace when due + grace months < on, i.e. due < on − grace months
        params[f"cut_{segment}"] = duedates.add_months_day(on, -months)
    line_filter = ""
    if membership_ids is not None:
        names = []
        for i, pk in enumerate(membership_ids):
            params[f"ms{i}"] = pk
            names.append(f"%(ms{i})s")
        line_filter = f"AND l.membership_id IN ({', '.join(names)})"
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(line_filter=line_filter), params)
        return max(cursor.rowcount, 0)


def _months(month: dt.date | None, membership_ids: list[int] | None) -> list[dt.date]:
    if month is not None:
        return [duedates.month_start(month)]
    lines = InvoiceLine.objects.filter(membership__isnull=False)
    if membership_ids is not None:
        lines = lines.filter(membership_id__in=membership_ids)
    # order_by(): the lines' default ordering (id) would make DISTINCT return one row per line
    return sorted(lines.order_by().values_list("contribution_month", flat=True).distinct())


def coverage_status_refresh(
    *,
    month: dt.date | None = None,
    memberships: Iterable[int] | None = None,
    on: dt.date | None = None,
    progress: Progress | None = None,
    actor: Any = None,
) -> int:
    """Derive the coverage status of memberships for contribution months, as of day `on` (today by
    default), and write it to `CoverageMonth`. Returns the rows inserted or changed.

    `month`: that contribution month only; None: every month that has lines (of `memberships`),
    oldest first — a full rebuild. `memberships`: only these membership ids; None: all.

    Status only where there are lines: a (membership, month) without contribution or adjustment
    lines keeps whatever row it has — statuses imported from the previous system (the Jambi demo
    writes historic statuses directly, as a migration would) are left alone, and nothing is deleted.

    Rules (regulation.md §3.10 and §4; `derive_status` says the same in Python): paid when every
    invoice holding the month's lines is paid in full by `on`; else lapsed for BPU after more than
    three consecutive unpaid months (and from then on until a month is paid again — paying a later
    month reactivates); else due up to the due date, grace up to `coverage.grace_months` after it,
    unpaid after that. Refreshing is idempotent, and rebuilding with month=None gives the same
    table as refreshing month by month in order.

    Each month is written in its own transaction (inside the caller's when there is one: payment_post
    refreshes within the payment's). A rebuild stopped halfway leaves every month it finished right
    as of `on`; running it again completes it. Refresh months in order, oldest first: a BPU month's
    lapse reads the three months before it from the table.
    """
    on = on or timezone.localdate()
    progress = progress or Progress()
    ids = None if memberships is None else sorted({int(m) for m in memberships})
    if ids is not None and not ids:
        return 0
    chunks: list[list[int] | None] = [None] if ids is None else [list(c) for c in _batched(iter(ids), CHUNK)]
    months = _months(month, ids)
    progress.start(len(months) * len(chunks), "coverage status")
    written = 0
    for m in months:
        with transaction.atomic():  # one month at a time: a long rebuild holds no month's rows for long
            for chunk in chunks:
                written += _refresh_month(m, on, chunk)
        progress.advance(len(chunks), f"{m:%Y-%m}")
    progress.finish()
    for hook in REFRESHED_HOOKS:
        hook(months=months, memberships=ids, actor=actor)
    if ids is None or actor is not None:  # a rebuild is worth an audit event; payments have their own
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="coverage_status.refresh",
                object_type="billing.coveragemonth",
                after={
                    "month": month,
                    "months": len(months),
                    "memberships": None if ids is None else len(ids),
                    "on": on,
                    "written": written,
                },
            )
    return written


def memberships_of_invoices(invoice_ids: Iterable[int]) -> list[int]:
    """The memberships billed on these invoices (what a payment on them changes)."""
    return list(
        InvoiceLine.objects.filter(invoice_id__in=list(invoice_ids), membership__isnull=False)
        .order_by()
        .values_list("membership_id", flat=True)
        .distinct()
    )
