"""Reads for the coverage dashboard and report: a region's active participants on a day (from the
built facts, or counted live when the day has none), its denominators with their sources, the
coverage ratios, the target, the gap and its cost, the sub-regions and the trend.

Who may read (`require_coverage_reader`): administrators and auditors every region; branch officers
their regions and what lies below; sponsor officers the regions their sponsor's programmes serve
and below; nobody else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.coverage.formats import rupiah_id
from lindung.coverage.gap import GapCost, gap_cost
from lindung.coverage.models import (
    Basis,
    CoverageFactDay,
    CoverageRollup,
    CoverageTarget,
    Indicator,
    PopulationStat,
)
from lindung.coverage.selectors import NATIONAL, Figure, population_figures
from lindung.coverage.services.facts import live_fact_rows, month_start
from lindung.coverage.suppression import SUPPRESSED, region_level, suppress_count
from lindung.registry.models import Region, Segment
from lindung.rules import ContributionFacts, contribution, parameter
from lindung.sponsorship.models import SponsoredProgramme

SEGMENTS = tuple(Segment.values)  # PU, BPU, JAKON, PMI
PROGRAMMES = ("jkk", "jkm", "jht", "jp", "jkp")
PAYERS = ("employer", "self", "contractor", "sponsor")
DENOMINATORS = (Indicator.EMPLOYED, Indicator.LABOUR_FORCE, Indicator.REGISTERED_POPULATION)
WIDTHS = (2, 4, 6, 10)
PACKAGE = ("JKK", "JKM")  # the minimum BPU package (regulation §3.6, E15)
FOUR_PLACES = Decimal("0.0001")


# --- who may read -----------------------------------------------------------------------------------


def coverage_region_codes(user: User) -> list[str] | None:
    """The region codes `user` may read coverage for (each with what lies below); None: all."""
    scope.require_authenticated(user)
    if scope.sees_everything(user):
        return None
    if user.role == Role.BRANCH_OFFICER:
        return scope.region_codes(user)
    if user.role == Role.SPONSOR_OFFICER and user.sponsor_id:
        codes = SponsoredProgramme.objects.filter(sponsor_id=user.sponsor_id).values_list(
            "regions__code", flat=True
        )
        return sorted({c for c in codes if c})
    return []


def may_read_coverage(user: User, region_code: str) -> bool:
    if not user.is_authenticated:
        return False
    codes = coverage_region_codes(user)
    if codes is None:
        return True
    return region_code != NATIONAL and any(region_code.startswith(c) for c in codes)


def require_coverage_reader(user: User, region_code: str) -> None:
    scope.require_authenticated(user)
    if not may_read_coverage(user, region_code):
        raise PermissionDenied(f"coverage of region {region_code} is outside your scope")


# --- the numbers ------------------------------------------------------------------------------------


def ratio(numerator: int, denominator: int | None) -> Decimal | None:
    """numerator ÷ denominator to 4 places, half up; None without a denominator."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Counts:
    total: int = 0
    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEGMENTS, 0))
    programmes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PROGRAMMES, 0))
    payers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PAYERS, 0))
    sponsored: dict[int | None, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, row: dict[str, Any]) -> None:
        n = int(row["participants"])
        self.total += n
        self.segments[row["segment"]] = self.segments.get(row["segment"], 0) + n
        self.payers[row["payer_kind"]] = self.payers.get(row["payer_kind"], 0) + n
        for p in PROGRAMMES:
            self.programmes[p] += int(row[p] or 0)
        if row["payer_kind"] == "sponsor":
            by_category = self.sponsored[row["sponsor_programme_id"]]
            by_category[row["category"]] = by_category.get(row["category"], 0) + n


@dataclass
class SubRegion:
    code: str
    name: str
    total: int
    segments: dict[str, int]
    employed: Figure | None
    ratio: Decimal | None


@dataclass
class Denominator:
    indicator: str
    figure: Figure | None
    ratio: Decimal | None


@dataclass
class Summary:
    region_code: str
    region_name: str
    level: int
    as_of: dt.date
    basis: str
    counted: str  # "facts" (built day) or "live"
    counts: Counts
    sponsored: dict[str, dict[str, int]]  # programme name -> category -> participants
    denominators: list[Denominator]
    target: CoverageTarget | None
    gap: GapCost | None
    price_working: list[str]
    sub_regions: list[SubRegion]
    unplaced: int  # participants counted in the region but not in any sub-region (workplace basis)

    @property
    def employed(self) -> Denominator:
        return self.denominators[0]

    @property
    def coverage_ratio(self) -> Decimal | None:
        return self.employed.ratio


def _child_width(code: str) -> int | None:
    if code == NATIONAL:
        return 2
    later = [w for w in WIDTHS if w > len(code)]
    return later[0] if later else None


def _fact_rows(code: str, day: dt.date, basis: str, child_width: int | None) -> tuple[list[dict], str]:
    """Rows of (child, segment, payer_kind, sponsor_programme_id, category, participants, jkk … jkp)
    for the region on `day`, and how they were counted."""
    keys = ["segment", "payer_kind", "sponsor_programme_id", "category"]
    if CoverageFactDay.objects.filter(day=day).exists():
        rows = list(
            CoverageRollup.objects.filter(day=day, basis=basis, region_code=code).values(
                "child_code", *keys, "participants", *PROGRAMMES
            )
        )
        for row in rows:
            row["child"] = row.pop("child_code")
        return rows, "facts"
    out = []
    for row in live_fact_rows(day, basis, "" if code == NATIONAL else code):
        region_code = row[0]
        child_code = region_code[:child_width] if child_width and len(region_code) >= child_width else ""
        out.append(
            {
                "child": child_code,
                **dict(zip(keys, row[1:5], strict=True)),
                "participants": row[5],
                **dict(zip(PROGRAMMES, row[6:11], strict=True)),
            }
        )
    return out, "live"


def _target(code: str, year: int) -> CoverageTarget | None:
    """The region's target for `year`, else its nearest later one, else its latest earlier one."""
    if code == NATIONAL:
        return None
    targets = list(CoverageTarget.objects.filter(region_id=code).order_by("year"))
    later = [t for t in targets if t.year >= year]
    return later[0] if later else (targets[-1] if targets else None)


def _registered_after(code: str, as_of: dt.date) -> Figure | None:
    """The registered population's earliest release after `as_of`, said so, when none came before
    (Dukcapil's shipped counts are of December 2024)."""
    stat = (
        PopulationStat.objects.filter(
            Q(region__isnull=True) if code == NATIONAL else Q(region_id=code),
            indicator=Indicator.REGISTERED_POPULATION,
            period__gt=as_of,
        )
        .order_by("period", "-loaded_at")
        .first()
    )
    if stat is None:
        return None
    note = _("No registered population at or before %(as_of)s; the nearest release after it is used.") % {
        "as_of": as_of.isoformat()
    }
    return Figure(
        region_code=code,
        indicator=stat.indicator,
        value=stat.value,
        period=stat.period,
        source=stat.source,
        source_url=stat.source_url,
        quality=stat.quality,
        fallback_note=note,
        note=stat.note,
    )


def package_price(day: dt.date) -> tuple[int, list[str]]:
    """The monthly price of the minimum BPU package (JKK + JKM on the minimum declared income, from
    `lindung.rules`) and its working."""
    month = month_start(day)
    income = int(parameter("bpu.minimum_income", month, field="month").value)
    result = contribution(
        ContributionFacts(segment="BPU", programmes=frozenset(PACKAGE), wage=income, sponsored=True), month
    )
    price = result.totals["total"]
    working = [_("Minimum declared income (BPU): %(income)s") % {"income": rupiah_id(income)}]
    for line in result.lines:
        working.append(
            f"{line.programme}: {rupiah_id(line.amount)}" + (f" ({line.basis})" if line.basis else "")
        )
    working.append(
        _("Minimum package %(programmes)s = %(price)s per person per month")
        % {"programmes": " + ".join(PACKAGE), "price": rupiah_id(price)}
    )
    return price, working


def coverage_summary(region_code: str, as_of: dt.date, basis: str = Basis.DOMICILE) -> Summary:
    """Everything the dashboard and the report show for one region on one day (about eight queries,
    whatever the region's size). The caller checks the reader first (`require_coverage_reader`)."""
    code = region_code.strip().replace(".", "").upper()
    if basis not in Basis.values:
        raise ValueError(f"basis must be one of {', '.join(Basis.values)}, not {basis!r}")
    region = None if code == NATIONAL else Region.objects.filter(code=code).first()
    if code != NATIONAL and region is None:
        raise Region.DoesNotExist(f"no region {code}")
    width = _child_width(code)
    rows, counted = _fact_rows(code, as_of, basis, width)
    counts = Counts()
    by_child: dict[str, Counts] = defaultdict(Counts)
    for row in rows:
        counts.add(row)
        by_child[row["child"]].add(row)
    children: list[tuple[str, str]] = []
    if width:
        qs = Region.objects.filter(current=True)
        qs = qs.filter(level=1) if code == NATIONAL else qs.filter(parent_id=code)
        children = list(qs.order_by("code").values_list("code", "name"))
    child_codes = {c for c, _ in children}
    figures = {ind: population_figures([code, *child_codes], ind, as_of) for ind in DENOMINATORS}
    if figures[Indicator.REGISTERED_POPULATION][code] is None:
        figures[Indicator.REGISTERED_POPULATION][code] = _registered_after(code, as_of)
    denominators = [
        Denominator(
            ind, figures[ind][code], ratio(counts.total, f.value if (f := figures[ind][code]) else None)
        )
        for ind in DENOMINATORS
    ]
    sub_regions = []
    for child, name in children:
        c = by_child.get(child, Counts())
        employed = figures[Indicator.EMPLOYED].get(child)
        sub_regions.append(
            SubRegion(
                child,
                name,
                c.total,
                dict(c.segments),
                employed,
                ratio(c.total, employed.value if employed else None),
            )
        )
    unplaced = sum(c.total for k, c in by_child.items() if k not in child_codes) if width else 0
    names = dict(
        SponsoredProgramme.objects.filter(pk__in=[k for k in counts.sponsored if k]).values_list("pk", "name")
    )
    sponsored = {
        names.get(pk, _("(no programme)")) if pk else _("(no programme)"): dict(sorted(cats.items()))
        for pk, cats in counts.sponsored.items()
    }
    employed = denominators[0].figure
    price, price_working = package_price(as_of)
    gap = gap_cost(employed=employed.value, covered=counts.total, price_per_month=price) if employed else None
    return Summary(
        region_code=code,
        region_name=region.name if region else "Indonesia",
        level=region_level(code),
        as_of=as_of,
        basis=str(basis),
        counted=counted,
        counts=counts,
        sponsored=dict(sorted(sponsored.items())),
        denominators=denominators,
        target=_target(code, as_of.year),
        gap=gap,
        price_working=price_working,
        sub_regions=sub_regions,
        unplaced=unplaced,
    )


def coverage_trend(region_code: str, basis: str = Basis.DOMICILE) -> list[tuple[dt.date, dict[str, int]]]:
    """(month, participants by segment) for every built month, oldest first (one query)."""
    code = region_code.strip().upper()
    days: dict[dt.date, dt.date] = {
        day: month for day, month in CoverageFactDay.objects.values_list("day", "month") if month is not None
    }
    qs = CoverageRollup.objects.filter(day__in=list(days), basis=basis, region_code=code)
    found: dict[dt.date, dict[str, int]] = {m: dict.fromkeys(SEGMENTS, 0) for m in days.values()}
    for row in qs.values("day", "segment").annotate(n=Sum("participants")).order_by():
        found[days[row["day"]]][row["segment"]] = int(row["n"])
    return sorted(found.items())


def built_months() -> list[dt.date]:
    months = CoverageFactDay.objects.exclude(month=None).order_by("month").values_list("month", flat=True)
    return [m for m in months if m is not None]


# --- the report's data --------------------------------------------------------------------------------


def _figure_json(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "value": figure.value,
        "period": f"{figure.period:%Y-%m}",
        "source": figure.source,
        "source_url": figure.source_url,
        "quality": figure.quality,
        "derived": figure.derived,
        "note": figure.fallback_note or figure.note,
    }


def _ratio_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


def summary_json(summary: Summary, *, public: bool = False) -> dict[str, Any]:
    """The report as JSON-ready data. `public`: counts below 5 at district and village level are
    written "<5" (and the ratios and gap built on them left out)."""

    def cell(n: int, level: int) -> int | str:
        return suppress_count(n, level) if public else n

    level = summary.level
    c = summary.counts
    hidden = public and cell(c.total, level) == SUPPRESSED
    gap = summary.gap
    data: dict[str, Any] = {
        "region": summary.region_code,
        "region_name": summary.region_name,
        "as_of": summary.as_of.isoformat(),
        "basis": summary.basis,
        "counted_from": summary.counted,
        "public": public,
        "segments": {s: cell(c.segments.get(s, 0), level) for s in SEGMENTS},
        "programmes": {p.upper(): cell(n, level) for p, n in c.programmes.items()},
        "payers": {p: cell(n, level) for p, n in c.payers.items()},
        "sponsored": {
            prog: {cat: cell(n, level) for cat, n in cats.items()} for prog, cats in summary.sponsored.items()
        },
        "total": cell(c.total, level),
        "employed": _figure_json(summary.employed.figure),
        "coverage_ratio": None if hidden else _ratio_text(summary.coverage_ratio),
        "labour_force": _figure_json(summary.denominators[1].figure),
        "labour_force_ratio": None if hidden else _ratio_text(summary.denominators[1].ratio),
        "registered_population": _figure_json(summary.denominators[2].figure),
        "registered_population_ratio": None if hidden else _ratio_text(summary.denominators[2].ratio),
        "target": None
        if summary.target is None
        else {
            "year": summary.target.year,
            "ratio": f"{summary.target.ratio:.4f}",
            "source": summary.target.source,
        },
        "gap": None
        if gap is None or hidden
        else {
            "not_covered": gap.gap,
            "price_per_month": gap.price_per_month,
            "cost_per_month": gap.cost_per_month,
            "cost_per_year": gap.cost_per_year,
            "working": [*summary.price_working, *gap.working],
        },
        "sub_regions": [],
    }
    for sub in summary.sub_regions:
        sub_level = region_level(sub.code)
        sub_hidden = public and cell(sub.total, sub_level) == SUPPRESSED
        data["sub_regions"].append(
            {
                "region": sub.code,
                "name": sub.name,
                "segments": {s: cell(sub.segments.get(s, 0), sub_level) for s in SEGMENTS},
                "total": cell(sub.total, sub_level),
                "employed": sub.employed.value if sub.employed else None,
                "employed_derived": bool(sub.employed and sub.employed.derived),
                "coverage_ratio": None if sub_hidden else _ratio_text(sub.ratio),
            }
        )
    if summary.unplaced:
        data["not_in_a_sub_region"] = cell(summary.unplaced, level)
    return data


# --- cached reads for the pages -----------------------------------------------------------------------

CACHE_SECONDS = 3600


def _version(day: dt.date) -> str | None:
    """What the summary of a built day depends on, in one query: when the day's facts were built
    and the state of the figures and targets. None when the day has no facts (counted live: never
    cached)."""
    facts_day, stats, targets = (
        CoverageFactDay._meta.db_table,
        PopulationStat._meta.db_table,
        CoverageTarget._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT (SELECT built_at FROM {facts_day} WHERE day = %s),
                       (SELECT MAX(loaded_at) FROM {stats}), (SELECT COUNT(*) FROM {stats}),
                       (SELECT MAX(updated_at) FROM {targets}), (SELECT COUNT(*) FROM {targets})""",
            [day],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    return "|".join(str(v) for v in row)


def cached_coverage_summary(region_code: str, as_of: dt.date, basis: str = Basis.DOMICILE) -> Summary:
    """`coverage_summary`, kept in the cache while the day's facts, the population figures and the
    targets stay as they were (a rebuild or an import changes the key). Live counts are not cached."""
    version = _version(as_of)
    if version is None:
        return coverage_summary(region_code, as_of, basis)
    digest = hashlib.sha256(version.encode()).hexdigest()[:16]
    key = f"coverage-summary:{region_code}:{as_of}:{basis}:{get_language()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = coverage_summary(region_code, as_of, basis)
        cache.set(key, found, CACHE_SECONDS)
    return found
