"""Registry pages: scope refusals for each role, forms that show the services' errors beside the
fields, and query budgets on the list pages."""

import datetime as dt

import pytest
from django.urls import reverse

from lindung.registry.models import Membership, Person
from lindung.registry.services.memberships import membership_change
from tests.registry.conftest import FULL_PU, VILLAGE_1571

BUDI = "1507011705900001"  # 150701, 17-05-1990, man
SITI = "1571014311850001"  # 157101, 03-11-1985 (+40), woman


@pytest.fixture
def world(reg):
    budi = reg.person(BUDI, name="Budi Santoso")
    siti = reg.person(
        SITI, name="Siti Aminah", birth_date=dt.date(1985, 11, 3), sex="F", village_code=VILLAGE_1571
    )
    sawit = reg.employer("NN000001", name="PT Sabak Sawit", region_code="1507")
    kota = reg.employer("NN000002", name="CV Kota Jambi", region_code="1571", size_class="mikro")
    pu = reg.enrol(budi, "PU", FULL_PU, dt.date(2024, 1, 1), wage=4_000_000, employer=sawit)
    second_job = reg.enrol(budi, "PU", {"JKK", "JKM"}, dt.date(2024, 1, 1), wage=1_500_000, employer=kota)
    return {"budi": budi, "siti": siti, "sawit": sawit, "kota": kota, "pu": pu, "second_job": second_job}


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(f"registry:{name}", args=args), query)


def test_officer_sees_their_regions_only(client, users, world):
    officer = users.officer(regions=("1507",))
    listing = page(client, officer, "people")
    assert BUDI in listing.content.decode() and SITI not in listing.content.decode()
    assert page(client, officer, "person", SITI).status_code == 404
    assert page(client, officer, "employer", "NN000002").status_code == 404
    assert page(client, officer, "employer", "NN000001").status_code == 200


def test_person_page_shows_the_timeline_with_every_version(client, admin, world):
    new = membership_change(
        actor=admin, membership=world["pu"], effective=dt.date(2024, 7, 1), wage=4_500_000
    )
    html = page(client, admin, "person", BUDI).content.decode()
    assert html.count('data-segment="PU"') == 3
    assert "Rp4.500.000" in html and "Rp4.000.000" in html
    assert "1 Jul 2024 – sekarang" in html and "1 Jan 2024 – 30 Jun 2024" in html  # last day = valid_to - 1
    assert reverse("registry:membership_change", args=[new.pk]) in html
    assert reverse("registry:membership_change", args=[world["pu"].pk]) not in html  # replaced version


def test_employer_user_sees_only_their_own_memberships_and_workers(client, users, world):
    employer_user = users.make("employer", employer=world["sawit"])
    html = page(client, employer_user, "person", BUDI).content.decode()
    assert "PT Sabak Sawit" in html and "CV Kota Jambi" not in html  # the second job is not theirs
    assert "Ubah upah" not in html  # no forms for employer users
    assert page(client, employer_user, "person", SITI).status_code == 404
    assert page(client, employer_user, "employer", "NN000002").status_code == 404
    assert page(client, employer_user, "employers").url == reverse("registry:employer", args=["NN000001"])
    assert page(client, employer_user, "person_new").status_code == 403


def test_worker_sees_only_themselves(client, users, world):
    worker = users.make("worker", person=world["siti"])
    assert page(client, worker, "people").url == reverse("registry:person", args=[SITI])
    assert page(client, worker, "person", SITI).status_code == 200
    assert page(client, worker, "person", BUDI).status_code == 404
    assert page(client, worker, "employer", "NN000001").status_code == 404
    assert page(client, worker, "membership_new", SITI).status_code == 403


def test_auditor_reads_but_gets_no_forms(client, users, world):
    auditor = users.auditor()
    html = page(client, auditor, "person", BUDI).content.decode()
    assert (
        "Budi Santoso" in html
        and "Ubah upah atau program" not in html
        and "Daftarkan dalam segmen" not in html
    )
    assert page(client, auditor, "person_new").status_code == 403
    assert page(client, auditor, "membership_end", world["pu"].pk).status_code == 403
    client.force_login(auditor)
    end = reverse("registry:membership_end", args=[world["pu"].pk])
    assert client.post(end, {"end": "2024-07-01", "reason": "resigned"}).status_code == 403
    assert Membership.objects.get(pk=world["pu"].pk).valid_to is None


def test_sponsor_officer_sees_no_registry_records(client, users, world):
    sponsor = users.make("sponsor_officer")
    assert (
        "Nobody" in page(client, sponsor, "people").content.decode()
        or BUDI not in page(client, sponsor, "people").content.decode()
    )
    assert page(client, sponsor, "person", BUDI).status_code == 404


def test_register_person_form_shows_errors_beside_fields(client, users, regions):
    client.force_login(users.officer(regions=("1507",)))
    url = reverse("registry:person_new")
    body = {
        "nik": "1507011805900001",
        "name": "Budi",
        "birth_date": "1990-05-17",
        "sex": "M",
        "village_code": "1507012001",
    }
    response = client.post(url, body)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"nik": ["NIK encodes birth date 18-05-90, not 17-05-90"]}
    assert 'class="field invalid"' in response.content.decode()
    created = client.post(url, {**body, "nik": BUDI})
    assert created.url == reverse("registry:person", args=[BUDI])
    assert Person.objects.get(nik=BUDI).name == "Budi"


def test_enrol_change_end_and_switch_forms(client, users, reg):
    officer = users.officer(regions=("1507",))
    budi = reg.person(BUDI)
    reg.employer("NN000001", region_code="1507", size_class="kecil")
    client.force_login(officer)
    enrol = reverse("registry:membership_new", args=[BUDI])
    body = {
        "segment": "PU",
        "start": "2024-01-01",
        "programmes": ["JKK", "JKM"],
        "wage": "3000000",
        "employer": "NN000001",
    }
    refused = client.post(enrol, body)
    assert refused.context["form"].errors == {"programmes": ["PU (kecil) must include JHT, JKP"]}
    unknown = client.post(enrol, {**body, "employer": "NN999999"})
    assert unknown.context["form"].errors == {"employer": ["no employer with NPP NN999999 is registered"]}
    done = client.post(enrol, {**body, "programmes": ["JKK", "JKM", "JHT", "JKP"]})
    assert done.url == reverse("registry:person", args=[BUDI])
    membership = Membership.objects.get(person=budi)

    change = reverse("registry:membership_change", args=[membership.pk])
    backdated = client.post(
        change, {"effective": "2023-12-01", "wage": "3500000", "programmes": ["JKK", "JKM", "JHT", "JKP"]}
    )
    assert "back-dating" in backdated.context["form"].errors["effective"][0]
    client.post(
        change, {"effective": "2024-07-01", "wage": "3500000", "programmes": ["JKK", "JKM", "JHT", "JKP"]}
    )
    current = Membership.objects.get(person=budi, valid_to__isnull=True)
    assert (current.wage, current.valid_from) == (3_500_000, dt.date(2024, 7, 1))

    switch = reverse("registry:membership_switch", args=[current.pk])
    client.post(
        switch, {"on": "2025-01-01", "segment": "BPU", "programmes": ["JKK", "JKM"], "wage": "1000000"}
    )
    bpu = Membership.objects.get(person=budi, segment="BPU")
    assert bpu.valid_from == dt.date(2025, 1, 1)

    end = reverse("registry:membership_end", args=[bpu.pk])
    client.post(end, {"end": "2025-06-01", "reason": "moved"})
    bpu.refresh_from_db()
    assert (bpu.valid_to, bpu.end_reason) == (dt.date(2025, 6, 1), "moved")


def test_enrol_from_the_employer_page(client, admin, world):
    client.force_login(admin)
    url = reverse("registry:employer_enrol", args=["NN000001"])
    assert client.get(url, {"nik": SITI}).url == reverse("registry:membership_new", args=[SITI]) + (
        "?segment=PU&employer=NN000001"
    )
    assert client.get(url, {"nik": "1507011705909999"}).url == reverse("registry:employer", args=["NN000001"])


def test_people_page_query_budget(client, admin, reg, django_assert_max_num_queries):
    for serial in range(1, 31):
        reg.person(f"150701170590{serial:04d}", name=f"Orang {serial}")
    client.force_login(admin)
    with django_assert_max_num_queries(4):  # session, user, count, page of people with villages
        response = client.get(reverse("registry:people"))
    assert len(response.context["page"]) == 25


def test_officer_people_page_query_budget(client, users, reg, django_assert_max_num_queries):
    for serial in range(1, 31):
        reg.person(f"150701170590{serial:04d}", name=f"Orang {serial}")
    client.force_login(users.officer(regions=("1507",)))
    with django_assert_max_num_queries(5):  # + the officer's regions
        assert client.get(reverse("registry:people")).status_code == 200


def test_employer_and_project_pages_query_budget(client, admin, reg, django_assert_max_num_queries):
    employer = reg.employer("NN000001")
    project = reg.project(
        "JK-1", contractor=employer, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31)
    )
    for serial in range(1, 31):
        person = reg.person(f"150701170590{serial:04d}", name=f"Orang {serial}")
        reg.enrol(person, "PU", FULL_PU, dt.date(2024, 1, 1), wage=3_000_000, employer=employer)
        reg.enrol(person, "JAKON", {"JKK", "JKM"}, dt.date(2024, 1, 1), project=project)
    client.force_login(admin)
    # session, user, employer, employer again (scope of the workers), count, workers, projects
    with django_assert_max_num_queries(7):
        response = client.get(reverse("registry:employer", args=["NN000001"]), {"on": "2024-06-01"})
    assert len(response.context["page"]) == 25 and response.context["page"].paginator.count == 30
    with django_assert_max_num_queries(6):  # session, user, project, project again, count, workers
        response = client.get(reverse("registry:project", args=["JK-1"]))
    assert response.context["page"].paginator.count == 30


def test_person_page_query_budget(client, admin, reg, django_assert_max_num_queries):
    person = reg.person(BUDI)
    employer = reg.employer("NN000001")
    m = reg.enrol(person, "PU", FULL_PU, dt.date(2020, 1, 1), wage=3_000_000, employer=employer)
    for month in range(2, 12):
        m = membership_change(
            actor=admin, membership=m, effective=dt.date(2020, month, 1), wage=3_000_000 + month
        )
    client.force_login(admin)
    # session, user, person, versions with employers and projects, possible duplicates, coverage months
    with django_assert_max_num_queries(7):
        html = client.get(reverse("registry:person", args=[BUDI])).content.decode()
    assert html.count('data-segment="PU"') == 11
