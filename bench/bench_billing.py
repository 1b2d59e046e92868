"""The monthly billing run at the scale of a province month: 1,000,000 PU memberships on PostgreSQL
(BENCH_SCALE shrinks it), against one hand-written `INSERT … SELECT` that computes the same lines
(JKK class III, JKM, JHT, JP with the wage cap, the June 2025 rates written into the statement) into
the same table and invoices, in the same run.

The hand-written statement runs first inside a transaction that is rolled back (its deferred
foreign keys checked in the statement, since the commit that would check them never comes; the
table is then vacuumed), so the billing run writes into the same empty table; the sums of both are
compared. Each timed step starts after a CHECKPOINT. The billing run's time is the whole run: payers
and invoices checked, memberships streamed in batches, the rules' batch path, COPY + INSERT … SELECT
per batch, invoice totals, due dates and statuses, the payers' credit, the run row; it is timed
without a look-back window, whose cost per month `billing.recheck_month` reports apart. Memory: a
250,000-membership month is billed first, then the 1,000,000 one; the process's peak RSS after each
is reported (flat = the second stays close to the first). Everything made here is deleted at the
end (other benchmarks share the database).
"""

from __future__ import annotations

import datetime as dt
import time

from bench.bench_billing_core import _cleanup
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

SMALL_MONTH, MONTH = dt.date(2025, 5, 1), dt.date(2025, 6, 1)
PER_EMPLOYER = 20


def _generate(cur, n: int, tag: str, month: dt.date, until: dt.date | None):
    """n PU memberships of people born 1990, 20 a employer (class III), wages 5,000,000 to
    14,900,000 (so a third are above the JP cap), valid in `month` (and to `until`)."""
    emp, per = employers_and_people(cur, n, tag, PER_EMPLOYER)
    employers = max(1, n // PER_EMPLOYER)
    cur.execute(
        """insert into registry_membership (person_id, segment, jkk, jkm, jht, jp, jkp, valid_from, valid_to,
               wage, employer_id, payer_kind, sector, end_reason, created_at)
           select p.id, 'PU', true, true, true, true, false, %s, %s,
                  5000000 + (p.id %% 100) * 100000, %s + least((p.id - %s) / %s, %s - 1), 'employer', '', '',
                  now()
           from registry_person p where p.id between %s and %s""",
        (month, until, emp[0], per[0], PER_EMPLOYER, employers, per[0], per[1]),
    )
    cur.execute("select min(id), max(id) from registry_membership where person_id between %s and %s", per)
    return emp, per, cur.fetchone()


# The same lines, written by hand: June 2025 rates (regulation.md §3.1, §3.3), rounded half up.
HAND_WRITTEN = """
    insert into billing_invoiceline (invoice_id, membership_id, person_id, programme, kind,
                                     contribution_month, revision, base, employer, worker, government,
                                     sponsor, amount, facts, parameters)
    select i.id, m.id, m.person_id, l.programme, 'contribution', %(month)s, 0, l.base, l.employer,
           l.worker, 0, 0, l.employer + l.worker,
           jsonb_build_object('segment', 'PU', 'wage', m.wage, 'risk_class', e.risk_class,
                              'labour_intensive', e.labour_intensive,
                              'programmes', jsonb_build_array('JKK', 'JKM', 'JHT', 'JP')),
           %(parameters)s::jsonb
    from registry_membership m
    join registry_employer e on e.id = m.employer_id
    join billing_payer p on p.kind = 'employer' and p.project_id is null and p.employer_id = m.employer_id
    join billing_invoice i on i.payer_id = p.id and i.month = %(month)s and i.allocated = 0
                          and i.status <> 'cancelled'
    cross join lateral (values
        ('JKK', m.wage, round(m.wage * 0.0089)::bigint, 0::bigint),
        ('JKM', m.wage, round(m.wage * 0.003)::bigint, 0::bigint),
        ('JHT', m.wage, round(m.wage * 0.037)::bigint, round(m.wage * 0.02)::bigint),
        ('JP', least(m.wage, 10547400), round(least(m.wage, 10547400) * 0.02)::bigint,
               round(least(m.wage, 10547400) * 0.01)::bigint)
    ) as l(programme, base, employer, worker)
    where m.id between %(low)s and %(high)s
    on conflict do nothing
"""


def _month_sums(cur, month: dt.date, mem: tuple[int, int]) -> tuple[int, int, int]:
    cur.execute(
        "select count(*), coalesce(sum(employer), 0), coalesce(sum(worker), 0) from billing_invoiceline"
        " where contribution_month = %s and membership_id between %s and %s",
        (month, *mem),
    )
    return tuple(cur.fetchone())


def run(ctx: Context) -> list[Result]:
    if not ctx.database_url.startswith("postgres"):
        return [result("billing.run", 0, "s", note="skipped: the billing benchmark needs PostgreSQL")]
    setup_django(ctx)
    import json

    from django.db import connection, transaction

    from lindung.billing.models import BillingRun, Payer
    from lindung.billing.services.billing_run import billing_run
    from lindung.billing.services.invoice_sets import invoices_ensure
    from lindung.billing.services.payers import payers_ensure
    from lindung.registry.models import Membership
    from lindung.rules.contributions.batch import contributions_batch

    n_small, n = ctx.n(250_000), ctx.n(1_000_000)
    tag = f"R{int(time.time()) % 10000:04d}"
    out: list[Result] = []
    made = []
    try:
        with transaction.atomic(), connection.cursor() as cur, timer() as t_gen:
            made.append(_generate(cur, n_small, tag + "S", SMALL_MONTH, MONTH))
            made.append(_generate(cur, n, tag + "L", MONTH, None))
        out.append(result("billing.population", t_gen(), "s", note=f"{n_small} + {n} memberships generated"))
        analyze(*GENERATED_TABLES)
        with connection.cursor() as cur:
            cur.execute("vacuum analyze billing_invoiceline")  # earlier runs' deleted lines

        # the 250,000 month first (memory), with its own baseline-free timing
        with timer() as t_small:
            small = billing_run(actor=None, month=SMALL_MONTH, lookback_months=0, refresh_coverage=False)
        rss_small = peak_rss_mb()
        out.append(
            result(
                "billing.run_250k",
                t_small(),
                "s",
                note=f"{small.counts['contribution_lines']} lines; peak RSS {rss_small:.0f} MB",
            )
        )

        # the hand-written statement for the big month, rolled back
        big = made[1]
        members = Membership.objects.filter(pk__range=big[2])
        with transaction.atomic():
            payers_ensure(actor=None, memberships=members)
            invoices_ensure(
                payers=Payer.objects.filter(employer__id__range=big[0], project__isnull=True), month=MONTH
            )
        parameters = json.dumps(
            contributions_batch(
                MONTH, segment="PU", columns={"wage": [5_000_000], "risk_class": ["III"]}
            ).parameters
        )
        hand_times = []
        for jit in ("on", "off"):  # the statement's best time, with PostgreSQL's JIT and without
            _checkpoint()
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(f"set local jit = {jit}")
                # the line table's foreign keys are deferred to commit, which a rolled-back
                # statement never reaches: checked in the statement, as the run's commits check them
                cur.execute("set constraints all immediate")
                with timer() as t_hand:
                    cur.execute(
                        HAND_WRITTEN,
                        {"month": MONTH, "parameters": parameters, "low": big[2][0], "high": big[2][1]},
                    )
                hand_times.append(t_hand())
                hand = _month_sums(cur, MONTH, big[2])
                transaction.set_rollback(True)
            with connection.cursor() as cur:
                cur.execute("vacuum analyze billing_invoiceline")
        hand_time = min(hand_times)

        _checkpoint()
        with timer() as t_run:
            done = billing_run(actor=None, month=MONTH, lookback_months=0, refresh_coverage=False)
        rss_big = peak_rss_mb()
        with connection.cursor() as cur:
            mine = _month_sums(cur, MONTH, big[2])
        same = "same lines and sums" if mine == hand else f"DIFFERENT: run {mine} vs hand-written {hand}"
        out.append(
            result(
                "billing.run_1m",
                t_run(),
                "s",
                baseline=hand_time,
                target="<= 1.5",
                note=(
                    f"{done.counts['contribution_lines']} lines vs one INSERT … SELECT (JIT on"
                    f" {hand_times[0]:.1f} s, off {hand_times[1]:.1f} s); {same}"
                ),
            )
        )
        out.append(
            result(
                "billing.run_1m_rate",
                done.counts["memberships"] / t_run(),
                "memberships/s",
                note=f"hand-written {n / hand_time:.0f} memberships/s",
            )
        )
        out.append(
            result(
                "billing.peak_rss_growth",
                rss_big / rss_small,
                "x",
                target="<= 1.25",
                note=f"peak RSS {rss_small:.0f} MB after {n_small}, {rss_big:.0f} MB after {n}",
            )
        )
        from lindung.billing.services.coverage_status import coverage_status_refresh

        with timer() as t_status:
            statuses = coverage_status_refresh(month=MONTH)
        out.append(
            result(
                "billing.coverage_status_1m",
                t_status(),
                "s",
                note=f"the month's coverage status after the run ({statuses} rows), not in the ratio above",
            )
        )
        with timer() as t_again:
            again = billing_run(actor=None, month=MONTH, lookback_months=0, refresh_coverage=False)
        out.append(
            result(
                "billing.rerun_writes",
                again.counts["contribution_lines"],
                "lines",
                target="<= 0",
                note=f"the same month again: {t_again():.1f} s",
            )
        )
        out.append(_recheck_month())
    finally:
        for emp, per, mem in made:
            _cleanup(emp, per, mem)
        BillingRun.objects.filter(month__in=(SMALL_MONTH, MONTH), region_code="").delete()
    return out


def _recheck_month() -> Result:
    """What one month of a run's look-back window costs: the month computed again from today's facts
    and compared with what was billed (`run.adjustments`); nothing changed, so nothing to bill."""
    from lindung.billing.run import adjustments, population
    from lindung.billing.services.billing_run import BATCH

    read = found = 0
    with timer() as t:
        rows = population.batches(population.in_region(population.billable(MONTH), None), BATCH)
        for lines, _problems, n in adjustments.month_adjustments(MONTH, None, rows):
            read += n
            found += len(lines)
    return result(
        "billing.recheck_month",
        t(),
        "s",
        note=(
            f"one month of the look-back window re-checked: {read} memberships, {found} adjustments;"
            " a run re-checks every billed month of its window (12 by default)"
        ),
    )


def _checkpoint() -> None:
    """Flush what the previous step wrote, so each timed step starts with clean buffers and pays
    for its own checkpoints (a month of lines is gigabytes of WAL, over the server's max_wal_size):
    otherwise whichever step runs second pays for the first one's writes."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("checkpoint")
