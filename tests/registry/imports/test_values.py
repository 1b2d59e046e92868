"""registry/imports/values.py, registry/names.py and the fast NIK check: cells as people type them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.registry.imports.files import sniff_delimiter
from lindung.registry.imports.people import NikQuick
from lindung.registry.imports.values import CellError, parse_date, parse_programmes, parse_rupiah
from lindung.registry.names import name_normalize
from lindung.registry.nik import check_nik, compose_nik, district_codes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1985-03-12", dt.date(1985, 3, 12)),
        ("12-03-1985", dt.date(1985, 3, 12)),
        ("12/03/1985", dt.date(1985, 3, 12)),
        ("2/3/1985", dt.date(1985, 3, 2)),
        ("12.03.1985", dt.date(1985, 3, 12)),
        ("1985-03-12 00:00:00", dt.date(1985, 3, 12)),
        (dt.datetime(1985, 3, 12), dt.date(1985, 3, 12)),
        (31118, dt.date(1985, 3, 12)),  # Excel serial: 31118 days after 1899-12-30
    ],
)
def test_dates(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/1990", '"31/02/1990" is not a date'),
        ("1990-13-01", '"1990-13-01" is not a date'),
        ("kemarin", '"kemarin" is not a date (use YYYY-MM-DD or DD-MM-YYYY)'),
        ("03/12/85", '"03/12/85" is not a date (use YYYY-MM-DD or DD-MM-YYYY)'),
    ],
)
def test_not_dates(cell, message):
    with pytest.raises(CellError) as caught:
        parse_date(cell)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.250.000", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp1.250.000,00", 1_250_000),
        ("rp. 1.250.000", 1_250_000),
        ("1250000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1250000.00", 1_250_000),
        ("1.250", 1_250),  # in Indonesian the dot groups thousands
        (1250000, 1_250_000),
        (1250000.0, 1_250_000),
    ],
)
def test_rupiah(cell, expected):
    assert parse_rupiah(cell) == expected


@pytest.mark.parametrize("cell", ["1.250.000,50", "Rp 12,5", 1250000.5, "satu juta", "1.25.000"])
def test_not_rupiah(cell):
    with pytest.raises(CellError):
        parse_rupiah(cell)


def test_programmes():
    assert parse_programmes("jkk+JKM + jht") == {"JKK", "JKM", "JHT"}
    assert parse_programmes("JKK, JKM; JP/JKP") == {"JKK", "JKM", "JP", "JKP"}
    with pytest.raises(CellError):
        parse_programmes("")


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("  SÚTAN   Syahrir ", "sutan syahrir"),
        ("Zoë Ayu", "zoe ayu"),
        ("I\u0307brahim", "ibrahim"),  # a combining dot above is dropped
        ("Siti\tRahayu", "siti rahayu"),
    ],
)
def test_name_normalize(name, normalised):
    assert name_normalize(name) == normalised


def test_delimiter_is_sniffed_from_the_header():
    assert sniff_delimiter("nik;nama;tanggal_lahir\r\n") == ";"
    assert sniff_delimiter("nik,nama,tanggal_lahir\n") == ","
    assert sniff_delimiter("nik\tnama\n") == "\t"


TODAY = dt.date(2026, 6, 1)
DISTRICTS = sorted(district_codes()[0])[:50] + sorted(district_codes()[1])[:10] + ["999999"]


@given(
    district=st.sampled_from(DISTRICTS),
    born=st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2027, 1, 1)),
    sex=st.sampled_from(["M", "F"]),
    given_sex=st.sampled_from(["M", "F"]),
    serial=st.integers(min_value=0, max_value=9999),
    shift=st.integers(min_value=-1, max_value=1),
)
def test_the_fast_nik_check_agrees_with_check_nik(district, born, sex, given_sex, serial, shift):
    """The import's shortcut must never accept what check_nik refuses, nor refuse what it accepts
    (given the birth date and sex the file states)."""
    nik = compose_nik(district, born, sex, serial)
    stated = born + dt.timedelta(days=shift)
    quick = NikQuick(today=TODAY)
    stated_born = quick.births[stated.isoformat()]  # as a cell of the file
    fast = stated_born is not None and quick.ok(nik, stated_born, given_sex)
    assert fast == check_nik(nik, birth_date=stated, sex=given_sex, today=TODAY).valid
