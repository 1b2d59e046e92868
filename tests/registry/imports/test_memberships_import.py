"""import_run for memberships: the segment and programme rules, overlaps, effective-dated wage
changes, re-import, and what an employer user may import."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.accounts.models import Role
from lindung.registry.imports.service import import_run
from lindung.registry.models import ConstructionProject, Employer, Membership, Person
from lindung.registry.nik import compose_nik

pytestmark = pytest.mark.django_db

SITI = "1507015203850002"  # woman born 12-03-1985
SUTAN = "1507013101900001"  # man born 31-01-1990
OLD = "1507010101600001"  # man born 01-01-1960: 65 in 2025, too old for JKP
HEADER = ["nik", "segmen", "program", "mulai_berlaku", "berakhir", "upah", "npp", "kode_proyek", "pembayar"]


@pytest.fixture
def registry(regions, employer):
    for nik, born, sex in (
        (SITI, dt.date(1985, 3, 12), "F"),
        (SUTAN, dt.date(1990, 1, 31), "M"),
        (OLD, dt.date(1960, 1, 1), "M"),
    ):
        Person.objects.create(
            nik=nik, name=nik, name_normalized=nik, birth_date=born, sex=sex, village_id="1507012001"
        )
    Employer.objects.create(
        npp="NPP0002", name="PT Besar", region_id="1571", size_class="besar", risk_class="I"
    )
    ConstructionProject.objects.create(
        code="JK-1",
        contractor=employer,
        name="Jalan",
        contract_value=10**9,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        region_id="1507",
    )


def memberships(path, actor=None, **kwargs):
    return import_run(actor=actor, kind="memberships", path=path, **kwargs)


def test_every_segment(registry, csv_file):
    path = csv_file(
        [
            HEADER,
            # PU at a small (kecil) employer, under 54: JKK, JKM, JHT, JKP mandatory.
            [SITI, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "3.500.000", "NPP0001", "", ""],
            # BPU with declared income Rp1.000.000 (the minimum), JHT optional.
            [SUTAN, "bpu", "JKK JKM", "01/02/2025", "", "Rp1.000.000", "", "", "sendiri"],
            # Jakon on project JK-1.
            [OLD, "Jakon", "JKK+JKM", "2025-03-01", "2025-06-01", "", "", "jk-1", ""],
        ]
    )
    report = memberships(path)
    assert (report.imported, report.rejected) == (3, 0), report.errors
    pu = Membership.objects.get(person__nik=SITI)
    assert (pu.segment, pu.programmes, pu.wage, pu.employer.npp, pu.payer_kind, pu.valid_to) == (
        "PU",
        {"JKK", "JKM", "JHT", "JKP"},
        3_500_000,
        "NPP0001",
        "employer",
        None,
    )
    bpu = Membership.objects.get(person__nik=SUTAN)
    assert (bpu.segment, bpu.wage, bpu.payer_kind, bpu.valid_from) == (
        "BPU",
        1_000_000,
        "self",
        dt.date(2025, 2, 1),
    )
    jakon = Membership.objects.get(person__nik=OLD)
    assert (jakon.project.code, jakon.payer_kind, jakon.valid_to) == (
        "JK-1",
        "contractor",
        dt.date(2025, 6, 1),
    )


def test_rule_violations(registry, csv_file):
    path = csv_file(
        [
            HEADER,
            [
                SITI,
                "PU",
                "JKK+JKM",
                "2025-01-01",
                "",
                "3.500.000",
                "NPP0002",
                "",
                "",
            ],  # 2: besar needs JHT, JP
            [SUTAN, "BPU", "JKK+JKM", "2025-01-01", "", "999.999", "", "", ""],  # 3: below Rp1.000.000
            [SUTAN, "PU", "JKK+JKM+JHT", "2025-01-01", "", "", "NPP0001", "", ""],  # 4: no wage
            [SUTAN, "PU", "JKK+JKM+JHT", "2025-01-01", "", "2.000.000", "", "", ""],  # 5: no employer
            [OLD, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "2.000.000", "NPP0001", "", ""],  # 6: 65, no JKP
            [SUTAN, "JAKON", "JKK+JKM+JHT", "2025-01-01", "", "", "", "JK-1", ""],  # 7: Jakon has no JHT
            [SUTAN, "PMI", "JKK+JKM", "2025-01-01", "2024-12-01", "", "", "", ""],  # 8: ends before it starts
            [SUTAN, "BPU", "JKK+JKM+BPJS", "2025-01-01", "", "1.000.000", "", "", ""],  # 9: no such programme
            [
                "3171010101900001",
                "BPU",
                "JKK+JKM",
                "2025-01-01",
                "",
                "1.000.000",
                "",
                "",
                "",
            ],  # 10: unknown NIK
            [
                SUTAN,
                "PU",
                "JKK+JKM+JHT+JP",
                "2025-01-01",
                "",
                "2.000.000",
                "NPP7777",
                "",
                "",
            ],  # 11: unknown NPP
            [
                SUTAN,
                "BPU",
                "JKK+JKM",
                "2025-01-01",
                "",
                "1.000.000",
                "",
                "",
                "employer",
            ],  # 12: BPU pays itself
        ]
    )
    report = memberships(path)
    assert report.imported == 0
    got = [str(e) for e in report.errors]
    assert got == [
        "row 2, program: PU (besar) must include JHT, JKP, JP",  # JKP too: she is 39
        "row 3, upah: a BPU declared income must be at least Rp1.000.000, got Rp999.999",
        "row 4, upah: a PU membership needs the monthly wage",
        "row 5, npp: a PU membership needs the employer's NPP",
        "row 6, program: PU (kecil) may not include JKP "
        "(JKP needs the worker under 54 at registration and the required programmes)",
        "row 7, program: JAKON may not include JHT",
        "row 8, berakhir: the end 2024-12-01 must come after the start 2025-01-01",
        'row 9, program: "JKK+JKM+BPJS": unknown programme BPJS (use JKK+JKM+JHT+JP+JKP)',
        "row 10, nik: no person is registered with NIK 3171010101900001",
        "row 11, npp: no employer is registered with NPP NPP7777",
        "row 12, pembayar: employer does not pay for BPU memberships",
    ]


def test_overlaps_on_one_line_are_refused_but_other_employers_are_another_line(registry, csv_file):
    path = csv_file(
        [
            HEADER,
            [SUTAN, "BPU", "JKK+JKM", "2025-01-01", "2025-07-01", "1.000.000", "", "", ""],
            [SUTAN, "BPU", "JKK+JKM+JHT", "2025-03-01", "", "2.000.000", "", "", "sponsor"],  # BPU: any payer
            [SITI, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "3.000.000", "NPP0001", "", ""],
            [
                SITI,
                "PU",
                "JKK+JKM+JHT+JP+JKP",
                "2025-01-01",
                "",
                "5.000.000",
                "NPP0002",
                "",
                "",
            ],  # second job
        ]
    )
    report = memberships(path)
    assert report.imported == 3
    assert [str(e) for e in report.errors] == [
        "row 3, mulai_berlaku: overlaps the BPU membership from 2025-01-01 to 2025-07-01 (row 2)",
    ]


def test_a_new_start_on_an_open_line_closes_it_wage_change(registry, csv_file):
    memberships(
        csv_file([HEADER, [SITI, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "3.000.000", "NPP0001", "", ""]])
    )
    raise_path = csv_file(
        [HEADER, [SITI, "PU", "JKK+JKM+JHT+JKP", "2025-07-01", "", "3.250.000", "NPP0001", "", ""]]
    )
    report = memberships(raise_path)
    assert (report.imported, report.updated, report.unchanged) == (1, 0, 0)
    first, second = Membership.objects.filter(person__nik=SITI).order_by("valid_from")
    # Half-open validity: the old wage holds up to 30 June, the new one from 1 July, no gap, no overlap.
    assert (first.valid_to, first.wage) == (dt.date(2025, 7, 1), 3_000_000)
    assert (second.valid_from, second.valid_to, second.wage, second.previous_id) == (
        dt.date(2025, 7, 1),
        None,
        3_250_000,
        first.id,
    )
    again = memberships(raise_path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)
    assert Membership.objects.count() == 2


def test_history_file_imports_twice_to_the_same_state(registry, csv_file):
    rows = [
        HEADER,
        [SITI, "PU", "JKK+JKM+JHT+JKP", "2024-01-01", "", "2.500.000", "NPP0001", "", ""],
        [SITI, "PU", "JKK+JKM+JHT+JKP", "2024-07-01", "", "2.750.000", "NPP0001", "", ""],
        [SITI, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "3.000.000", "NPP0001", "", ""],
    ]
    first = memberships(csv_file(rows), batch_size=2)
    assert (first.imported, first.rejected) == (3, 0)
    versions = list(Membership.objects.order_by("valid_from").values_list("valid_from", "valid_to", "wage"))
    assert versions == [
        (dt.date(2024, 1, 1), dt.date(2024, 7, 1), 2_500_000),
        (dt.date(2024, 7, 1), dt.date(2025, 1, 1), 2_750_000),
        (dt.date(2025, 1, 1), None, 3_000_000),
    ]
    second = memberships(csv_file(rows))
    assert (second.imported, second.updated, second.unchanged) == (0, 0, 3)
    rows[3][5] = "3.100.000"  # a correction of the latest version, same start date
    third = memberships(csv_file(rows))
    assert (third.imported, third.updated, third.unchanged) == (0, 1, 2)
    assert Membership.objects.get(valid_from=dt.date(2025, 1, 1)).wage == 3_100_000


def test_employer_user_imports_only_for_own_employer(registry, csv_file, users, employer):
    boss = users.make(Role.EMPLOYER, employer=employer)
    path = csv_file(
        [
            HEADER,
            [SITI, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "3.000.000", "NPP0001", "", ""],
            [SUTAN, "PU", "JKK+JKM+JHT+JP+JKP", "2025-01-01", "", "3.000.000", "NPP0002", "", ""],
            [OLD, "JAKON", "JKK+JKM", "2025-01-01", "", "", "", "JK-1", ""],  # their own project
            [SUTAN, "BPU", "JKK+JKM", "2025-01-01", "", "1.000.000", "", "", ""],
        ]
    )
    report = memberships(path, actor=boss)
    assert report.imported == 2
    assert [str(e) for e in report.errors] == [
        "row 3, npp: you may import memberships only for your own employer",
        "row 5, segmen: employer users may import only PU and Jakon memberships",
    ]


def test_two_thousand_memberships_take_a_bounded_number_of_queries(
    regions, employer, csv_file, django_assert_max_num_queries
):
    born = dt.date(1990, 1, 1)
    niks = [compose_nik("150701", born, "M", s) for s in range(1, 2001)]
    Person.objects.bulk_create(
        Person(nik=nik, name=nik, name_normalized=nik, birth_date=born, sex="M", village_id="1507012001")
        for nik in niks
    )
    rows = [HEADER] + [
        [nik, "PU", "JKK+JKM+JHT+JKP", "2025-01-01", "", "3.000.000", "NPP0001", "", ""] for nik in niks
    ]
    path = csv_file(rows)
    # Four batches of 500: a fixed handful of statements each, however many rows they hold.
    with django_assert_max_num_queries(60):
        report = memberships(path, batch_size=500)
    assert report.imported == 2000
    with django_assert_max_num_queries(60):
        assert memberships(path, batch_size=500).unchanged == 2000
