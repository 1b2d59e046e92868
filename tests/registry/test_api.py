"""The registry API: token and session auth, pagination, field-level 4xx for bad input (never a
500), and scope refusals for every role."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.accounts.tokens import api_token_issue, api_token_revoke
from lindung.registry.models import Membership, Person
from tests.registry.conftest import FULL_PU, VILLAGE_1507, VILLAGE_1571

API = "/api/v1"
BUDI = "1507011705900001"  # 150701, 17-05-1990, man
SITI = "1571014311850001"  # 157101, 03-11-1985 (+40), woman


@pytest.fixture
def world(reg):
    """Budi lives in 1507 and works for NN000001 (1507); Siti lives in Kota Jambi (1571), BPU."""
    budi = reg.person(BUDI, name="Budi Santoso", birth_date=dt.date(1990, 5, 17), sex="M")
    siti = reg.person(
        SITI, name="Siti Aminah", birth_date=dt.date(1985, 11, 3), sex="F", village_code=VILLAGE_1571
    )
    sawit = reg.employer("NN000001", name="PT Sabak Sawit", region_code="1507", size_class="besar")
    kota = reg.employer("NN000002", name="CV Kota Jambi", region_code="1571", size_class="mikro")
    pu = reg.enrol(budi, "PU", FULL_PU, dt.date(2024, 1, 1), wage=4_000_000, employer=sawit)
    bpu = reg.enrol(siti, "BPU", {"JKK", "JKM"}, dt.date(2024, 1, 1), wage=1_500_000)
    return {"budi": budi, "siti": siti, "sawit": sawit, "kota": kota, "pu": pu, "bpu": bpu}


def as_user(client, user):
    client.force_login(user)
    return client


def details(response):
    return {d["field"]: d["message"] for d in response.json()["detail"]}


# --- authentication -------------------------------------------------------------------------------


def test_anonymous_requests_are_refused(client, world):
    response = client.get(f"{API}/people/{BUDI}")
    assert response.status_code == 401
    assert response.json() == {"detail": [{"field": None, "message": "authentication required"}]}


def test_token_authentication_and_revocation(client, users, world):
    officer = users.officer(regions=("1507",))
    key = api_token_issue(actor=None, user=officer, name="script")
    response = client.get(f"{API}/people/{BUDI}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["name"] == "Budi Santoso"
    api_token_revoke(actor=None, prefix=key[:8])
    assert client.get(f"{API}/people/{BUDI}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert client.get(f"{API}/people/{BUDI}", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_openapi_schema_lists_the_registry(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {f"{API}/people", f"{API}/people/{{nik}}", f"{API}/memberships/{{pk}}/change"} <= set(paths)


# --- people ---------------------------------------------------------------------------------------


def test_person_lookup_by_nik(client, admin, world):
    data = as_user(client, admin).get(f"{API}/people/{BUDI}").json()
    assert data == {
        "nik": BUDI,
        "name": "Budi Santoso",
        "birth_date": "1990-05-17",
        "sex": "M",
        "village_code": VILLAGE_1507,
        "phone": "",
        "nik_warnings": [],
    }


def test_person_create_and_field_errors(client, admin, regions):
    c = as_user(client, admin)
    body = {
        "nik": BUDI,
        "name": "Budi Santoso",
        "birth_date": "1990-05-17",
        "sex": "L",
        "village_code": VILLAGE_1507,
    }
    created = c.post(f"{API}/people", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["sex"] == "M"
    again = c.post(f"{API}/people", body, content_type="application/json")
    assert again.status_code == 409 and details(again) == {
        "nik": f"a person with NIK {BUDI} is already registered"
    }

    wrong_date = c.post(f"{API}/people", {**body, "nik": "1507011805900001"}, content_type="application/json")
    assert wrong_date.status_code == 422
    assert details(wrong_date) == {"nik": "NIK encodes birth date 18-05-90, not 17-05-90"}

    not_a_date = c.post(
        f"{API}/people", {**body, "birth_date": "1990-02-30"}, content_type="application/json"
    )
    assert not_a_date.status_code == 422 and "birth_date" in details(not_a_date)

    unknown_region = c.post(
        f"{API}/people",
        {**body, "nik": "1507011705900002", "village_code": "9999999999"},
        content_type="application/json",
    )
    assert unknown_region.status_code == 422
    assert details(unknown_region) == {"village_code": "'9999999999' is not a known region code"}

    missing = c.post(f"{API}/people", {"nik": BUDI}, content_type="application/json")
    assert missing.status_code == 422 and {"name", "birth_date", "sex"} <= set(details(missing))

    nul = c.post(f"{API}/people", {**body, "name": "Bu\x00di"}, content_type="application/json")
    assert nul.status_code == 422 and "name" in details(nul)

    not_json = c.post(f"{API}/people", "{nik", content_type="application/json")
    assert 400 <= not_json.status_code < 500
    assert Person.objects.count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    nik=st.text(max_size=20),
    name=st.text(max_size=60),
    birth_date=st.one_of(st.text(max_size=12), st.dates().map(str)),
    sex=st.text(max_size=3),
    village=st.one_of(st.none(), st.text(max_size=12)),
)
def test_odd_person_input_never_breaks_the_server(
    client, admin, regions, nik, name, birth_date, sex, village
):
    c = as_user(client, admin)
    body = {"nik": nik, "name": name, "birth_date": birth_date, "sex": sex, "village_code": village}
    response = c.post(f"{API}/people", body, content_type="application/json")
    assert response.status_code in (201, 409, 422), response.content
    lookup = c.get(f"{API}/people/{nik.replace('/', '')}") if nik.strip("/") else None
    assert lookup is None or lookup.status_code in (200, 404)


def test_person_search_is_paginated(client, admin, reg):
    for serial, name in enumerate(["Ahmad Yani", "Ahmad Dahlan", "Ahmad Subarjo"], start=1):
        reg.person(f"150701170590{serial:04d}", name=name)
    c = as_user(client, admin)
    first = c.get(f"{API}/people", {"q": "ahmad", "page_size": 2}).json()
    assert first["count"] == 3 and [p["name"] for p in first["items"]] == ["Ahmad Dahlan", "Ahmad Subarjo"]
    second = c.get(f"{API}/people", {"q": "ahmad", "page_size": 2, "page": 2}).json()
    assert [p["name"] for p in second["items"]] == ["Ahmad Yani"]
    by_nik = c.get(f"{API}/people", {"q": "1507011705900002"}).json()
    assert [p["name"] for p in by_nik["items"]] == ["Ahmad Dahlan"]
    for bad in ({"page": 0}, {"page": 10**12}, {"page_size": 1000}, {"page": "x"}):
        assert c.get(f"{API}/people", bad).status_code == 422


def test_people_list_query_budget(client, admin, reg, django_assert_max_num_queries):
    for serial in range(1, 21):
        reg.person(f"150701170590{serial:04d}", name=f"Orang {serial}")
    c = as_user(client, admin)
    with django_assert_max_num_queries(4):  # session, user, count, page
        assert len(c.get(f"{API}/people").json()["items"]) == 20


# --- scope by role ----------------------------------------------------------------------------------


def test_officer_sees_only_their_regions(client, users, world):
    c = as_user(client, users.officer(regions=("1507",)))
    assert c.get(f"{API}/people/{BUDI}").status_code == 200
    assert c.get(f"{API}/people/{SITI}").status_code == 404
    assert [p["nik"] for p in c.get(f"{API}/people").json()["items"]] == [BUDI]
    assert [e["npp"] for e in c.get(f"{API}/employers").json()["items"]] == ["NN000001"]
    assert c.get(f"{API}/employers/NN000002").status_code == 404
    assert c.get(f"{API}/memberships/{world['bpu'].pk}").status_code == 404


def test_employer_user_sees_only_their_workers(client, users, world):
    c = as_user(client, users.make("employer", employer=world["sawit"]))
    assert c.get(f"{API}/people/{BUDI}").status_code == 200
    assert c.get(f"{API}/people/{SITI}").status_code == 404
    assert [e["npp"] for e in c.get(f"{API}/employers").json()["items"]] == ["NN000001"]
    workers = c.get(f"{API}/employers/NN000001/workers", {"on": "2024-06-01"}).json()
    assert [w["nik"] for w in workers["items"]] == [BUDI]
    assert c.get(f"{API}/employers/NN000002/workers").status_code == 404
    body = {"npp": "NN000009", "name": "X", "region_code": "1507", "size_class": "kecil", "risk_class": "I"}
    assert c.post(f"{API}/employers", body, content_type="application/json").status_code == 403


def test_worker_sees_only_themselves(client, users, world):
    c = as_user(client, users.make("worker", person=world["siti"]))
    assert c.get(f"{API}/people/{SITI}").status_code == 200
    assert c.get(f"{API}/people/{BUDI}").status_code == 404
    assert c.get(f"{API}/employers").json() == {"items": [], "count": 0}
    assert [m["id"] for m in c.get(f"{API}/memberships").json()["items"]] == [world["bpu"].pk]
    assert c.get(f"{API}/memberships/{world['pu'].pk}").status_code == 404


def test_auditor_reads_everything_and_writes_nothing(client, users, world):
    c = as_user(client, users.auditor())
    assert c.get(f"{API}/people").json()["count"] == 2
    assert c.get(f"{API}/memberships").json()["count"] == 2
    body = {"nik": "1507011705900002", "name": "A", "birth_date": "1990-05-17", "sex": "M"}
    refused = c.post(f"{API}/people", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"][0]["field"] is None
    change = c.post(
        f"{API}/memberships/{world['pu'].pk}/change",
        {"effective": "2024-07-01", "wage": 5_000_000},
        content_type="application/json",
    )
    assert change.status_code == 403


def test_sponsor_officer_sees_no_registry_records(client, users, world):
    c = as_user(client, users.make("sponsor_officer"))
    assert c.get(f"{API}/people").json()["count"] == 0
    assert c.get(f"{API}/people/{BUDI}").status_code == 404


# --- employers and projects -----------------------------------------------------------------------


def test_employer_create_and_errors(client, users, regions):
    c = as_user(client, users.officer(regions=("1507",)))
    body = {
        "npp": "nn000003",
        "name": "PT Nipah",
        "region_code": "150702",
        "size_class": "kecil",
        "risk_class": "III",
    }
    created = c.post(f"{API}/employers", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["npp"] == "NN000003"
    outside = c.post(
        f"{API}/employers",
        {**body, "npp": "NN000004", "region_code": "1571"},
        content_type="application/json",
    )
    assert outside.status_code == 403
    bad = c.post(
        f"{API}/employers",
        {**body, "npp": "NN000005", "size_class": "giant"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert details(bad) == {"size_class": "'giant' is not one of besar, menengah, kecil, mikro"}
    patched = c.patch(
        f"{API}/employers/NN000003", {"size_class": "menengah"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["size_class"] == "menengah"


def test_project_create_list_and_errors(client, admin, world):
    c = as_user(client, admin)
    body = {
        "code": "JK-2024-001",
        "contractor": "NN000001",
        "name": "Jalan Sabak",
        "contract_value": 2_500_000_000,
        "start_date": "2024-03-01",
        "end_date": "2024-12-31",
        "region_code": "1507",
    }
    created = c.post(f"{API}/projects", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["contractor"] == "NN000001"
    unknown = c.post(
        f"{API}/projects", {**body, "code": "JK-2", "contractor": "NN999999"}, content_type="application/json"
    )
    assert unknown.status_code == 422 and details(unknown) == {
        "contractor": "no employer with NPP NN999999 is registered"
    }
    backwards = c.post(
        f"{API}/projects", {**body, "code": "JK-3", "end_date": "2024-01-01"}, content_type="application/json"
    )
    assert details(backwards) == {"end_date": "2024-01-01 is before the start 2024-03-01"}
    huge = c.post(
        f"{API}/projects", {**body, "code": "JK-4", "contract_value": 10**30}, content_type="application/json"
    )
    assert huge.status_code == 422 and "contract_value" in details(huge)
    assert [p["code"] for p in c.get(f"{API}/projects").json()["items"]] == ["JK-2024-001"]
    assert c.get(f"{API}/projects/jk-2024-001").json()["end_date"] == "2024-12-31"


# --- memberships ----------------------------------------------------------------------------------


def test_enrol_change_end_through_the_api(client, users, world):
    c = as_user(client, users.officer(regions=("1507",)))
    body = {
        "nik": BUDI,
        "segment": "PU",
        "programmes": ["JKK", "JKM"],
        "start": "2024-02-01",
        "wage": 2_000_000,
        "employer": "NN000003",
    }
    assert details(c.post(f"{API}/memberships", body, content_type="application/json")) == {
        "employer": "no employer with NPP NN000003 is registered"
    }
    overlap = c.post(
        f"{API}/memberships",
        {**body, "employer": "NN000001", "programmes": sorted(FULL_PU)},
        content_type="application/json",
    )
    assert overlap.status_code == 409 and "start" in details(overlap)
    outside = c.post(f"{API}/memberships", {**body, "employer": "NN000002"}, content_type="application/json")
    assert outside.status_code == 403

    pu = world["pu"].pk
    changed = c.post(
        f"{API}/memberships/{pu}/change",
        {"effective": "2024-07-01", "wage": 4_500_000},
        content_type="application/json",
    )
    assert changed.status_code == 200
    new = changed.json()
    assert (new["previous"], new["wage"], new["valid_from"]) == (pu, 4_500_000, "2024-07-01")
    again = c.post(
        f"{API}/memberships/{pu}/change",
        {"effective": "2024-08-01", "wage": 1},
        content_type="application/json",
    )
    assert again.status_code == 409 and details(again)["membership"].startswith(f"version #{pu} was closed")
    backdated = c.post(
        f"{API}/memberships/{new['id']}/change",
        {"effective": "2024-06-01", "wage": 1},
        content_type="application/json",
    )
    assert backdated.status_code == 422 and "effective" in details(backdated)

    ended = c.post(
        f"{API}/memberships/{new['id']}/end",
        {"end": "2025-01-01", "reason": "resigned"},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["valid_to"] == "2025-01-01"
    history = c.get(f"{API}/memberships", {"nik": BUDI}).json()["items"]
    assert [(m["valid_from"], m["valid_to"], m["wage"]) for m in history] == [
        ("2024-01-01", "2024-07-01", 4_000_000),
        ("2024-07-01", "2025-01-01", 4_500_000),
    ]
    on_day = c.get(f"{API}/memberships", {"nik": BUDI, "on": "2024-06-30"}).json()["items"]
    assert [m["wage"] for m in on_day] == [4_000_000]


def test_enrol_field_errors(client, admin, world):
    c = as_user(client, admin)
    body = {
        "nik": SITI,
        "segment": "BPU",
        "programmes": ["JKK", "JKM", "JP"],
        "start": "2024-13-01",
        "wage": 10**13,
    }
    bad_date = c.post(f"{API}/memberships", body, content_type="application/json")
    assert bad_date.status_code == 422 and "start" in details(bad_date)
    bad = c.post(f"{API}/memberships", {**body, "start": "2025-01-01"}, content_type="application/json")
    assert bad.status_code == 422
    assert details(bad) == {
        "programmes": "BPU may not include JP",
        "wage": "Rp10.000.000.000.000 is above the maximum Rp1.000.000.000.000",
    }
    unknown_person = c.post(
        f"{API}/memberships",
        {**body, "nik": "1507011705909999", "start": "2025-01-01"},
        content_type="application/json",
    )
    assert details(unknown_person) == {"nik": "no person with NIK 1507011705909999 is registered"}
    assert c.get(f"{API}/memberships/{10**20}").status_code == 404
    assert (
        c.post(
            f"{API}/memberships/{world['bpu'].pk}/end",
            {"end": "2025-01-01", "reason": ""},
            content_type="application/json",
        ).status_code
        == 422
    )


def test_switch_segment_through_the_api(client, admin, world):
    c = as_user(client, admin)
    body = {"on": "2025-01-01", "segment": "BPU", "programmes": ["JKK", "JKM", "JHT"], "wage": 2_000_000}
    switched = c.post(f"{API}/memberships/{world['pu'].pk}/switch", body, content_type="application/json")
    assert switched.status_code == 201 and switched.json()["segment"] == "BPU"
    on_switch_day = Membership.objects.filter(person=world["budi"]).valid_on(dt.date(2025, 1, 1))
    assert [m.segment for m in on_switch_day] == ["BPU"]


def test_memberships_list_query_budget(client, admin, reg, django_assert_max_num_queries):
    employer = reg.employer()
    for serial in range(1, 16):
        person = reg.person(f"150701170590{serial:04d}")
        reg.enrol(person, "PU", FULL_PU, dt.date(2024, 1, 1), wage=3_000_000, employer=employer)
    c = as_user(client, admin)
    with django_assert_max_num_queries(4):  # session, user, count, page with people and employers
        assert len(c.get(f"{API}/memberships").json()["items"]) == 15
    with django_assert_max_num_queries(6):  # + the employer, checked twice
        assert c.get(f"{API}/employers/NN000001/workers").json()["count"] == 15


def test_person_patch_and_odd_search_text(client, users, world):
    c = as_user(client, users.officer(regions=("1507",)))
    patched = c.patch(f"{API}/people/{BUDI}", {"phone": "0812 3456 7890"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["phone"] == "0812 3456 7890"
    moved = c.patch(f"{API}/people/{BUDI}", {"village_code": VILLAGE_1571}, content_type="application/json")
    assert moved.status_code == 403
    outside = c.patch(f"{API}/people/{SITI}", {"phone": "0812"}, content_type="application/json")
    assert outside.status_code == 404
    nul = c.get(f"{API}/people", {"q": "Bu\x00di"})
    assert nul.status_code == 422 and details(nul) == {"q": "Value error, must not contain NUL characters"}
    assert c.get(f"{API}/people/{BUDI}%00").status_code == 404
