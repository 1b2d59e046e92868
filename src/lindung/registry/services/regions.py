"""Loading the Kemendagri region codes shipped in `registry/data`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from lindung.audit.services import audit_record
from lindung.registry.models import Region
from lindung.registry.nik import DATA_DIR

CURRENT_FILES = (
    "regions_provinces.csv",
    "regions_regencies.csv",
    "regions_jambi_districts.csv",
    "regions_jambi_villages.csv",
)


def _read(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _parent_code(code: str) -> str | None:
    return {2: None, 4: code[:2], 6: code[:4], 10: code[:6]}[len(code)]


def regions_load(*, actor: Any = None) -> dict[str, int]:
    """Insert or refresh every region: current provinces, regencies, Jambi districts and villages,
    and every other district code of the historical editions (flagged not current when retired).
    Idempotent; returns counts per level."""
    rows: dict[str, Region] = {}
    for name in CURRENT_FILES:
        for r in _read(name):
            rows[r["code"]] = Region(
                code=r["code"],
                name=r["name"],
                level=int(r["level"]),
                type=r["type"],
                parent_id=r["parent_code"] or None,
                current=True,
            )
    for r in _read("regions_codes_historical.csv"):
        if r["code"] in rows:
            continue
        level = int(r["level"])
        rows[r["code"]] = Region(
            code=r["code"],
            name=r["latest_name"],
            level=level,
            type={1: "provinsi", 2: "kabupaten", 3: "kecamatan"}[level]
            if level != 2 or int(r["code"][2:4]) < 70
            else "kota",
            parent_id=_parent_code(r["code"]),
            current=r["in_2025_edition"] == "yes",
        )
    ordered = sorted(rows.values(), key=lambda region: (region.level, region.code))
    with transaction.atomic():
        Region.objects.bulk_create(
            ordered,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "type", "parent", "current"],
        )
        counts = {f"level_{lvl}": sum(1 for r in ordered if r.level == lvl) for lvl in (1, 2, 3, 4)}
        audit_record(actor=actor, action="regions.load", object_type="registry.region", after=counts)
    return counts
