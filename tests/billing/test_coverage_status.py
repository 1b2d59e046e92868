"""Coverage status per membership and month (regulation.md §3.10 due dates, §4 BPU lapse).

Dates worked by hand:
- PU January 2025 is due on the 15th of February, a Saturday → Monday 17 February 2025.
  Grace (parameter coverage.grace_months, PU 3) runs to 17 May 2025; from 18 May it is unpaid.
- BPU months are due on the 15th of the month itself; BPU has no grace (BPU 0).
- BPU package at Rp1,000,000 declared income: JKK 1 % = 10,000, JKM 6,800 → 16,800 (§3.6, E15).
"""

import datetime as dt

import pytest

from lindung.billing.models import CoverageMonth
from lindung.billing.services.coverage_status import (
    coverage_status_refresh,
    derive_status,
    grace_months,
)
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from tests.billing.conftest import BPU_MONTHS, bpu_lines

JAN = dt.date(2025, 1, 1)


def status_of(membership, month):
    return CoverageMonth.objects.get(membership=membership, month=month).status


def statuses(membership):
    return dict(
        CoverageMonth.objects.filter(membership=membership).order_by("month").values_list("month", "status")
    )


def test_grace_is_a_dated_parameter():
    assert grace_months(dt.date(2025, 6, 1)) == {"PU": 3, "BPU": 0, "JAKON": 3, "PMI": 0}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2025, 2, 1), "due"),  # billed, before the due date
        (dt.date(2025, 2, 17), "due"),  # on the due date itself
        (dt.date(2025, 2, 18), "grace"),  # the day after
        (dt.date(2025, 5, 17), "grace"),  # 17 Feb + 3 months, last day of grace
        (dt.date(2025, 5, 18), "unpaid"),
    ],
)
def test_pu_month_due_grace_unpaid(pu, on, expected):
    m, _, invoice = pu
    assert invoice.due_date == dt.date(2025, 2, 17)
    coverage_status_refresh(month=JAN, on=on)
    assert status_of(m, JAN) == expected


def test_pu_month_paid_from_the_day_of_the_allocation(pu):
    m, payer, _ = pu
    payment_post(
        actor=None,
        payer=payer,
        amount=30_000,
        paid_on=dt.date(2025, 6, 3),
        channel="BANK",
        external_reference="P1",
    )
    assert status_of(m, JAN) == "paid"  # refreshed by payment_post itself
    coverage_status_refresh(month=JAN, on=dt.date(2025, 6, 2))  # the day before the payment
    assert status_of(m, JAN) == "unpaid"
    coverage_status_refresh(month=JAN, on=dt.date(2025, 6, 3))
    assert status_of(m, JAN) == "paid"


def test_part_paid_month_is_not_paid(pu):
    m, payer, _ = pu
    payment_post(
        actor=None,
        payer=payer,
        amount=29_999,
        paid_on=dt.date(2025, 2, 10),
        channel="BANK",
        external_reference="P2",
    )
    coverage_status_refresh(month=JAN, on=dt.date(2025, 2, 18))
    assert status_of(m, JAN) == "grace"


def test_bpu_lapses_after_more_than_three_unpaid_months(bpu):
    m, _, _ = bpu
    coverage_status_refresh(on=dt.date(2025, 7, 1))
    # Jan, Feb, Mar unpaid (each past its 15th, no grace); April is the fourth consecutive unpaid
    # month → lapsed; May and June stay lapsed.
    assert list(statuses(m).values()) == ["unpaid", "unpaid", "unpaid", "lapsed", "lapsed", "lapsed"]


def test_a_lapsed_bpu_is_not_protected_by_a_month_not_yet_due(bpu):
    m, _, _ = bpu
    coverage_status_refresh(on=dt.date(2025, 6, 10))  # June billed, due on 15 June
    assert status_of(m, dt.date(2025, 6, 1)) == "lapsed"  # May lapsed: lapsed until paid


def test_three_unpaid_months_do_not_lapse(bpu):
    m, _, _ = bpu
    coverage_status_refresh(on=dt.date(2025, 4, 10))  # April not yet due
    s = statuses(m)
    assert [s[d] for d in BPU_MONTHS[:4]] == ["unpaid", "unpaid", "unpaid", "due"]


def test_bpu_reactivated_by_paying_on(bpu):
    m, payer, invoices = bpu
    june = invoices[dt.date(2025, 6, 1)]
    payment_post(
        actor=None,
        payer=payer,
        amount=16_800,
        paid_on=dt.date(2025, 6, 12),
        channel="VA",
        external_reference="SRI-JUNE",
        invoice=june,
    )
    july = dt.date(2025, 7, 1)
    invoice_issue(actor=None, payer=payer, month=july, lines=bpu_lines(m, july))
    coverage_status_refresh(on=dt.date(2025, 7, 10))
    s = statuses(m)
    assert [s[d] for d in BPU_MONTHS] == ["unpaid", "unpaid", "unpaid", "lapsed", "lapsed", "paid"]
    assert s[july] == "due"  # after a paid month the next derives afresh: active again


def test_paying_the_arrears_undoes_the_lapse(bpu):
    m, payer, _ = bpu
    # 16,800 × 2 on 20 June pays January and February (oldest first); March – June unpaid, and
    # March, April, May unpaid make June only the fourth → June lapsed, May not.
    payment_post(
        actor=None,
        payer=payer,
        amount=33_600,
        paid_on=dt.date(2025, 6, 20),
        channel="VA",
        external_reference="SRI-2",
    )
    coverage_status_refresh(on=dt.date(2025, 7, 1))
    s = statuses(m)
    assert [s[d] for d in BPU_MONTHS] == ["paid", "paid", "unpaid", "unpaid", "unpaid", "lapsed"]


def test_refresh_is_idempotent_and_a_rebuild_equals_refreshing_month_by_month(bpu, pu):
    on = dt.date(2025, 7, 1)
    for month in BPU_MONTHS:
        coverage_status_refresh(month=month, on=on)
    incremental = set(CoverageMonth.objects.values_list("membership_id", "month", "status"))
    assert coverage_status_refresh(on=on) == 0  # nothing changes a second time
    CoverageMonth.objects.all().delete()
    assert coverage_status_refresh(on=on) == 7  # six BPU months and one PU month
    assert set(CoverageMonth.objects.values_list("membership_id", "month", "status")) == incremental


def test_rows_without_lines_are_left_alone(bpu):
    m, _, _ = bpu
    imported = dt.date(2024, 12, 1)  # a status carried over from the previous system, no lines
    CoverageMonth.objects.create(membership=m, month=imported, status="paid")
    coverage_status_refresh(on=dt.date(2025, 7, 1))
    coverage_status_refresh(month=imported, on=dt.date(2025, 7, 1))
    assert status_of(m, imported) == "paid"


def test_only_the_memberships_asked_for(bpu, pu):
    b, _, _ = bpu
    p, _, _ = pu
    CoverageMonth.objects.all().delete()
    coverage_status_refresh(memberships=[b.pk], on=dt.date(2025, 7, 1))
    assert CoverageMonth.objects.filter(membership=b).count() == 6
    assert not CoverageMonth.objects.filter(membership=p).exists()


@pytest.mark.parametrize(
    ("segment", "settled", "due", "on", "grace", "previous", "expected"),
    [
        ("PU", True, dt.date(2025, 2, 17), dt.date(2025, 9, 1), 3, (), "paid"),
        ("PU", False, dt.date(2025, 2, 17), dt.date(2025, 2, 17), 3, (), "due"),
        ("PU", False, dt.date(2025, 2, 17), dt.date(2025, 5, 17), 3, (), "grace"),
        ("PU", False, dt.date(2025, 2, 17), dt.date(2025, 5, 18), 3, (), "unpaid"),
        (
            "PU",
            False,
            dt.date(2025, 2, 17),
            dt.date(2025, 9, 1),
            3,
            ("unpaid",) * 3,
            "unpaid",
        ),  # PU never lapses
        ("BPU", False, dt.date(2025, 4, 15), dt.date(2025, 4, 16), 0, ("unpaid",) * 3, "lapsed"),
        ("BPU", False, dt.date(2025, 4, 15), dt.date(2025, 4, 16), 0, ("unpaid", "unpaid", "paid"), "unpaid"),
        ("BPU", False, dt.date(2025, 5, 15), dt.date(2025, 5, 1), 0, ("lapsed",), "lapsed"),
        ("BPU", True, dt.date(2025, 5, 15), dt.date(2025, 5, 1), 0, ("lapsed",), "paid"),
    ],
)
def test_derive_status_rule(segment, settled, due, on, grace, previous, expected):
    assert (
        derive_status(segment=segment, settled=settled, due=due, on=on, grace=grace, previous=previous)
        == expected
    )


def test_command_refreshes_a_month_and_all(bpu, capsys):
    from django.core.management import call_command

    m, _, _ = bpu
    CoverageMonth.objects.all().delete()
    call_command("coverage_status", "refresh", "--month", "2025-02", "--on", "2025-07-01")
    assert list(statuses(m).values()) == ["unpaid"]
    call_command("coverage_status", "refresh", "--all", "--on", "2025-07-01")
    assert "lapsed" in statuses(m).values()
    assert "rows written or changed" in capsys.readouterr().out


def test_command_refuses_a_bad_month(db):
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exc:
        call_command("coverage_status", "refresh", "--month", "2025-13")
    assert exc.value.code == 2


def test_statement_import_refreshes_the_memberships_it_paid(bpu):
    from lindung.billing.services.statements import statement_import

    m, _, invoices = bpu
    june = invoices[dt.date(2025, 6, 1)]
    text = f"Tanggal;Keterangan;VA;Referensi;Jumlah\r\n12/06/2025;Bayar {june.number};;BNK-J;16.800\r\n"
    report = statement_import(actor=None, file=text.encode(), channel="BANK")
    assert len(report.matched) == 1
    assert status_of(m, dt.date(2025, 6, 1)) == "paid"  # refreshed once, after the rows were posted
    assert status_of(m, dt.date(2025, 1, 1)) == "unpaid"
