"""The coverage dashboard, its downloads and the outreach list: who may see what, what they see,
and query budgets that do not grow with the region."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lindung.accounts.models import Role
from lindung.audit.models import AuditEvent
from lindung.coverage.models import PopulationStat
from lindung.coverage.services.facts import coverage_facts_rebuild
from lindung.sponsorship.models import Beneficiary
from tests.coverage.conftest import CITY_VILLAGE, VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db

FEB, MARCH = dt.date(2024, 2, 1), dt.date(2024, 3, 1)


@pytest.fixture
def scene(world):
    """Tanjung Jabung Timur: village A 4 PU + 3 sponsored, village B 2 BPU + 1 PMI; Kota Jambi 2 PU.
    Uncovered and known: one person in village A with an unpaid March, one on the BKBK waiting list
    in village B (no membership), one with no membership at all in village A."""
    employer = world.employer(region="1507")
    for _ in range(4):
        world.membership(world.person(VILLAGE_A), "PU", employer=employer)
    for _ in range(2):
        world.membership(world.person(VILLAGE_B), "BPU", payer_kind="self", programmes=("JKK", "JKM"))
    world.membership(world.person(VILLAGE_B), "PMI", payer_kind="self", programmes=("JKK", "JKM", "JHT"))
    bkbk = world.sponsor_programme()
    for category in ("miskin ekstrem", "miskin ekstrem", "pekerja rentan"):
        world.sponsored(bkbk, category)
    city = world.employer(region="1571")
    for _ in range(2):
        world.membership(world.person(CITY_VILLAGE), "PU", employer=city)
    world.membership(world.person(VILLAGE_A, name="Budi Unpaid"), "BPU", payer_kind="self", status="unpaid")
    waiting = world.person(None, name="Wati Waiting")
    Beneficiary.objects.create(
        programme=bkbk, person=waiting, village_id=VILLAGE_B, category="pekerja rentan", status="waiting"
    )
    world.person(VILLAGE_A, name="Nina Nomember")
    PopulationStat.objects.create(
        region_id="1507",
        period=dt.date(2021, 8, 1),
        indicator="employed",
        value=40,
        source="BPS Sakernas Agustus 2021",
        quality="reported",
    )
    coverage_facts_rebuild(FEB)
    coverage_facts_rebuild(MARCH)
    return {"bkbk": bkbk}


def sponsor_officer(users, programme):
    return users.make(Role.SPONSOR_OFFICER, sponsor=programme.sponsor)


def test_dashboard_shows_a_regency(client, users, scene, django_assert_max_num_queries):
    client.force_login(users.admin())
    with django_assert_max_num_queries(30):
        r = client.get("/coverage/?region=1507&month=2024-03")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="total">10<' in html  # 4 PU + 2 BPU + 1 PMI + 3 sponsored
    assert "25,00 %" in html  # 10 ÷ 40 employed
    assert "BKBK Provinsi Jambi 2024" in html
    assert "<svg" in html  # chart and map drawn on the server
    assert "Muara Sabak Timur" in html  # ranking of the kecamatan
    assert "504.000" in html  # gap 40 − 10 = 30 × Rp16.800 = Rp504.000 a month


def test_query_budget_does_not_grow_with_the_region(client, users, scene, django_assert_max_num_queries):
    client.force_login(users.admin())
    for region in ("ID", "15", "1507", "150701", VILLAGE_A):
        with django_assert_max_num_queries(30):
            assert client.get(f"/coverage/?region={region}&month=2024-03").status_code == 200


def test_budget_form_says_what_it_buys(client, users, scene):
    client.force_login(users.admin())
    r = client.get("/coverage/?region=1507&month=2024-03&budget=1.000.000&months=12")
    # Rp1.000.000 ÷ (Rp16.800 × 12 = Rp201.600) = 4 people (rounded down), Rp193.600 left over
    html = r.content.decode()
    assert 'id="reach"' in html and "201.600" in html and "193.600" in html
    assert client.get("/coverage/?region=1507&budget=lots").status_code == 422


@pytest.mark.parametrize(
    "region, allowed", [("1507", True), ("150701", True), ("1571", False), ("15", False)]
)
def test_branch_officer_sees_their_regions_only(client, users, scene, region, allowed):
    client.force_login(users.officer(regions=("1507",)))
    assert client.get(f"/coverage/?region={region}").status_code == (200 if allowed else 403)
    assert client.get(f"/coverage/report.json?region={region}&as_of=2024-03-23").status_code == (
        200 if allowed else 403
    )


def test_sponsor_officer_sees_their_programmes_regions(client, users, scene, world):
    client.force_login(sponsor_officer(users, scene["bkbk"]))  # BKBK serves the province (15)
    assert client.get("/coverage/?region=15").status_code == 200
    assert client.get("/coverage/?region=1507").status_code == 200
    assert client.get("/coverage/?region=ID").status_code == 403
    other = world.sponsor_programme(name="CSR Kota Jambi", regions=("1571",))
    client.force_login(sponsor_officer(users, other))
    assert client.get("/coverage/?region=1571").status_code == 200
    assert client.get("/coverage/?region=1507").status_code == 403


@pytest.mark.parametrize("role", [Role.WORKER, Role.EMPLOYER])
def test_public_users_see_nothing(client, users, scene, role):
    client.force_login(users.make(role))
    assert client.get("/coverage/?region=1507").status_code == 403
    assert client.get("/coverage/report.pdf?region=1507").status_code == 403
    assert client.get(f"/coverage/outreach/?region={VILLAGE_A}").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, scene):
    r = client.get("/coverage/?region=1507")
    assert r.status_code == 302 and "login" in r["Location"]


def test_auditor_downloads_every_format(client, users, scene):
    client.force_login(users.auditor())
    r = client.get("/coverage/report.json?region=1507&as_of=2024-03-23&by=workplace")
    data = json.loads(r.content)
    assert data["basis"] == "workplace" and data["total"] == 10
    r = client.get("/coverage/report.xlsx?region=1507&as_of=2024-03-23")
    assert load_workbook(io.BytesIO(r.content)).sheetnames
    assert r["Content-Disposition"].endswith('.xlsx"')
    r = client.get("/coverage/report.pdf?region=1507&month=2024-03")
    assert "Tanjung Jabung Timur" in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages
    )
    public = json.loads(client.get("/coverage/report.json?region=150702&as_of=2024-03-23&public=1").content)
    assert public["total"] == "<5"


def test_outreach_lists_the_uncovered_known_people(client, users, scene, django_assert_max_num_queries):
    client.force_login(users.officer(regions=("1507",)))
    with django_assert_max_num_queries(15):
        r = client.get("/coverage/outreach/?region=150701&as_of=2024-03-23")
    html = r.content.decode()
    assert "Budi Unpaid" in html and "Nina Nomember" in html
    assert "Wati Waiting" not in html  # listed in village B (kecamatan 150702)
    assert "Siti Aminah" not in html  # everyone else in 150701 is covered
    r = client.get(f"/coverage/outreach/?region={VILLAGE_B}&as_of=2024-03-23")
    assert "Wati Waiting" in r.content.decode() and "pekerja rentan" in r.content.decode()


def test_outreach_export_csv_and_xlsx(client, users, scene):
    client.force_login(users.admin())
    r = client.get("/coverage/outreach/export.csv?region=150701&as_of=2024-03-23")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["nik", "nama"]
    assert sorted(row[1] for row in rows[1:]) == ["Budi Unpaid", "Nina Nomember"]
    r = client.get("/coverage/outreach/export.xlsx?region=150701&as_of=2024-03-23")
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert sheet.max_row == 3
    assert AuditEvent.objects.filter(action="coverage.outreach_export").count() == 2


def test_outreach_is_for_districts_and_villages_in_scope(client, users, scene):
    client.force_login(users.admin())
    assert client.get("/coverage/outreach/?region=1507").status_code == 403  # a regency: too large
    client.force_login(users.officer(regions=("1571",)))
    assert client.get("/coverage/outreach/?region=150701").status_code == 403
    assert client.get("/coverage/outreach/export.csv?region=150701").status_code == 403


def test_a_rebuild_or_a_new_figure_shows_at_once(client, users, scene, world):
    """The dashboard keeps a region's summary in the cache only while its inputs stay as they were."""
    client.force_login(users.admin())
    assert 'id="total">10<' in client.get("/coverage/?region=1507&month=2024-03").content.decode()
    world.membership(world.person(VILLAGE_B), "PMI", payer_kind="self")
    coverage_facts_rebuild(MARCH)
    html = client.get("/coverage/?region=1507&month=2024-03").content.decode()
    assert 'id="total">11<' in html
    assert "27,50 %" in html  # 11 ÷ 40
    PopulationStat.objects.create(
        region_id="1507",
        period=dt.date(2023, 8, 1),
        indicator="employed",
        value=44,
        source="BPS Sakernas Agustus 2023",
        quality="reported",
    )
    assert "25,00 %" in client.get("/coverage/?region=1507&month=2024-03").content.decode()  # 11 ÷ 44
