"""The import pages (registry/imports/views.py): upload -> background job -> report, downloads,
pagination, and who is refused."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.urls import reverse

from lindung.accounts.models import Role
from lindung.jobs.models import Job
from lindung.registry.imports.report import errors_csv
from lindung.registry.models import Person

pytestmark = pytest.mark.django_db

SITI = "1507015203850002"  # woman born 12-03-1985 (day 12 + 40)
SUTAN = "1507013101900001"  # man born 31-01-1990
VILLAGE = "1507012001"  # in Kabupaten Tanjung Jabung Timur (1507)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, path, kind="people", **extra):
    with open(path, "rb") as f:
        return client.post(reverse("registry:import"), {"kind": kind, "file": f, **extra})


def test_officer_uploads_and_reads_the_report(client, users, csv_file, django_assert_max_num_queries):
    officer = users.officer(regions=("1507",))
    client.force_login(officer)
    path = csv_file(
        [
            ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa"],
            [SITI, "Siti", "12/03/1985", "P", VILLAGE],
            [SUTAN, "Sutan", "31/02/1990", "L", VILLAGE],
        ],
        name="warga.csv",
    )
    response = upload(english(client), path)
    job = Job.objects.get(kind="registry.import")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_job", args=[job.pk])
    assert (job.status, job.created_by, job.params["file_name"]) == ("done", officer, "warga.csv")
    assert Person.objects.filter(nik=SITI).exists()
    with django_assert_max_num_queries(6):
        page = client.get(response["Location"])
    html = page.content.decode()
    assert 'data-count="imported">1<' in html
    assert 'data-count="rejected">1<' in html
    assert '<td class="num">3</td><td>tanggal_lahir</td><td>&quot;31/02/1990&quot; is not a date</td>' in html


def test_the_page_and_the_report_speak_indonesian_by_default(client, users, csv_file):
    client.force_login(users.officer())
    html = client.get(reverse("registry:import")).content.decode()
    assert "Impor dari berkas" in html
    assert "tanggal_lahir" in html  # the column guide
    rows = [["nik", "nama", "tanggal_lahir", "jenis_kelamin"], [SITI, "Siti", "30/02/1985", "P"]]
    upload(client, csv_file(rows))
    job = Job.objects.get()
    html = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "<td>&quot;30/02/1985&quot; bukan tanggal</td>" in html
    assert "Baris yang ditolak" in html


def test_progress_is_polled_with_htmx_until_the_job_is_done(client, users):
    user = users.admin()
    client.force_login(user)
    job = Job.objects.create(
        kind="registry.import",
        params={"kind": "people", "file_name": "x.csv"},
        created_by=user,
        status="running",
        total=200,
        done=50,
    )
    partial = client.get(
        reverse("registry:import_job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.startswith('<div id="import-job" hx-get=')
    assert 'hx-trigger="every 1s"' in partial
    assert '<progress value="25" max="100"' in partial  # 50 of 200 rows
    assert "<html" not in partial
    Job.objects.filter(pk=job.pk).update(status="done", result={"imported": 200, "errors": []})
    done = client.get(reverse("registry:import_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done  # polling stops
    assert 'data-count="imported">200<' in done


def test_errors_are_paginated_and_downloadable(client, users, csv_file):
    client.force_login(users.admin())
    rows = [["nik", "name", "birth_date", "sex"]] + [
        [SITI, f"Siti {i}", "1985-02-30", "F"] for i in range(60)
    ]
    upload(english(client), csv_file(rows))
    job = Job.objects.get()
    url = reverse("registry:import_job", args=[job.pk])
    first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
    # 60 rejected rows, 50 a page: rows 2-51 on page 1, rows 52-61 on page 2.
    assert first.count('<tr><td class="num">') == 50
    assert second.count('<tr><td class="num">') == 10
    assert '<td class="num">61</td>' in second
    report = json.loads(client.get(reverse("registry:import_report", args=[job.pk, "json"])).content)
    assert (report["rejected"], len(report["errors"]), report["errors"][0]["row"]) == (60, 60, 2)
    csv_response = client.get(reverse("registry:import_report", args=[job.pk, "csv"]))
    body = csv_response.content.decode("utf-8")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert body.startswith('\ufeffrow,field,message\r\n2,birth_date,"""1985-02-30"" is not a date"\r\n')


def test_report_csv_neutralises_formulas():
    body = errors_csv([{"row": 2, "field": "=cmd", "message": "@SUM(1)"}])
    assert body.splitlines()[1] == "2,'=cmd,'@SUM(1)"


def test_a_file_that_cannot_be_read_fails_the_job_with_the_reason(client, users, csv_file):
    client.force_login(users.admin())
    upload(english(client), csv_file([["nik", "nama"], [SITI, "Siti"]]))
    job = Job.objects.get()
    assert job.status == "failed"
    html = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "missing column(s) birth_date (tanggal_lahir), sex (jenis_kelamin)" in html


def test_templates_download(client, users):
    client.force_login(users.officer())
    response = client.get(reverse("registry:import_template", args=["people", "xlsx"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.content[:2] == b"PK"
    assert client.get(reverse("registry:import_template", args=["people", "pdf"])).status_code == 404


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.WORKER, Role.SPONSOR_OFFICER])
def test_roles_that_may_not_import_are_refused(client, users, csv_file, role):
    client.force_login(users.make(role))
    assert client.get(reverse("registry:import")).status_code == 403
    assert upload(client, csv_file([["nik"], [SITI]])).status_code == 403
    assert client.get(reverse("registry:import_template", args=["people", "csv"])).status_code == 403
    assert not Job.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("registry:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_employer_users_may_import_memberships_only(client, users, csv_file, employer):
    client.force_login(users.make(Role.EMPLOYER, employer=employer))
    html = client.get(reverse("registry:import")).content.decode()
    assert '<option value="memberships"' in html
    assert '<option value="people"' not in html
    response = upload(
        client, csv_file([["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"]])
    )
    assert response.status_code == 200  # the form says the choice is not available
    assert not Job.objects.exists()
    assert client.get(reverse("registry:import_template", args=["people", "csv"])).status_code == 404


def test_someone_elses_import_is_not_found(client, users, csv_file):
    owner, other = users.officer(), users.officer()
    client.force_login(owner)
    upload(client, csv_file([["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"]]))
    job = Job.objects.get()
    client.force_login(other)
    assert client.get(reverse("registry:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:import_report", args=[job.pk, "json"])).status_code == 404
    client.force_login(users.admin())
    assert client.get(reverse("registry:import_job", args=[job.pk])).status_code == 200
