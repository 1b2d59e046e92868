"""Coverage facts: active participants per region, day, segment, payer and programme, built set-based
(one INSERT … SELECT … GROUP BY per basis, the same SQL on PostgreSQL and SQLite).

**The day a month stands for.** A month's facts count the memberships active on the month's *last
day* (`fact_day`): valid on that day (valid_from <= day < valid_to, or open) and with the coverage
month of that day (billing.CoverageMonth) in a protected status. Any other day can be built too
(`coverage_facts_rebuild(day=...)`), and a report asked for a day that has no facts counts that
exact day live with the same SELECT (`live_fact_rows`), so `--as-of 2024-03-23` is always exact.

**Who is counted.** A participant is a membership (a person with a PU and a BPU membership counts
once in each segment, as BPJS counts participants by segment). Domicile basis: the person's
village. Workplace basis: PU by the employer's region, Jakon by the project's region (else the
contractor's), BPU and PMI by domicile.

**Incremental.** `coverage_facts_update(memberships=..., months=..., regions=...)` rebuilds, for
every built day, only the regions the given memberships count in (plus `regions`, e.g. a person's
previous village after a move); `months` rebuilds whole months. Tests prove it equals a full rebuild.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing.models.coverage import PROTECTED_STATUSES, CoverageMonth
from lindung.coverage.models import Basis, CoverageFact, CoverageFactDay, CoverageRollup
from lindung.jobs.progress import Progress
from lindung.registry.models import ConstructionProject, Employer, Membership, Person
from lindung.sponsorship.models import Beneficiary

CHUNK = 500  # region codes per IN (…) list
FACT_COLUMNS = (
    "region_code",
    "segment",
    "payer_kind",
    "sponsor_programme_id",
    "category",
    "participants",
    "jkk",
    "jkm",
    "jht",
    "jp",
    "jkp",
)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def fact_day(month: dt.date) -> dt.date:
    """The day a month's facts count: its last day."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `first`'s to `last`'s, both included."""
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


def _region_expr(basis: str) -> str:
    if basis == Basis.DOMICILE:
        return "COALESCE(p.village_id, '')"
    return (
        "COALESCE(CASE WHEN m.segment = 'PU' THEN e.region_id "
        "WHEN m.segment = 'JAKON' THEN COALESCE(pr.region_id, e.region_id) END, p.village_id, '')"
    )


def _select(
    basis: str,
    day: dt.date,
    where: str = "",
    where_params: Sequence[Any] = (),
    segments: Sequence[str] = (),
) -> tuple[str, list]:
    """SELECT region_code, segment, payer_kind, sponsor_programme_id, category, participants,
    jkk … jkp for the memberships active on `day` (of `segments`, default all), grouped; `where`
    filters on `s.region_code`."""
    statuses = sorted(PROTECTED_STATUSES)
    marks = ", ".join(["%s"] * len(statuses))
    flags = ", ".join(f"CASE WHEN m.{f} THEN 1 ELSE 0 END AS {f}" for f in ("jkk", "jkm", "jht", "jp", "jkp"))
    sums = ", ".join(f"SUM(s.{f}) AS {f}" for f in ("jkk", "jkm", "jht", "jp", "jkp"))
    only = f" AND m.segment IN ({', '.join(['%s'] * len(segments))})" if segments else ""
    sql = f"""
        SELECT s.region_code AS region_code, s.segment AS segment, s.payer_kind AS payer_kind,
               s.programme_id AS programme_id, s.category AS category, COUNT(*) AS n, {sums}
        FROM (
            SELECT {_region_expr(basis)} AS region_code, m.segment AS segment, m.payer_kind AS payer_kind,
                   CASE WHEN m.payer_kind = 'sponsor' THEN b.programme_id END AS programme_id,
                   CASE WHEN m.payer_kind = 'sponsor' THEN COALESCE(b.category, '') ELSE '' END AS category,
                   {flags}
            FROM {Membership._meta.db_table} m
            JOIN {CoverageMonth._meta.db_table} cm
              ON cm.membership_id = m.id AND cm.month = %s AND cm.status IN ({marks})
            JOIN {Person._meta.db_table} p ON p.id = m.person_id
            LEFT JOIN {Employer._meta.db_table} e ON e.id = m.employer_id
            LEFT JOIN {ConstructionProject._meta.db_table} pr ON pr.id = m.project_id
            LEFT JOIN {Beneficiary._meta.db_table} b ON b.membership_id = m.id
            WHERE m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to > %s){only}
        ) s
        {"WHERE " + where if where else ""}
        GROUP BY s.region_code, s.segment, s.payer_kind, s.programme_id, s.category
    """
    return sql, [month_start(day), *statuses, day, day, *segments, *where_params]


def _prefix(width: int) -> str:
    return f"CASE WHEN LENGTH(g.region_code) >= {width} THEN SUBSTR(g.region_code, 1, {width}) ELSE '' END"


# Segments counted at the workplace; the others count where they live on both bases.
WORKPLACE_SEGMENTS = ("PU", "JAKON")
FACT_INSERT_COLUMNS = (
    "day, month, basis, region_code, province_code, regency_code, district_code, segment, payer_kind, "
    "sponsor_programme_id, category, participants, jkk, jkm, jht, jp, jkp"
)


def _insert(basis: str, day: dt.date, where: str = "", where_params: Sequence[Any] = ()) -> int:
    """Insert the facts of `basis` on `day` (for the regions `where` selects). On the workplace
    basis only PU and Jakon are counted from the memberships again; the other segments' rows are
    copied from the domicile facts, which must be written first."""
    workplace = str(basis) == Basis.WORKPLACE
    segments = WORKPLACE_SEGMENTS if workplace else ()
    select, params = _select(basis, day, where, where_params, segments)
    table = CoverageFact._meta.db_table
    sql = f"""
        INSERT INTO {table} ({FACT_INSERT_COLUMNS})
        SELECT %s, %s, %s, g.region_code, {_prefix(2)}, {_prefix(4)}, {_prefix(6)},
               g.segment, g.payer_kind, g.programme_id, g.category, g.n, g.jkk, g.jkm, g.jht, g.jp, g.jkp
        FROM ({select}) g
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, month_start(day), str(basis), *params])
        written = cursor.rowcount
        if workplace:
            copied = FACT_INSERT_COLUMNS.replace("basis,", "%s,")
            keep = ", ".join(["%s"] * len(WORKPLACE_SEGMENTS))
            region_filter = f" AND {where.replace('s.region_code', 'region_code')}" if where else ""
            cursor.execute(
                f"""INSERT INTO {table} ({FACT_INSERT_COLUMNS})
                    SELECT {copied} FROM {table}
                    WHERE day = %s AND basis = %s AND segment NOT IN ({keep}){region_filter}""",
                [str(basis), day, Basis.DOMICILE.value, *WORKPLACE_SEGMENTS, *where_params],
            )
            written += cursor.rowcount
        return written


# (parent, child) columns of CoverageFact for each level a dashboard reads.
ROLLUP_LEVELS = (
    ("'ID'", "province_code"),
    ("province_code", "regency_code"),
    ("regency_code", "district_code"),
    ("district_code", "CASE WHEN LENGTH(region_code) = 10 THEN region_code ELSE '' END"),
    ("CASE WHEN LENGTH(region_code) = 10 THEN region_code ELSE '' END", "''"),
)


def _rollup(day: dt.date) -> None:
    """Replace the day's roll-ups: one INSERT … SELECT … GROUP BY per level, from the facts."""
    CoverageRollup.objects.filter(day=day).delete()
    facts, rollups = CoverageFact._meta.db_table, CoverageRollup._meta.db_table
    keys = "segment, payer_kind, sponsor_programme_id, category"
    sums = ", ".join(f"SUM({f})" for f in ("participants", "jkk", "jkm", "jht", "jp", "jkp"))
    with connection.cursor() as cursor:
        for parent, child in ROLLUP_LEVELS:
            cursor.execute(
                f"""
                INSERT INTO {rollups} (day, basis, region_code, child_code, {keys},
                                       participants, jkk, jkm, jht, jp, jkp)
                SELECT day, basis, {parent}, {child}, {keys}, {sums}
                FROM {facts}
                WHERE day = %s AND {parent} <> ''
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                """,
                [day],
            )


def live_fact_rows(day: dt.date, basis: str, region_code: str = "") -> list[tuple]:
    """The fact rows of `day` for the regions under `region_code` (all when ""), counted now from
    the memberships, without storing them: (region_code, segment, payer_kind, programme_id,
    category, participants, jkk, jkm, jht, jp, jkp)."""
    where, params = ("s.region_code LIKE %s", [f"{region_code}%"]) if region_code else ("", [])
    sql, all_params = _select(basis, day, where, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        return [tuple(row) for row in cursor.fetchall()]


def _mark_built(day: dt.date, month: dt.date | None) -> CoverageFactDay:
    _rollup(day)
    total = sum(
        CoverageFact.objects.filter(day=day, basis=Basis.DOMICILE).values_list("participants", flat=True)
    )
    if month is not None:  # a month stands for one day: a rebuilt month replaces its old day
        CoverageFactDay.objects.filter(month=month).exclude(day=day).update(month=None)
    built, _ = CoverageFactDay.objects.update_or_create(
        day=day, defaults={"built_at": timezone.now(), "participants": total, "month": month}
    )
    return built


@contextmanager
def _bulk_session() -> Iterator[None]:
    """On SQLite, a larger page cache while a day is counted (a million memberships read in
    coverage-month order otherwise thrash the default 2 MB cache); restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


@transaction.atomic
def coverage_facts_rebuild(
    month: dt.date | None = None,
    *,
    day: dt.date | None = None,
    progress: Progress | None = None,
    actor: Any = None,
) -> CoverageFactDay:
    """Replace the facts of `month` (counted on its last day) or of any `day`, both bases."""
    if (month is None) == (day is None):
        raise ValueError("give a month or a day, not both")
    stands_for = month_start(month) if month is not None else None
    day = fact_day(month) if month is not None else day
    assert day is not None
    progress = progress or Progress()
    progress.start(len(Basis), f"coverage facts {day}")
    CoverageFact.objects.filter(day=day).delete()
    rows = 0
    with _bulk_session():
        for basis in Basis:
            rows += _insert(basis, day)
            progress.advance(1)
    if stands_for is None and CoverageFactDay.objects.filter(day=day).exclude(month=None).exists():
        stands_for = CoverageFactDay.objects.get(day=day).month
    built = _mark_built(day, stands_for)
    audit_record(
        actor=actor,
        action="coverage.facts_rebuild",
        object_type="coverage.coveragefactday",
        object_id=day.isoformat(),
        after={"day": day.isoformat(), "rows": rows, "participants": built.participants},
    )
    progress.finish(f"{built.participants} participants on {day}")
    return built


def _regions_of(membership_ids: Sequence[int]) -> dict[str, set[str]]:
    """The region codes the memberships count in today, per basis."""
    found: dict[str, set[str]] = {Basis.DOMICILE: set(), Basis.WORKPLACE: set()}
    rows = Membership.objects.filter(pk__in=membership_ids).values_list(
        "segment", "person__village_id", "employer__region_id", "project__region_id"
    )
    for segment, village, employer_region, project_region in rows:
        found[Basis.DOMICILE].add(village or "")
        if segment == "PU":
            place = employer_region or village
        elif segment == "JAKON":
            place = project_region or employer_region or village
        else:
            place = village
        found[Basis.WORKPLACE].add(place or "")
    return found


@transaction.atomic
def coverage_facts_update(
    *,
    memberships: Iterable[int] = (),
    months: Iterable[dt.date] = (),
    regions: Iterable[str] = (),
    actor: Any = None,
) -> int:
    """Bring the built facts up to date after memberships or their coverage months changed.

    `months`: those months are rebuilt whole (when built). `memberships` (ids) and `regions` (codes
    the changed memberships counted in before, e.g. an old village): for every built day, the fact
    rows of those regions are replaced. Returns the number of fact rows written."""
    written = 0
    built = list(CoverageFactDay.objects.values_list("day", "month"))
    if not built:
        return 0
    for month in {month_start(m) for m in months}:
        for day, stood_for in built:
            if stood_for == month:
                coverage_facts_rebuild(day=day, actor=actor)
                written += CoverageFact.objects.filter(day=day).count()
    ids = sorted(set(memberships))
    extra = set(regions)
    if not ids and not extra:
        return written
    by_basis = _regions_of(ids)
    for day, _month in built:
        for basis, found in by_basis.items():
            codes = sorted(found | extra)
            for i in range(0, len(codes), CHUNK):
                chunk = codes[i : i + CHUNK]
                CoverageFact.objects.filter(day=day, basis=basis, region_code__in=chunk).delete()
                marks = ", ".join(["%s"] * len(chunk))
                written += _insert(basis, day, f"s.region_code IN ({marks})", chunk)
        _mark_built(day, _month)
    audit_record(
        actor=actor,
        action="coverage.facts_update",
        object_type="coverage.coveragefact",
        after={"memberships": len(ids), "regions": sorted(extra), "days": [d.isoformat() for d, _ in built]},
    )
    return written
