"""The batch path's own behaviour: refusals name the column and the row; the parameters used come
with the amounts; columns missing take the segment's usual programmes."""

from __future__ import annotations

import numpy as np
import pytest

from lindung.rules import RulesError, contributions_batch


def test_pu_amounts_and_parameters_for_freezing():
    # E01 and E02 in one batch: 9.000.000 x 0,89 % = 80.100; 25.000.000 x 0,89 % = 222.500
    out = contributions_batch(
        "2025-06",
        segment="PU",
        columns={"wage": np.array([9_000_000, 25_000_000]), "risk_class": np.array([3, 3])},
    )
    assert out["JKK"]["employer"].tolist() == [80_100, 222_500]
    assert out["JP"]["base"].tolist() == [9_000_000, 10_547_400]
    assert out["JKP"]["present"].tolist() == [False, False]  # not among PU's usual programmes unless given
    assert out["JKK"]["amount"].dtype == np.int64
    assert out.parameters["jp.wage_cap"]["value"] == 10_547_400
    assert out.parameters["pu.jkk_rate"]["reference"].startswith("PP 44/2015")


@pytest.mark.parametrize(
    ("segment", "columns", "field", "row"),
    [
        ("PU", {"wage": np.array([5_000_000, 0]), "risk_class": np.array(["I", "I"])}, "wage", 1),
        (
            "PU",
            {"wage": np.array([5_000_000, 5_000_000]), "risk_class": np.array(["I", "VI"])},
            "risk_class",
            1,
        ),
        ("PU", {"wage": np.array([-1]), "risk_class": np.array(["I"])}, "wage", 0),
        ("BPU", {"wage": np.array([1_000_000, 999_999, 5])}, "wage", 1),
        ("JAKON", {"wage": np.array([1, 0]), "contract_value": np.array([0, 0])}, "wage", 1),
        ("PMI", {"contract_months": np.array([24]), "pmi_jht": np.array([700_000])}, "pmi_jht", 0),
    ],
)
def test_bad_rows_are_named(segment, columns, field, row):
    with pytest.raises(RulesError) as caught:
        contributions_batch("2025-06", segment=segment, columns=columns)
    assert caught.value.field == field
    assert caught.value.message.startswith(f"row {row}:")


def test_jkp_before_it_existed_is_refused():
    with pytest.raises(RulesError, match="JKP did not exist in 2020-06"):
        contributions_batch(
            "2020-06",
            segment="PU",
            columns={"wage": np.array([5_000_000]), "risk_class": np.array(["I"]), "JKP": np.array([True])},
        )


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(RulesError, match="same number of rows"):
        contributions_batch(
            "2025-06", segment="PU", columns={"wage": np.array([1, 2]), "risk_class": np.array(["I"])}
        )


def test_bpu_transport_flag_or_sector():
    # PP 50/2025, January 2026: 1.000.000 x 1 % x 50 % = 5.000 and 6.800 x 50 % = 3.400
    by_flag = contributions_batch(
        "2026-01", segment="BPU", columns={"wage": np.array([1_000_000]), "transport": np.array([True])}
    )
    by_sector = contributions_batch(
        "2026-01", segment="BPU", columns={"wage": np.array([1_000_000]), "sector": np.array(["transport"])}
    )
    for out in (by_flag, by_sector):
        assert out["JKK"]["worker"].tolist() == [5_000]
        assert out["JKM"]["worker"].tolist() == [3_400]
