"""Indonesian number writing: dots group thousands, a comma marks decimals."""

from decimal import Decimal

from lindung.coverage.formats import month_id, number_id, percent_id, rupiah_id


def test_numbers():
    assert number_id(1_234_567) == "1.234.567"
    assert number_id(999) == "999" and number_id(0) == "0"
    assert number_id(-4_943) == "-4.943"
    assert number_id(Decimal("1234.5"), 2) == "1.234,50"


def test_percentages_round_half_up():
    # 34,083 covered / 115,517 employed = 0.29504...; the ratio is carried as 0.2951.
    assert percent_id(Decimal("0.2951")) == "29,51 %"
    assert percent_id(Decimal("0.29505")) == "29,51 %"  # 29.505 -> 29.51, half up
    assert percent_id(Decimal("0.55"), 0) == "55 %"
    assert percent_id(1) == "100,00 %"


def test_rupiah_and_months():
    assert rupiah_id(83_042_400) == "Rp83.042.400"
    import datetime as dt

    assert month_id(dt.date(2024, 3, 1)) == "Mar 2024" and month_id(dt.date(2023, 8, 1)) == "Agu 2023"
