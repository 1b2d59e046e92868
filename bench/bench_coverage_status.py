"""Coverage status for one month of 1,000,000 memberships on PostgreSQL.

Made the way `bench_billing_core` makes a month (employers of 20 PU workers, one JKM line per
membership, COPY into a staging table then INSERT … SELECT), every tenth payer's credit pays its
invoice. Then:
- `coverage_status_refresh(month=…)` the first time (1,000,000 rows inserted), timed against a
  baseline in the same run: the same derivation as a bare `INSERT … SELECT` into an unindexed copy
  of the table (no upsert, no previous months) — the ratio is what the upsert and the table's
  constraints and indexes cost;
- the refresh again (nothing changes: 0 rows written);
- `protected_count_on` for the day, and the plan PostgreSQL chooses for it.
The data made here is deleted at the end (other benchmarks share the database).

Measured 27 Nov 2026 at BENCH_SCALE=0.1 (100,000 memberships; 2 CPUs shared with other work, load
about 9): first refresh 10.5 s (9,500 rows/s) against 2.4 s for the bare insert (ratio 4.4, the
target of 3 not met); rerun 0 rows written; protected_count_on 1.6 s over 1.1 million memberships
(hash semi-join of the month's protected rows); peak 114 MB. The full 1,000,000 run did not finish
in the time left on that machine.
"""

from __future__ import annotations

import datetime as dt
import time

from bench.bench_billing_core import INSERT_SELECT, MONTH, _cleanup, _copy_lines, _generate
from bench.framework import (
    GENERATED_TABLES,
    Context,
    Result,
    analyze,
    peak_rss_mb,
    result,
    setup_django,
    timer,
)

ON = dt.date(2025, 7, 20)  # June PU lines are due on 15 July: unpaid ones are in grace

BARE = """
    insert into bare_coverage (membership_id, month, status, updated_at)
    select l.membership_id, %(month)s,
           case when max(case when i.total <= coalesce(
                    (select sum(a.amount) from billing_allocation a
                      where a.invoice_id = i.id and a.allocated_on <= %(on)s), 0) then 0 else 1 end) = 0
                then 'paid' when min(i.due_date) >= %(on)s then 'due' else 'grace' end,
           now()
      from billing_invoiceline l join billing_invoice i on i.id = l.invoice_id
     where l.contribution_month = %(month)s and l.membership_id is not null and i.status <> 'cancelled'
     group by l.membership_id
"""


def run(ctx: Context) -> list[Result]:
    setup_django(ctx)
    from django.db import connection, transaction

    from lindung.billing.models import CoverageMonth, Invoice, Payer
    from lindung.billing.protection import protected_count_on, protected_on
    from lindung.billing.services.allocation import credits_apply
    from lindung.billing.services.coverage_status import coverage_status_refresh
    from lindung.billing.services.invoice_sets import invoices_ensure, invoices_refresh
    from lindung.billing.services.payers import payers_ensure
    from lindung.registry.models import Membership

    n = ctx.n(1_000_000)
    tag = f"C{int(time.time()) % 100000:05d}"
    out: list[Result] = []
    with transaction.atomic(), connection.cursor() as cur:
        emp, per, mem = _generate(cur, n, tag)
    analyze(*GENERATED_TABLES)
    members = Membership.objects.filter(pk__range=mem)
    payers = Payer.objects.filter(employer__id__range=emp, project__isnull=True)
    try:
        with transaction.atomic():
            payers_ensure(actor=None, memberships=members)
        analyze("billing_payer")
        with transaction.atomic():
            invoices_ensure(payers=payers, month=MONTH)
        with transaction.atomic(), connection.cursor() as cur:
            _copy_lines(cur.cursor, mem)
            cur.execute(INSERT_SELECT.format(table="billing_invoiceline", conflict="on conflict do nothing"))
        with transaction.atomic():
            invoices_refresh(month=MONTH, invoices=Invoice.objects.filter(payer__in=payers))
        with transaction.atomic(), connection.cursor() as cur:  # every tenth payer pays by credit
            cur.execute(
                "update billing_payer set credit = 10000000"
                " where employer_id between %s and %s and id %% 10 = 0",
                emp,
            )
        with transaction.atomic():
            credits_apply(actor=None, payers=payers, on=dt.date(2025, 7, 10))
        analyze("registry_membership", "billing_payer", "billing_invoice", "billing_invoiceline")

        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(
                "create temp table bare_coverage (membership_id bigint, month date, status varchar(8),"
                " updated_at timestamptz) on commit drop"
            )
            with timer() as t_bare:
                cur.execute(BARE, {"month": MONTH, "on": ON})
            bare_rows = cur.rowcount
        with timer() as t_first:
            written = coverage_status_refresh(month=MONTH, on=ON)
        with timer() as t_again:
            again = coverage_status_refresh(month=MONTH, on=ON)
        paid = CoverageMonth.objects.filter(membership__id__range=mem, status="paid").count()
        out.append(
            result(
                "coverage.refresh_month",
                t_first(),
                "s",
                baseline=t_bare(),
                target="<= 3",
                note=f"{written} rows, {paid} paid; bare insert {bare_rows} rows",
            )
        )
        out.append(result("coverage.refresh_rows_per_s", n / t_first(), "rows/s"))
        out.append(
            result("coverage.refresh_rerun_writes", again, "rows", target="<= 0", note=f"{t_again():.1f} s")
        )
        analyze("billing_coveragemonth")
        day = dt.date(2025, 6, 20)
        with timer() as t_count:
            count = protected_count_on(day, region="1507", by="workplace")
        out.append(result("coverage.protected_count_on", t_count(), "s", note=f"{count} protected in 1507"))
        qs = protected_on(day, region="1507", by="workplace")
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute(f"explain {sql.replace('SELECT', 'SELECT COUNT(*) FROM (SELECT', 1)}) q", params)
            plan = "\n".join(row[0] for row in cur.fetchall())
        ctx.notes.append(plan)
        print(plan)
        out.append(result("coverage.peak_rss", peak_rss_mb(), "MB", target="< 1500"))
    finally:
        _cleanup(emp, per, mem)
    return out
