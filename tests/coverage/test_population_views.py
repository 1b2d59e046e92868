"""The population pages: who may see and import, what they show, and their query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lindung.coverage.models import PopulationStat
from lindung.coverage.views import population as views
from tests.coverage.conftest import HEADER, csv_file

LIST = reverse("coverage:population")
IMPORT = reverse("coverage:population_import")


def test_a_region_with_its_figures_and_sources(client, users, stats, django_assert_max_num_queries):
    client.force_login(users.admin())
    with django_assert_max_num_queries(10):
        response = client.get(LIST, {"region": "1507", "as_of": "2024-03-23"})
    assert response.status_code == 200
    page = response.content.decode()
    # The denominator box: TJT employed 115,517 (Aug 2021, SOURCES.md), written the Indonesian way.
    assert "115.517" in page and "news citing BPS Sakernas (sekato.id)" in page
    assert "244.905" in page  # registered population, Dukcapil Dec 2024
    assert 'href="?region=150701"' in page  # sub-regions


def test_derived_denominator_shows_its_working(client, users, stats):
    client.force_login(users.admin())
    page = client.get(LIST, {"region": "1507", "as_of": "2019-07-31"}).content.decode()
    assert "109.898" in page and "1.720.660" in page


def test_pages_of_figures(client, users, stats, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(users.auditor())
    count = PopulationStat.objects.filter(region_id="15").count()
    pages = -(-count // 5)
    page = client.get(LIST, {"region": "15", "page": 2}).content.decode()
    assert f"halaman 2 dari {pages}" in page


def test_an_officer_sees_their_region_its_parts_and_what_lies_above(client, users, stats):
    client.force_login(users.officer(regions=("1507",)))
    for code in ("1507", "150701", "15", "ID"):
        assert client.get(LIST, {"region": code}).status_code == 200, code
    assert client.get(LIST, {"region": "1502"}).status_code == 403
    page = client.get(LIST, {"region": "15"}).content.decode()
    assert 'href="?region=1507"' in page and 'href="?region=1502"' not in page
    assert client.get(LIST).status_code == 200  # defaults to the officer's own region


@pytest.mark.parametrize("role", ["employer", "worker", "sponsor_officer"])
def test_other_roles_are_refused(client, users, role):
    client.force_login(users.make(role))
    assert client.get(LIST, {"region": "1507"}).status_code == 403
    assert client.get(IMPORT).status_code == 403


def test_signed_out_goes_to_login(client, regions):
    assert client.get(LIST).status_code == 302


def test_unknown_region_and_bad_date(client, users):
    client.force_login(users.admin())
    assert client.get(LIST, {"region": "9999"}).status_code == 404
    assert client.get(LIST, {"region": "1507", "as_of": "kemarin"}).status_code == 404


def test_auditors_read_but_do_not_import(client, users):
    client.force_login(users.auditor())
    assert client.get(LIST, {"region": "1507"}).status_code == 200
    assert client.get(IMPORT).status_code == 403
    assert (
        client.post(
            IMPORT, {"file": csv_file(HEADER + "1507,2021-08,employed,1,BPS,,reported,\n")}
        ).status_code
        == 403
    )
    assert PopulationStat.objects.count() == 0


def test_an_officer_imports_a_file(client, users):
    client.force_login(users.officer(regions=("1507",)))
    text = HEADER + "150701,2024-12,registered_population,24000,Dukcapil TJT,,reported,\n"
    response = client.post(IMPORT, {"file": csv_file(text)}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT
    assert PopulationStat.objects.get(region_id="150701").value == 24_000
    assert "1 baris dibaca: 1 angka ditambahkan, 0 dikoreksi, 0 tidak berubah." in response.content.decode()


def test_import_errors_are_shown_with_their_rows(client, users):
    client.force_login(users.admin())
    response = client.post(IMPORT, {"file": csv_file(HEADER + "1507,2021-08,employed,1,,,reported,\n")})
    assert response.status_code == 422
    page = response.content.decode()
    assert "row 2, source: is empty" in page and "Tidak ada yang disimpan" in page
    assert client.post(IMPORT, {}).status_code == 422


def test_example_file_opens_in_excel(client, users):
    client.force_login(users.officer())
    response = client.get(reverse("coverage:population_import_template"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffregion_code,period,indicator,value,source,source_url,quality,note\r\n")
    assert "1507,2021-08,employed,115517," in body
