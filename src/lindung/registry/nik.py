"""NIK (Nomor Induk Kependudukan) checks of our own.

    PP KK CC DD MM YY SSSS
    PPKKCC  Kemendagri district (kecamatan) code where the NIK was first issued; it never changes
    DD      birth day, plus 40 for women
    MM YY   birth month and two-digit year (century not encoded)
    SSSS    serial, 0001-9999

The district must exist in some edition of the Kemendagri code list; a code that is no longer in
the current (2025) edition is a warning (the NIK stays valid when people move or regions split).
python-stdnum is not used: its NIK check uses BPS codes and rejects valid NIKs.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class NikCheck:
    nik: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    district_code: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        return data


@lru_cache(maxsize=1)
def district_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(codes in the current edition, codes known only from older editions), level 3."""
    current: set[str] = set()
    retired: set[str] = set()
    with open(DATA_DIR / "regions_codes_historical.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["level"] == "3":
                (current if row["in_2025_edition"] == "yes" else retired).add(row["code"])
    return frozenset(current), frozenset(retired)


def _century_year(yy: int, today: dt.date) -> int:
    """Two-digit year to a full year: the latest year not after today."""
    year = 2000 + yy
    return year if year <= today.year else year - 100


def check_nik(
    nik: str,
    *,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    today: dt.date | None = None,
) -> NikCheck:
    """Check a NIK's structure, district, birth date and serial, and its consistency with the
    birth date and sex given (if any). Returns every error found, not just the first."""
    nik = (nik or "").strip()
    result = NikCheck(nik=nik, valid=False)
    if not (nik.isascii() and nik.isdigit()):
        result.errors.append("NIK must contain digits only" if nik else "NIK is empty")
        return result
    if len(nik) != 16:
        result.errors.append(f"NIK must be 16 digits, got {len(nik)}")
        return result
    today = today or dt.date.today()
    errors, warnings = result.errors, result.warnings

    district = nik[:6]
    result.district_code = district
    current, retired = district_codes()
    if district in retired:
        warnings.append(f"district code {district} is not in the current Kemendagri edition (retired code)")
    elif district not in current:
        errors.append(f"district code {district} does not exist")

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    nik_sex = "F" if day > 40 else "M"
    if day > 40:
        day -= 40
    result.sex = nik_sex
    year = birth_date.year if birth_date and birth_date.year % 100 == yy else _century_year(yy, today)
    try:
        born = dt.date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            errors.append(f"month {nik[8:10]} is not a valid birth month")
        else:
            errors.append(f"day {nik[6:8]} is not a valid birth day for month {nik[8:10]}")
    else:
        result.birth_date = born
        if born > today:
            errors.append(f"birth date {born.isoformat()} is in the future")

    if nik[12:] == "0000":
        errors.append("serial 0000 is not issued")

    if birth_date is not None and result.birth_date is not None and birth_date != result.birth_date:
        errors.append(f"NIK encodes birth date {result.birth_date:%d-%m-%y}, not {birth_date:%d-%m-%y}")
    if sex is not None and sex.upper() in {"M", "F", "L", "P"}:
        given = {"L": "M", "P": "F"}.get(sex.upper(), sex.upper())
        if given != nik_sex:
            errors.append(
                "NIK encodes a woman (day + 40)" if nik_sex == "F" else "NIK encodes a man (day without + 40)"
            )

    result.valid = not errors
    return result


def compose_nik(district: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a NIK (for demo data, benchmarks and tests): district code, DDMMYY with +40 for women, serial."""
    day = birth_date.day + (40 if sex.upper() in {"F", "P"} else 0)
    return f"{district}{day:02d}{birth_date:%m%y}{serial:04d}"
