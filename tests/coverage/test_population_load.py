"""`population_stats_load`: the shipped figures, as described in shared/data/SOURCES.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from lindung.audit.models import AuditEvent
from lindung.coverage.models import CoverageTarget, PopulationStat, PublishedCoverage
from lindung.coverage.services.population import population_stats_load
from lindung.errors import DomainError

# Rows stored: 553 Dukcapil rows (ID + 38 provinces + 514 regencies) and the rows counted in
# persons of the BPS/poverty files: 64 (Jambi labour) + 16 (national) + 26 (population) + 33
# (poverty) = 139; 553 + 139 = 692. The others are rates in percent (14 + 4 + 0 + 20 = 38) and
# the two poverty lines in rupiah.
STORED = 692


def test_loads_every_person_count_and_reports_what_it_skipped(stats):
    assert stats["created"] == STORED
    assert PopulationStat.objects.count() == STORED
    assert stats["skipped_not_persons"] == {"percent": 38, "IDR per capita per month": 2}
    assert stats["published_coverage"] == 155 and PublishedCoverage.objects.count() == 155
    assert AuditEvent.objects.filter(action="population_stats.load").count() == 1


def test_registered_population_dukcapil_december_2024(stats):
    # SOURCES.md item 1: Jambi = 3,834,439 and TJT = 244,905 registered residents, Dec 2024.
    tjt = PopulationStat.objects.get(region_id="1507", indicator="registered_population", period="2024-12-01")
    assert tjt.value == 244_905 and tjt.source.startswith("Dukcapil Kemendagri")
    jambi = PopulationStat.objects.get(region_id="15", indicator="registered_population", period="2024-12-01")
    assert jambi.value == 3_834_439


def test_national_rows_have_no_region(stats):
    # SOURCES.md item 2: Sakernas Aug 2024, employed 144.64 M.
    national = PopulationStat.objects.get(region__isnull=True, indicator="employed", period="2024-08-01")
    assert national.value == 144_640_000 and national.region_code == "ID"


def test_bps_rows_stay_on_the_kemendagri_code_they_name(stats):
    # SOURCES.md item 2: TJT (Kemendagri 1507, BPS 1506) employed 115,517 in Aug 2021.
    tjt = PopulationStat.objects.get(region_id="1507", indicator="employed", period="2021-08-01")
    assert tjt.value == 115_517 and tjt.quality == "reported"
    assert tjt.source == "news citing BPS Sakernas (sekato.id)"
    assert (
        PopulationStat.objects.get(region_id="1506", indicator="employed", period="2021-08-01").value
        != 115_517
    )


def test_low_rows_are_loaded_but_flagged(stats):
    # SOURCES.md item 2: Feb 2025 only formal = 817 k is kept, flagged low.
    low = PopulationStat.objects.get(region_id="15", indicator="employed_formal", period="2025-02-01")
    assert low.value == 817_000 and low.flagged
    assert not PopulationStat.objects.get(region_id="1507", indicator="employed", period="2021-08-01").flagged


def test_year_only_periods_are_stored_as_first_january_and_said_so(stats):
    # SOURCES.md item 2: 2024 population base from the BPS poverty table, TJT 243,796.
    stat = PopulationStat.objects.get(region_id="1507", indicator="population", period="2024-01-01")
    assert stat.value == 243_796
    assert "population_estimate" in stat.note and "year 2024 only" in stat.note


def test_published_coverage_and_target(stats):
    # SOURCES.md item 3: TJT 23 Mar 2024, 12,587 PU; Jambi target 55 % in 2025.
    pu = PublishedCoverage.objects.get(region_code="1507", as_of_label="2024-03-23", segment="PU")
    assert pu.value == 12_587 and pu.as_of == dt.date(2024, 3, 23) and pu.region_id == "1507"
    branch = PublishedCoverage.objects.filter(region_code="15-EAST").first()
    assert branch is not None and branch.region_id is None
    target = CoverageTarget.objects.get(region_id="15", year=2025)
    assert target.ratio == Decimal("0.55") and "infoekonomi.id" in target.source


def test_loading_twice_changes_nothing(stats):
    again = population_stats_load(actor=None)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, STORED)
    assert PopulationStat.objects.count() == STORED and PublishedCoverage.objects.count() == 155


def test_a_changed_file_corrects_the_figure(regions, data_copy):
    population_stats_load(actor=None)
    labour = data_copy / "bps_jambi_labour.csv"
    labour.write_text(labour.read_text(encoding="utf-8").replace(",115517,", ",115518,"), encoding="utf-8")
    result = population_stats_load(actor=None)
    assert (result["created"], result["updated"]) == (0, 1)
    assert (
        PopulationStat.objects.get(region_id="1507", indicator="employed", period="2021-08-01").value
        == 115_518
    )


def test_a_row_whose_name_does_not_match_its_code_is_refused(regions, data_copy):
    # The BPS trap: BPS 1506 is Tanjung Jabung Timur, Kemendagri 1506 is Tanjung Jabung Barat.
    labour = data_copy / "bps_jambi_labour.csv"
    text = labour.read_text(encoding="utf-8")
    labour.write_text(
        text.replace("1507,Kabupaten Tanjung Jabung Timur", "1506,Kabupaten Tanjung Jabung Timur")
    )
    with pytest.raises(DomainError, match="region 1506 is 'Kabupaten Tanjung Jabung Barat'"):
        population_stats_load(actor=None)
    assert PopulationStat.objects.count() == 0


def test_command_prints_one_summary_line(regions, capsys):
    call_command("load_stats")
    out = capsys.readouterr().out
    assert f"population figures: {STORED} added, 0 corrected, 0 unchanged" in out
    assert "38 in percent" in out and "coverage targets: 1" in out


def test_demo_step_is_idempotent(regions):
    from lindung.coverage.demo_data import demo_population_stats
    from lindung.jobs.progress import Progress

    assert demo_population_stats(Progress()).startswith(f"{STORED} population figures added")
    assert demo_population_stats(Progress()).startswith("0 population figures added, 0 corrected")
