"""Everything the simulation page shows beside the numbers exists in Bahasa Indonesia: each trace
step the rules can produce, each benefit item, each line's explanation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lindung import rules
from lindung.calculator import explain
from lindung.calculator.calculations import jht_simulation, jp_simulation

F = rules.ContributionFacts

CONTRIBUTIONS = [
    (F.of("PU", {"JKK", "JKM", "JHT", "JP", "JKP"}, wage=8_000_000, risk_class="III"), "2025-02"),
    (F.of("PU", {"JKK", "JKM", "JHT", "JP"}, wage=8_000_000, risk_class="I"), "2020-09"),
    (F.of("BPU", {"JKK", "JKM", "JHT"}, wage=1_000_000), "2025-06"),
    (F.of("BPU", {"JKK", "JKM", "JHT"}, wage=1_000_000, sponsored=True), "2025-06"),
    (F.of("JAKON", wage=4_000_000), "2025-06"),
    (F.of("JAKON", contract_value=6_000_000_000), "2025-06"),
    (F.of("PMI", {"JKK", "JKM", "JHT"}, contract_months=30, pmi_jht=50_000), "2025-06"),
]


def _benefits():
    history = [(f"2016-{m:02d}", 60_000, 40_000) for m in range(1, 13)]
    yield rules.jkm_benefit("2025-05-01", 36, 2)
    yield rules.jkk_death_benefit("2025-05-01", 4_000_000, 1)
    yield rules.jkk_disability_benefit("2025-05-01", 4_000_000, total=True, children=1)
    yield rules.jkk_stmb_benefit("2018-01-01", 4_000_000, 400)
    yield rules.jkp_benefit("2024-06-01", 5_000_000)
    yield rules.jkp_benefit("2025-06-01", 5_000_000)
    yield rules.jht_balance(history, "2017-12-31")
    yield rules.jht_balance(history, "2016-12-31", annual_return="0.05")
    yield jht_simulation(wage=5_000_000, since="2015-07", as_of=dt.date(2016, 12, 31))
    yield jp_simulation(birth_date=dt.date(1960, 5, 20), wage=8_000_000, since="2015-07")
    yield jp_simulation(birth_date=dt.date(1970, 7, 15), wage=5_000_000, since="2015-07")


def _steps():
    for facts, month in CONTRIBUTIONS:
        yield from contribution_steps(facts, month)
    for result in _benefits():
        yield from (s.step for s in result.trace)
    yield from (s.step for s in rules.late_fine(1000, 1, "2025-06")[1])
    yield from (s.step for s in rules.jkp_eligibility("2025-05-20", ["2025-04"], claim_date="2025-06-01",
                                                     age_at_registration=30).trace)  # fmt: skip


def contribution_steps(facts, month):
    return [s.step for s in rules.contribution(facts, month).trace]


def test_every_step_is_listed_and_translated():
    produced = set(_steps())
    missing = produced - set(explain.STEPS)
    assert not missing, missing
    with translation.override("id"):
        untranslated = [s for s in explain.STEPS if translation.gettext(s) == s]
    assert not untranslated, untranslated


def test_every_item_and_line_has_words():
    with translation.override("id"):
        for result in _benefits():
            for line in result.lines:
                assert explain.item_label(line.item) != line.item, line.item
        assert explain.item_label("cash_60_percent") == "Manfaat uang tunai 60 % dari upah"
        for facts, month in CONTRIBUTIONS:
            for line in rules.contribution(facts, month).lines:
                assert (facts.segment, line.programme) in explain.LINE_EXPLANATIONS


@pytest.mark.parametrize("language", ["id", "en"])
def test_programme_names_in_both_languages(language):
    with translation.override(language):
        name = str(explain.PROGRAMME_NAMES["JKK"])
    assert name == {"id": "JKK — jaminan kecelakaan kerja", "en": "JKK — work accident"}[language]
