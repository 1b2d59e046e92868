"""Facts changed after their month was billed come back as adjustment lines on the next bill, never
as an edit of a billed line. Wage 10,000,000, class III (regulation.md E07): JKK 89,000; JKM 30,000;
JHT 370,000 + 200,000; JP 200,000 + 100,000 = 989,000 a month (JP cap 10,547,400 from March 2025)."""

from __future__ import annotations

import datetime as dt

from lindung.billing.models import Invoice, InvoiceLine
from lindung.billing.selectors import invoice_mismatches
from lindung.billing.services.billing_run import billing_run
from lindung.billing.services.payments import payment_post
from lindung.registry.services.memberships import membership_change, membership_end

MAY, JUNE, JULY = dt.date(2025, 5, 1), dt.date(2025, 6, 1), dt.date(2025, 7, 1)
# JKP comes with PU cover (the registry requires it): its line carries only the government's share
# (paid from the state budget), so every line's amount below is employer + worker and JKP's is 0
WITH_JKP = ("JKK", "JKM", "JHT", "JP", "JKP")


def adjustments(month=JULY):
    return {
        (ln.membership_id, ln.programme, ln.contribution_month, ln.revision): ln.employer + ln.worker
        for ln in InvoiceLine.objects.filter(invoice__month=month, kind="adjustment")
    }


def billed(*months):
    for month in months:
        billing_run(actor=None, month=month)


def test_a_back_dated_wage_reverses_the_closed_version_and_bills_the_new_one(world, users):
    ani = world.membership(world.person("Ani"), employer=world.employer("PT A"), programmes=WITH_JKP)
    billed(MAY, JUNE)
    before = list(InvoiceLine.objects.order_by("id").values_list("id", "amount"))
    raised = membership_change(actor=users.admin(), membership=ani, effective=JUNE, wage=12_000_000)
    result = billing_run(actor=None, month=JULY)
    assert adjustments() == {
        # June's lines of the closed version, reversed (revision 1 of each key)
        (ani.pk, "JKK", JUNE, 1): -89_000,
        (ani.pk, "JKM", JUNE, 1): -30_000,
        (ani.pk, "JHT", JUNE, 1): -570_000,
        (ani.pk, "JP", JUNE, 1): -300_000,
        (ani.pk, "JKP", JUNE, 1): 0,
        # June for the new version on 12,000,000: 0.89 % = 106,800; 0.30 % = 36,000;
        # 5.7 % = 684,000; JP on the cap 10,547,400: 3 % = 210,948 + 105,474 = 316,422
        (raised.pk, "JKK", JUNE, 1): 106_800,
        (raised.pk, "JKM", JUNE, 1): 36_000,
        (raised.pk, "JHT", JUNE, 1): 684_000,
        (raised.pk, "JP", JUNE, 1): 316_422,
        (raised.pk, "JKP", JUNE, 1): 0,
    }
    # May is untouched; the bill for July: July's 1,143,222 + the June difference 154,222, and the
    # fines on the unpaid May and June bills (2 % × 989,000 = 19,780 each: May's second month of
    # delay, June's first; test_billing_fines works them)
    july = Invoice.objects.get(month=JULY)
    assert july.total == 1_143_222 + (1_143_222 - 989_000) + 2 * 19_780
    assert result.counts["adjustment_lines"] == 10 and result.counts["months_rechecked"] == [
        "2025-05",
        "2025-06",
    ]
    assert (
        list(
            InvoiceLine.objects.filter(id__in=[i for i, _ in before])
            .order_by("id")
            .values_list("id", "amount")
        )
        == before
    )
    adjusted = InvoiceLine.objects.get(membership=raised, programme="JKK", kind="adjustment")
    assert adjusted.facts["wage"] == 12_000_000 and adjusted.facts["adjusts"] == {"billed": 0, "now": 106_800}

    again = billing_run(actor=None, month=JULY)  # nothing new
    assert again.counts["adjustment_lines"] == 0 and len(adjustments()) == 10
    assert not invoice_mismatches().exists()


def test_programmes_changed_with_a_back_date(world, users):
    ani = world.membership(
        world.person("Ani"), employer=world.employer("PT A", size="kecil"), programmes=WITH_JKP
    )
    billed(JUNE)
    without_jp = membership_change(
        actor=users.admin(), membership=ani, effective=JUNE, programmes=("JKK", "JKM", "JHT", "JKP")
    )
    billing_run(actor=None, month=JULY)
    got = adjustments()
    assert sum(got.values()) == -300_000  # JP 200,000 + 100,000 no longer due for June
    assert (without_jp.pk, "JP", JUNE, 1) not in got and got[(ani.pk, "JP", JUNE, 1)] == -300_000


def test_a_back_dated_end_reverses_the_months_after_it(world, users):
    firm = world.employer("PT A")
    world.pu_worker(firm, "Ani")
    budi = world.membership(world.person("Budi"), employer=firm, wage=5_000_000)
    billed(MAY, JUNE)
    membership_end(actor=users.admin(), membership=budi, end=JUNE, reason="resigned")
    billing_run(actor=None, month=JULY)
    # June for Budi on 5,000,000: 44,500 + 15,000 + 285,000 + 150,000 = 494,500, reversed
    assert adjustments() == {
        (budi.pk, "JKK", JUNE, 1): -44_500,
        (budi.pk, "JKM", JUNE, 1): -15_000,
        (budi.pk, "JHT", JUNE, 1): -285_000,
        (budi.pk, "JP", JUNE, 1): -150_000,
    }
    assert not InvoiceLine.objects.filter(membership=budi, contribution_month=JULY).exists()


def test_a_back_dated_enrolment_bills_the_months_never_billed(world):
    firm = world.employer("PT A")
    world.pu_worker(firm, "Ani")
    billed(MAY, JUNE)
    citra = world.membership(world.person("Citra"), "PU", employer=firm, start=MAY)  # 10,000,000
    billing_run(actor=None, month=JULY)
    got = adjustments()
    assert sum(v for (m, _, month, _), v in got.items() if month == MAY) == 989_000
    assert sum(v for (m, _, month, _), v in got.items() if month == JUNE) == 989_000
    assert {m for m, *_ in got} == {citra.pk}
    assert (
        InvoiceLine.objects.filter(membership=citra, contribution_month=JULY, kind="contribution").count()
        == 4
    )


def test_lines_for_a_paid_invoice_wait_for_the_next_bill(world):
    firm = world.employer("PT A")
    ani = world.pu_worker(firm, "Ani")
    billed(JUNE)
    payer = world.payer(ani)
    june = Invoice.objects.get(month=JUNE)
    payment_post(
        actor=None,
        payer=payer,
        amount=989_000,
        paid_on=dt.date(2025, 7, 10),
        channel="BANK",
        external_reference="J1",
    )
    citra = world.membership(world.person("Citra"), "PU", employer=firm, start=JUNE)
    again = billing_run(actor=None, month=JUNE)
    assert again.counts["deferred"] == 4 and again.counts["contribution_lines"] == 0
    june.refresh_from_db()
    assert (june.total, june.status) == (989_000, "paid")  # an invoice with money on it stands
    billing_run(actor=None, month=JULY)
    assert sum(adjustments().values()) == 989_000 and {m for m, *_ in adjustments()} == {citra.pk}


def test_months_never_billed_by_a_run_are_not_looked_back(world):
    world.pu_worker(world.employer("PT A"), "Ani")
    result = billing_run(actor=None, month=JULY)
    assert result.counts["months_rechecked"] == [] and not adjustments()
