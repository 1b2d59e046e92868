"""Pages and API: who sees which claims, refusals, query budgets, filing and deciding through the
pages, the computation shown as stored, and the bank payment file."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.claims.models import Claim, ClaimStatus, PaymentStatus
from tests.claims.test_jkk import accident

D = dt.date


@pytest.fixture
def desk(world, users):
    """Two claims in Tanjung Jabung Timur (1507) - Budi's JKK disability (35 %, wage 4.000.000) and
    Sri's JKM - and one in Kerinci (1501)."""
    firm, far_firm = world.employer("PT Sabak", "1507"), world.employer("PT Kerinci", "1501")
    budi, sri, far = world.person("Budi", sex="M"), world.person("Sri"), world.person("Jauh")
    world.membership(budi, employer=firm, start=D(2020, 1, 1), wage=4_000_000)
    world.membership(sri, employer=firm, start=D(2020, 1, 1))
    world.membership(far, employer=far_firm, start=D(2020, 1, 1))
    jkk = world.file(budi, "jkk_disability", accident("2025-05-01", percent="35"), received_on=D(2025, 9, 1))
    jkm = world.file(
        sri,
        "jkm",
        {"event_date": "2025-06-10", "cause": "Sakit", "heirs": [{"name": "Ahli", "relation": "child"}]},
        received_on=D(2025, 7, 1),
        payee_name="=HYPERLINK(evil)",
    )
    other = world.file(far, "jkk_disability", accident("2025-05-01", percent="10"), received_on=D(2025, 9, 1))
    return {
        "jkk": jkk,
        "jkm": jkm,
        "other": other,
        "officer": users.officer(("1507",)),
        "checker": users.officer(("1507",)),
        "auditor": users.auditor(),
        "employer": users.make("employer", employer=firm),
        "budi": users.make("worker", person=budi),
        "sri": users.make("worker", person=sri),
    }


def numbers(response) -> set[str]:
    return {row["number"] for row in response.json()["items"]}


def test_queue_is_scoped_and_budgeted(client, desk, django_assert_max_num_queries):
    client.force_login(desk["officer"])
    with django_assert_max_num_queries(8):
        page = client.get("/claims/")
    body = page.content.decode()
    assert desk["jkk"].number in body and desk["jkm"].number in body
    assert desk["other"].number not in body
    assert client.get(f"/claims/{desk['other'].number}/").status_code == 404


def test_employer_sees_its_workers_jkk_claims_only(client, desk):
    client.force_login(desk["employer"])
    assert numbers(client.get("/api/v1/claims")) == {desk["jkk"].number}
    assert client.get(f"/api/v1/claims/{desk['jkm'].number}").status_code == 404
    assert client.get(f"/claims/{desk['jkk'].number}/").status_code == 200


def test_worker_sees_own_claims_with_status_and_amounts(client, desk):
    client.force_login(desk["budi"])
    assert client.get("/claims/").status_code == 302
    page = client.get("/claims/mine/").content.decode()
    assert desk["jkk"].number in page and desk["jkm"].number not in page
    assert "112.000.000" in page  # 35 % x 80 x 4.000.000
    assert client.get(f"/claims/{desk['jkm'].number}/").status_code == 404
    assert numbers(client.get("/api/v1/claims")) == {desk["jkk"].number}


def test_auditor_reads_but_may_not_decide(client, desk):
    client.force_login(desk["auditor"])
    assert client.get(f"/claims/{desk['other'].number}/").status_code == 200
    assert client.post(f"/claims/{desk['jkk'].number}/verify/").status_code == 403
    assert client.post(f"/api/v1/claims/{desk['jkk'].number}/verify").status_code == 403


def test_claim_page_explains_the_stored_computation(client, desk, django_assert_max_num_queries):
    claim = desk["jkk"]
    claim.person.memberships.update(wage=9_000_000)  # not used: the page shows what was stored
    client.force_login(desk["officer"])
    with django_assert_max_num_queries(14):
        page = client.get(f"/claims/{claim.number}/").content.decode()
    assert "35 % × 100 % × 80 × Rp4.000.000 = Rp112.000.000" in page
    assert "PP 82/2019" in page
    assert "Rp9.000.000" not in page


def test_decide_through_the_pages_with_maker_checker(client, desk):
    claim = desk["jkk"]
    client.force_login(desk["officer"])
    codes = list(claim.documents.values_list("code", flat=True))
    client.post(f"/claims/{claim.number}/documents/", {"received": codes})
    client.post(f"/claims/{claim.number}/verify/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    page = client.post(f"/claims/{claim.number}/approve/", follow=True)
    assert page.status_code == 403  # the verifier may not approve
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    client.force_login(desk["checker"])
    client.post(f"/claims/{claim.number}/approve/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.payments.get().amount == 112_000_000


def test_reject_needs_a_reason_on_the_page(client, desk):
    client.force_login(desk["officer"])
    page = client.post(f"/claims/{desk['jkm'].number}/reject/", {"reason": ""}, follow=True).content.decode()
    assert Claim.objects.get(pk=desk["jkm"].pk).status == ClaimStatus.SUBMITTED
    assert "say why" in page
    client.post(f"/claims/{desk['jkm'].number}/reject/", {"reason": "Bukan peserta"})
    assert Claim.objects.get(pk=desk["jkm"].pk).rejection_reason == "Bukan peserta"


def test_officer_files_a_claim_through_the_page(client, desk, world):
    person = world.person("Rudi")
    world.membership(person, employer=desk["jkk"].employer, start=D(2020, 1, 1), wage=3_000_000)
    client.force_login(desk["officer"])
    assert client.get("/claims/new/").status_code == 200
    form = {
        "nik": person.nik,
        "received_on": "2025-09-01",
        "event_date": "2025-05-01",
        "accident_kind": "accident",
        "place": "Gudang",
        "what_happened": "Jatuh dari tangga",
        "stage_one_report_date": "2025-05-02",
        "periods": "2025-05-01; 2025-05-30",
        "payee_name": "Rudi",
        "payee_bank": "BNI",
        "payee_account": "9876543210",
    }
    bad = client.post("/claims/new/?kind=jkk_stmb", {**form, "periods": "2025-05-01; 2025-04-30"})
    assert "periods" in bad.context["form"].errors
    response = client.post("/claims/new/?kind=jkk_stmb", form)
    claim = Claim.objects.get(person=person)
    assert response.url == f"/claims/{claim.number}/"
    assert claim.total == 3_000_000  # 30 days x 3.000.000 / 30 at 100 %


def test_worker_files_through_the_api_for_themself_only(client, desk, world):
    client.force_login(desk["budi"])
    body = {
        "nik": desk["jkk"].person.nik,
        "kind": "jkk_stmb",
        "facts": accident("2025-05-01", periods=[{"start": "2025-05-01", "end": "2025-05-10"}]),
        "payee_name": "Budi",
        "payee_bank": "BRI",
        "payee_account": "1234567890",
        "received_on": "2020-01-01",  # ignored for a worker
    }
    created = client.post("/api/v1/claims", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["received_on"] == dt.date.today().isoformat()
    assert created.json()["total"] == 1_333_333  # 10 days x 4.000.000 / 30 = 1.333.333,3
    other = client.post(
        "/api/v1/claims", {**body, "nik": desk["jkm"].person.nik}, content_type="application/json"
    )
    assert other.status_code == 422 and other.json()["detail"][0]["field"] == "nik"


def test_api_workflow_refuses_self_approval(client, desk):
    number = desk["jkm"].number
    client.force_login(desk["officer"])
    for code in desk["jkm"].documents.values_list("code", flat=True):
        client.post(f"/api/v1/claims/{number}/documents", {"code": code}, content_type="application/json")
    assert client.post(f"/api/v1/claims/{number}/verify").json()["status"] == "verified"
    refused = client.post(f"/api/v1/claims/{number}/approve")
    assert refused.status_code == 403
    client.force_login(desk["checker"])
    approved = client.post(f"/api/v1/claims/{number}/approve").json()
    assert approved["status"] == "approved" and approved["payments"][0]["amount"] == 42_000_000


def test_bank_file_csv_and_the_banks_answer(client, desk, world):
    jkk = world.approve(desk["jkk"], desk["officer"], desk["checker"])
    jkm = world.approve(desk["jkm"], desk["officer"], desk["checker"])
    client.force_login(desk["officer"])
    today = dt.date.today().isoformat()
    response = client.post("/claims/payments/", {"due_by": today})
    batch_id = int(response.url.rstrip("/").split("/")[-1])
    csv = client.get(f"/claims/payments/files/{batch_id}/csv/")
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeffreference,payee_name,bank_code,account_number,amount")
    jkm_payment = jkm.payments.get()
    assert f"{jkm_payment.reference},'=HYPERLINK(evil),BRI,0123456789012,42000000,IDR" in text
    assert f"{jkk.payments.get().reference},Budi,BRI" in text
    assert client.get(f"/claims/payments/files/{batch_id}/csv/").status_code == 200
    client.force_login(desk["employer"])
    assert client.get(f"/claims/payments/files/{batch_id}/csv/").status_code == 404
    client.force_login(desk["officer"])
    client.post(
        f"/claims/payments/files/{batch_id}/",
        {"paid_on": today, "failed": f"{jkm_payment.reference}; rekening tidak dikenal"},
    )
    jkm_payment.refresh_from_db()
    assert (jkm_payment.status, jkm_payment.failure_reason) == (
        PaymentStatus.FAILED,
        "rekening tidak dikenal",
    )
    assert jkk.payments.get().status == PaymentStatus.PAID
    assert Claim.objects.get(pk=jkk.pk).status == ClaimStatus.PAID
    assert Claim.objects.get(pk=jkm.pk).status == ClaimStatus.APPROVED
    client.post(f"/claims/payments/{jkm_payment.pk}/retry/")
    jkm_payment.refresh_from_db()
    assert jkm_payment.status == PaymentStatus.SCHEDULED and jkm_payment.batch_id is None


def test_api_bank_file(client, desk, world):
    world.approve(desk["jkk"], desk["officer"], desk["checker"])
    client.force_login(desk["officer"])
    batch = client.post(
        "/api/v1/benefit-payment-files",
        {"due_by": dt.date.today().isoformat()},
        content_type="application/json",
    )
    assert batch.status_code == 201 and batch.json()["total"] == 112_000_000
    again = client.post(
        "/api/v1/benefit-payment-files",
        {"due_by": dt.date.today().isoformat()},
        content_type="application/json",
    )
    assert again.status_code == 422  # nothing left to pay
    csv = client.get(f"/api/v1/benefit-payment-files/{batch.json()['id']}/csv")
    assert csv.content.decode().count("\r\n") == 2


def test_payments_page_is_budgeted_and_refused_to_workers(client, desk, world, django_assert_max_num_queries):
    world.approve(desk["jkk"], desk["officer"], desk["checker"])
    world.approve(desk["jkm"], desk["officer"], desk["checker"])
    client.force_login(desk["officer"])
    with django_assert_max_num_queries(10):
        page = client.get("/claims/payments/")
    assert page.status_code == 200 and "112.000.000" in page.content.decode()
    client.force_login(desk["budi"])
    assert client.get("/claims/payments/").status_code == 403
    assert client.get("/api/v1/benefit-payments").status_code == 403
    client.force_login(desk["employer"])
    assert (
        client.post(
            "/api/v1/benefit-payment-files", {"due_by": "2030-01-01"}, content_type="application/json"
        ).status_code
        == 403
    )
