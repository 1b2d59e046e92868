"""The billing run's edges: the runs page (start a run as a job, its progress, the run's counts and
totals), the API, the command, and who may do what."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from lindung.billing.models import BillingRun, Invoice
from lindung.billing.services.billing_run import billing_run

JUNE = dt.date(2025, 6, 1)


@pytest.fixture
def people(world, users):
    """PT A in Tanjung Jabung Timur (1507): Ani, 10,000,000 (E07: 989,000 a month); PT B in
    Kerinci (1501): Bayu, 10,000,000."""
    world.pu_worker(world.employer("PT A", "1507"), "Ani")
    world.pu_worker(world.employer("PT B", "1501"), "Bayu")
    return {
        "admin": users.admin(),
        "officer": users.officer(("1507",)),
        "kerinci": users.officer(("1501",)),
        "auditor": users.auditor(),
        "employer": users.make("employer"),
        "worker": users.make("worker"),
    }


def test_an_officer_starts_a_run_for_their_region_and_follows_it(client, people):
    client.force_login(people["officer"])
    response = client.post("/billing/runs/", {"month": "2025-06", "region": "1507"})
    assert response.status_code == 302  # to the job's progress (jobs run inline in tests)
    job_page = client.get(response["Location"])
    run = BillingRun.objects.get()
    assert job_page.status_code == 302 and job_page["Location"] == f"/billing/runs/{run.pk}/"
    htmx = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == f"/billing/runs/{run.pk}/"
    detail = client.get(f"/billing/runs/{run.pk}/").content.decode()
    assert "989.000" in detail  # PT A's June bill (E07); PT B is in Kerinci
    assert run.region_code == "1507" and run.totals == {
        "employer": {"invoices": 1, "amount": 989_000, "lines": 4}
    }
    assert run.started_by == people["officer"] and run.job_id is not None


def test_refusals_on_the_page(client, people):
    client.force_login(people["officer"])
    page = client.post("/billing/runs/", {"month": "2025-06", "region": ""})
    assert page.status_code == 200 and "choose one of your regions" in page.content.decode()
    page = client.post("/billing/runs/", {"month": "2025-06", "region": "1501"})
    assert page.status_code == 403  # Kerinci is not theirs
    assert not BillingRun.objects.exists()
    for who in ("employer", "worker"):
        client.force_login(people[who])
        assert client.get("/billing/runs/").status_code == 403
        assert client.post("/billing/runs/", {"month": "2025-06"}).status_code == 403
    client.force_login(people["auditor"])  # reads, never starts
    assert client.get("/billing/runs/").status_code == 200
    assert client.post("/billing/runs/", {"month": "2025-06"}).status_code == 403


def test_runs_are_seen_within_scope(client, people):
    everywhere = billing_run(actor=people["admin"], month=JUNE).run
    kerinci = billing_run(actor=people["kerinci"], month=JUNE, region="1501").run
    client.force_login(people["officer"])  # 1507 sees neither Kerinci's run nor the all-region one
    assert client.get(f"/billing/runs/{kerinci.pk}/").status_code == 404
    assert client.get(f"/billing/runs/{everywhere.pk}/").status_code == 404
    client.force_login(people["kerinci"])
    assert client.get(f"/billing/runs/{kerinci.pk}/").status_code == 200
    client.force_login(people["auditor"])
    assert client.get(f"/billing/runs/{everywhere.pk}/").status_code == 200


def test_run_list_query_budget(client, people, django_assert_max_num_queries):
    for month in (1, 2, 3, 4, 5, 6):
        billing_run(actor=people["admin"], month=dt.date(2025, month, 1), lookback_months=0)
    client.force_login(people["admin"])
    with django_assert_max_num_queries(6):
        page = client.get("/billing/runs/")
    assert page.status_code == 200 and page.content.decode().count("/billing/runs/") >= 6


def test_api_lists_and_starts_runs(client, people):
    client.force_login(people["admin"])
    started = client.post("/api/v1/billing/runs", {"month": "2025-06"}, content_type="application/json")
    assert started.status_code == 202
    body = started.json()
    run = BillingRun.objects.get(pk=body["run_id"])
    assert run.status == "done" and Invoice.objects.filter(month=JUNE).count() == 2
    listed = client.get("/api/v1/billing/runs").json()["items"]
    assert [r["id"] for r in listed] == [run.pk] and listed[0]["counts"]["memberships"] == 2

    bad = client.post("/api/v1/billing/runs", {"month": "juni"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "month"
    client.force_login(people["officer"])
    assert client.get("/api/v1/billing/runs").json()["items"] == []  # an all-region run
    refused = client.post(
        "/api/v1/billing/runs", {"month": "2025-06", "region": "1501"}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.force_login(people["employer"])
    assert client.get("/api/v1/billing/runs").status_code == 403


def test_the_command(people, capsys):
    call_command("bill", "--month", "2025-06", "--region", "1507")
    out = capsys.readouterr().out
    assert "2025-06 region 1507: 1 memberships, 4 lines" in out and "Rp989.000" in out
    call_command("bill", "--month", "2025-06", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["contribution_lines"] == 4 and data["totals"]["employer"]["amount"] == 2 * 989_000
    with pytest.raises(SystemExit) as bad:
        call_command("bill", "--month", "2025-13")
    assert bad.value.code == 2 and "--month" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad:
        call_command("bill", "--month", "2025-06", "--region", "9999")
    assert bad.value.code == 2 and "not a region code" in capsys.readouterr().err
