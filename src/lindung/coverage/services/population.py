"""Population figures: loading the shipped reference data, storing figures, coverage targets.

Figures are keyed by (region, indicator, period, source): the same key again is a correction of the
value, quality or note; a new source for the same month is a second figure beside the first.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from lindung.accounts import scope
from lindung.audit.services import audit_record
from lindung.coverage.models import CoverageTarget, Indicator, PopulationStat, PublishedCoverage, Quality
from lindung.errors import DomainError, ValidationFailed
from lindung.jobs.progress import Progress
from lindung.registry.models import Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NATIONAL = "ID"  # region code of Indonesia in the data files; stored as region = NULL
BATCH = 1000

DUKCAPIL_FILE = "regions_population_dukcapil_2024s2.csv"
DUKCAPIL_PERIOD = dt.date(2024, 12, 1)  # semester II (December) 2024
DUKCAPIL_URL = "https://github.com/cahyadsn/wilayah/blob/b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7/db/wilayah_penduduk.sql"
BPS_FILES = (
    "bps_jambi_labour.csv",
    "bps_indonesia_labour.csv",
    "bps_jambi_population.csv",
    "poverty_jambi.csv",
)
COVERAGE_FILE = "bpjs_coverage.csv"
PUBLISHED_FIELDS = [
    "scope",
    "region",
    "region_name",
    "as_of",
    "value",
    "unit",
    "source",
    "quality",
    "note",
    "loaded_at",
]

# Indicator names of the BPS files that lindung stores under another name.
INDICATOR_ALIASES = {
    "population_census_2010": Indicator.POPULATION,
    "population_census_2020": Indicator.POPULATION,
    "population_estimate": Indicator.POPULATION,
    "population_estimate_midyear": Indicator.POPULATION,
    "population_registered_dukcapil": Indicator.REGISTERED_POPULATION,
}


@dataclass(frozen=True)
class StatRow:
    """One figure to store. `region_code` is "ID" for Indonesia."""

    region_code: str
    period: dt.date
    indicator: str
    value: int
    source: str
    source_url: str
    quality: str
    note: str = ""

    @property
    def key(self) -> tuple[str, str, dt.date, str]:
        return (self.region_code, self.indicator, self.period, self.source)


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    corrections: list[dict[str, Any]] = field(default_factory=list)  # before/after of updated figures


def month_start(text: str) -> dt.date:
    """`YYYY-MM` (or `YYYY-MM-01`) as the first day of that month; ValueError otherwise."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a month (write YYYY-MM)")
    if m.group(3) and m.group(3) != "01":
        raise ValueError(f"{text!r}: a period is a survey month, write {m.group(1)}-{m.group(2)}")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def source_label(source_type: str, url: str) -> str:
    """ "news citing BPS Sakernas (sekato.id)": who published it and where it was read."""
    host = urlsplit(url).netloc.removeprefix("www.") if url.startswith("http") else ""
    return (f"{source_type} ({host})" if host else source_type)[:200]


# --- storing figures --------------------------------------------------------------------------------


def _existing(rows: list[StatRow]) -> dict[tuple[str, str, dt.date, str], PopulationStat]:
    found = PopulationStat.objects.filter(
        indicator__in={r.indicator for r in rows},
        period__in={r.period for r in rows},
        source__in={r.source for r in rows},
    )
    return {(s.region_code, s.indicator, s.period, s.source): s for s in found}


def stats_upsert(rows: Iterable[StatRow]) -> UpsertCounts:
    """Create new figures and correct changed ones, `BATCH` rows at a time (caller's transaction)."""
    counts = UpsertCounts()
    batch: list[StatRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            _upsert_batch(batch, counts)
            batch = []
    if batch:
        _upsert_batch(batch, counts)
    return counts


def _upsert_batch(rows: list[StatRow], counts: UpsertCounts) -> None:
    existing = _existing(rows)
    now = timezone.now()
    new: list[PopulationStat] = []
    changed: list[PopulationStat] = []
    for r in rows:
        stat = existing.get(r.key)
        if stat is None:
            new.append(
                PopulationStat(
                    region_id=None if r.region_code == NATIONAL else r.region_code,
                    period=r.period,
                    indicator=r.indicator,
                    value=r.value,
                    source=r.source,
                    source_url=r.source_url,
                    quality=r.quality,
                    note=r.note,
                    loaded_at=now,
                )
            )
            continue
        after = {"value": r.value, "source_url": r.source_url, "quality": r.quality, "note": r.note}
        before = {k: getattr(stat, k) for k in after}
        if before == after:
            counts.unchanged += 1
            continue
        for k, v in after.items():
            setattr(stat, k, v)
        stat.loaded_at = now
        changed.append(stat)
        counts.corrections.append({"key": _key_text(r), "before": before, "after": after})
    PopulationStat.objects.bulk_create(new, batch_size=BATCH)
    PopulationStat.objects.bulk_update(
        changed, ["value", "source_url", "quality", "note", "loaded_at"], batch_size=BATCH
    )
    counts.created += len(new)
    counts.updated += len(changed)


def _key_text(r: StatRow) -> str:
    return f"{r.region_code} {r.indicator} {r.period:%Y-%m} {r.source}"


# --- the shipped files ------------------------------------------------------------------------------


def _read(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        yield from enumerate(csv.DictReader(f), start=2)


def _normal_name(name: str) -> str:
    name = " ".join(name.lower().split())
    return name.removeprefix("provinsi ")


class _Regions:
    """Region names by code, to check every row names the region its code says (BPS and Kemendagri
    codes differ, so a row mapped by code instead of by name shows up here)."""

    def __init__(self) -> None:
        self.names = dict(Region.objects.filter(level__lte=2).values_list("code", "name"))

    def check(self, file: str, number: int, code: str, name: str | None) -> None:
        if code == NATIONAL:
            return
        known = self.names.get(code)
        if known is None:
            raise DomainError(
                f"{file} row {number}: region {code} is not a known region", field="region_code"
            )
        if name is not None and _normal_name(known) != _normal_name(name):
            raise DomainError(
                f"{file} row {number}: region {code} is {known!r}, but the row names {name!r}",
                field="region_name",
            )


def _dukcapil_rows(regions: _Regions) -> Iterator[StatRow]:
    for number, r in _read(DUKCAPIL_FILE):
        code = NATIONAL if r["level"] == "0" else r["code"]
        # Same repository as the region codes, so the code is trusted; its names carry typos
        # ("Papua Barat Oaya", "Kab Timor Tengah Selatan"), so they are not compared.
        regions.check(DUKCAPIL_FILE, number, code, None)
        yield StatRow(
            region_code=code,
            period=DUKCAPIL_PERIOD,
            indicator=Indicator.REGISTERED_POPULATION,
            value=int(r["population_total"]),
            source=r["population_reference"][:200],
            source_url=DUKCAPIL_URL,
            quality=Quality.REPORTED,
            note="registered residents (KTP/KK), not a BPS estimate",
        )


def _bps_row(file: str, number: int, r: dict[str, str]) -> StatRow:
    raw = r["indicator"]
    indicator = INDICATOR_ALIASES.get(raw, raw)
    if indicator not in Indicator.values:
        raise DomainError(f"{file} row {number}: unknown indicator {raw!r}", field="indicator")
    notes = [raw] if indicator != raw else []
    if re.fullmatch(r"\d{4}", r["period"]):
        period = dt.date(int(r["period"]), 1, 1)
        notes.append(f"period given as the year {r['period']} only; stored as 1 January")
    else:
        period = month_start(r["period"])
    notes += [r["note"]] if r["note"] else []
    return StatRow(
        region_code=r["region_code"],
        period=period,
        indicator=indicator,
        value=int(r["value"]),
        source=source_label(r["source_type"], r["source_url"]),
        source_url=r["source_url"],
        quality=r["quality"],
        note="; ".join(notes),
    )


def _bps_rows(regions: _Regions, skipped: dict[str, int]) -> Iterator[StatRow]:
    for file in BPS_FILES:
        for number, r in _read(file):
            regions.check(file, number, r["region_code"], r["region_name"])
            if r["unit"] != "persons":  # rates and poverty lines are not counts of persons
                skipped[r["unit"]] = skipped.get(r["unit"], 0) + 1
                continue
            yield _bps_row(file, number, r)


def _as_of(label: str) -> dt.date:
    """`2024`, `2023-12` or `2024-03-23` as the first day it names."""
    if len(label) == 4:
        return dt.date(int(label), 1, 1)
    return month_start(label) if len(label) == 7 else dt.date.fromisoformat(label)


def _published_coverage(regions: _Regions) -> tuple[list[PublishedCoverage], list[dict[str, str]]]:
    now = timezone.now()
    rows, targets = [], []
    for number, r in _read(COVERAGE_FILE):
        label = r["as_of"]
        code = r["region_code"]
        rows.append(
            PublishedCoverage(
                scope=r["scope"],
                region_code=code,
                region_id=code if code in regions.names else None,
                region_name=r["region_name"],
                as_of=_as_of(label),
                as_of_label=label,
                segment=r["segment"],
                metric=r["metric"],
                value=Decimal(r["value"]),
                unit=r["unit"],
                source=source_label(r["source_type"], r["source_url"]),
                source_url=r["source_url"],
                quality=r["quality"],
                note=r["note"],
                loaded_at=now,
            )
        )
        if r["metric"] == "target_coverage_rate" and code in regions.names:
            targets.append({**r, "row": str(number)})
    return rows, targets


def population_stats_load(*, actor: Any, progress: Progress | None = None) -> dict[str, Any]:
    """Load the figures shipped in `coverage/data`: registered population (Dukcapil), BPS labour,
    population and poverty counts, the published coverage figures and their targets. Idempotent:
    a second run creates and changes nothing. Returns what it did."""
    progress = progress or Progress()
    with transaction.atomic():
        regions = _Regions()
        skipped: dict[str, int] = {}
        rows = [*_dukcapil_rows(regions), *_bps_rows(regions, skipped)]
        progress.start(len(rows), "population figures")
        counts = stats_upsert(rows)
        progress.advance(len(rows))
        published, targets = _published_coverage(regions)
        PublishedCoverage.objects.bulk_create(
            published,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["region_code", "as_of_label", "segment", "metric", "source_url"],
            update_fields=PUBLISHED_FIELDS,
        )
        for t in targets:
            _target_store(
                region_id=t["region_code"],
                year=int(t["as_of"][:4]),
                ratio=Decimal(t["value"]) / 100,
                source=source_label(t["source_type"], t["source_url"]),
                source_url=t["source_url"],
                note=t["note"],
            )
        result = {
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
            "skipped_not_persons": skipped,
            "published_coverage": len(published),
            "coverage_targets": len(targets),
        }
        audit_record(
            actor=actor, action="population_stats.load", object_type="coverage.populationstat", after=result
        )
    progress.finish()
    return result


# --- coverage targets ---------------------------------------------------------------------------------


def _target_store(
    *, region_id: str, year: int, ratio: Decimal, source: str, source_url: str, note: str
) -> tuple[CoverageTarget | None, CoverageTarget]:
    before = CoverageTarget.objects.filter(region_id=region_id, year=year).first()
    target, _ = CoverageTarget.objects.update_or_create(
        region_id=region_id,
        year=year,
        defaults={
            "ratio": ratio,
            "source": source,
            "source_url": source_url,
            "note": note,
            "updated_at": timezone.now(),
        },
    )
    return before, target


def coverage_target_set(
    *,
    actor: Any,
    region_code: str,
    year: int,
    ratio: Decimal,
    source: str,
    source_url: str = "",
    note: str = "",
) -> CoverageTarget:
    """Set (or correct) the coverage ratio a region aims for in `year` (admins; officers in their regions)."""
    scope.require_staff_writer(actor)
    scope.require_region(actor, region_code)
    errors: list[tuple[str | None, str]] = []
    if not Region.objects.filter(code=region_code).exists():
        errors.append(("region_code", f"{region_code!r} is not a known region"))
    if not 2000 <= year <= 2100:
        errors.append(("year", f"{year} is not a plausible year"))
    if not Decimal(0) <= ratio <= Decimal(1) or ratio != ratio.quantize(Decimal("0.0001")):
        errors.append(("ratio", f"{ratio} is not a ratio between 0 and 1 with at most 4 decimals"))
    if not source.strip():
        errors.append(("source", "say where the target comes from"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        before, target = _target_store(
            region_id=region_code,
            year=year,
            ratio=ratio,
            source=source.strip(),
            source_url=source_url,
            note=note,
        )
        audit_record(actor=actor, action="coverage_target.set", obj=target, before=before, after=target)
    return target
