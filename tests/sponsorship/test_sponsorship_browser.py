"""One journey in a real browser: a sponsor officer uploads a beneficiary list, reads the result
row by row, then records an exit and sees the waiting list fill the place."""

import pytest

from lindung.sponsorship.models import Beneficiary
from tests.conftest import browser_login
from tests.sponsorship.conftest import PRICE, Scene, person_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sponsor_officer_imports_a_list_and_records_an_exit(page, users, tmp_path):
    scene = Scene(users.admin(), tmp_path)
    programme = scene.programme(scene.sponsor(), budget=12 * PRICE)  # one person for the year
    users.make("sponsor_officer", sponsor=programme.sponsor, username="bkbk1")
    path = scene.csv([person_row(name="Ani Lestari"), person_row(name="Citra Dewi"), person_row(nik="12")])

    browser_login(page, "bkbk1")
    page.click("header nav >> text=Program bantuan iuran")
    page.click("text=BKBK Jamsostek")
    page.click("text=Impor daftar penerima")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=start]", "2026-01")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#rows")
    assert page.locator("#totals").inner_text().split() == [
        "Baris", "3", "Terdaftar", "1", "Daftar", "tunggu", "1", "Tidak", "didaftarkan", "1"
    ]  # fmt: skip
    rows = page.locator("#rows tbody tr")
    assert "NIK must be 16 digits, got 2" in rows.nth(2).inner_text()

    ani = Beneficiary.objects.get(person__name="Ani Lestari")
    page.goto(f"{page.base_url}/sponsorship/beneficiaries/{ani.pk}/exit/")
    page.select_option("select[name=reason]", "died")
    page.fill("input[name=on]", "2026-03-10")
    page.click("form.card button[type=submit]")
    assert "Citra Dewi dari daftar tunggu menggantikan" in page.locator(".messages").inner_text()
