"""Arrears ageing as of 20 August 2025 — cuts: one month back 20 Jul, three 20 May, six 20 Feb.

PT A (Tanjung Jabung Timur, 1507), PU invoices, due on the 15th of the next month (next working day):
  Jan  10,000  due Mon 17 Feb (15th a Saturday)  < 20 Feb            → 6+
  Feb  20,000  due Mon 17 Mar (15th a Saturday)  20 Feb ≤ · < 20 May  → 3-6
  Apr  40,000  due Thu 15 May                    20 Feb ≤ · < 20 May  → 3-6
  May  50,000  due Mon 16 Jun (15th a Sunday), 30,000 paid 1 Aug → 20,000 owed, 20 May ≤ · < 20 Jul → 1-3
  Jul  70,000  due Fri 15 Aug                    20 Jul ≤ · < 20 Aug  → 0-1
  Aug  80,000  due 15 Sep                        not yet due           → not counted
  A: 0-1 70,000; 1-3 20,000; 3-6 60,000; 6+ 10,000; total 160,000.
Sri (BPU, self, lives in 1507): Jul 16,800 due 15 Jul (BPU: the 15th of the month) → 1-3.
PT C (Kota Jambi, 1571), named "=HYPERLINK(1)": Jul 5,000 due 15 Aug → 0-1.
Region 1507: payers 2; 0-1 70,000; 1-3 36,800; 3-6 60,000; 6+ 10,000; total 176,800.
"""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from lindung.billing.ageing import ageing_by_payer, ageing_by_region, ageing_totals
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from tests.billing.conftest import line

ON = dt.date(2025, 8, 20)
M = {n: dt.date(2025, n, 1) for n in range(1, 9)}
A_AMOUNTS = {1: 10_000, 2: 20_000, 4: 40_000, 5: 50_000, 7: 70_000, 8: 80_000}


@pytest.fixture
def books(world, users):
    a_firm, c_firm = world.employer("PT A", "1507"), world.employer("=HYPERLINK(1)", "1571")
    a, c = world.pu_worker(a_firm, "Ani"), world.pu_worker(c_firm, "Cici")
    sri = world.membership(
        world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM")
    )
    pa, pc, ps = world.payer(a), world.payer(c), world.payer(sri)
    inv = {
        n: invoice_issue(actor=None, payer=pa, month=M[n], lines=[line(a, "JKM", M[n], employer=amount)])
        for n, amount in A_AMOUNTS.items()
    }
    invoice_issue(actor=None, payer=pc, month=M[7], lines=[line(c, "JKM", M[7], employer=5_000)])
    invoice_issue(
        actor=None,
        payer=ps,
        month=M[7],
        lines=[line(sri, "JKK", M[7], worker=10_000), line(sri, "JKM", M[7], worker=6_800)],
    )
    payment_post(
        actor=None,
        payer=pa,
        amount=30_000,
        paid_on=dt.date(2025, 8, 1),
        channel="BANK",
        external_reference="A-MAY",
        invoice=inv[5],
    )
    payment_post(  # after the report's day: does not count on 20 August
        actor=None,
        payer=pa,
        amount=10_000,
        paid_on=dt.date(2025, 8, 25),
        channel="BANK",
        external_reference="A-JAN",
        invoice=inv[1],
    )
    return {
        "inv": inv,
        "pa": pa,
        "pc": pc,
        "ps": ps,
        "admin": users.admin(),
        "officer_jambi": users.officer(("1571",)),
        "employer_a": users.make("employer", employer=a_firm),
        "worker": users.make("worker", person=sri.person),
        "sponsor": users.make("sponsor_officer"),
    }


def test_due_dates_as_worked(books):
    inv = books["inv"]
    assert [inv[n].due_date for n in (1, 2, 4, 5, 7)] == [
        dt.date(2025, 2, 17),
        dt.date(2025, 3, 17),
        dt.date(2025, 5, 15),
        dt.date(2025, 6, 16),
        dt.date(2025, 8, 15),
    ]


def test_buckets_per_payer(books):
    rows = {r["payer_id"]: r for r in ageing_by_payer(books["admin"], ON)}
    a = rows[books["pa"].pk]
    assert (a["b0_1"], a["b1_3"], a["b3_6"], a["b6"], a["total_owed"]) == (
        70_000,
        20_000,
        60_000,
        10_000,
        160_000,
    )
    s = rows[books["ps"].pk]
    assert (s["b0_1"], s["b1_3"], s["total_owed"]) == (0, 16_800, 16_800)
    assert rows[books["pc"].pk]["b0_1"] == 5_000
    assert list(rows) == [books["pa"].pk, books["ps"].pk, books["pc"].pk]  # most owed first


def test_buckets_per_region_and_totals(books):
    regions = {r["region"]: r for r in ageing_by_region(books["admin"], ON)}
    r = regions["1507"]
    assert (r["payers"], r["b0_1"], r["b1_3"], r["b3_6"], r["b6"], r["total_owed"]) == (
        2,
        70_000,
        36_800,
        60_000,
        10_000,
        176_800,
    )
    assert regions["1571"]["total_owed"] == 5_000
    assert set(regions) == {"1507", "1571"}
    assert {r["region"] for r in ageing_by_region(books["admin"], ON, level=2)} == {"15"}
    assert ageing_totals(books["admin"], ON).total == 181_800
    # on 26 August the January invoice is paid (25 August)
    assert ageing_totals(books["admin"], dt.date(2025, 8, 26)).b6 == 0


def test_page_scoped_and_budgeted(client, books, django_assert_max_num_queries):
    client.force_login(books["officer_jambi"])
    with django_assert_max_num_queries(12):
        response = client.get("/billing/ageing/?on=2025-08-20")
    assert response.status_code == 200
    body = response.content.decode()
    assert "=HYPERLINK(1)" in body and "PT A" not in body
    client.force_login(books["employer_a"])
    body = client.get("/billing/ageing/?on=2025-08-20").content.decode()
    assert "PT A" in body and "HYPERLINK" not in body and "160.000" in body


@pytest.mark.parametrize("who", ["worker", "sponsor"])
def test_page_and_api_refused(client, books, who):
    client.force_login(books[who])
    assert client.get("/billing/ageing/").status_code == 403
    assert client.get("/api/v1/billing/ageing").status_code == 403


def test_anonymous_sent_to_login(client, books):
    assert client.get("/billing/ageing/").status_code == 302


def test_xlsx_by_payer_and_region_neutralised(client, books):
    client.force_login(books["admin"])
    response = client.get("/billing/ageing/?on=2025-08-20&format=xlsx&by=payer")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Pemberi iuran"
    assert rows[1][1:] == ("PT A", "1507", 70_000, 20_000, 60_000, 10_000, 160_000)
    assert rows[3][1] == "'=HYPERLINK(1)"
    response = client.get("/billing/ageing/?on=2025-08-20&format=xlsx&by=region")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == "1507" and rows[1][-1] == 176_800


def test_api(client, books):
    client.force_login(books["employer_a"])
    body = client.get("/api/v1/billing/ageing?on=2025-08-20").json()
    assert body["totals"] == {
        "b0_1": 70_000,
        "b1_3": 20_000,
        "b3_6": 60_000,
        "b6": 10_000,
        "total_owed": 160_000,
    }
    payers = client.get("/api/v1/billing/ageing/payers?on=2025-08-20").json()["items"]
    assert [p["payer_name"] for p in payers] == ["PT A"]
    assert client.get("/api/v1/billing/ageing?level=3").status_code == 422
