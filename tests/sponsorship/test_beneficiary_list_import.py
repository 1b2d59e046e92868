"""The list import: a result for every row, every rejection reason, the budget and quota cut-off in
priority order, and the BPU memberships paid by the programme."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from lindung.audit.models import AuditEvent
from lindung.billing.services.payers import payer_for_membership
from lindung.errors import DomainError, ValidationFailed
from lindung.registry.models import Membership, Person, PossibleDuplicate
from lindung.registry.services.memberships import membership_enrol
from lindung.registry.services.people import person_register
from lindung.sponsorship.models import Beneficiary, ImportRow
from lindung.sponsorship.services.imports import beneficiary_list_import
from tests.sponsorship.conftest import (
    HEADER,
    JAN,
    PRICE,
    VILLAGE_B,
    VILLAGE_CITY,
    person_row,
    write_xlsx,
)

YEAR_COST = 12 * PRICE  # 201,600: one person from January to December


def results(record):
    return {
        r.row_number: (r.outcome, r.reason, r.field, r.message)
        for r in ImportRow.objects.filter(list_import=record)
    }


def registered(actor, row, **fields):
    born = dt.datetime.strptime(row["tanggal_lahir"], "%d-%m-%Y").date()
    return person_register(
        actor=actor,
        nik=row["nik"],
        name=row["nama"],
        birth_date=born,
        sex=row["jenis_kelamin"],
        village_code=row["kode_desa"],
        **fields,
    )


def test_every_row_gets_a_result_with_its_reason(scene):
    jambi = scene.sponsor()
    programme = scene.programme(jambi, budget=100 * YEAR_COST)
    # Another sponsor already pays for one person this year.
    regency = scene.sponsor("Pemkab Tanjabtim", region="1507", kind="regency")
    other = scene.programme(regency, name="Jamsostek Desa", budget=10 * YEAR_COST)
    paid_elsewhere = person_row(name="Ani Lestari")
    assert scene.load(other, [paid_elsewhere]).enrolled == 1
    # One works for an employer (PU), one already pays BPU for herself.
    worker = person_row(name="Budi Santoso", sex="L", born=dt.date(1990, 5, 17))
    firm = scene.employer("NN000001", name="PT Sabak Sawit", size_class="besar")
    membership_enrol(
        actor=scene.actor,
        person=registered(scene.actor, worker),
        segment="PU",
        programmes={"JKK", "JKM", "JHT", "JP", "JKP"},
        start=dt.date(2025, 2, 1),
        wage=4_000_000,
        employer=firm,
    )
    trader = person_row(name="Dewi Sari")
    membership_enrol(
        actor=scene.actor,
        person=registered(scene.actor, trader),
        segment="BPU",
        programmes={"JKK", "JKM"},
        start=dt.date(2025, 6, 1),
        wage=1_000_000,
    )
    good = person_row(name="Siti Aminah")
    wrong_nik = {**person_row(name="Rina Wati"), "tanggal_lahir": "13-03-1985"}  # NIK says the 12th
    rows = [
        good,  # row 2
        wrong_nik,  # row 3
        person_row(village=VILLAGE_CITY, name="Yuni Utami"),  # row 4: Kota Jambi
        person_row(born=dt.date(1960, 1, 2), name="Endang Rahayu"),  # row 5: 66 on 1 January 2026
        worker,  # row 6
        paid_elsewhere,  # row 7
        {**good, "nama": "Siti Aminah (again)"},  # row 8
        trader,  # row 9
        {**person_row(name="Maya Putri"), "tanggal_lahir": "31/02/1990"},  # row 10
        person_row(name="Novi Sari", category="petani"),  # row 11
        person_row(name="", sex="P"),  # row 12
        {**person_row(name="Indah Sari"), "kode_desa": "1507019999"},  # row 13: no such village
    ]
    record = scene.load(programme, rows)
    got = results(record)
    assert got[2][:2] == ("enrolled", "")
    assert got[3][:3] == ("rejected", "nik_invalid", "nik")
    assert "NIK encodes birth date 12-03-85, not 13-03-85" in got[3][3]
    assert got[4][:3] == ("rejected", "outside_regions", "village_code")
    assert got[5][:3] == ("rejected", "outside_age", "birth_date")
    assert "65 years old on 2026-01-01; working age 15–64" in got[5][3]
    assert got[6][:2] == ("rejected", "covered_elsewhere")
    assert "PU membership" in got[6][3] and "employer NN000001" in got[6][3]
    assert got[7][:2] == ("rejected", "other_programme")
    assert "Pemkab Tanjabtim — Jamsostek Desa" in got[7][3]
    assert got[8][:4] == ("rejected", "duplicate_in_list", "nik", "same NIK as row 2")
    assert got[9][:2] == ("rejected", "already_bpu")
    assert got[10][:3] == ("rejected", "invalid", "birth_date")
    assert got[11][:3] == ("rejected", "invalid", "category")
    assert got[12][:3] == ("rejected", "invalid", "name")
    assert got[13][:3] == ("rejected", "invalid", "village_code")
    assert (record.rows, record.enrolled, record.waiting, record.rejected) == (12, 1, 0, 11)
    # The double coverage stays visible on the programme's list, never billed.
    listed = dict(Beneficiary.objects.filter(programme=programme).values_list("person__nik", "status"))
    assert listed == {
        good["nik"]: "enrolled",
        worker["nik"]: "rejected",
        paid_elsewhere["nik"]: "rejected",
        trader["nik"]: "rejected",
    }


def test_endang_is_66_not_65(scene):
    """Born 2 January 1960: on 1 January 2026 she is 65 (her 66th birthday is the next day)."""
    programme = scene.programme(scene.sponsor(), budget=YEAR_COST)
    record = scene.load(programme, [person_row(born=dt.date(1960, 1, 2))])
    assert results(record)[2][3] == "65 years old on 2026-01-01; working age 15–64"


def test_enrolment_creates_bpu_memberships_paid_by_the_programme(scene):
    programme = scene.programme(scene.sponsor(), budget=10 * YEAR_COST)
    row = person_row(name="Siti Aminah", village=VILLAGE_B)
    record = scene.load(programme, [row], start=dt.date(2026, 3, 1))
    person = Person.objects.get(nik=row["nik"])
    assert (person.name, person.birth_date, person.sex, person.village_id) == (
        "Siti Aminah",
        dt.date(1985, 3, 12),
        "F",
        VILLAGE_B,
    )
    membership = Membership.objects.get(person=person)
    assert membership.segment == "BPU" and membership.payer_kind == "sponsor"
    assert membership.programme_list == ["JKK", "JKM"] and membership.wage == 1_000_000
    assert (membership.valid_from, membership.valid_to) == (dt.date(2026, 3, 1), dt.date(2027, 1, 1))
    beneficiary = Beneficiary.objects.get(programme=programme, person=person)
    assert beneficiary.membership == membership and beneficiary.list_import == record
    assert (beneficiary.enrolled_from, beneficiary.enrolled_until) == (
        dt.date(2026, 3, 1),
        dt.date(2027, 1, 1),
    )
    assert (beneficiary.category, beneficiary.source, beneficiary.priority) == (
        "miskin ekstrem",
        "P3KE desil 1",
        1,
    )
    event = AuditEvent.objects.get(action="beneficiary.import", object_id=str(record.pk))
    assert (event.after["enrolled"], event.after["memberships_created"], event.actor) == (1, 1, scene.actor)
    assert AuditEvent.objects.get(action="membership.enrol_bulk").after["created"] == 1
    # Billing finds the programme's payer through this app's lookup.
    assert payer_for_membership(actor=None, membership=membership).sponsor_programme_id == programme.pk


def test_budget_cut_off_in_priority_order(scene):
    """Budget for exactly three people for the year (3 × 12 × 16,800 = 604,800): the three with the
    lowest priority numbers (ties in list order) are enrolled, the rest wait."""
    programme = scene.programme(scene.sponsor(), budget=3 * YEAR_COST)
    rows = [
        person_row(name="A", priority=3),  # row 2
        person_row(name="B", priority=1),  # row 3
        person_row(name="C", priority=2),  # row 4
        person_row(name="D", priority=None),  # row 5: no priority comes last
        person_row(name="E", priority=1),  # row 6
    ]
    record = scene.load(programme, rows)
    got = results(record)
    assert {n for n, r in got.items() if r[0] == "enrolled"} == {3, 4, 6}
    assert got[2][:2] == got[5][:2] == ("waiting", "over_budget")
    assert got[2][3] == "the budget left pays for 3 more people at Rp201.600 each from 2026-01"
    assert (record.enrolled, record.waiting) == (3, 2)
    waiting = Beneficiary.objects.filter(programme=programme, status="waiting").order_by("pk")
    assert [b.person.name for b in waiting] == ["A", "D"] and not any(b.membership_id for b in waiting)


def test_budget_counts_the_remaining_months(scene):
    """From July, one person costs 6 × 16,800 = 100,800; a budget of 250,000 pays for 2 (201,600)."""
    programme = scene.programme(scene.sponsor(), budget=250_000)
    record = scene.load(programme, [person_row(name=n) for n in "ABC"], start=dt.date(2026, 7, 1))
    assert (record.enrolled, record.waiting) == (2, 1)
    assert results(record)[4][3] == "the budget left pays for 2 more people at Rp100.800 each from 2026-07"


def test_quota_cut_off(scene):
    programme = scene.programme(scene.sponsor(), budget=100 * YEAR_COST, quota=2)
    first = scene.load(programme, [person_row(name="A", priority=2), person_row(name="B", priority=1)])
    assert first.enrolled == 2
    second = scene.load(programme, [person_row(name="C", priority=1)])
    assert results(second)[2][:4] == ("waiting", "over_quota", "", "the quota of 2 places is full")


def test_a_second_list_uses_what_the_first_left(scene):
    """Budget 5 people-years; the first list takes 3, the second list of 3 gets 2 places."""
    programme = scene.programme(scene.sponsor(), budget=5 * YEAR_COST)
    scene.load(programme, [person_row(name=n) for n in "ABC"])
    again = scene.load(programme, [person_row(name=n) for n in "DEF"])
    assert (again.enrolled, again.waiting) == (2, 1)


def test_someone_already_listed_is_not_listed_twice(scene):
    programme = scene.programme(scene.sponsor(), budget=5 * YEAR_COST)
    row = person_row()
    scene.load(programme, [row])
    again = scene.load(programme, [row])
    assert results(again)[2][:2] == ("rejected", "already_listed")
    assert Membership.objects.filter(person__nik=row["nik"]).count() == 1


def test_xlsx_list_with_dates_and_numbers_as_excel_keeps_them(scene, tmp_path):
    programme = scene.programme(scene.sponsor(), budget=5 * YEAR_COST)
    row = person_row(name="Fitri Handayani")
    typed = {**row, "tanggal_lahir": dt.datetime(1985, 3, 12), "prioritas": 2.0}
    lost = {**person_row(name="Lina"), "nik": 1507015203850099.0}  # typed as a number: digits lost
    path = write_xlsx(tmp_path / "daftar.xlsx", [typed, lost])
    record = beneficiary_list_import(actor=scene.actor, programme=programme, path=path, start=JAN)
    got = results(record)
    assert got[2][0] == "enrolled"
    assert got[3][:2] == ("rejected", "nik_invalid") and "format the column as text" in got[3][3]
    assert Beneficiary.objects.get(person__nik=row["nik"]).priority == 2


def test_new_people_that_look_like_registered_ones_are_flagged(scene):
    programme = scene.programme(scene.sponsor(), budget=5 * YEAR_COST)
    original = person_row(name="Budi Santoso", sex="L", born=dt.date(1990, 5, 17))
    registered(scene.actor, original)
    twin = {**person_row(name="BUDI  SANTOSO", sex="L", born=dt.date(1990, 5, 17))}
    scene.load(programme, [twin])
    a, b = Person.objects.get(nik=original["nik"]), Person.objects.get(nik=twin["nik"])
    assert PossibleDuplicate.objects.filter(person=min(a, b, key=lambda p: p.pk)).count() == 1


def test_a_file_without_the_needed_columns_is_refused_whole(scene):
    programme = scene.programme(scene.sponsor(), budget=YEAR_COST)
    path = scene.csv([person_row()], header=["nik", "nama", "kategori"])
    with (
        translation.override("en"),
        pytest.raises(DomainError, match=r"missing column\(s\) birth_date \(tanggal_lahir\)"),
    ):
        beneficiary_list_import(actor=scene.actor, programme=programme, path=path, start=JAN)
    assert not Beneficiary.objects.exists()


def test_start_must_be_a_month_of_the_period(scene):
    programme = scene.programme(scene.sponsor(), budget=YEAR_COST)
    with pytest.raises(
        ValidationFailed, match="2027-01 is outside the programme's period 2026-01 to 2026-12"
    ):
        scene.load(programme, [person_row()], start=dt.date(2027, 1, 1))
    with pytest.raises(ValidationFailed, match="not the first day of a month"):
        scene.load(programme, [person_row()], start=dt.date(2026, 2, 2))


def test_only_the_sponsors_own_officers_import(scene, users):
    jambi = scene.sponsor()
    programme = scene.programme(jambi, budget=YEAR_COST)
    stranger = users.make("sponsor_officer", sponsor=scene.sponsor("PT CSR", region="1507", kind="company"))
    with pytest.raises(PermissionDenied):
        scene.load(programme, [person_row()], actor=stranger)
    with pytest.raises(PermissionDenied):
        scene.load(programme, [person_row()], actor=users.auditor())
    own = users.make("sponsor_officer", sponsor=jambi)
    assert scene.load(programme, [person_row()], actor=own).enrolled == 1


def test_header_aliases_in_english(scene):
    programme = scene.programme(scene.sponsor(), budget=YEAR_COST)
    english = ["nik", "name", "birth_date", "sex", "village_code", "category", "source", "priority"]
    row = person_row()
    path = scene.csv([dict(zip(english, (row[h] for h in HEADER), strict=True))], header=english)
    assert beneficiary_list_import(actor=scene.actor, programme=programme, path=path, start=JAN).enrolled == 1
