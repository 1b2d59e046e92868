"""import_run for employers and construction projects."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.registry.imports.service import import_run
from lindung.registry.models import ConstructionProject, Employer

pytestmark = pytest.mark.django_db

EMPLOYER_HEADER = ["npp", "nama", "kode_wilayah", "skala_usaha", "kelas_risiko", "kode_sektor", "padat_karya"]


def test_employers_with_indonesian_and_english_values(regions, csv_file):
    path = csv_file(
        [
            EMPLOYER_HEADER,
            ["npp001", "PT Sawit Jaya", "1507", "Besar", "III", "01262", "ya"],
            ["NPP002", "CV Kopi Kerinci", "1501", "small", "2", "", ""],
        ],
        sep=";",
    )
    report = import_run(actor=None, kind="employers", path=path)
    assert (report.imported, report.rejected) == (2, 0)
    sawit = Employer.objects.get(npp="NPP001")  # NPPs are kept in capitals
    assert (sawit.size_class, sawit.risk_class, sawit.sector_code, sawit.labour_intensive) == (
        "besar",
        "III",
        "01262",
        True,
    )
    kopi = Employer.objects.get(npp="NPP002")
    assert (kopi.size_class, kopi.risk_class, kopi.region_id, kopi.labour_intensive) == (
        "kecil",
        "II",
        "1501",
        False,
    )


def test_bad_employer_rows(regions, csv_file):
    path = csv_file(
        [
            EMPLOYER_HEADER,
            ["NPP1", "A", "9999", "besar", "I", "", ""],
            ["NPP2", "B", "1507", "raksasa", "VI", "", "mungkin"],
            ["", "", "1507", "kecil", "I", "", ""],
        ]
    )
    report = import_run(actor=None, kind="employers", path=path)
    assert report.rejected == 3
    assert [str(e) for e in report.errors] == [
        'row 2, kode_wilayah: "9999" is not a region code',
        'row 3, skala_usaha: "raksasa" is not one of besar, menengah, kecil, mikro',
        'row 3, kelas_risiko: "VI" is not one of I, II, III, IV, V',
        'row 3, padat_karya: "mungkin" is not one of ya/tidak',
        'row 4, npp: "" is not an NPP',
        "row 4, nama: the name must have 1 to 200 characters",
    ]


def test_employer_reimport_counts_unchanged_and_updated(regions, csv_file):
    rows = [
        EMPLOYER_HEADER,
        ["NPP1", "PT Satu", "1507", "besar", "I", "", ""],
        ["NPP2", "PT Dua", "1507", "kecil", "I", "", ""],
    ]
    import_run(actor=None, kind="employers", path=csv_file(rows))
    rows[2][4] = "IV"
    report = import_run(actor=None, kind="employers", path=csv_file(rows))
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 1)
    assert Employer.objects.get(npp="NPP2").risk_class == "IV"


def test_officer_may_not_import_employers_of_other_regions(regions, csv_file, users):
    officer = users.officer(regions=("1507",))
    Employer.objects.create(npp="NPP9", name="Luar", region_id="1571", size_class="kecil", risk_class="I")
    path = csv_file(
        [
            EMPLOYER_HEADER,
            ["NPP1", "Dalam", "150701", "kecil", "I", "", ""],
            ["NPP2", "Luar", "1571", "kecil", "I", "", ""],
            ["NPP9", "Luar pindah", "1507", "kecil", "I", "", ""],
        ]
    )
    report = import_run(actor=officer, kind="employers", path=path)
    assert report.imported == 1
    assert [str(e) for e in report.errors] == [
        "row 3, kode_wilayah: region 1571 is outside your regions",
        "row 4, npp: this employer is registered outside your regions",
    ]


PROJECT_HEADER = [
    "kode_proyek",
    "npp_kontraktor",
    "nama",
    "nilai_kontrak",
    "tanggal_mulai",
    "tanggal_selesai",
    "kode_wilayah",
]


def test_projects_with_rupiah_formats_and_date_cells(regions, xlsx_file, employer):
    path = xlsx_file(
        [
            PROJECT_HEADER,
            [
                "jk-1",
                "NPP0001",
                "Jalan Desa",
                "Rp 1.250.000.000",
                dt.date(2025, 1, 6),
                "20/12/2025",
                "150701",
            ],
            ["JK-2", "NPP0001", "Jembatan", 750000000, "2025-02-01", dt.date(2025, 8, 31), "1507"],
            ["JK-3", "NPP9999", "Irigasi", "1.000.000", "2025-02-01", "2025-03-01", "1507"],
            ["JK-4", "NPP0001", "Pasar", "1.250.000,50", "2025-02-01", "2025-01-01", "1507"],
        ]
    )
    report = import_run(actor=None, kind="projects", path=path)
    assert report.imported == 2
    jalan = ConstructionProject.objects.get(code="JK-1")
    assert (jalan.contractor, jalan.contract_value, jalan.start_date, jalan.end_date) == (
        employer,
        1_250_000_000,
        dt.date(2025, 1, 6),
        dt.date(2025, 12, 20),
    )
    assert ConstructionProject.objects.get(code="JK-2").contract_value == 750_000_000
    assert [str(e) for e in report.errors] == [
        "row 4, npp_kontraktor: no employer is registered with NPP NPP9999",
        'row 5, nilai_kontrak: "1.250.000,50" is not a whole number of rupiah',
        "row 5, tanggal_selesai: the end date 2025-01-01 is before the start date 2025-02-01",
    ]
    again = import_run(actor=None, kind="projects", path=path)
    assert (again.imported, again.unchanged, again.rejected) == (0, 2, 2)
