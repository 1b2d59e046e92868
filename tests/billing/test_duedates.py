"""Due dates, regulation.md §3.10 and §3.9, checked against real calendar days."""

import datetime as dt

from lindung.billing.duedates import bpu_due, due_date, pu_due

D = dt.date


def test_pu_due_on_the_15th_of_the_next_month_when_a_working_day():
    # contribution month June 2025 → Tuesday 15 July 2025, a working day
    assert pu_due(D(2025, 6, 1)) == D(2025, 7, 15)


def test_pu_due_moves_past_a_weekend():
    # contribution month May 2025 → 15 June 2025 is a Sunday → Monday 16 June 2025
    assert pu_due(D(2025, 5, 1)) == D(2025, 6, 16)


def test_pu_due_moves_past_a_public_holiday_and_the_weekend_after_it():
    # contribution month May 2018 → Friday 15 June 2018 is Idul Fitri 1439 H (holidays: "Eid al-Fitr",
    # 15 and 16 June), then Sunday 17 June → Monday 18 June 2018
    assert pu_due(D(2018, 5, 1)) == D(2018, 6, 18)
    # contribution month March 2022 → Friday 15 April 2022 is Good Friday (Wafat Isa Al Masih),
    # then the weekend → Monday 18 April 2022
    assert pu_due(D(2022, 3, 1)) == D(2022, 4, 18)


def test_pu_due_in_the_pp_49_2020_window_is_the_30th():
    # contribution month August 2020 → Wednesday 30 September 2020
    assert pu_due(D(2020, 8, 1)) == D(2020, 9, 30)
    # contribution month January 2021 → February has 28 days: Sunday 28 February 2021 → Monday 1 March
    assert pu_due(D(2021, 1, 1)) == D(2021, 3, 1)
    # February 2021 is outside the window: Monday 15 March 2021
    assert pu_due(D(2021, 2, 1)) == D(2021, 3, 15)


def test_bpu_due_on_the_15th_of_the_month_covered_not_moved():
    # 15 June 2025 is a Sunday; the BPU deadline is not moved (only the PU one is, §3.10)
    assert bpu_due(D(2025, 6, 1)) == D(2025, 6, 15)
    assert due_date("BPU", D(2025, 6, 20)) == D(2025, 6, 15)


def test_jakon_due_at_project_start_then_pu_rule():
    start = D(2025, 6, 20)
    assert due_date("JAKON", D(2025, 6, 1), project_start=start) == start
    # a later month (wages known): the PU rule, Friday 15 August 2025
    assert due_date("JAKON", D(2025, 7, 1), project_start=start) == D(2025, 8, 15)


def test_pmi_due_before_departure_then_bpu_rule():
    start = D(2025, 6, 10)
    assert due_date("PMI", D(2025, 6, 1), membership_start=start) == start
    assert due_date("PMI", D(2025, 9, 1), membership_start=start) == D(2025, 9, 15)
