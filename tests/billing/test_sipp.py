"""The employer's monthly workers file (SIPP-style): download, round trip, errors, scope."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from lindung.audit.models import AuditEvent
from lindung.billing.services.sipp import sipp_upload
from lindung.registry.models import Membership

JUNE = dt.date(2025, 6, 1)
FIVE = ("JKK", "JKM", "JHT", "JP", "JKP")


@pytest.fixture
def firm(world, users):
    """PT A (1507): Ani 5,000,000 and Budi 4,000,000 active; Cici left in 2024. PT B (1571): Dedi.
    Eka is a person without a membership."""
    a, b = world.employer("PT A", "1507"), world.employer("PT B", "1571")

    def worker(employer, name, wage=5_000_000):
        # a large employer's PU worker holds all five programmes (the registry checks it on change)
        return world.membership(world.person(name), "PU", employer=employer, wage=wage, programmes=FIVE)

    ani = worker(a, "Ani")
    budi = worker(a, "Budi", 4_000_000)
    cici = worker(a, "Cici")
    cici.valid_to, cici.end_reason = dt.date(2024, 12, 1), "resigned"
    cici.save()
    dedi = worker(b, "Dedi")
    eka = world.person("Eka")
    return {
        "a": a,
        "b": b,
        "ani": ani,
        "budi": budi,
        "cici": cici,
        "dedi": dedi,
        "eka": eka,
        "admin": users.admin(),
        "officer": users.officer(("1507",)),
        "officer_jambi": users.officer(("1571",)),
        "auditor": users.auditor(),
        "employer_a": users.make("employer", employer=a),
        "employer_b": users.make("employer", employer=b),
        "worker": users.make("worker", person=ani.person),
    }


def current(membership):
    m = membership
    while (nxt := Membership.objects.filter(previous=m).first()) is not None:
        m = nxt
    m.refresh_from_db()
    return m


def to_csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def download(client, npp, fmt="csv", month="2025-06"):
    return client.get(f"/billing/workers-file/?npp={npp}&month={month}&format={fmt}")


def test_download_lists_the_months_active_workers(client, firm, django_assert_max_num_queries):
    client.force_login(firm["employer_a"])
    with django_assert_max_num_queries(8):
        response = download(client, firm["a"].npp)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["NIK", "Nama", "Program", "Upah", "Tanggal keluar", "Alasan keluar"]
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        ("Ani", "JKK+JKM+JHT+JP+JKP", "5000000"),
        ("Budi", "JKK+JKM+JHT+JP+JKP", "4000000"),
    ]  # Cici left before June; Dedi is PT B's


def test_round_trip_changes_wage_and_ends(client, firm):
    client.force_login(firm["employer_a"])
    rows = list(csv.reader(io.StringIO(download(client, firm["a"].npp).content.decode("utf-8-sig"))))
    rows[1][3] = "5.500.000"  # Ani's new wage
    rows[2][4], rows[2][5] = "20/06/2025", "mengundurkan diri"  # Budi leaves
    upload = io.BytesIO(to_csv(rows))
    upload.name = "june.csv"
    response = client.post(
        "/billing/workers-file/", {"npp": firm["a"].npp, "month": "2025-06", "file": upload}
    )
    assert response.status_code == 200
    assert "The changes were made." in response.content.decode() or "Perubahan" in response.content.decode()
    ani = current(firm["ani"])
    assert (ani.wage, ani.valid_from, ani.previous_id) == (5_500_000, JUNE, firm["ani"].pk)
    budi = current(firm["budi"])
    assert (budi.valid_to, budi.end_reason, budi.wage) == (dt.date(2025, 6, 20), "resigned", 4_000_000)
    assert AuditEvent.objects.filter(action="sipp.upload").count() == 1
    # The same file again changes nothing more.
    report = sipp_upload(actor=firm["employer_a"], employer=firm["a"], month=JUNE, file=to_csv(rows))
    assert report.applied and [line.outcome for line in report.lines] == ["unchanged", "unchanged"]


def test_xlsx_round_trip(client, firm):
    client.force_login(firm["officer"])
    response = download(client, firm["a"].npp, "xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    rows[2][3] = 4_200_000  # Budi
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    report = sipp_upload(
        actor=firm["officer"], employer=firm["a"], month=JUNE, file=out.getvalue(), filename="x.xlsx"
    )
    assert report.applied, report.lines
    assert [line.outcome for line in report.lines] == ["unchanged", "changed"]
    assert current(firm["budi"]).wage == 4_200_000


def test_row_errors_write_nothing(firm):
    a, ani = firm["a"], firm["ani"]
    rows = [
        ["NIK", "Nama", "Program", "Upah", "Tanggal keluar", "Alasan keluar"],
        [ani.person.nik, "Ani", "", "6000000", "", ""],  # row 2: fine on its own
        ["1507019999990001", "X", "", "5000000", "", ""],  # row 3: unknown NIK
        [firm["dedi"].person.nik, "Dedi", "", "5000000", "", ""],  # row 4: PT B's worker
        [firm["eka"].nik, "Eka", "", "5000000", "", ""],  # row 5: a person, not PT A's worker
        [firm["budi"].person.nik, "Budi", "", "abc", "", ""],  # row 6: bad wage
        [ani.person.nik, "Ani", "", "6000000", "", ""],  # row 7: twice
        [firm["cici"].person.nik, "Cici", "", "5000000", "", ""],  # row 8: left in 2024
    ]
    report = sipp_upload(actor=firm["employer_a"], employer=a, month=JUNE, file=to_csv(rows))
    assert not report.applied
    messages = {line.row: line.message for line in report.errors}
    assert set(messages) == {3, 4, 5, 6, 7, 8}
    assert "no person with NIK 1507019999990001" in messages[3]
    assert "is not a worker of PT A in 2025-06" in messages[4]
    assert "is not a worker of PT A in 2025-06" in messages[5]
    assert messages[6].startswith("row 6, Upah:") and "abc" in messages[6]
    assert "in the file twice" in messages[7]
    assert current(ani).wage == 5_000_000  # nothing written
    assert not Membership.objects.filter(previous=ani).exists()


def test_a_refusal_by_the_registry_rolls_back_every_row(firm):
    rows = [
        ["NIK", "Upah", "Tanggal keluar", "Alasan keluar"],
        [firm["ani"].person.nik, "6000000", "", ""],
        [firm["budi"].person.nik, "4000000", "2019-05-01", "phk"],  # before the start (2020-01-01)
    ]
    report = sipp_upload(actor=firm["employer_a"], employer=firm["a"], month=JUNE, file=to_csv(rows))
    assert not report.applied
    assert [line.row for line in report.errors] == [3]
    assert "not after the start" in report.errors[0].message
    assert current(firm["ani"]).wage == 5_000_000


def test_missing_column_and_reason_rules(firm):
    from lindung.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="no column Upah"):
        sipp_upload(actor=firm["admin"], employer=firm["a"], month=JUNE, file=b"NIK,Nama\n1,2\n")
    rows = [
        ["NIK", "Upah", "Tanggal keluar", "Alasan keluar"],
        [firm["ani"].person.nik, "5000000", "2025-06-20", ""],
    ]
    report = sipp_upload(actor=firm["admin"], employer=firm["a"], month=JUNE, file=to_csv(rows))
    assert "Alasan keluar: give the reason" in report.errors[0].message
    rows[1][3] = "bosan"
    report = sipp_upload(actor=firm["admin"], employer=firm["a"], month=JUNE, file=to_csv(rows))
    assert 'Alasan keluar: "bosan" is not one of' in report.errors[0].message


def test_scope(client, firm):
    npp_a = firm["a"].npp
    client.force_login(firm["employer_b"])
    assert download(client, npp_a).status_code == 404
    client.force_login(firm["officer_jambi"])
    assert download(client, npp_a).status_code == 404
    client.force_login(firm["worker"])
    assert download(client, npp_a).status_code == 403
    client.force_login(firm["auditor"])
    assert download(client, npp_a).status_code == 200
    upload = io.BytesIO(to_csv([["NIK", "Upah"], [firm["ani"].person.nik, "6000000"]]))
    upload.name = "f.csv"
    response = client.post("/billing/workers-file/", {"npp": npp_a, "month": "2025-06", "file": upload})
    assert response.status_code == 403  # auditors read only
    assert current(firm["ani"]).wage == 5_000_000


def test_employer_user_may_not_change_another_employers_worker(firm):
    from django.core.exceptions import PermissionDenied

    rows = [["NIK", "Upah"], [firm["dedi"].person.nik, "6000000"]]
    with pytest.raises(PermissionDenied):
        sipp_upload(actor=firm["employer_a"], employer=firm["b"], month=JUNE, file=to_csv(rows))


def test_api_download_and_upload(client, firm):
    npp = firm["a"].npp
    client.force_login(firm["employer_a"])
    response = client.get(f"/api/v1/billing/workers-file?npp={npp}&month=2025-06")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    rows[1][3] = "5100000"
    upload = io.BytesIO(to_csv(rows))
    upload.name = "june.csv"
    response = client.post("/api/v1/billing/workers-file", {"npp": npp, "month": "2025-06", "file": upload})
    assert response.status_code == 200, response.content
    assert response.json()["counts"] == {"rows": 2, "errors": 0, "changed": 1, "unchanged": 1}
    assert current(firm["ani"]).wage == 5_100_000
    bad = io.BytesIO(to_csv([["NIK", "Upah"], ["123", "1"]]))
    bad.name = "bad.csv"
    response = client.post("/api/v1/billing/workers-file", {"npp": npp, "month": "2025-06", "file": bad})
    assert response.status_code == 422
    assert response.json()["lines"][0]["message"] == "row 2, NIK: no person with NIK 123"
    assert client.get(f"/api/v1/billing/workers-file?npp={npp}&month=2025-13").status_code == 422
    client.force_login(firm["employer_b"])
    assert client.get(f"/api/v1/billing/workers-file?npp={npp}&month=2025-06").status_code == 404
