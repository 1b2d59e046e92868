"""Parameter files: every file loads and carries its references; lookups by date; bad files are
refused with the file and key named; published series agree with the rules that produced them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pytest

from lindung.rules import ParameterFileError, RulesError, parameter
from lindung.rules.parameter import definition, load_parameters, parameters

# What issue 3 asks the parameters to cover (regulation.md §3-§5).
REQUIRED = {
    "pu.jkk_rate", "pu.jkm_rate", "pu.jht_rate", "jp.rate", "jp.wage_cap", "jkp.government_rate",
    "jkp.recomposition", "jkp.wage_limit", "bpu.jkk_rate", "bpu.jkm_amount", "bpu.jht_rate",
    "bpu.minimum_income", "jakon.wage_rate", "jakon.contract_tiers", "pmi.package", "pmi.jht_amount",
    "relief.covid_jkk_jkm", "relief.covid_jp_payable", "relief.labour_intensive_jkk", "relief.bpu_transport",
    "fines.late_rate", "jp.benefit_limits", "jp.pension_age", "jkm.benefit", "jkk.death", "jkk.disability",
    "jkk.stmb", "scholarship.schedule", "jkp.cash_benefit", "jht.return_rate", "jht.partial_withdrawal",
    "jp.inflation",
}  # fmt: skip


def _numbers(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers(v)
    elif not isinstance(value, str | bool) and value is not None:
        yield value


def test_every_file_loads_with_reference_and_confidence():
    loaded = parameters()
    assert set(loaded) >= REQUIRED
    for p in loaded.values():
        assert p.description
        for entry in p.entries:
            assert entry.reference and entry.confidence in {"H", "M", "L"}
            assert all(isinstance(n, int | Decimal) for n in _numbers(entry.value)), p.name  # never floats


def test_loaded_once():
    assert parameters() is parameters()


def test_lookup_by_month_and_date():
    assert parameter("jp.wage_cap", "2026-02").value == 10_547_400
    assert parameter("jp.wage_cap", dt.date(2026, 3, 1)).value == 11_086_300
    assert parameter("jp.wage_cap", "2026-02").effective == dt.date(2025, 3, 1)
    assert parameter("jkp.cash_benefit", "2025-02-06").value[0]["percent"] == 45
    assert parameter("jkp.cash_benefit", "2025-02-07").value == [{"months": 6, "percent": 60}]


def test_lookup_before_the_first_value_names_the_parameter():
    with pytest.raises(RulesError, match=r"jp.wage_cap has no value before 2015-07-01") as caught:
        parameter("jp.wage_cap", "2015-06", field="month")
    assert caught.value.field == "month"


def test_series_value_belongs_to_its_year_only():
    assert parameter("jp.inflation", "2016-07").value == Decimal("3.02")
    with pytest.raises(RulesError, match="no value for the year 2030"):
        parameter("jp.inflation", "2030-01")


def test_unknown_parameter():
    with pytest.raises(RulesError, match=r"no parameter 'jp\.nothing'"):
        definition("jp.nothing")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "description: d\nunit: rupiah\napplies_by: event_date\nconfidence: H\nvalues:\n"
            "  2020-01-01: {value: 1, reference: a}\n  2019-01-01: {value: 2, reference: b}\n",
            "values.2019-01-01: dates must be in increasing order",
        ),
        (
            "description: d\nunit: rupiah\napplies_by: event_date\nconfidence: H\nvalues:\n"
            "  2020-01-01: {value: 1, reference: a}\n  2020-01-01: {value: 2, reference: b}\n",
            "key 2020-01-01 is repeated",
        ),
        (
            "description: d\nunit: furlongs\napplies_by: event_date\nvalues:\n"
            "  2020-01-01: {value: 1, reference: a}\n",
            "unknown unit 'furlongs'",
        ),
        (
            "description: d\nunit: rupiah\napplies_by: event_date\nconfidence: H\nvalues:\n"
            "  2020-01-01: {value: 1}\n",
            "values.2020-01-01: reference: the legal reference is required",
        ),
        (
            "description: d\nunit: rupiah\napplies_by: event_date\nconfidence: H\nvalues:\n"
            "  2020-01-01: {value: 1.5, reference: a}\n",
            "values.2020-01-01.value: Decimal('1.5') is not a whole, non-negative number of rupiah",
        ),
        (
            "description: d\nunit: rupiah\napplies_by: event_date\nvalues:\n"
            "  2020-01-01: {value: 1, reference: a}\n",
            "values.2020-01-01: confidence: None must be one of H, M, L",
        ),
        (
            "description: d\nunit: {a: rupiah, b: percent}\napplies_by: event_date\nconfidence: M\nvalues:\n"
            "  2020-01-01: {value: {a: 1}, reference: r}\n",
            "values.2020-01-01.value: fields ['a'] must be ['a', 'b']",
        ),
        (
            "description: d\nunit: percent\napplies_by: calendar_year\nconfidence: M\nvalues:\n"
            "  2020-03-01: {value: 1, reference: r}\n",
            "a calendar_year value is keyed by 1 January",
        ),
        (
            "description: d\nunit: rupiah\napplies_by: someday\nvalues: {}\n",
            "applies_by: 'someday' must be one of",
        ),
        ("descripton: d\n", "unknown key(s) ['descripton']"),
    ],
)
def test_bad_file_is_refused_naming_file_and_key(tmp_path: Path, text: str, message: str):
    (tmp_path / "group").mkdir()
    path = tmp_path / "group" / "thing.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterFileError) as caught:
        load_parameters(tmp_path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_a_good_file_is_named_by_its_path(tmp_path: Path):
    (tmp_path / "jp").mkdir()
    (tmp_path / "jp" / "cap.yaml").write_text(
        "description: d\nunit: rupiah\napplies_by: contribution_month\nconfidence: H\nvalues:\n"
        "  2015-07-01: {value: 7_000_000, reference: PP 45/2015}\n",
        encoding="utf-8",
    )
    loaded = load_parameters(tmp_path)
    assert loaded["jp.cap"].at(dt.date(2020, 1, 1)).value == 7_000_000


# regulation.md §3.3: new cap = previous cap x (1 + previous-year GDP growth), truncated to Rp100.
GDP_GROWTH = {
    2016: "4.79", 2017: "5.02", 2018: "5.07", 2019: "5.17", 2020: "5.02", 2021: "-2.07",
    2022: "3.69", 2023: "5.31", 2024: "5.05", 2025: "5.03", 2026: "5.11",
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(GDP_GROWTH))
def test_jp_cap_series_reproduces_the_indexation_rule(year: int):
    """E12 and §3.3: e.g. 2020: 8.512.400 x 1,0502 = 8.939.722 -> 8.939.700."""
    previous = parameter("jp.wage_cap", f"{year - 1}-03" if year > 2016 else "2015-07").value
    raw = Decimal(previous) * (1 + Decimal(GDP_GROWTH[year]) / 100)
    truncated = int((raw / 100).to_integral_value(ROUND_FLOOR)) * 100
    assert parameter("jp.wage_cap", f"{year}-03").value == truncated


def test_jp_limits_2016_are_2015_indexed_by_inflation():
    """E14: 300.000 x 1,0335 = 310.050 and 3.600.000 x 1,0335 = 3.720.600."""
    inflation = 1 + parameter("jp.inflation", "2015-06").value / 100
    limits_2015, limits_2016 = (
        parameter("jp.benefit_limits", "2015-07-01"),
        parameter("jp.benefit_limits", "2016-03-01"),
    )
    assert limits_2016.value["minimum"] == limits_2015.value["minimum"] * inflation == 310_050
    assert limits_2016.value["maximum"] == limits_2015.value["maximum"] * inflation == 3_720_600
