"""Pages and API: who sees what, refusals, query budgets, PDFs that read back."""

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from lindung.billing.models import Payment
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from tests.billing.conftest import e07_lines, line

JUNE = dt.date(2025, 6, 1)


@pytest.fixture
def books(world, users):
    """PT A in Tanjung Jabung Timur (1507) owes 989,000 for June (E07); PT B in Kerinci (1501)
    owes 30,000; Sri (BPU, self-paid, lives in 1507) owes 16,800 (E15)."""
    a_firm, b_firm = world.employer("PT A", "1507"), world.employer("PT B", "1501")
    a = world.pu_worker(a_firm, "Ani")
    b = world.pu_worker(b_firm, "Bayu")
    sri_m = world.membership(
        world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM", "JHT")
    )
    pa, pb, ps = world.payer(a), world.payer(b), world.payer(sri_m)
    inv_a = invoice_issue(actor=None, payer=pa, month=JUNE, lines=e07_lines(a, JUNE))
    inv_b = invoice_issue(actor=None, payer=pb, month=JUNE, lines=[line(b, "JKM", JUNE, employer=30_000)])
    inv_s = invoice_issue(
        actor=None,
        payer=ps,
        month=JUNE,
        lines=[line(sri_m, "JKK", JUNE, worker=10_000), line(sri_m, "JKM", JUNE, worker=6_800)],
    )
    return {
        "a": a,
        "b": b,
        "sri": sri_m,
        "pa": pa,
        "pb": pb,
        "ps": ps,
        "inv_a": inv_a,
        "inv_b": inv_b,
        "inv_s": inv_s,
        "admin": users.admin(),
        "officer": users.officer(("1507",)),
        "auditor": users.auditor(),
        "employer_a": users.make("employer", employer=a_firm),
        "worker_sri": users.make("worker", person=sri_m.person),
        "worker_ani": users.make("worker", person=a.person),
    }


def numbers(response):
    return {row["number"] for row in response.json()["items"]}


def test_invoice_list_is_scoped(client, books, django_assert_max_num_queries):
    client.force_login(books["officer"])
    with django_assert_max_num_queries(8):
        page = client.get("/billing/invoices/")
    assert page.status_code == 200
    body = page.content.decode()
    assert books["inv_a"].number in body and books["inv_s"].number in body
    assert books["inv_b"].number not in body  # Kerinci is outside 1507

    client.force_login(books["employer_a"])
    body = client.get("/billing/invoices/").content.decode()
    assert books["inv_a"].number in body and books["inv_s"].number not in body

    client.force_login(books["worker_sri"])
    body = client.get("/billing/invoices/").content.decode()
    assert books["inv_s"].number in body and books["inv_a"].number not in body


def test_invoice_pages_refuse_outside_scope(client, books):
    client.force_login(books["officer"])
    assert client.get(f"/billing/invoices/{books['inv_b'].pk}/").status_code == 404
    assert client.get(f"/billing/invoices/{books['inv_b'].pk}/pdf/").status_code == 404
    client.force_login(books["worker_ani"])  # a PU worker does not see the employer's bill
    assert client.get(f"/billing/invoices/{books['inv_a'].pk}/").status_code == 404
    client.force_login(books["employer_a"])
    page = client.get(f"/billing/invoices/{books['inv_a'].pk}/")
    assert page.status_code == 200 and "989.000" in page.content.decode()


def test_invoice_pdf_reads_back(client, books):
    client.force_login(books["employer_a"])
    response = client.get(f"/billing/invoices/{books['inv_a'].pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "TAGIHAN IURAN" in text
    assert books["inv_a"].number in text
    assert books["pa"].virtual_account in text
    assert "Juni 2025" in text and "15 Juli 2025" in text  # month; due Tuesday 15 July 2025
    assert "Rp989.000" in text  # E07 total
    assert "370.000" in text and "200.000" in text  # JHT employer and worker shares
    assert "denda 2%" in text


def test_writes_are_refused_to_auditors_employers_and_workers(client, books):
    for who in ("auditor", "employer_a", "worker_sri"):
        client.force_login(books[who])
        assert client.get("/billing/payments/new/").status_code == 403
        assert client.get("/billing/payments/statement/").status_code == 403
        assert (
            client.post(
                "/api/v1/billing/payments",
                data=json.dumps(
                    {
                        "payer_id": books["pa"].pk,
                        "amount": 1,
                        "paid_on": "2025-07-01",
                        "channel": "BANK",
                        "external_reference": "X",
                    }
                ),
                content_type="application/json",
            ).status_code
            == 403
        )
    assert Payment.objects.count() == 0


def test_officer_records_a_payment_in_scope_only(client, books):
    client.force_login(books["officer"])
    form = {
        "virtual_account": books["pa"].virtual_account,
        "amount": "1.000.000",
        "paid_on": "2025-07-10",
        "channel": "BANK",
        "external_reference": "TRX-9",
        "invoice_number": "",
        "note": "",
    }
    response = client.post("/billing/payments/new/", form)
    assert response.status_code == 302
    books["pa"].refresh_from_db()
    assert books["pa"].credit == 11_000  # 1,000,000 − 989,000
    form.update(virtual_account=books["pb"].virtual_account, external_reference="TRX-10")
    page = client.post("/billing/payments/new/", form)
    assert page.status_code == 200
    assert "Tidak ada pembayar dengan virtual account ini dalam wilayah Anda." in page.content.decode()
    assert Payment.objects.count() == 1


def test_statement_upload_page_reports(client, books):
    client.force_login(books["officer"])
    csv = (
        f"tanggal;jumlah;va;referensi\n14/07/2025;989.000;{books['pa'].virtual_account};B1\n"
        f"14/07/2025;30.000;{books['pb'].virtual_account};B2\n"
    ).encode()
    upload = io.BytesIO(csv)
    upload.name = "mutasi.csv"
    page = client.post("/billing/payments/statement/", {"file": upload, "channel": "BANK"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="matched">1<' in body and 'id="unmatched">1<' in body  # PT B is outside the officer's 1507


def test_jht_statement_is_the_workers_own(client, books):
    payment_post(
        actor=None,
        payer=books["pa"],
        amount=989_000,
        paid_on=dt.date(2025, 7, 10),
        channel="BANK",
        external_reference="P1",
    )
    ani = books["a"].person
    client.force_login(books["worker_ani"])
    assert client.get("/billing/jht/").url == f"/billing/jht/{ani.nik}/"
    page = client.get(f"/billing/jht/{ani.nik}/?on=2025-07-31")
    assert page.status_code == 200 and "Rp570.000" in page.content.decode()  # E07 JHT 370,000 + 200,000
    assert client.get(f"/billing/jht/{ani.nik}/?on=2025-07-09").content.decode().count("Rp0") == 1
    assert client.get(f"/billing/jht/{books['sri'].person.nik}/").status_code == 404
    pdf = client.get(f"/billing/jht/{ani.nik}/pdf/?on=2025-07-31")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Saldo per 31 Juli 2025" in text and "Rp570.000" in text
    client.force_login(books["employer_a"])  # an employer does not see a worker's savings
    assert client.get(f"/billing/jht/{ani.nik}/").status_code == 404
    assert client.get("/billing/jht/").status_code == 403
    response = client.get(f"/api/v1/billing/jht/{ani.nik}/balance?on=2025-07-31")
    assert response.status_code == 404
    client.force_login(books["auditor"])
    response = client.get(f"/api/v1/billing/jht/{ani.nik}/balance?on=2025-07-31")
    assert response.json() == {"nik": ani.nik, "on": "2025-07-31", "balance": 570_000}


def test_api_invoices_scoped_and_budgeted(client, books, django_assert_max_num_queries):
    client.force_login(books["employer_a"])
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/billing/invoices")
    assert numbers(response) == {books["inv_a"].number}
    assert client.get(f"/api/v1/billing/invoices/{books['inv_b'].pk}").status_code == 404
    detail = client.get(f"/api/v1/billing/invoices/{books['inv_a'].pk}").json()
    assert detail["total"] == 989_000 and detail["due_date"] == "2025-07-15"
    assert {p["programme"]: p["amount"] for p in detail["programmes"]} == {
        "JKK": 89_000,
        "JKM": 30_000,
        "JHT": 570_000,
        "JP": 300_000,
    }
    lines = client.get(f"/api/v1/billing/invoices/{books['inv_a'].pk}/lines").json()
    assert lines["count"] == 4 and {ln["nik"] for ln in lines["items"]} == {books["a"].person.nik}
    client.force_login(books["admin"])
    assert numbers(client.get("/api/v1/billing/invoices?month=2025-06-01")) == {
        books["inv_a"].number,
        books["inv_b"].number,
        books["inv_s"].number,
    }


def test_api_payment_post_idempotent_and_conflict(client, books):
    client.force_login(books["officer"])
    body = {
        "payer_id": books["pa"].pk,
        "amount": 500_000,
        "paid_on": "2025-07-10",
        "channel": "BANK",
        "external_reference": "API-1",
    }
    first = client.post("/api/v1/billing/payments", json.dumps(body), content_type="application/json")
    again = client.post("/api/v1/billing/payments", json.dumps(body), content_type="application/json")
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    body["amount"] = 400_000
    conflict = client.post("/api/v1/billing/payments", json.dumps(body), content_type="application/json")
    assert conflict.status_code == 409 and conflict.json()["detail"][0]["field"] == "external_reference"
    body.update(payer_id=books["pb"].pk, external_reference="API-2")
    assert (
        client.post("/api/v1/billing/payments", json.dumps(body), content_type="application/json").status_code
        == 404
    )  # PT B outside 1507
    bad = client.post(
        "/api/v1/billing/payments",
        json.dumps({**body, "payer_id": books["pa"].pk, "amount": 0}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "amount"
    books["inv_a"].refresh_from_db()
    assert books["inv_a"].allocated == 500_000


def test_payment_and_payer_lists_scoped_and_budgeted(client, books, django_assert_max_num_queries):
    for i, key in enumerate(("pa", "pb", "ps")):
        payment_post(
            actor=None,
            payer=books[key],
            amount=10_000,
            paid_on=dt.date(2025, 7, 10),
            channel="VA",
            external_reference=f"L-{i}",
        )
    client.force_login(books["officer"])
    with django_assert_max_num_queries(8):
        body = client.get("/billing/payments/").content.decode()
    assert "L-0" in body and "L-2" in body and "L-1" not in body  # PT B (Kerinci) is outside 1507
    with django_assert_max_num_queries(8):
        body = client.get("/billing/payers/").content.decode()
    assert books["pa"].virtual_account in body and books["pb"].virtual_account not in body
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/billing/payments").json()["count"] == 2
    client.force_login(books["employer_a"])
    assert client.get("/billing/payers/").status_code == 403
    assert client.get(f"/billing/payers/{books['pb'].pk}/").status_code == 404
    assert client.get(f"/billing/payers/{books['pa'].pk}/").status_code == 200
    assert client.get(f"/api/v1/billing/payers/{books['pa'].pk}").json()["credit"] == 0
