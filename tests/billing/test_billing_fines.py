"""Late-payment fines (regulation.md §4): 2 % per month of delay of the PU contribution due, 0.5 %
for contribution months August 2020 – January 2021 (PP 49/2020), none for BPU; a fine line of its
own on the next bill. Wage 10,000,000, class III (E07): 989,000 a month = JKK 89,000 + JKM 30,000
+ JHT 570,000 + JP 300,000."""

from __future__ import annotations

import datetime as dt

from lindung.billing.models import Invoice, InvoiceLine
from lindung.billing.run.fines import delay_starts, invoice_fines, unpaid_by_programme
from lindung.billing.services.billing_run import billing_run
from lindung.billing.services.payments import payment_post

JAN, FEB, MAR, APR = (dt.date(2025, m, 1) for m in (1, 2, 3, 4))


def fines_on(month):
    return {
        (ln.contribution_month, ln.programme, ln.revision): ln.employer
        for ln in InvoiceLine.objects.filter(invoice__month=month, kind="fine")
    }


def test_fines_over_several_months_of_delay(world):
    firm = world.employer("PT A")
    ani = world.pu_worker(firm, "Ani")
    world.membership(world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM"))
    billing_run(actor=None, month=JAN)
    jan = Invoice.objects.get(month=JAN, payer__kind="employer")
    assert jan.due_date == dt.date(2025, 2, 17)  # 15 February 2025 is a Saturday

    # February's bill (cut-off 1 March): January is one month late (delay from 18 February)
    billing_run(actor=None, month=FEB)
    assert fines_on(FEB) == {
        (JAN, "JKK", 0): 1_780,  # 2 % × 89,000
        (JAN, "JKM", 0): 600,  # 2 % × 30,000
        (JAN, "JHT", 0): 11_400,  # 2 % × 570,000
        (JAN, "JP", 0): 6_000,  # 2 % × 300,000
    }  # 19,780 = 2 % × 989,000; the BPU payer Sri is never fined
    assert Invoice.objects.get(month=FEB, payer__kind="employer").total == 989_000 + 19_780

    # March's bill (cut-off 1 April): January two months late (a second 19,780), February one
    # month late (due Monday 17 March, as 15 March is a Saturday)
    billing_run(actor=None, month=MAR)
    assert fines_on(MAR) == {
        (JAN, "JKK", 1): 1_780,
        (JAN, "JKM", 1): 600,
        (JAN, "JHT", 1): 11_400,
        (JAN, "JP", 1): 6_000,
        (FEB, "JKK", 0): 1_780,
        (FEB, "JKM", 0): 600,
        (FEB, "JHT", 0): 11_400,
        (FEB, "JP", 0): 6_000,
    }

    # January paid on 10 April, before its third month of delay starts (18 April): no more fine
    # for January; February two months late (delay from 18 March, 18 April): 39,560 in all, so
    # 19,780 more; March (due Tuesday 15 April) one month late: 19,780
    payment_post(
        actor=None,
        payer=world.payer(ani),
        amount=989_000,
        paid_on=dt.date(2025, 4, 10),
        channel="BANK",
        external_reference="JAN-LATE",
        invoice=jan,
    )
    billing_run(actor=None, month=APR)
    got = fines_on(APR)
    assert not [k for k in got if k[0] == JAN]
    assert sum(v for k, v in got.items() if k[0] == FEB) == 19_780
    assert sum(v for k, v in got.items() if k[0] == MAR) == 19_780
    assert {k[2] for k in got if k[0] == FEB} == {1}
    fine = InvoiceLine.objects.get(invoice__month=APR, kind="fine", contribution_month=FEB, programme="JHT")
    assert fine.membership_id is None and fine.worker == 0  # borne by the employer alone
    assert fine.facts["unpaid_by_delay_month"] == [570_000, 570_000]
    assert fine.parameters["fines.late_rate"]["value"] == 2

    again = billing_run(actor=None, month=APR)  # the same cut-off: nothing new
    assert again.counts["fine_lines"] == 0


def test_delay_months_and_part_payments():
    # due 17 February: delay months start 18 February, 18 March, …
    assert delay_starts(dt.date(2025, 2, 17), dt.date(2025, 4, 1)) == [
        dt.date(2025, 2, 18),
        dt.date(2025, 3, 18),
    ]
    assert delay_starts(dt.date(2025, 2, 17), dt.date(2025, 2, 18)) == []  # paid on time until the 17th
    # payments cover JKK, JKM, JHT, JP in that order: 100,000 paid of 989,000 leaves JKK paid,
    # JKM 19,000 unpaid, JHT and JP whole
    assert unpaid_by_programme({"JP": 300_000, "JKK": 89_000, "JHT": 570_000, "JKM": 30_000}, 100_000) == {
        "JKK": 0,
        "JKM": 19_000,
        "JHT": 570_000,
        "JP": 300_000,
    }
    # a part payment of 500,000 on 1 March: month 1 on the whole 989,000 (JHT 570,000), month 2
    # on what is left (JHT 570,000 − 381,000 = 189,000): JHT fine 2 % × 759,000 = 15,180
    found = invoice_fines(
        month=JAN,
        due=dt.date(2025, 2, 17),
        contribution={"JKK": 89_000, "JKM": 30_000, "JHT": 570_000, "JP": 300_000},
        payments=[(dt.date(2025, 3, 1), 500_000)],
        cutoff=dt.date(2025, 4, 1),
    )
    assert found["JHT"][0] == 15_180 and found["JHT"][1] == [570_000, 189_000]
    assert found["JKK"][0] == 1_780 and found["JKK"][1] == [89_000, 0]


def test_the_pp49_2020_rate():
    # contribution month August 2020: 0.5 % a month; due 30 September 2020 (PP 49/2020), delay
    # months from 1 October and 31 October: 2 × 0.5 % × 100,000 = 1,000
    found = invoice_fines(
        month=dt.date(2020, 8, 1),
        due=dt.date(2020, 9, 30),
        contribution={"JKK": 100_000},
        payments=[],
        cutoff=dt.date(2020, 11, 1),
    )
    assert found["JKK"][0] == 1_000 and found["JKK"][2]["fines.late_rate"]["value"] == "0.5"
