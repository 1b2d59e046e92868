"""NIK rules (SOURCES.md item 5; issue 2). District 150701 = Muara Sabak Timur, Tanjung Jabung Timur
(Kemendagri 2025); 910101 = Merauke under the old Papua code 91.01, absent from the 2025 edition."""

import datetime as dt

import pytest

from lindung.registry.nik import check_nik, compose_nik

TODAY = dt.date(2026, 11, 27)


def test_valid_male_nik_decodes_district_birth_date_and_sex():
    r = check_nik("1507011203850001", today=TODAY)  # 12-03-85, man
    assert r.valid and r.errors == [] and r.warnings == []
    assert r.district_code == "150701"
    assert r.birth_date == dt.date(1985, 3, 12)
    assert r.sex == "M"


def test_female_day_has_forty_added():
    r = check_nik("1507015203850002", today=TODAY)  # day 52 = 12 + 40
    assert r.valid
    assert r.birth_date == dt.date(1985, 3, 12)
    assert r.sex == "F"


def test_two_digit_year_takes_the_latest_century_not_in_the_future():
    assert check_nik("1507011203100001", today=TODAY).birth_date == dt.date(2010, 3, 12)
    assert check_nik("1507011203300001", today=TODAY).birth_date == dt.date(1930, 3, 12)


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("1507013202850001", "day 32 is not a valid birth day for month 02"),
        ("1507013002850001", "day 30 is not a valid birth day for month 02"),  # no 30 February
        ("1507017202850001", "day 72 is not a valid birth day for month 02"),  # woman, 72-40 = 32
        ("1507011213850001", "month 13 is not a valid birth month"),
        ("1507011200850001", "month 00 is not a valid birth month"),
    ],
)
def test_bad_birth_dates_are_errors(nik, message):
    r = check_nik(nik, today=TODAY)
    assert not r.valid
    assert message in r.errors


def test_unknown_district_is_an_error():
    r = check_nik("1599011203850001", today=TODAY)  # 15.99 is no regency in any edition
    assert not r.valid
    assert "district code 159901 does not exist" in r.errors


def test_retired_district_is_a_warning_only():
    r = check_nik("9101011203850001", today=TODAY)
    assert r.valid
    assert r.warnings == ["district code 910101 is not in the current Kemendagri edition (retired code)"]


def test_zero_serial_is_an_error():
    r = check_nik("1507011203850000", today=TODAY)
    assert not r.valid
    assert r.errors == ["serial 0000 is not issued"]


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("150701120385000", "NIK must be 16 digits, got 15"),
        ("15070112038500011", "NIK must be 16 digits, got 17"),
        ("15070112O3850001", "NIK must contain digits only"),
        ("", "NIK is empty"),
    ],
)
def test_shape_errors(nik, message):
    assert check_nik(nik, today=TODAY).errors == [message]


def test_consistency_with_given_birth_date_and_sex():
    ok = check_nik("1507015203850002", birth_date=dt.date(1985, 3, 12), sex="P", today=TODAY)
    assert ok.valid
    wrong_date = check_nik("1507015203850002", birth_date=dt.date(1985, 3, 13), today=TODAY)
    assert wrong_date.errors == ["NIK encodes birth date 12-03-85, not 13-03-85"]
    wrong_sex = check_nik("1507015203850002", sex="M", today=TODAY)
    assert wrong_sex.errors == ["NIK encodes a woman (day + 40)"]


def test_given_birth_date_settles_the_century():
    r = check_nik("1507011203250001", birth_date=dt.date(1925, 3, 12), today=TODAY)
    assert r.valid and r.birth_date == dt.date(1925, 3, 12)


def test_future_birth_date_is_an_error():
    r = check_nik("1507011212260001", today=TODAY)  # 12-12-26 is after 27-11-2026, and 1926 is not assumed
    assert "birth date 2026-12-12 is in the future" in r.errors


def test_compose_nik_round_trips():
    nik = compose_nik("150701", dt.date(1990, 7, 1), "F", 17)
    assert nik == "1507014107900017"
    r = check_nik(nik, today=TODAY)
    assert r.valid and r.sex == "F" and r.birth_date == dt.date(1990, 7, 1)
