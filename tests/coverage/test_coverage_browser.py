"""One journey in a real browser: an officer signs in, opens the coverage dashboard of the province,
picks a regency, and downloads its PDF brief, which holds the regency's numbers."""

import datetime as dt

import pytest
from pypdf import PdfReader

from lindung.coverage.models import PopulationStat
from lindung.coverage.services.facts import coverage_facts_rebuild
from tests.conftest import browser_login
from tests.coverage.conftest import VILLAGE_A, VILLAGE_B, CoverageWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_picks_a_regency_and_downloads_its_brief(page, users, tmp_path):
    world = CoverageWorld()
    employer = world.employer(region="1507")
    for _ in range(6):
        world.membership(world.person(VILLAGE_A), "PU", employer=employer)
    for _ in range(2):
        world.membership(world.person(VILLAGE_B), "BPU", payer_kind="self", programmes=("JKK", "JKM"))
    PopulationStat.objects.create(
        region_id="1507",
        period=dt.date(2021, 8, 1),
        indicator="employed",
        value=32,
        source="BPS Sakernas Agustus 2021",
        quality="reported",
    )
    coverage_facts_rebuild(dt.date(2024, 3, 1))
    users.officer(regions=("15",), username="jambi1")

    browser_login(page, "jambi1")
    page.click("header nav a[href='/coverage/']")
    assert "Jambi" in page.locator("h1").inner_text()
    page.select_option("#sub-region", "1507")
    page.click("#pick-sub button")
    page.wait_for_url("**/coverage/?*region=1507*")
    assert "Tanjung Jabung Timur" in page.locator("h1").inner_text()
    assert page.locator("#total").inner_text() == "8"  # 6 PU + 2 BPU
    assert page.locator("#ratio").inner_text() == "25,00 %"  # 8 ÷ 32
    with page.expect_download() as info:
        page.click("a.dl-pdf")
    path = tmp_path / "brief.pdf"
    info.value.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", " ")
    assert "Tanjung Jabung Timur" in text
    assert "Cakupan jaminan sosial ketenagakerjaan per 31 Maret 2024" in text
    assert "25,00 %" in text
    assert "BPS Sakernas Agustus 2021" in text
