"""The import page in a real browser: an officer uploads a messy file and reads the report."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITI = "1507015203850002"  # woman born 12-03-1985 (day 12 + 40)
SUTAN = "1507013101900001"  # man born 31-01-1990


def test_officer_imports_people_and_reads_the_report(page, users, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    users.officer(username="petugas9", regions=("1507",))
    path = tmp_path / "warga.csv"
    path.write_bytes(
        "nik;nama;tanggal_lahir;jenis_kelamin;kode_desa\r\n"
        f"{SITI};Siti Rahayu;12/03/1985;P;1507012001\r\n"
        f"{SUTAN};Sútan;31/02/1990;L;1507012001\r\n".encode("cp1252")
    )
    browser_login(page, "petugas9")
    page.goto(page.base_url + "/registry/import/")
    assert page.locator("h1").inner_text() == "Impor dari berkas"
    page.select_option("select[name=kind]", "people")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_selector("[data-count=imported]")
    assert page.locator("[data-count=imported]").inner_text() == "1"
    assert page.locator("[data-count=rejected]").inner_text() == "1"
    cells = page.locator("table.import-errors tbody tr td").all_inner_texts()
    assert cells == ["3", "tanggal_lahir", '"31/02/1990" bukan tanggal']
    with page.expect_download() as download:
        page.click("text=JSON")
    assert download.value.suggested_filename.endswith(".json")
