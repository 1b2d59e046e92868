"""The coverage report: JSON shape and hand-worked ratios, the denominator fallback said, small-cell
suppression in public exports, XLSX and PDF files, and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from lindung.coverage.models import CoverageTarget, PopulationStat
from lindung.coverage.report import render, report_data
from lindung.coverage.summary import coverage_summary, coverage_trend, package_price, ratio
from tests.coverage.conftest import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 3, 23)
DUKCAPIL = "Dukcapil semester II 2024"


@pytest.fixture
def scene(world):
    """In Tanjung Jabung Timur on 23 March 2024: village A (150701) 4 PU + 3 sponsored, village B
    (150702) 2 BPU + 1 PMI: 10 participants."""
    employer = world.employer(region="1507")
    for _ in range(4):
        world.membership(world.person(VILLAGE_A), "PU", employer=employer)
    for _ in range(2):
        world.membership(world.person(VILLAGE_B), "BPU", payer_kind="self", programmes=("JKK", "JKM"))
    world.membership(world.person(VILLAGE_B), "PMI", payer_kind="self", programmes=("JKK", "JKM", "JHT"))
    bkbk = world.sponsor_programme()
    world.sponsored(bkbk, "miskin ekstrem")
    world.sponsored(bkbk, "miskin ekstrem")
    world.sponsored(bkbk, "pekerja rentan")
    stat = dict(source_url="https://example.test", quality="reported")
    PopulationStat.objects.create(
        region_id="1507",
        period=dt.date(2021, 8, 1),
        indicator="employed",
        value=33,
        source="BPS Sakernas Agustus 2021",
        **stat,
    )
    PopulationStat.objects.create(
        region_id="1507",
        period=dt.date(2024, 12, 1),
        indicator="registered_population",
        value=300,
        source=DUKCAPIL,
        **stat,
    )
    PopulationStat.objects.create(
        region_id="150701",
        period=dt.date(2024, 12, 1),
        indicator="registered_population",
        value=100,
        source=DUKCAPIL,
        **stat,
    )
    CoverageTarget.objects.create(region_id="1507", year=2025, ratio="0.5500", source="Rakor UCJ 2025")
    return world


def test_ratio_is_four_places_half_up():
    assert ratio(34_083, 115_517) == ratio(34_083, 115_517)
    # 34,083 ÷ 115,517 = 0.295047… -> 0.2950 (the seed report's TJT figures against BPS 2021)
    assert str(ratio(34_083, 115_517)) == "0.2950"
    # 1 ÷ 8 = 0.125 exactly; 2 ÷ 3 = 0.66666… -> 0.6667 (half up)
    assert str(ratio(1, 8)) == "0.1250"
    assert str(ratio(2, 3)) == "0.6667"
    assert ratio(5, 0) is None
    assert ratio(5, None) is None


def test_report_json_shape_and_hand_worked_ratios(scene):
    data = report_data(coverage_summary("1507", AS_OF))
    assert data["region"] == "1507"
    assert data["as_of"] == "2024-03-23"
    assert data["basis"] == "domicile"
    assert data["segments"] == {"PU": 4, "BPU": 5, "JAKON": 0, "PMI": 1}
    assert data["sponsored"] == {"BKBK Provinsi Jambi 2024": {"miskin ekstrem": 2, "pekerja rentan": 1}}
    assert data["total"] == 10
    assert data["employed"]["value"] == 33
    assert data["employed"]["period"] == "2021-08"
    assert data["employed"]["source"] == "BPS Sakernas Agustus 2021"
    assert data["coverage_ratio"] == "0.3030"  # 10 ÷ 33 = 0.30303… -> 0.3030
    assert data["registered_population"]["value"] == 300
    assert data["registered_population_ratio"] == "0.0333"  # 10 ÷ 300 = 0.03333…
    assert data["labour_force"] is None  # no labour-force figure anywhere: said, not guessed
    assert data["target"] == {"year": 2025, "ratio": "0.5500", "source": "Rakor UCJ 2025"}
    # Gap 33 − 10 = 23 people; 23 × Rp16.800 (E15: JKK 1 % × 1.000.000 + JKM 6.800) = 386.400 a
    # month; × 12 = 4.636.800 a year.
    assert data["gap"]["not_covered"] == 23
    assert data["gap"]["price_per_month"] == 16_800
    assert data["gap"]["cost_per_month"] == 386_400
    assert data["gap"]["cost_per_year"] == 4_636_800
    assert any("16.800" in line for line in data["gap"]["working"])
    subs = {s["region"]: s for s in data["sub_regions"]}
    assert len(subs) == 11  # the regency's eleven kecamatan, with or without participants
    assert subs["150701"]["total"] == 7
    assert subs["150702"]["total"] == 3
    assert subs["150703"]["total"] == 0
    json.loads(render("json", data, []))  # serialisable


def test_denominator_fallback_is_used_and_said(scene):
    s = coverage_summary("150701", AS_OF)
    employed = s.employed.figure
    # No employed figure for the district: derived from the regency's 33 by registered population
    # 100 ÷ 300 -> 33 × 100 ÷ 300 = 11 people; 7 covered ÷ 11 = 0.63636… -> 0.6364.
    assert employed.value == 11
    assert employed.derived
    assert employed.quality == "derived"
    assert "33" in employed.fallback_note and "100" in employed.fallback_note
    data = report_data(s)
    assert data["coverage_ratio"] == "0.6364"
    assert data["employed"]["derived"] is True
    assert data["employed"]["note"] == employed.fallback_note


def test_public_export_suppresses_small_cells_in_districts_and_villages(scene):
    district = report_data(coverage_summary("150702", AS_OF), public=True)
    # 2 BPU + 1 PMI in kecamatan Nipah Panjang: all below 5
    assert district["segments"] == {"PU": "<5", "BPU": "<5", "JAKON": "<5", "PMI": "<5"}
    assert district["total"] == "<5"
    assert district["coverage_ratio"] is None
    assert district["gap"] is None
    village = {s["region"]: s for s in district["sub_regions"]}[VILLAGE_B]
    assert village["total"] == "<5"
    regency = report_data(coverage_summary("1507", AS_OF), public=True)
    assert regency["segments"]["PMI"] == 1  # regency counts are shown as they are
    assert regency["sponsored"]["BKBK Provinsi Jambi 2024"]["pekerja rentan"] == 1
    subs = {s["region"]: s for s in regency["sub_regions"]}
    assert subs["150701"]["total"] == 7  # 7 >= 5: shown
    assert subs["150702"]["total"] == "<5"
    assert subs["150703"]["total"] == "<5"  # zero is a small cell too
    internal = report_data(coverage_summary("150702", AS_OF))
    assert internal["total"] == 3


def test_xlsx_opens_with_the_numbers(scene):
    data = report_data(coverage_summary("1507", AS_OF))
    wb = load_workbook(io.BytesIO(render("xlsx", data, [])))
    assert wb.sheetnames[0] in ("Ringkasan", "Summary")
    values = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert 10 in values and 33 in values and "0.3030" in values
    sponsored = list(wb.worksheets[1].iter_rows(values_only=True))
    assert ("BKBK Provinsi Jambi 2024", "miskin ekstrem", 2) in sponsored
    subs = list(wb.worksheets[2].iter_rows(values_only=True))
    assert len(subs) == 1 + 11


def test_pdf_brief_reads(scene):
    data = report_data(coverage_summary("1507", AS_OF))
    pdf = PdfReader(io.BytesIO(render("pdf", data, coverage_trend("1507"))))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(p.extract_text() for p in pdf.pages).replace("\n", " ")
    assert "Tanjung Jabung Timur" in text
    assert "BPS Sakernas Agustus 2021" in text
    assert "30,30 %" in text  # 10 ÷ 33
    assert "386.400" in text  # the gap's monthly cost


def test_minimum_package_price_from_the_rules():
    price, working = package_price(AS_OF)
    assert price == 16_800  # regulation.md E15
    assert any("1.000.000" in line for line in working)


def test_command_writes_json_and_files(scene, tmp_path, capsysbinary):
    call_command("report", "coverage", "--region", "1507", "--as-of", "2024-03-23")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["total"] == 10
    assert data["coverage_ratio"] == "0.3030"
    for fmt in ("xlsx", "pdf"):
        out = tmp_path / f"r.{fmt}"
        call_command(
            "report",
            "coverage",
            "--region",
            "15.07",
            "--as-of",
            "2024-03-23",
            "--format",
            fmt,
            "--by",
            "workplace",
            "--output",
            str(out),
        )
        assert out.stat().st_size > 1000


def test_command_refuses_bad_arguments(scene, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("report", "coverage", "--region", "9999", "--as-of", "2024-03-23")
    assert exc.value.code == 2
    assert "no region" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("report", "coverage", "--region", "1507", "--as-of", "23/03/2024")
    with pytest.raises(SystemExit):
        call_command("report", "coverage", "--region", "1507", "--as-of", "2024-03-23", "--format", "pdf")


def test_coverage_rebuild_command(scene, capsys):
    call_command("coverage", "rebuild", "--from", "2024-02", "--to", "2024-03")
    out = capsys.readouterr().out
    assert "2024-02 (counted on 2024-02-29): 10 active participants" in out
    assert "2024-03 (counted on 2024-03-31): 10" in out
    trend = coverage_trend("1507")
    assert [m for m, _ in trend] == [dt.date(2024, 2, 1), dt.date(2024, 3, 1)]
    with pytest.raises(SystemExit):
        call_command("coverage", "rebuild", "--month", "2024-13")
