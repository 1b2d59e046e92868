"""`population_stat_import`: an analyst's CSV or XLSX; every figure needs its source."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from lindung.audit.models import AuditEvent
from lindung.coverage.models import PopulationStat
from lindung.coverage.services.population_import import population_stat_import
from lindung.errors import ValidationFailed
from tests.coverage.conftest import HEADER, csv_file

URL = "https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/"


def messages(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [m for _, m in exc.value.errors]


def test_csv_adds_figures(users):
    text = HEADER + (
        f"1507,2021-08,employed,115517,BPS Sakernas Agustus 2021,{URL},reported,\n"
        "15.07,2022-08,labour_force,120680,databoks (BPS),,rounded,120.68 ribu\n"
        "ID,2024-08,employed,144640000,BPS BRS Sakernas,,reported,\n"
    )
    result = population_stat_import(actor=users.admin(), file=csv_file(text))
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    stat = PopulationStat.objects.get(region_id="1507", indicator="labour_force")
    assert (stat.value, stat.period, stat.quality, stat.note) == (
        120_680,
        dt.date(2022, 8, 1),
        "rounded",
        "120.68 ribu",
    )
    assert PopulationStat.objects.get(region__isnull=True).value == 144_640_000


def test_xlsx_with_date_and_number_cells(users):
    book = Workbook()
    sheet = book.active
    sheet.append(["Region_Code", "Period", "Indicator", "Value", "Source", "Quality"])
    sheet.append(["1507", dt.datetime(2021, 8, 1), "employed", 115517.0, "BPS Sakernas", "official"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = population_stat_import(actor=users.admin(), file=buffer)
    assert result.created == 1
    assert PopulationStat.objects.get(region_id="1507").value == 115_517


def test_same_key_corrects_and_audits_before_and_after(users):
    admin = users.admin()
    population_stat_import(
        actor=admin, file=csv_file(HEADER + "1507,2021-08,employed,115517,BPS,,reported,\n")
    )
    again = HEADER + "1507,2021-08,employed,115518,BPS,,official,typo fixed\n"
    result = population_stat_import(actor=admin, file=csv_file(again))
    assert (result.created, result.updated) == (0, 1)
    event = AuditEvent.objects.filter(action="population_stat.import").latest("pk")
    key = "1507 employed 2021-08 BPS"
    assert event.before[key]["value"] == 115_517 and event.after["corrected"][key]["value"] == 115_518
    assert PopulationStat.objects.get().quality == "official"


def test_every_bad_row_is_reported_and_nothing_is_stored(users):
    text = HEADER + (
        "1507,2021-08,employed,115517,BPS,,reported,\n"  # row 2: fine
        "1507,2021-08,employed,115517,,,reported,\n"  # row 3: no source
        "9999,2021-08,employed,1,BPS,,reported,\n"  # row 4: no such region
        "1507,31/08/2021,employed,1,BPS,,reported,\n"  # row 5: not a month
        "1507,2021-08,employed,115.517,BPS X,,reported,\n"  # row 6: separators
        "1507,2021-08,workers,1,BPS Y,,reported,\n"  # row 7: unknown indicator
        "1507,2021-08,employed,1,BPS Z,,good,\n"  # row 8: unknown quality
        "1507,2021-08,employed,2,BPS,,reported,\n"  # row 9: repeats row 2's key
    )
    with pytest.raises(ValidationFailed) as exc:
        population_stat_import(actor=users.admin(), file=csv_file(text))
    found = messages(exc)
    assert found[0] == "row 3, source: is empty"
    assert found[1] == "row 4, region_code: '9999' is not a current Kemendagri region code"
    assert found[2].startswith("row 5, period: '31/08/2021' is not a month")
    assert found[3].startswith("row 6, value: '115.517' is not a whole number of persons")
    assert found[4].startswith("row 7, indicator: 'workers' is not one of")
    assert found[5].startswith("row 8, quality: 'good' is not one of")
    assert found[6] == "row 9, source: same region, indicator, period and source as row 2"
    assert [f for f, _ in exc.value.errors] == [
        "source",
        "region_code",
        "period",
        "value",
        "indicator",
        "quality",
        "source",
    ]
    assert PopulationStat.objects.count() == 0


def test_a_day_other_than_the_first_is_not_a_survey_month(users):
    with pytest.raises(ValidationFailed) as exc:
        population_stat_import(
            actor=users.admin(), file=csv_file(HEADER + "1507,2021-08-17,employed,1,BPS,,reported,\n")
        )
    assert messages(exc) == ["row 2, period: '2021-08-17': a period is a survey month, write 2021-08"]


def test_missing_and_unknown_columns(users):
    with pytest.raises(ValidationFailed) as exc:
        population_stat_import(
            actor=users.admin(), file=csv_file("region_code,period,indicator,value,quality,kolom\n")
        )
    assert [f for f, _ in exc.value.errors] == ["kolom", "source"]
    assert "the column 'source' is missing" in messages(exc)


def test_semicolons_and_a_byte_order_mark_are_understood(users):
    text = "\ufeff" + HEADER.replace(",", ";") + "1507;2021-08;employed;115517;BPS, Sakernas;;reported;\n"
    assert population_stat_import(actor=users.admin(), file=csv_file(text)).created == 1
    assert PopulationStat.objects.get().source == "BPS, Sakernas"


def test_a_file_that_is_not_utf8(users):
    f = io.BytesIO(
        HEADER.encode() + "1507,2021-08,employed,1,Badan Pusat Statistik é,,reported,\n".encode("latin-1")
    )
    with pytest.raises(ValidationFailed, match="neither an XLSX workbook nor UTF-8 CSV"):
        population_stat_import(actor=users.admin(), file=f)


def test_an_empty_file(users):
    with pytest.raises(ValidationFailed, match="the file is empty"):
        population_stat_import(actor=users.admin(), file=csv_file(""))
    with pytest.raises(ValidationFailed, match="no rows below its header"):
        population_stat_import(actor=users.admin(), file=csv_file(HEADER + ",,,,,,,\n"))


def test_an_officer_imports_only_inside_their_regions(users):
    officer = users.officer(regions=("1507",))
    text = HEADER + (
        "150701,2024-12,registered_population,24000,Dukcapil TJT,,reported,\n"
        "1502,2024-12,registered_population,1,Dukcapil,,reported,\n"
        "ID,2024-08,employed,1,BPS,,reported,\n"
    )
    with pytest.raises(ValidationFailed) as exc:
        population_stat_import(actor=officer, file=csv_file(text))
    assert messages(exc) == [
        "row 3, region_code: region 1502 is outside your scope",
        "row 4, region_code: region ID is outside your scope",
    ]
    ok = HEADER + "150701,2024-12,registered_population,24000,Dukcapil TJT,,reported,\n"
    assert population_stat_import(actor=officer, file=csv_file(ok)).created == 1


@pytest.mark.parametrize("role", ["auditor", "employer", "worker", "sponsor_officer"])
def test_only_admins_and_officers_import(users, role):
    with pytest.raises(PermissionDenied):
        population_stat_import(
            actor=users.make(role), file=csv_file(HEADER + "1507,2021-08,employed,1,BPS,,reported,\n")
        )
    assert PopulationStat.objects.count() == 0
