"""Pages and API: one sponsor never sees another's list; refusals for the wrong role; query budgets;
XLSX exports that open and cannot run formulas; the import through the page and the API."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from lindung.sponsorship.billing import programme_bill_issue
from lindung.sponsorship.models import Beneficiary
from tests.sponsorship.conftest import PRICE, VILLAGE_CITY, person_row

YEAR_COST = 12 * PRICE


@pytest.fixture
def books(scene, users):
    """Jambi province's BKBK (Tanjung Jabung Timur): Ani and "=HYPERLINK(...)" enrolled, Citra
    waiting. PT CSR's programme (Kota Jambi): Dodi enrolled."""
    jambi = scene.sponsor()
    bkbk = scene.programme(jambi, budget=2 * YEAR_COST)
    scene.load(
        bkbk,
        [
            person_row(name="Ani", priority=1),
            person_row(name='=HYPERLINK("http://x","y")', priority=2),
            person_row(name="Citra", priority=3),
        ],
    )
    csr = scene.sponsor("PT CSR Sawit", region="1571", kind="company")
    csr_programme = scene.programme(csr, name="CSR Jamsostek", budget=YEAR_COST, regions=("1571",))
    scene.load(csr_programme, [person_row(name="Dodi", sex="L", village=VILLAGE_CITY)])
    return {
        "bkbk": bkbk,
        "csr": csr_programme,
        "jambi_officer": users.make("sponsor_officer", sponsor=jambi),
        "csr_officer": users.make("sponsor_officer", sponsor=csr),
        "branch_1507": users.officer(("1507",)),
        "branch_15": users.officer(("15",)),
        "auditor": users.auditor(),
        "worker": users.make("worker"),
        "dodi": Beneficiary.objects.get(programme=csr_programme),
        "ani": Beneficiary.objects.get(programme=bkbk, person__name="Ani"),
    }


def test_a_sponsor_officer_sees_only_their_own_programmes(client, books):
    client.force_login(books["jambi_officer"])
    body = client.get("/sponsorship/").content.decode()
    assert "BKBK Jamsostek" in body and "CSR Jamsostek" not in body
    csr = books["csr"].pk
    for url in (
        f"/sponsorship/programmes/{csr}/",
        f"/sponsorship/programmes/{csr}/beneficiaries/",
        f"/sponsorship/programmes/{csr}/beneficiaries/?format=xlsx",
        f"/sponsorship/programmes/{csr}/statement/",
        f"/sponsorship/programmes/{csr}/import/",
        f"/sponsorship/beneficiaries/{books['dodi'].pk}/exit/",
        f"/sponsorship/imports/{books['csr'].imports.get().pk}/",
    ):
        assert client.get(url).status_code == 404, url
    body = client.get(f"/sponsorship/programmes/{books['bkbk'].pk}/beneficiaries/").content.decode()
    assert "Ani" in body and "Citra" in body and "Dodi" not in body


def test_the_api_keeps_the_same_scope(client, books):
    client.force_login(books["csr_officer"])
    listed = client.get("/api/v1/sponsorship/programmes").json()
    assert [p["name"] for p in listed["items"]] == ["CSR Jamsostek"]
    bkbk = books["bkbk"].pk
    assert client.get(f"/api/v1/sponsorship/programmes/{bkbk}").status_code == 404
    assert client.get(f"/api/v1/sponsorship/programmes/{bkbk}/beneficiaries").status_code == 404
    response = client.post(
        f"/api/v1/sponsorship/beneficiaries/{books['ani'].pk}/exit",
        {"reason": "died", "on": "2026-03-10"},
        content_type="application/json",
    )
    assert response.status_code == 404
    own = client.get(f"/api/v1/sponsorship/programmes/{books['csr'].pk}/beneficiaries").json()
    assert [b["name"] for b in own["items"]] == ["Dodi"]


def test_branch_officers_see_the_sponsors_of_their_regions(client, books):
    client.force_login(books["branch_1507"])
    body = client.get("/sponsorship/").content.decode()
    assert "BKBK Jamsostek" not in body  # the province sits above the regency officer's scope
    client.force_login(books["branch_15"])
    body = client.get("/sponsorship/").content.decode()
    assert "BKBK Jamsostek" in body and "CSR Jamsostek" in body


def test_workers_have_nothing_here_and_auditors_only_read(client, books):
    client.force_login(books["worker"])
    assert client.get("/sponsorship/").status_code == 403
    assert client.get("/sponsorship/planner/").status_code == 403
    assert client.get("/api/v1/sponsorship/programmes").json()["count"] == 0
    client.force_login(books["auditor"])
    assert client.get(f"/sponsorship/programmes/{books['bkbk'].pk}/").status_code == 200
    assert client.get(f"/sponsorship/beneficiaries/{books['ani'].pk}/exit/").status_code == 403
    response = client.post(
        f"/api/v1/sponsorship/beneficiaries/{books['ani'].pk}/exit",
        {"reason": "died", "on": "2026-03-10"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_programme_page_shows_money_and_people(client, books, scene, django_assert_max_num_queries):
    """Budget 403,200 (2 × 12 × 16,800), both places given for the year: committed 403,200, left 0.
    February billed: 2 × 16,800 = 33,600; projected = billed + the other 11 months of 2 people
    (2 × 11 × 16,800 = 369,600) = 403,200."""
    programme_bill_issue(actor=scene.actor, programme=books["bkbk"], month=dt.date(2026, 2, 1))
    client.force_login(books["jambi_officer"])
    with django_assert_max_num_queries(20):
        response = client.get(f"/sponsorship/programmes/{books['bkbk'].pk}/")
    summary = response.context["summary"]
    assert (summary.budget, summary.committed, summary.left) == (403_200, 403_200, 0)
    assert (summary.billed, summary.paid, summary.projected) == (33_600, 0, 403_200)
    assert (summary.enrolled, summary.waiting, summary.price) == (2, 1, 16_800)
    assert response.context["by_region"] == [("1507", "Kabupaten Tanjung Jabung Timur", 2)]
    by_village = client.get(f"/sponsorship/programmes/{books['bkbk'].pk}/?region=150701").context["by_region"]
    assert [(k, n) for k, _, n in by_village] == [("1507012001", 2)]


def test_list_pages_have_query_budgets(client, books, scene, django_assert_max_num_queries):
    more = [person_row(name=f"Orang {n}", priority=9) for n in range(30)]
    scene.load(books["bkbk"], more)
    client.force_login(books["jambi_officer"])
    pk = books["bkbk"].pk
    record = books["bkbk"].imports.order_by("-pk").first()
    for url in (
        "/sponsorship/",
        f"/sponsorship/programmes/{pk}/beneficiaries/",
        f"/sponsorship/programmes/{pk}/statement/?month=2026-03",
        f"/sponsorship/imports/{record.pk}/",
        f"/api/v1/sponsorship/programmes/{pk}/beneficiaries",
        f"/api/v1/sponsorship/imports/{record.pk}/rows",
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_beneficiary_list_xlsx_neutralises_formulas(client, books):
    client.force_login(books["jambi_officer"])
    response = client.get(
        f"/sponsorship/programmes/{books['bkbk'].pk}/beneficiaries/?format=xlsx&status=enrolled"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0][:3] == ["NIK", "Nama", "Tanggal lahir"]
    names = [r[1] for r in rows[1:]]
    assert names == ["Ani", '\'=HYPERLINK("http://x","y")']
    assert rows[1][8] == "Terdaftar"  # the status, in the page language (Indonesian by default)


def test_monthly_statement_xlsx(client, books, scene):
    programme_bill_issue(actor=scene.actor, programme=books["bkbk"], month=dt.date(2026, 3, 1))
    client.force_login(books["jambi_officer"])
    rows = xlsx_rows(
        client.get(f"/sponsorship/programmes/{books['bkbk'].pk}/statement/?month=2026-03&format=xlsx")
    )
    assert rows[0][0] == "No" and rows[0][-1] == "Iuran (Rp)"
    assert [r[-1] for r in rows[1:]] == [16_800, 16_800, 33_600]  # two people and the total
    assert rows[-1][2] == "Jumlah 2 orang"
    assert '\'=HYPERLINK("http://x","y")' in [r[2] for r in rows]


def test_import_through_the_page(client, books, scene):
    client.force_login(books["jambi_officer"])
    path = scene.csv([person_row(name="Eko", sex="L"), person_row(name="Fajar", sex="L", nik="123")])
    with open(path, "rb") as f:
        response = client.post(
            f"/sponsorship/programmes/{books['bkbk'].pk}/import/",
            {"file": f, "start": "2026-04"},
            follow=True,
        )
    assert response.status_code == 200
    record = response.context["record"]
    assert (record.rows, record.enrolled, record.waiting, record.rejected) == (2, 0, 1, 1)
    assert record.start == dt.date(2026, 4, 1)
    body = response.content.decode()
    assert "Eko" in body and "NIK must be 16 digits, got 3" in body


def test_import_page_refuses_a_start_outside_the_period(client, books, scene):
    client.force_login(books["jambi_officer"])
    with open(scene.csv([person_row()]), "rb") as f:
        response = client.post(
            f"/sponsorship/programmes/{books['bkbk'].pk}/import/", {"file": f, "start": "2027-01"}
        )
    assert response.status_code == 200
    assert "outside the programme&#x27;s period" in response.content.decode()


def test_import_through_the_api(client, books, scene):
    client.force_login(books["csr_officer"])
    path = scene.csv([person_row(name="Gita", village=VILLAGE_CITY)])
    with open(path, "rb") as f:
        response = client.post(
            f"/api/v1/sponsorship/programmes/{books['csr'].pk}/imports", {"file": f, "start": "2026-05"}
        )
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "done" and job["import_id"]
    rows = client.get(f"/api/v1/sponsorship/imports/{job['import_id']}/rows").json()["items"]
    # the budget (one person-year) is taken by Dodi: Gita waits
    assert [(r["name"], r["outcome"], r["reason"]) for r in rows] == [("Gita", "waiting", "over_budget")]
    assert (
        client.get(f"/api/v1/sponsorship/import-jobs/{job['job_id']}").json()["import_id"] == job["import_id"]
    )


def test_exit_through_the_page_names_the_replacement(client, books):
    client.force_login(books["jambi_officer"])
    response = client.post(
        f"/sponsorship/beneficiaries/{books['ani'].pk}/exit/",
        {"reason": "moved", "on": "2026-05-20"},
        follow=True,
    )
    assert "Citra" in response.content.decode()
    books["ani"].refresh_from_db()
    assert books["ani"].replaced_by.person.name == "Citra"


def test_statement_api_and_issue(client, books):
    client.force_login(books["branch_15"])
    pk = books["bkbk"].pk
    before = client.get(f"/api/v1/sponsorship/programmes/{pk}/statements/2026-06").json()
    assert (before["people"], before["amount"], before["invoice_id"]) == (2, 33_600, None)
    issued = client.post(f"/api/v1/sponsorship/programmes/{pk}/statements/2026-06/issue").json()
    assert (issued["people"], issued["amount"], issued["status"]) == (2, 33_600, "open")
    client.force_login(books["jambi_officer"])
    assert client.post(f"/api/v1/sponsorship/programmes/{pk}/statements/2026-07/issue").status_code == 403


def test_setting_up_through_the_api(client, users, regions):
    client.force_login(users.officer(("1507",)))
    sponsor = client.post(
        "/api/v1/sponsorship/sponsors",
        {"kind": "regency", "name": "Pemkab Tanjabtim", "region_code": "1507"},
        content_type="application/json",
    )
    assert sponsor.status_code == 201
    body = {
        "sponsor_id": sponsor.json()["id"],
        "name": "Jamsostek Desa",
        "fiscal_year": 2026,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "budget": 12 * PRICE,
        "region_codes": ["1507"],
    }
    created = client.post("/api/v1/sponsorship/programmes", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["programmes"] == ["JKK", "JKM"] and created.json()["summary"]["price"] == 16_800
    bad = client.post(
        "/api/v1/sponsorship/programmes",
        {**body, "period_end": "2026-12-30", "region_codes": ["99"]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["detail"]} == {"period_end", "region_codes"}


def test_hand_over_through_the_api(client, books, scene):
    firm = scene.employer("NN000009", name="PT Sabak Sawit")
    client.force_login(books["branch_1507"])
    response = client.post(
        f"/api/v1/sponsorship/beneficiaries/{books['ani'].pk}/hand-over",
        {
            "npp": firm.npp,
            "wage": 3_500_000,
            "programmes": ["JKK", "JKM", "JHT", "JP", "JKP"],
            "work_started": "2026-06-12",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["valid_from"] == "2026-07-01" and data["beneficiary"]["status"] == "exited"
    assert data["beneficiary"]["enrolled_until"] == "2026-07-01"
    unknown = client.post(
        f"/api/v1/sponsorship/beneficiaries/{books['ani'].pk}/hand-over",
        {"npp": "NOPE", "wage": 1, "programmes": ["JKK"], "work_started": "2026-06-12"},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "npp"


def test_an_import_job_is_its_creators_only(client, books, scene):
    client.force_login(books["jambi_officer"])
    with open(scene.csv([person_row(name="Hana")]), "rb") as f:
        response = client.post(f"/sponsorship/programmes/{books['bkbk'].pk}/import/", {"file": f})
    job_url = response["Location"]
    assert job_url.startswith("/sponsorship/imports/jobs/")
    client.force_login(books["csr_officer"])
    assert client.get(job_url).status_code == 404
    client.force_login(books["jambi_officer"])
    assert client.get(job_url).status_code == 302  # done: on to the result
