"""Generated people files for the import benchmark: valid NIKs over Jambi's real districts.

Row `i` maps to a distinct (district, birth date) pair through a multiplicative bijection, so any
range of `i` gives distinct NIKs (serial 0001) without remembering what was generated.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from pathlib import Path

from lindung.registry.nik import DATA_DIR, compose_nik

FIRST = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eka",
    "Fajar",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putri",
    "Rahmat",
    "Sari",
    "Taufik",
    "Utami",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Ahmad",
    "Siti",
    "Muhammad",
    "Rina",
    "Andi",
    "Ayu",
    "Bambang",
    "Dian",
    "Hendra",
    "Intan",
    "Rizki",
    "Suryani",
    "Wulan",
    "Yusuf",
    "Fitri",
    "Hasan",
    "Ratna",
    "Slamet",
]
LAST = [
    "Saputra",
    "Wijaya",
    "Lubis",
    "Siregar",
    "Nasution",
    "Harahap",
    "Hutapea",
    "Sembiring",
    "Ginting",
    "Pohan",
    "Rangkuti",
    "Daulay",
    "Tanjung",
    "Simanjuntak",
    "Susanto",
    "Kurniawan",
    "Hidayat",
    "Pratama",
    "Setiawan",
    "Gunawan",
    "Rahayu",
    "Handayani",
    "Sari",
    "Permata",
    "Purnama",
    "Syahputra",
    "Ramadhan",
    "Firmansyah",
    "Nugroho",
    "Wibowo",
]
ACCENTED = ("Sútan", "Zoë", "Réné")  # a few names take the slow normalisation path
BIRTH_START = dt.date(1950, 1, 1)
BIRTH_DAYS = 20000  # birth dates 1950-01-01 .. 2004-10-04
MULTIPLIER = 1_000_003  # prime; coprime with the pair space, so i -> pair is a bijection
HEADER = ("nik", "name", "birth_date", "sex", "village_code", "phone")


def jambi_places() -> tuple[list[str], dict[str, list[str]]]:
    """Jambi's district codes and, for each, its village codes (from the shipped region files)."""
    with open(DATA_DIR / "regions_jambi_districts.csv", encoding="utf-8", newline="") as f:
        districts = [r["code"] for r in csv.DictReader(f)]
    villages: dict[str, list[str]] = {d: [] for d in districts}
    with open(DATA_DIR / "regions_jambi_villages.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            villages.setdefault(r["parent_code"], []).append(r["code"])
    return [d for d in districts if villages.get(d)], villages


def write_people_csv(path: Path, *, start: int, count: int, seed: int = 7) -> Path:
    """Write people `start .. start+count-1` (header first); distinct NIKs for distinct `i`."""
    districts, villages = jambi_places()
    space = len(districts) * BIRTH_DAYS
    if start + count > space or math.gcd(MULTIPLIER, space) != 1:
        raise ValueError(f"at most {space} distinct people can be generated")
    rng = random.Random(seed + start)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for i in range(start, start + count):
            pair = (i * MULTIPLIER) % space
            district = districts[pair % len(districts)]
            born = BIRTH_START + dt.timedelta(days=pair // len(districts))
            sex = "F" if rng.random() < 0.5 else "M"
            first = rng.choice(ACCENTED) if rng.random() < 0.01 else rng.choice(FIRST)
            name = f"{first} {rng.choice(LAST)}"
            village = rng.choice(villages[district])
            phone = f"08{rng.randrange(10**9, 10**10)}"
            w.writerow((compose_nik(district, born, sex, 1), name, born.isoformat(), sex, village, phone))
    return path
