"""One journey in a real browser: an officer finds a person by NIK, reads the membership timeline
and follows it to the employer's page."""

import datetime as dt

import pytest

from lindung.registry.services.memberships import membership_change
from tests.conftest import browser_login
from tests.registry.conftest import FULL_PU, Registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDI = "1507011705900001"  # 150701, 17-05-1990, man


def test_officer_finds_a_person_by_nik_and_follows_the_timeline(page, users):
    admin = users.admin()
    reg = Registry(admin)
    budi = reg.person(BUDI, name="Budi Santoso")
    reg.person("1507011705900002", name="Budi Setiawan")
    sawit = reg.employer("NN000001", name="PT Sabak Sawit", region_code="1507")
    pu = reg.enrol(budi, "PU", FULL_PU, dt.date(2024, 1, 1), wage=4_000_000, employer=sawit)
    membership_change(actor=admin, membership=pu, effective=dt.date(2024, 7, 1), wage=4_500_000)
    users.officer(username="petugas1", regions=("1507",))

    browser_login(page, "petugas1")
    page.click("header nav >> text=Peserta")
    page.fill("input[name=q]", BUDI)
    page.click("form[role=search] button")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "Budi Santoso" in rows.first.inner_text()

    page.click(f"text={BUDI}")
    assert page.locator("h1").inner_text() == "Budi Santoso"
    versions = page.locator("#timeline li")
    assert versions.count() == 2
    assert "1 Jul 2024 – sekarang" in versions.nth(0).inner_text()
    assert "Rp4.500.000" in versions.nth(0).inner_text()
    assert "1 Jan 2024 – 30 Jun 2024" in versions.nth(1).inner_text()

    versions.nth(0).locator("text=PT Sabak Sawit").click()
    assert page.locator("h1").inner_text() == "PT Sabak Sawit"
    assert BUDI in page.locator("#workers").inner_text()
