"""Reads for coverage pages and reports: which population figure serves as a denominator, and the
figures a user may list.

Choosing the denominator (`population_figures`):

1. The region's own figure for the indicator: the latest period at or before `as_of`, skipping
   `low`/`unverified` figures unless `include_unreliable`. Within one period the better quality wins
   (official > reported > rounded > derived > check), then the most recently loaded.
2. When the region has none, and the indicator is a labour-force count (`DERIVABLE`), a figure
   **derived** from the nearest ancestor (regency, province, then Indonesia) that has one, by the
   region's share of that ancestor's registered population (Dukcapil):
   `ancestor value × region registered ÷ ancestor registered`, rounded half up to a person. Both
   registered populations come from the same release (period and source): the latest at or before
   `as_of`, else the earliest after it (said in the note). The figure is labelled `derived` and its
   `fallback_note` gives the arithmetic and both sources.
3. Otherwise None: the caller says there is no figure. Nothing is ever guessed silently.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.coverage.formats import number_id
from lindung.coverage.models import QUALITY_RANK, UNRELIABLE_QUALITIES, Indicator, PopulationStat, Quality
from lindung.registry.models import Region

NATIONAL = "ID"
DERIVABLE = frozenset(
    {
        Indicator.WORKING_AGE_POPULATION,
        Indicator.LABOUR_FORCE,
        Indicator.EMPLOYED,
        Indicator.EMPLOYED_FORMAL,
        Indicator.EMPLOYED_INFORMAL,
    }
)
# Who may read population figures: staff. Branch officers see their regions, what lies below and
# above them (the province and national figures give the context of their own).
READERS = (Role.ADMIN, Role.AUDITOR, Role.BRANCH_OFFICER)


@dataclass(frozen=True)
class Figure:
    """A population figure chosen for a region: what it is, when, from whom, and how it was found."""

    region_code: str
    indicator: str
    value: int
    period: dt.date
    source: str
    source_url: str
    quality: str
    fallback_note: str = ""  # empty when the region's own figure was used
    note: str = ""

    @property
    def derived(self) -> bool:
        return bool(self.fallback_note)

    @property
    def quality_label(self) -> str:
        return str(Quality(self.quality).label)


def ancestor_codes(code: str) -> list[str]:
    """Nearest first: 1507010001 -> 150701, 1507, 15, ID."""
    if code == NATIONAL:
        return []
    return [code[:n] for n in (6, 4, 2) if n < len(code)] + [NATIONAL]


def _ordering_key(stat: PopulationStat) -> tuple[dt.date, int, dt.datetime]:
    return (stat.period, -QUALITY_RANK.get(Quality(stat.quality), 9), stat.loaded_at)


def _region_filter(codes: Iterable[str]) -> Q:
    codes = set(codes)
    q = Q(region_id__in=codes - {NATIONAL})
    return q | Q(region__isnull=True) if NATIONAL in codes else q


def _stats_by_region(
    codes: set[str], indicator: str, *, include_unreliable: bool, before: dt.date | None
) -> dict[str, list[PopulationStat]]:
    qs = PopulationStat.objects.filter(_region_filter(codes), indicator=indicator)
    if before is not None:
        qs = qs.filter(period__lte=before)
    if not include_unreliable:
        qs = qs.exclude(quality__in=UNRELIABLE_QUALITIES)
    found: dict[str, list[PopulationStat]] = defaultdict(list)
    for stat in qs:
        found[stat.region_code].append(stat)
    return found


def _figure(stat: PopulationStat, region_code: str, fallback_note: str = "", **changes: object) -> Figure:
    fields: dict[str, object] = {
        "region_code": region_code,
        "indicator": stat.indicator,
        "value": stat.value,
        "period": stat.period,
        "source": stat.source,
        "source_url": stat.source_url,
        "quality": stat.quality,
        "fallback_note": fallback_note,
        "note": stat.note,
    }
    fields.update(changes)
    return Figure(**fields)  # type: ignore[arg-type]


def population_figures(
    region_codes: Iterable[str], indicator: str, as_of: dt.date, *, include_unreliable: bool = False
) -> dict[str, Figure | None]:
    """The denominator for each region (see the module's docstring), in three queries at most."""
    codes = set(region_codes)
    every = codes | {a for c in codes for a in ancestor_codes(c)}
    own = _stats_by_region(every, indicator, include_unreliable=include_unreliable, before=as_of)
    chosen = {c: max(stats, key=_ordering_key) for c, stats in own.items()}
    result: dict[str, Figure | None] = {c: _figure(chosen[c], c) for c in codes if c in chosen}
    missing = codes - result.keys()
    if not missing:
        return result
    if indicator not in DERIVABLE:
        return {**result, **dict.fromkeys(missing)}
    registered = _stats_by_region(
        every, Indicator.REGISTERED_POPULATION, include_unreliable=include_unreliable, before=None
    )
    names = dict(Region.objects.filter(code__in=every - {NATIONAL}).values_list("code", "name"))
    names[NATIONAL] = "Indonesia"
    for code in missing:
        result[code] = _derived(code, indicator, as_of, chosen, registered, names)
    return result


def population_figure(
    region_code: str, indicator: str, as_of: dt.date, *, include_unreliable: bool = False
) -> Figure | None:
    """The figure of `indicator` for one region as of `as_of`, or None when there is none."""
    return population_figures([region_code], indicator, as_of, include_unreliable=include_unreliable)[
        region_code
    ]


def _share_release(
    region: list[PopulationStat], ancestor: list[PopulationStat], as_of: dt.date
) -> tuple[PopulationStat, PopulationStat] | None:
    """The registered populations of region and ancestor from one release, nearest `as_of` from
    below, else the earliest after it."""
    theirs = {(s.period, s.source): s for s in ancestor}
    pairs = [(s, theirs[(s.period, s.source)]) for s in region if (s.period, s.source) in theirs]
    pairs = [p for p in pairs if p[1].value > 0]
    if not pairs:
        return None
    earlier = [p for p in pairs if p[0].period <= as_of]
    if earlier:
        return max(earlier, key=lambda p: p[0].period)
    return min(pairs, key=lambda p: p[0].period)


def _derived(
    code: str,
    indicator: str,
    as_of: dt.date,
    chosen: dict[str, PopulationStat],
    registered: dict[str, list[PopulationStat]],
    names: dict[str, str],
) -> Figure | None:
    for ancestor in ancestor_codes(code):
        base = chosen.get(ancestor)
        if base is None:
            continue
        release = _share_release(registered.get(code, []), registered.get(ancestor, []), as_of)
        if release is None:
            continue
        mine, theirs = release
        value = int(
            (Decimal(base.value) * mine.value / theirs.value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )
        note = _(
            "No %(indicator)s figure for %(region)s at or before %(as_of)s. Derived from %(ancestor)s: "
            "%(base)s (%(base_period)s, %(base_source)s) × registered population %(mine)s ÷ %(theirs)s "
            "(%(share_period)s, %(share_source)s%(later)s) = %(value)s."
        ) % {
            "indicator": str(Indicator(indicator).label).lower(),
            "region": f"{names.get(code, code)} ({code})",
            "as_of": as_of.isoformat(),
            "ancestor": f"{names.get(ancestor, ancestor)} ({ancestor})",
            "base": number_id(base.value),
            "base_period": f"{base.period:%Y-%m}",
            "base_source": base.source,
            "mine": number_id(mine.value),
            "theirs": number_id(theirs.value),
            "share_period": f"{mine.period:%Y-%m}",
            "share_source": mine.source,
            "later": _(", the nearest release, after the date asked") if mine.period > as_of else "",
            "value": number_id(value),
        }
        return _figure(
            base,
            code,
            note,
            value=value,
            quality=Quality.DERIVED.value,
            source=f"{base.source}; {mine.source}",
        )
    return None


# --- listing figures ------------------------------------------------------------------------------


def require_stats_reader(user: User, region_code: str) -> None:
    """Staff may read population figures; a branch officer only for regions in, below or above
    their own."""
    scope.require_role(user, *READERS)
    if scope.sees_everything(user):
        return
    own = scope.region_codes(user)
    if region_code == NATIONAL or any(
        region_code.startswith(mine) or mine.startswith(region_code) for mine in own
    ):
        return
    raise PermissionDenied(f"region {region_code} is outside your scope")


def population_stats_for(
    user: User, region_code: str, indicator: str | None = None
) -> QuerySet[PopulationStat]:
    """Every figure stored for one region (newest first), for a user allowed to read them."""
    require_stats_reader(user, region_code)
    qs = PopulationStat.objects.filter(_region_filter([region_code]))
    if indicator:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator", "-period", "source")


def region_trail(region_code: str) -> list[tuple[str, str]]:
    """(code, name) from Indonesia down to the region's parent, for a breadcrumb."""
    above = [c for c in reversed(ancestor_codes(region_code)) if c != NATIONAL]
    names = dict(Region.objects.filter(code__in=above).values_list("code", "name"))
    trail = [(NATIONAL, "Indonesia")] if region_code != NATIONAL else []
    return trail + [(c, names[c]) for c in above if c in names]


def readable_children(user: User, region_code: str) -> list[tuple[str, str]]:
    """(code, name) of the current regions directly below, those the user may read."""
    qs = Region.objects.filter(current=True)
    qs = qs.filter(level=1) if region_code == NATIONAL else qs.filter(parent_id=region_code)
    children = list(qs.order_by("code").values_list("code", "name"))
    if scope.sees_everything(user):
        return children
    own = scope.region_codes(user)
    return [(c, n) for c, n in children if any(c.startswith(o) or o.startswith(c) for o in own)]
