"""Several threads posting for one payer at once never lose nor double-apply money.

PostgreSQL only: the test database for SQLite is an in-memory shared-cache database whose table
locks fail at once (SQLITE_LOCKED) instead of waiting, so concurrent writers cannot be exercised
there; production runs on PostgreSQL, where the payer row lock serialises them."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from lindung.billing.models import Allocation, Invoice, Payment
from lindung.billing.selectors import credit_mismatches, invoice_mismatches
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from tests.billing.conftest import World, line

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def test_threads_posting_for_one_payer(transactional_db, regions):
    world = World()
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    for month, amount in (
        (dt.date(2025, 4, 1), 100_000),
        (dt.date(2025, 5, 1), 200_000),
        (dt.date(2025, 6, 1), 300_000),
    ):
        invoice_issue(actor=None, payer=payer, month=month, lines=[line(m, "JKM", month, employer=amount)])
    # 10 threads: 8 distinct references and 2 posting the same "DUP" at once, 100,000 each
    refs = [f"T-{i}" for i in range(8)] + ["DUP", "DUP"]
    barrier = threading.Barrier(len(refs))
    errors: list[BaseException] = []

    def worker(ref: str) -> None:
        try:
            barrier.wait()
            payment_post(
                actor=None,
                payer=payer,
                amount=100_000,
                paid_on=dt.date(2025, 7, 10),
                channel="BANK",
                external_reference=ref,
            )
        except BaseException as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(r,)) for r in refs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    # 9 payments of 100,000 = 900,000; invoices 100,000 + 200,000 + 300,000 = 600,000 → 300,000 credit
    assert Payment.objects.count() == 9
    assert sum(Allocation.objects.values_list("amount", flat=True)) == 600_000
    assert set(Invoice.objects.values_list("status", flat=True)) == {"paid"}
    payer.refresh_from_db()
    assert payer.credit == 300_000
    assert not credit_mismatches().exists() and not invoice_mismatches().exists()


def test_a_month_being_billed_refuses_a_second_run(world):
    """A second run of a month while another session holds it is refused with a clear error,
    writing nothing; other months are not held, and the month can be billed once it is let go."""
    import psycopg

    from lindung.billing.models import BillingRun
    from lindung.billing.services.billing_run import LOCK_CLASS, billing_run
    from lindung.errors import Conflict

    world.pu_worker(world.employer())
    june, july = dt.date(2025, 6, 1), dt.date(2025, 7, 1)
    s = connection.settings_dict
    other = psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        dbname=s["NAME"],
        autocommit=True,
    )
    try:
        other.execute("select pg_advisory_lock(%s, %s)", (LOCK_CLASS, 202506))
        with pytest.raises(Conflict, match="2025-06 is being billed now; start again"):
            billing_run(actor=None, month=june)
        assert not BillingRun.objects.filter(month=june).exists()
        assert billing_run(actor=None, month=july).counts["contribution_lines"] == 4
        other.execute("select pg_advisory_unlock(%s, %s)", (LOCK_CLASS, 202506))
    finally:
        other.close()
    # one PU worker holding JKK, JKM, JHT and JP: one line per programme
    assert billing_run(actor=None, month=june).counts["contribution_lines"] == 4
