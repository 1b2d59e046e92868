"""registry/imports/service.py:import_run for people — messy real files, every kind of bad row,
re-import, all-or-nothing, possible duplicates, scope, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.registry.imports.columns import ImportFileError
from lindung.registry.imports.service import import_run
from lindung.registry.models import Person, PossibleDuplicate
from lindung.registry.nik import compose_nik

pytestmark = pytest.mark.django_db

# NIKs worked out by hand: district 150701 (Muara Sabak Timur), DDMMYY (+40 on the day for women), serial.
SITI = "1507015203850002"  # woman born 12-03-1985: day 12 + 40 = 52
SUTAN = "1507013101900001"  # man born 31-01-1990
AYU = "1507014507000003"  # woman born 05-07-2000: day 5 + 40 = 45
VILLAGE = "1507012001"  # Alang-Alang, in district 150701


def people(path, **kwargs):
    return import_run(actor=None, kind="people", path=path, **kwargs)


def test_windows_1252_semicolons_indonesian_headers_and_l_p(regions, csv_file):
    path = csv_file(
        [
            ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode_Desa", "Telepon"],
            [SITI, "Siti  Rahayu ", "12/03/1985", "P", VILLAGE, "0812-3456-7890"],
            [SUTAN, "Sútan Syahrir", "31-01-1990", "L", "", ""],
        ],
        encoding="cp1252",
        sep=";",
    )
    report = people(path)
    assert (report.imported, report.updated, report.unchanged, report.rejected) == (2, 0, 0, 0)
    siti = Person.objects.get(nik=SITI)
    assert (siti.name, siti.birth_date, siti.sex, siti.village_id, siti.phone) == (
        "Siti Rahayu",
        dt.date(1985, 3, 12),
        "F",
        VILLAGE,
        "0812-3456-7890",
    )
    sutan = Person.objects.get(nik=SUTAN)
    assert (sutan.name, sutan.name_normalized, sutan.sex, sutan.village_id) == (
        "Sútan Syahrir",
        "sutan syahrir",
        "M",
        None,
    )


def test_utf8_with_bom_and_english_headers_in_any_case(regions, csv_file):
    path = csv_file(
        [
            ["nik", "NAME", "Birth_Date", "sex", "village_code", "phone"],
            [AYU, "Ayu Lestari", "2000-07-05", "f", VILLAGE, ""],
        ],
        encoding="utf-8-sig",
    )
    assert people(path).imported == 1
    assert Person.objects.get(nik=AYU).sex == "F"


def test_xlsx_with_date_cells_and_numbers(regions, xlsx_file):
    path = xlsx_file(
        [
            ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "telepon"],
            [SITI, "Siti Rahayu", dt.datetime(1985, 3, 12), "P", 1507012001, 81234567890],
            [],  # a blank row keeps its number: the next row is row 4
            [SUTAN, "Sutan", "31/02/1990", "L", VILLAGE, None],
        ]
    )
    report = people(path)
    assert report.imported == 1
    assert [str(e) for e in report.errors] == [
        'row 4, tanggal_lahir: "31/02/1990" is not a date',
    ]
    siti = Person.objects.get(nik=SITI)
    assert (siti.birth_date, siti.village_id, siti.phone) == (dt.date(1985, 3, 12), VILLAGE, "81234567890")


def test_every_kind_of_bad_row_is_reported_with_row_column_and_reason(regions, csv_file, xlsx_file):
    path = csv_file(
        [
            ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "telepon"],
            [SITI, "Siti", "31/02/1985", "P", VILLAGE, ""],  # 2: no 31 February
            [SUTAN, "Sutan", "1990-01-31", "X", VILLAGE, ""],  # 3: sex X
            [AYU, "", "2000-07-05", "P", VILLAGE, ""],  # 4: no name
            [AYU, "Ayu", "2000-07-05", "P", "1507019999", ""],  # 5: no such village
            ["1507015203850000", "Zero", "1985-03-12", "P", VILLAGE, ""],  # 6: serial 0000
            ["9999995203850002", "Nowhere", "1985-03-12", "P", VILLAGE, ""],  # 7: district 999999
            [SITI, "Siti", "1985-03-13", "P", VILLAGE, ""],  # 8: NIK says the 12th
            [SITI, "Siti", "1985-03-12", "L", VILLAGE, ""],  # 9: NIK says a woman
            ["15070152038500", "Short", "1985-03-12", "P", VILLAGE, ""],  # 10: 14 digits
            [AYU, "Ayu", "2000-07-05", "P", VILLAGE, "call me"],  # 11: not a phone number
            [AYU, "Ayu", "2000-07-05", "P", VILLAGE, ""],  # 12: good
            [AYU, "Ayu again", "2000-07-05", "P", VILLAGE, ""],  # 13: NIK already in row 12
        ]
    )
    report = people(path)
    assert (report.imported, report.rejected) == (1, 11)
    assert [e.as_json() for e in report.errors] == [
        {"row": 2, "field": "tanggal_lahir", "message": '"31/02/1985" is not a date'},
        {"row": 3, "field": "jenis_kelamin", "message": '"X" is not one of M/F, L/P'},
        {"row": 4, "field": "nama", "message": "the name is empty"},
        {"row": 5, "field": "kode_desa", "message": '"1507019999" is not a village code'},
        {"row": 6, "field": "nik", "message": '"1507015203850000": serial 0000 is not issued'},
        {"row": 7, "field": "nik", "message": '"9999995203850002": district code 999999 does not exist'},
        {
            "row": 8,
            "field": "nik",
            "message": '"1507015203850002": NIK encodes birth date 12-03-85, not 13-03-85',
        },
        {"row": 9, "field": "nik", "message": '"1507015203850002": NIK encodes a woman (day + 40)'},
        {"row": 10, "field": "nik", "message": '"15070152038500": NIK must be 16 digits, got 14'},
        {"row": 11, "field": "telepon", "message": '"call me" is not a phone number'},
        {"row": 13, "field": "nik", "message": '"1507014507000003" is already in row 12 of this file'},
    ]


def test_nik_typed_as_a_number_in_excel_is_refused_with_a_hint(regions, xlsx_file):
    # Excel keeps 15 significant digits: SITI typed as a number is stored as 1507015203850000.
    path = xlsx_file(
        [
            ["nik", "nama", "tanggal_lahir", "jenis_kelamin"],
            [1507015203850000, "Siti", dt.date(1985, 3, 12), "P"],
        ]
    )
    report = people(path)
    assert report.rejected == 1
    assert str(report.errors[0]) == (
        'row 2, nik: "1507015203850000": serial 0000 is not issued (the cell is a number: Excel keeps only '
        "15 digits, so format the NIK column as text)"
    )


def test_repeated_nik_in_a_later_batch_names_the_first_row(regions, csv_file):
    path = csv_file(
        [
            ["nik", "name", "birth_date", "sex"],
            [SITI, "Siti", "1985-03-12", "F"],
            [SUTAN, "Sutan", "1990-01-31", "M"],
            [AYU, "Ayu", "2000-07-05", "F"],
            [SITI, "Siti Rahayu", "1985-03-12", "F"],  # row 5, two batches after row 2
        ]
    )
    report = people(path, batch_size=2)
    assert (report.imported, report.rejected) == (3, 1)
    assert str(report.errors[0]) == 'row 5, nik: "1507015203850002" is already in row 2 of this file'
    assert Person.objects.get(nik=SITI).name == "Siti"  # the later row changed nothing


def test_header_problems_are_one_error_before_any_row(regions, csv_file):
    path = csv_file([["nik", "nama", "alamat", "jenis_kelamin"], [SITI, "Siti", "Jl. Mawar", "P"]])
    with pytest.raises(ImportFileError) as caught:
        people(path)
    message = caught.value.message
    assert 'unknown column(s) "alamat"' in message
    assert "missing column(s) birth_date (tanggal_lahir)" in message
    assert not Person.objects.exists()


def test_importing_the_same_file_twice_creates_nothing_new(regions, csv_file):
    rows = [
        ["nik", "name", "birth_date", "sex", "village_code", "phone"],
        [SITI, "Siti", "1985-03-12", "F", VILLAGE, "0811"],
        [SUTAN, "Sutan", "1990-01-31", "M", VILLAGE, ""],
    ]
    first = people(csv_file(rows))
    second = people(csv_file(rows))
    assert (first.imported, first.unchanged) == (2, 0)
    assert (second.imported, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    assert Person.objects.count() == 2
    rows[1][5] = "0812"  # Siti's phone changes
    third = people(csv_file(rows))
    assert (third.imported, third.updated, third.unchanged) == (0, 1, 1)
    assert Person.objects.get(nik=SITI).phone == "0812"


def test_a_file_without_optional_columns_leaves_them_alone(regions, csv_file):
    people(
        csv_file([["nik", "name", "birth_date", "sex", "phone"], [SITI, "Siti", "1985-03-12", "F", "0811"]])
    )
    report = people(csv_file([["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"]]))
    assert report.unchanged == 1
    assert Person.objects.get(nik=SITI).phone == "0811"


def test_all_or_nothing_stores_nothing_when_a_row_is_rejected(regions, csv_file):
    path = csv_file(
        [
            ["nik", "name", "birth_date", "sex"],
            [SITI, "Siti", "1985-03-12", "F"],
            [SUTAN, "Sutan", "1990-02-31", "M"],
        ]
    )
    report = people(path, all_or_nothing=True)
    assert (report.imported, report.rejected, report.rolled_back) == (0, 1, True)
    assert not Person.objects.exists()
    good = csv_file([["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"]])
    assert people(good, all_or_nothing=True).imported == 1


def test_one_audit_event_per_run_with_file_digest_and_counts(regions, csv_file, users):
    admin = users.admin()
    path = csv_file(
        [["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"], [SUTAN, "x", "", "M"]]
    )
    import_run(actor=admin, kind="people", path=path, file_name="warga.csv")
    event = AuditEvent.objects.get(action="registry.import")
    assert event.actor == admin
    assert event.note == "warga.csv"
    assert event.after["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (event.after["imported"], event.after["rejected"], event.after["kind"]) == (1, 1, "people")


def test_possible_duplicates_are_flagged_in_the_file_and_against_the_registry(regions, csv_file):
    # Same normalised name, birth date and village under three NIKs (serials 1, 2, 3).
    born = dt.date(1985, 3, 12)
    nik1, nik2, nik3 = (compose_nik("150701", born, "F", s) for s in (1, 2, 3))
    Person.objects.create(
        nik=nik1,
        name="Siti Rahayu",
        name_normalized="siti rahayu",
        birth_date=born,
        sex="F",
        village_id=VILLAGE,
    )
    path = csv_file(
        [
            ["nik", "name", "birth_date", "sex", "village_code"],
            [nik2, "SITI  RAHAYU", "1985-03-12", "F", VILLAGE],
            [nik3, "Sìti Rahayu", "1985-03-12", "F", VILLAGE],
            [SUTAN, "Siti Rahayu", "1990-01-31", "M", VILLAGE],  # another birth date: not a duplicate
        ]
    )
    report = people(path)
    ids = {p.nik: p.id for p in Person.objects.all()}
    pairs = set(PossibleDuplicate.objects.values_list("person_id", "other_id"))
    # Three people sharing a key make three pairs, each ordered by id.
    assert pairs == {
        (ids[nik1], ids[nik2]),
        (ids[nik1], ids[nik3]),
        (ids[nik2], ids[nik3]),
    }
    assert report.duplicates_flagged == 3
    assert people(path).duplicates_flagged == 0  # nothing changed, nothing new to flag


def test_small_import_into_a_larger_registry_probes_its_own_people(regions, csv_file):
    born = dt.date(1970, 1, 1)
    Person.objects.bulk_create(
        Person(
            nik=compose_nik("150701", born, "M", s),
            name=f"Orang {s}",
            name_normalized=f"orang {s}",
            birth_date=born,
            sex="M",
            village_id=VILLAGE,
        )
        for s in range(1, 31)
    )
    path = csv_file(
        [
            ["nik", "name", "birth_date", "sex", "village_code"],
            [compose_nik("150701", born, "M", 99), "ORANG 7", "1970-01-01", "M", VILLAGE],
        ]
    )
    assert people(path).duplicates_flagged == 1
    pair = PossibleDuplicate.objects.get()
    assert (pair.person.name, pair.other.name) == ("Orang 7", "ORANG 7")


def test_branch_officer_imports_only_people_of_their_regions(regions, csv_file, users):
    officer = users.officer(regions=("1571",))  # Kota Jambi
    Person.objects.create(
        nik=AYU,
        name="Ayu",
        name_normalized="ayu",
        birth_date=dt.date(2000, 7, 5),
        sex="F",
        village_id=VILLAGE,
    )
    path = csv_file(
        [
            ["nik", "name", "birth_date", "sex", "village_code"],
            [SITI, "Siti", "1985-03-12", "F", "1571011001"],  # Kota Jambi: in scope
            [SUTAN, "Sutan", "1990-01-31", "M", VILLAGE],  # Tanjung Jabung Timur: outside
            [AYU, "Ayu", "2000-07-05", "F", "1571011001"],  # registered outside: may not move her
            ["1571015203850002", "Nobody", "1985-03-12", "F", ""],  # no village: cannot be placed
        ]
    )
    report = import_run(actor=officer, kind="people", path=path)
    assert report.imported == 1
    assert [str(e) for e in report.errors] == [
        "row 3, village_code: village 1507012001 is outside your regions",
        "row 4, nik: this person is registered outside your regions",
        "row 5, village_code: the village is required: you may import only people living in your regions",
    ]
    assert Person.objects.get(nik=AYU).village_id == VILLAGE


@pytest.mark.parametrize("role", ["auditor", "worker", "sponsor_officer", "employer"])
def test_other_roles_may_not_import_people(regions, csv_file, users, role):
    path = csv_file([["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"]])
    with pytest.raises(PermissionDenied):
        import_run(actor=users.make(role), kind="people", path=path)
    assert not Person.objects.exists()


def test_two_thousand_rows_take_a_bounded_number_of_queries(regions, csv_file, django_assert_max_num_queries):
    born = dt.date(1980, 1, 1)
    rows = [["nik", "name", "birth_date", "sex", "village_code"]]
    rows += [
        [compose_nik("150701", born, "M", s), f"Orang {s}", "1980-01-01", "M", VILLAGE]
        for s in range(1, 2001)
    ]
    path = csv_file(rows)
    # Four batches of 500: a handful of statements each, however many rows they hold.
    with django_assert_max_num_queries(40):
        report = people(path, batch_size=500)
    assert report.imported == 2000
    with django_assert_max_num_queries(40):
        assert people(path, batch_size=500).unchanged == 2000
