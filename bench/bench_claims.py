"""Claims at the scale of a province's pension payroll: the JP monthly payroll for 20,000 pensions
(a first run catching up twelve months, then a month, then a repeat that creates nothing), and a bank
payment file taking every payment due (one UPDATE).

Baseline: the same number of payment rows written by one `INSERT … SELECT` from generate_series into
a bare copy of the payment table (no indexes or constraints) in the same run — the ratio is what
building the rows in Python (batches of 2,000 claims, `bulk_create … ignore_conflicts`, portable to
SQLite), the unique key and the checks cost. A PostgreSQL-only `INSERT … SELECT` with
generate_series would close most of that gap if pensions ever number in the hundreds of thousands.
The data made here is deleted at the end.
"""

from __future__ import annotations

import datetime as dt

from bench.framework import Context, Result, peak_rss_mb, result, setup_django, timer

START = dt.date(2026, 1, 1)
MONTHLY = 750_000


def _generate(cur, n: int, tag: str) -> tuple[int, int]:
    cur.execute(
        """insert into registry_person (nik, name, name_normalized, birth_date, sex, phone, created_at,
               updated_at)
           select %s || lpad(g::text, 10, '0'), 'Pensiunan ' || g, 'PENSIUNAN ' || g, date '1966-01-01', 'M',
                  '', now(), now()
           from generate_series(1, %s) g""",
        (tag, n),
    )
    cur.execute("select min(id), max(id) from registry_person where nik like %s", (tag + "%",))
    people = cur.fetchone()
    cur.execute(
        """insert into claims_claim (number, person_id, programme, kind, status, received_on, facts,
               region_code, payee_name, payee_bank, payee_account, assessment, eligible, total, monthly,
               employer_first, rejection_reason, stop_reason, created_at, updated_at, approved_on)
           select 'BN-' || p.id, p.id, 'JP', 'jp_old_age', 'approved', date '2026-01-05', '{}'::jsonb, '1507',
                  p.name, 'BRI', '0020' || lpad(p.id::text, 10, '0'),
                  jsonb_build_object('monthly_from', %s::text), true, 0, %s, false, '', '', now(), now(),
                  date '2026-01-05'
           from registry_person p where p.id between %s and %s""",
        (START.isoformat(), MONTHLY, *people),
    )
    return people


def _cleanup(cur, people: tuple[int, int], batches: list[int]) -> None:
    claims = "select id from claims_claim where person_id between %s and %s"
    cur.execute(f"update claims_benefitpayment set batch_id = null where claim_id in ({claims})", people)
    cur.execute(f"delete from claims_benefitpayment where claim_id in ({claims})", people)
    cur.execute(
        "delete from claims_paymentbatch where count >= 0 and number like 'BF-%%' and due_by = %s",
        (dt.date(2026, 12, 31),),
    )
    cur.execute("delete from claims_claim where person_id between %s and %s", people)
    cur.execute("delete from registry_person where id between %s and %s", people)


def _baseline(cur, rows: int) -> float:
    cur.execute(
        "create temp table payment_copy (like claims_benefitpayment including defaults) on commit drop"
    )
    with timer() as elapsed:
        cur.execute(
            """insert into payment_copy (id, claim_id, item, sequence, period, amount, due_on, status,
                   payee_name, payee_bank, payee_account, bank_reference, failure_reason, note, created_at)
               select g, g / 12, 'jp_month', g %% 12 + 1, date '2026-01-01', %s, date '2026-01-01',
                      'scheduled', '', '', '', '', '', '', now()
               from generate_series(1, %s) g""",
            (MONTHLY, rows),
        )
    return elapsed()


def run(ctx: Context) -> list[Result]:
    setup_django(ctx)
    from django.db import connection, transaction

    from lindung.accounts.models import User
    from lindung.claims.services.payments import payment_batch_create, pension_payroll_generate

    n = ctx.n(20_000)
    tag = "99"
    admin, _ = User.objects.get_or_create(username="bench-claims", defaults={"role": "admin"})
    with connection.cursor() as cur:
        people = _generate(cur, n, tag)
    batches: list[int] = []
    try:
        with timer() as first:
            created = pension_payroll_generate(actor=admin, month=dt.date(2026, 12, 1))
        with timer() as month:
            more = pension_payroll_generate(actor=admin, month=dt.date(2027, 1, 1))
        with timer() as repeat:
            none = pension_payroll_generate(actor=admin, month=dt.date(2027, 1, 1))
        with timer() as batch_time:
            batch = payment_batch_create(actor=admin, due_by=dt.date(2026, 12, 31))
        batches.append(batch.pk)
        with transaction.atomic(), connection.cursor() as cur:
            base = _baseline(cur, created)
        assert (created, more, none) == (12 * n, n, 0), (created, more, none)
        assert batch.count == 12 * n
    finally:
        with connection.cursor() as cur:
            _cleanup(cur, people, batches)
    rate = created / first()
    return [
        result(
            "claims.payroll_first_run",
            rate,
            "payments/s",
            baseline=created / base,
            note=f"{n} pensions x 12 months = {created} payments in {first():.1f} s",
        ),
        result("claims.payroll_month", month(), "s", target="< 120", note=f"{more} payments (one month)"),
        result("claims.payroll_repeat", repeat(), "s", target="< 30", note="a repeat run creates nothing"),
        result(
            "claims.bank_file",
            batch.count / batch_time(),
            "payments/s",
            note=f"{batch.count} payments into one file in {batch_time():.1f} s",
        ),
        result("claims.peak_rss", peak_rss_mb(), "MB", target="< 1500"),
    ]
