"""/api/v1/calc/...: public, the same calculators and JSON as the command; 422 names the field."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def post(client, path, payload):
    return client.post(f"/api/v1/calc/{path}", payload, content_type="application/json")


def test_contribution_without_login(client):
    r = post(
        client, "contribution", {"segment": "PU", "month": "2025-06", "wage": 9000000, "risk_class": "III"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["lines"][0]["rate"] == "0.0089" and body["lines"][0]["employer"] == 80100  # E01
    assert body["totals"]["total"] == 890100
    assert "jp.wage_cap" in body["parameters"]


def test_contribution_refusals_name_the_field(client):
    r = post(client, "contribution", {"segment": "BPU", "month": "2025-06", "income": 900000})
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {"field": "income", "message": "Rp900.000 is below the lowest declared income Rp1.000.000"}
    ]
    r = post(client, "contribution", {"segment": "PU", "month": "June", "wage": 1})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "month"
    r = post(client, "contribution", {"segment": "PU", "month": "2025-06", "wage": 5000000})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "risk_class"


@pytest.mark.parametrize(
    ("path", "payload", "total"),
    [
        (
            "benefit/jkm",
            {"event_date": "2025-05-01", "months_contributed": 36, "children": 2},
            42000000,
        ),  # E20
        ("benefit/jkk-death", {"event_date": "2018-02-04", "wage": 2400000}, 123000000),  # E18
        ("benefit/jkk-disability", {"event_date": "2025-05-01", "wage": 4000000, "percent": "35"}, 112000000),
        ("benefit/jkk-stmb", {"event_date": "2025-01-01", "wage": 4000000, "days": 400}, 51000000),
        ("benefit/jkp", {"event_date": "2024-06-01", "last_wage": 5000000}, 10500000),  # E22
        ("benefit/jht", {"history": [], "as_of": "2025-12-31"}, None),
        (
            "benefit/jp",
            {"birth_date": "1960-05-20", "history": [{"month": "2015-07", "wage": 8000000}]},
            210000,  # 7.000.000 x 2 % + 7.000.000 x 1 %
        ),
    ],
)
def test_benefits(client, path, payload, total):
    r = post(client, path, payload)
    if total is None:
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "history"
    else:
        assert r.status_code == 200, r.json()
        assert r.json()["total"] == total


def test_jkp_eligibility_and_pension_age(client):
    months = [f"2024-{m:02d}" for m in range(6, 13)] + [f"2025-{m:02d}" for m in range(1, 6)]
    r = post(client, "benefit/jkp-eligibility", {"event_date": "2025-05-20", "paid_months": months})
    assert r.status_code == 200 and r.json()["eligible"] is True
    r = client.get("/api/v1/calc/pension-age", {"birth_date": "1968-04-01"})
    assert r.json() == {"birth_date": "1968-04-01", "pension_age": 59, "pension_date": "2027-04-01"}
    assert client.get("/api/v1/calc/pension-age", {"birth_date": "01/04/1968"}).status_code == 422


def test_schema_lists_the_calculators(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/calc/contribution" in paths and "/api/v1/calc/benefit/jp" in paths
