"""Programme rules per segment and employer size: regulation.md §2.1-2.4 (Perpres 109/2013 Art. 6,
PP 6/2025 Art. 4)."""

import datetime as dt

import pytest

from lindung.registry.programmes import age_on, jp_open, programme_errors, programme_rule


@pytest.mark.parametrize(
    ("size", "age", "mandatory"),
    [
        ("besar", 30, {"JKK", "JKM", "JHT", "JP", "JKP"}),
        ("menengah", 30, {"JKK", "JKM", "JHT", "JP", "JKP"}),
        ("besar", 54, {"JKK", "JKM", "JHT", "JP"}),  # 54 at registration: no JKP
        ("besar", 53, {"JKK", "JKM", "JHT", "JP", "JKP"}),
        ("kecil", 30, {"JKK", "JKM", "JHT", "JKP"}),
        ("mikro", 30, {"JKK", "JKM"}),
    ],
)
def test_pu_mandatory_programmes_by_size_and_age(size, age, mandatory):
    assert programme_rule("PU", size_class=size, age_at_start=age).mandatory == mandatory


def test_micro_employer_worker_gets_jkp_only_with_jht():
    assert "JKP" in programme_rule("PU", size_class="mikro", age_at_start=30, with_jht=True).mandatory
    assert programme_errors("PU", {"JKK", "JKM", "JHT", "JKP"}, size_class="mikro", age_at_start=30) == []
    assert programme_errors("PU", {"JKK", "JKM", "JKP"}, size_class="mikro", age_at_start=30) == [
        "PU (mikro) may not include JKP"
        " (JKP needs the worker under 54 at registration and the required programmes)"
    ]


def test_pu_missing_mandatory_programme_is_named():
    assert programme_errors("PU", {"JKK", "JKM", "JHT", "JKP"}, size_class="besar", age_at_start=30) == [
        "PU (besar) must include JP"
    ]


@pytest.mark.parametrize(
    ("segment", "programmes", "errors"),
    [
        ("BPU", {"JKK", "JKM"}, []),
        ("BPU", {"JKK", "JKM", "JHT"}, []),
        ("BPU", {"JKK", "JKM", "JP"}, ["BPU may not include JP"]),
        ("BPU", {"JKK"}, ["BPU must include JKM"]),
        ("JAKON", {"JKK", "JKM"}, []),
        ("JAKON", {"JKK", "JKM", "JHT"}, ["JAKON may not include JHT"]),
        ("PMI", {"JKK", "JKM", "JHT"}, []),
        ("PMI", {"JKK", "JKM", "JKP"}, ["PMI may not include JKP"]),
        ("BPU", {"JKK", "JKM", "XYZ"}, ["unknown programme(s): XYZ"]),
    ],
)
def test_other_segments(segment, programmes, errors):
    assert programme_errors(segment, programmes) == errors


def test_age_on_counts_birthdays():
    assert age_on(dt.date(1972, 6, 15), dt.date(2026, 6, 14)) == 53
    assert age_on(dt.date(1972, 6, 15), dt.date(2026, 6, 15)) == 54


def test_jp_closes_one_month_before_pension_age():
    # Born 20 May 1967: pension age 59 in 2025–2027 (PP 45/2015 Art. 15, regulation §5.4), reached on
    # 20 May 2026; JP takes registrations only up to one month before, 20 April 2026 (regulation §2.1).
    born = dt.date(1967, 5, 20)
    assert jp_open(born, dt.date(2026, 4, 20)) is True
    assert jp_open(born, dt.date(2026, 4, 21)) is False
    assert programme_errors(
        "PU", {"JKK", "JKM", "JHT", "JP"}, size_class="besar", age_at_start=58, jp_allowed=False
    ) == ["PU (besar) may not include JP (JP takes workers only up to one month before pension age)"]
    assert (
        programme_errors("PU", {"JKK", "JKM", "JHT"}, size_class="besar", age_at_start=58, jp_allowed=False)
        == []
    )
