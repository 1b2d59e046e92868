"""Billing foundations at the scale of a month (1,000,000 lines on PostgreSQL): payers and invoices
created set-based, lines written the way the billing run will (COPY into a staging table, then one
`INSERT … SELECT … ON CONFLICT DO NOTHING` joined to the open invoices), totals and due dates
refreshed, credit applied, and single payments posted.

Baseline for the line write: the same INSERT … SELECT into a bare copy of the line table (no
indexes, no constraints), in the same run — the ratio is what the idempotency key, the foreign keys
and the checks cost. The data made here is deleted at the end (other benchmarks share the database).
"""

from __future__ import annotations

import datetime as dt
import time

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
from bench.generate import employers_and_people

MONTH = dt.date(2025, 6, 1)
PER_EMPLOYER = 20


def _generate(cur, n: int, tag: str) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    emp, per = employers_and_people(cur, n, tag, PER_EMPLOYER)
    employers = max(1, n // PER_EMPLOYER)
    cur.execute(
        """insert into registry_membership (person_id, segment, jkk, jkm, jht, jp, jkp, valid_from, wage,
               employer_id, payer_kind, sector, end_reason, created_at)
           select p.id, 'PU', true, true, true, true, false, date '2020-01-01',
                  5000000 + (p.id %% 100) * 10000, %s + least((p.id - %s) / %s, %s - 1), 'employer', '', '',
                  now()
           from registry_person p where p.id between %s and %s""",
        (emp[0], per[0], PER_EMPLOYER, employers, per[0], per[1]),
    )
    cur.execute("select min(id), max(id) from registry_membership where person_id between %s and %s", per)
    return emp, per, cur.fetchone()


STAGE_COLUMNS = ", ".join(
    (
        "membership_id",
        "person_id",
        "employer_id",
        "programme",
        "contribution_month",
        "base",
        "employer",
        "amount",
        "facts",
        "parameters",
    )
)


def _copy_lines(cur, mem: tuple[int, int]) -> None:
    """COPY one JKM line per membership (0.30 % of the wage) into a staging table, streamed in
    batches of memberships so memory stays flat."""
    cur.execute(
        "create temp table line_stage (membership_id bigint, person_id bigint, employer_id bigint,"
        " programme text, contribution_month date, base bigint, employer bigint, amount bigint, facts jsonb,"
        " parameters jsonb) on commit drop"
    )
    import psycopg

    reader = psycopg.connect(cur.connection.info.dsn)  # a second connection: this one is busy with COPY
    with reader, reader.cursor() as read, cur.copy(f"copy line_stage ({STAGE_COLUMNS}) from stdin") as copy:
        for start in range(mem[0], mem[1] + 1, 50_000):
            read.execute(
                "select id, person_id, employer_id, wage from registry_membership where id between %s and %s",
                (start, min(start + 49_999, mem[1])),
            )
            for mid, pid, eid, wage in read:
                jkm = (wage * 3 + 500) // 1000
                facts = f'{{"wage": {wage}}}'
                copy.write_row((mid, pid, eid, "JKM", MONTH, wage, jkm, jkm, facts, '{"jkm_rate": "0.003"}'))


INSERT_SELECT = """
    insert into {table} (invoice_id, membership_id, person_id, programme, kind, contribution_month, revision,
                         base, employer, worker, government, sponsor, amount, facts, parameters)
    select i.id, s.membership_id, s.person_id, s.programme, 'contribution', s.contribution_month, 0, s.base,
           s.employer, 0, 0, 0, s.amount, s.facts, s.parameters
    from line_stage s
    join billing_payer p on p.kind = 'employer' and p.project_id is null and p.employer_id = s.employer_id
    join billing_invoice i on i.payer_id = p.id and i.month = s.contribution_month
                          and i.allocated = 0 and i.status <> 'cancelled'
    {conflict}
"""


def run(ctx: Context) -> list[Result]:
    setup_django(ctx)
    from django.db import connection, transaction

    from lindung.billing.models import Invoice, Payer
    from lindung.billing.services.allocation import credits_apply
    from lindung.billing.services.invoice_sets import invoices_ensure, invoices_refresh
    from lindung.billing.services.payers import payers_ensure
    from lindung.billing.services.payments import payment_post
    from lindung.registry.models import Membership

    n = ctx.n(1_000_000)
    tag = f"B{int(time.time()) % 100000:05d}"
    out: list[Result] = []
    with transaction.atomic(), connection.cursor() as cur:
        emp, per, mem = _generate(cur, n, tag)
    analyze(*GENERATED_TABLES)
    members = Membership.objects.filter(pk__range=mem)
    payers = Payer.objects.filter(employer__id__range=emp, project__isnull=True)
    try:
        with timer() as t, transaction.atomic():
            payers_ensure(actor=None, memberships=members)
        out.append(result("billing.payers_ensure", t(), "s", note=f"{payers.count()} employer payers"))
        with timer() as t, transaction.atomic():
            invoices_ensure(payers=payers, month=MONTH)
        out.append(result("billing.invoices_ensure", t(), "s", note=f"{payers.count()} invoices"))

        with transaction.atomic(), connection.cursor() as cur:
            with timer() as t_copy:
                _copy_lines(cur.cursor, mem)
            cur.execute(
                "create temp table bare_line (like billing_invoiceline including defaults) on commit drop"
            )
            cur.execute("alter table bare_line alter column id drop not null")
            with timer() as t_bare:
                cur.execute(INSERT_SELECT.format(table="bare_line", conflict=""))
            with timer() as t_real:
                cur.execute(
                    INSERT_SELECT.format(table="billing_invoiceline", conflict="on conflict do nothing")
                )
            written = cur.rowcount
            with timer() as t_again:
                cur.execute(
                    INSERT_SELECT.format(table="billing_invoiceline", conflict="on conflict do nothing")
                )
            again = cur.rowcount
        rate = n / t_copy()
        out.append(result("billing.lines_copy_to_stage", rate, "rows/s", note=f"{n} rows"))
        out.append(
            result(
                "billing.lines_insert_select",
                t_real(),
                "s",
                baseline=t_bare(),
                note=f"{written} lines written; bare table as baseline",
            )
        )
        out.append(
            result("billing.lines_rerun_writes", again, "rows", target="<= 0", note=f"{t_again():.1f} s")
        )

        invoices = Invoice.objects.filter(payer__in=payers)
        with timer() as t, transaction.atomic():
            invoices_refresh(month=MONTH, invoices=invoices)
        out.append(
            result("billing.invoices_refresh", t(), "s", note=f"{invoices.count()} invoices, {n} lines")
        )

        with transaction.atomic(), connection.cursor() as cur:  # every tenth payer holds credit
            cur.execute(
                "update billing_payer set credit = 50000"
                " where employer_id between %s and %s and id %% 10 = 0",
                emp,
            )
        with timer() as t, transaction.atomic():
            applied = credits_apply(actor=None, payers=payers, on=MONTH)
        out.append(
            result(
                "billing.credits_apply",
                t(),
                "s",
                note=f"{applied.payers} payers, {applied.allocations} allocations",
            )
        )

        some = list(payers.order_by("id")[: ctx.n(2000)])
        with timer() as t:
            for i, payer in enumerate(some):
                payment_post(
                    actor=None,
                    payer=payer,
                    amount=100_000,
                    paid_on=dt.date(2025, 7, 10),
                    channel="BANK",
                    external_reference=f"{tag}-{i}",
                )
        out.append(result("billing.payment_post", len(some) / t(), "payments/s", note="one thread"))
        out.append(result("billing.peak_rss", peak_rss_mb(), "MB", target="< 1500"))
    finally:
        _cleanup(emp, per, mem)
    return out


def _cleanup(emp: tuple[int, int], per: tuple[int, int], mem: tuple[int, int]) -> None:
    from django.db import connection, transaction

    payers = "select id from billing_payer where employer_id between %s and %s"
    invoices = f"select id from billing_invoice where payer_id in ({payers})"
    with transaction.atomic(), connection.cursor() as cur:
        for sql, params in (
            (
                "delete from billing_jhtledgerentry where invoice_line_id in"
                f" (select id from billing_invoiceline where invoice_id in ({invoices}))",
                emp,
            ),
            ("delete from billing_coveragemonth where membership_id between %s and %s", mem),
            (f"delete from billing_allocation where invoice_id in ({invoices})", emp),
            (f"delete from billing_payment where payer_id in ({payers})", emp),
            ("delete from billing_invoiceline where membership_id between %s and %s", mem),
            (f"delete from billing_invoiceline where invoice_id in ({invoices})", emp),  # fines
            (f"delete from billing_invoice where payer_id in ({payers})", emp),
            ("delete from billing_payer where employer_id between %s and %s", emp),
            ("delete from registry_membership where id between %s and %s", mem),
            ("delete from registry_person where id between %s and %s", per),
            ("delete from registry_employer where id between %s and %s", emp),
        ):
            cur.execute(sql, params)
