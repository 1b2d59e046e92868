"""Choosing the denominator: hand-worked cases on the shipped figures (shared/data/SOURCES.md)."""

from __future__ import annotations

import datetime as dt

from lindung.coverage.selectors import ancestor_codes, population_figure, population_figures
from lindung.coverage.services.population import StatRow, stats_upsert

SEKATO = "news citing BPS Sakernas (sekato.id)"


def test_latest_figure_at_or_before_the_date(stats):
    # SOURCES.md: TJT employed 112,079 (2019), 119,896 (2020), 115,517 (2021); nothing later.
    fig = population_figure("1507", "employed", dt.date(2024, 3, 23))
    assert fig is not None
    assert (fig.value, fig.period, fig.source, fig.quality) == (
        115_517,
        dt.date(2021, 8, 1),
        SEKATO,
        "reported",
    )
    assert fig.source_url.startswith("https://sekato.id/") and fig.fallback_note == "" and not fig.derived
    assert fig.quality_label == "Dilaporkan"


def test_the_survey_month_itself_counts_as_at_or_before(stats):
    assert population_figure("1507", "employed", dt.date(2021, 8, 1)).value == 115_517  # type: ignore[union-attr]
    # The day before, the Aug 2020 figure (flagged `check`, which is still used) is the latest.
    fig = population_figure("1507", "employed", dt.date(2021, 7, 31))
    assert fig is not None and (fig.value, fig.quality) == (119_896, "check")


def test_low_figures_are_skipped_unless_asked_for(stats):
    # Jambi formal employed: 763,500 (Aug 2024, rounded); 817,000 (Feb 2025) is flagged low.
    fig = population_figure("15", "employed_formal", dt.date(2025, 6, 1))
    assert fig is not None and (fig.value, fig.period) == (763_500, dt.date(2024, 8, 1))
    low = population_figure("15", "employed_formal", dt.date(2025, 6, 1), include_unreliable=True)
    assert low is not None and (low.value, low.quality) == (817_000, "low")


def test_no_own_figure_derives_from_the_province_by_registered_population(stats):
    # TJT's first own figure is Aug 2019. As of 31 Jul 2019 the province's latest is Feb 2019:
    # 1,720,660 employed. Share: TJT 244,905 / Jambi 3,834,439 registered (Dukcapil Dec 2024, later
    # than the date: no earlier release is stored).
    # 1,720,660 × 244,905 = 421,398,237,300; ÷ 3,834,439 = 109,898.28 → 109,898.
    fig = population_figure("1507", "employed", dt.date(2019, 7, 31))
    assert fig is not None and fig.derived
    assert (fig.value, fig.quality, fig.period) == (109_898, "derived", dt.date(2019, 2, 1))
    assert "1.720.660" in fig.fallback_note and "244.905" in fig.fallback_note
    assert "3.834.439" in fig.fallback_note and "109.898" in fig.fallback_note
    assert "Dukcapil" in fig.source and "sumsel.antaranews.com" in fig.source


def test_a_province_derives_from_indonesia(stats):
    # Aceh has no employed figure. Indonesia Aug 2024: 144,640,000 employed; registered population
    # Aceh 5,623,479 of 284,973,643 (Dukcapil Dec 2024 rows 11 and ID).
    # 144,640,000 × 5,623,479 = 813,380,002,560,000; ÷ 284,973,643 = 2,854,228.88 → 2,854,229.
    fig = population_figure("11", "employed", dt.date(2024, 9, 1))
    assert fig is not None and (fig.value, fig.quality) == (2_854_229, "derived")
    assert "(ID)" in fig.fallback_note


def test_a_district_without_registered_population_has_no_figure(stats):
    assert population_figure("150701", "employed", dt.date(2024, 3, 23)) is None


def test_a_district_derives_once_a_release_covers_it_and_its_regency(stats):
    release = "Dukcapil Tanjung Jabung Timur, semester I 2024"
    stats_upsert(
        [
            StatRow("1507", dt.date(2024, 6, 1), "registered_population", 240_000, release, "", "reported"),
            StatRow("150701", dt.date(2024, 6, 1), "registered_population", 24_000, release, "", "reported"),
        ]
    )
    # The regency's own 115,517 (Aug 2021) × 24,000 / 240,000 = 11,551.7 → 11,552.
    fig = population_figure("150701", "employed", dt.date(2024, 7, 1))
    assert fig is not None and fig.value == 11_552 and "(1507)" in fig.fallback_note
    assert "nearest release" not in fig.fallback_note  # the release (Jun 2024) precedes the date


def test_counts_that_do_not_follow_population_are_never_derived(stats):
    # SOURCES.md item 4: no extreme-poverty level for TJT; the province's is not shared out.
    assert population_figure("1507", "extreme_poor_persons", dt.date(2024, 3, 23)) is None


def test_the_better_quality_wins_within_a_period(stats):
    stats_upsert(
        [
            StatRow(
                "1507", dt.date(2021, 8, 1), "employed", 115_600, "BPS Tanjung Jabung Timur", "", "official"
            )
        ]
    )
    fig = population_figure("1507", "employed", dt.date(2024, 3, 23))
    assert fig is not None and (fig.value, fig.source) == (115_600, "BPS Tanjung Jabung Timur")


def test_many_regions_in_three_queries(stats, django_assert_max_num_queries):
    districts = [f"1507{n:02d}" for n in range(1, 12)]
    with django_assert_max_num_queries(3):
        figures = population_figures(["1507", *districts], "employed", dt.date(2024, 3, 23))
    assert figures["1507"].value == 115_517  # type: ignore[union-attr]
    assert all(figures[d] is None for d in districts)


def test_ancestors_nearest_first():
    assert ancestor_codes("1507010001") == ["150701", "1507", "15", "ID"]
    assert ancestor_codes("15") == ["ID"] and ancestor_codes("ID") == []
