"""Registering sponsors and setting up their programmes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from lindung.audit.services import audit_record, snapshot
from lindung.billing.services.payers import sponsor_payer_ensure
from lindung.registry.models import Region
from lindung.registry.services import checks
from lindung.registry.services.membership_terms import terms_check
from lindung.sponsorship import access
from lindung.sponsorship.models import (
    DEFAULT_CATEGORIES,
    DEFAULT_MAX_AGE,
    DEFAULT_MIN_AGE,
    Sponsor,
    SponsoredProgramme,
    SponsorKind,
)
from lindung.sponsorship.package import minimum_income, next_month

MAX_AGE_LIMIT = 100
# Working age starts at 15 (BPS, regulation.md §6.2): a programme may not list children.
LOWEST_MIN_AGE = 15


@transaction.atomic
def sponsor_create(*, actor: Any, kind: str, name: str, region_code: str) -> Sponsor:
    errors = checks.Errors()
    kind = checks.choice(errors, "kind", kind, SponsorKind.values)
    name = checks.text(errors, "name", name, max_length=200)
    region = checks.region(errors, "region_code", region_code, levels=(1, 2, 3, 4), what="a region")
    errors.raise_if_any()
    assert region is not None
    access.require_sponsor_creator(actor, region.code)
    sponsor = Sponsor.objects.create(kind=kind, name=name, region=region)
    audit_record(actor=actor, action="sponsor.create", obj=sponsor, after=sponsor)
    return sponsor


def normalize_category(text: str) -> str:
    """Categories compare without case and with `_` as a space: "Miskin_Ekstrem" = "miskin ekstrem"."""
    return " ".join(text.replace("_", " ").casefold().split())


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    sponsor: Sponsor,
    name: str,
    fiscal_year: int,
    period_start: dt.date,
    period_end: dt.date,
    budget: int,
    region_codes: Iterable[str],
    quota: int | None = None,
    with_jht: bool = False,
    declared_income: int | None = None,
    categories: Iterable[str] | None = None,
    min_age: int = DEFAULT_MIN_AGE,
    max_age: int = DEFAULT_MAX_AGE,
) -> SponsoredProgramme:
    """A programme of `sponsor` for one fiscal year, with its payer in billing (kind sponsor).
    The declared income defaults to the lowest one the rules allow at the start of the period."""
    access.require_sponsor_writer(actor, sponsor)
    errors = checks.Errors()
    name = checks.text(errors, "name", name, max_length=200)
    start = _period(errors, fiscal_year, period_start, period_end)
    checks.rupiah(errors, "budget", budget, minimum=0)
    if quota is not None:
        checks.rupiah(errors, "quota", quota, minimum=1, maximum=10**8)
    income = declared_income
    if income is None and start is not None:
        income = minimum_income(start)
    if start is not None:
        terms_check(
            errors,
            birth_date=start.replace(year=start.year - 30),
            registered_on=start,
            segment="BPU",
            programmes=["JKK", "JKM", "JHT"] if with_jht else ["JKK", "JKM"],
            wage=income,
            payer_kind="sponsor",
        )
    chosen = _categories(errors, DEFAULT_CATEGORIES if categories is None else categories)
    regions = _regions(errors, region_codes)
    _ages(errors, min_age, max_age)
    errors.raise_if_any()
    assert income is not None
    programme = SponsoredProgramme.objects.create(
        sponsor=sponsor,
        name=name,
        fiscal_year=fiscal_year,
        period_start=period_start,
        period_end=period_end,
        budget=budget,
        quota=quota,
        with_jht=bool(with_jht),
        declared_income=income,
        categories=chosen,
        min_age=min_age,
        max_age=max_age,
    )
    programme.regions.set(regions)
    sponsor_payer_ensure(
        actor=actor,
        sponsor_programme_id=programme.pk,
        name=f"{sponsor.name} — {programme.name} {fiscal_year}"[:250],
        region_code=sponsor.region_id,
    )
    after = {**(snapshot(programme) or {}), "regions": [r.code for r in regions]}
    audit_record(actor=actor, action="sponsored_programme.create", obj=programme, after=after)
    return programme


def _period(errors: checks.Errors, fiscal_year: int, start: dt.date, end: dt.date) -> dt.date | None:
    """Whole months inside the fiscal year (an APBD year runs January to December). Returns the
    start when the period is valid."""
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int) or not 2000 <= fiscal_year <= 2099:
        errors.add("fiscal_year", f"{fiscal_year!r} is not a year between 2000 and 2099")
        return None
    first = checks.date(errors, "period_start", start)
    last = checks.date(errors, "period_end", end)
    if first is not None and first.day != 1:
        errors.add("period_start", f"{first.isoformat()} is not the first day of a month")
        first = None
    if last is not None and next_month(last) - dt.timedelta(days=1) != last:
        errors.add("period_end", f"{last.isoformat()} is not the last day of a month")
        last = None
    for field, day in (("period_start", first), ("period_end", last)):
        if day is not None and day.year != fiscal_year:
            errors.add(field, f"{day.isoformat()} is outside fiscal year {fiscal_year}")
    if first is not None and last is not None and last <= first:
        errors.add("period_end", "must come after the start of the period")
    return None if errors else first


def _categories(errors: checks.Errors, categories: Iterable[str]) -> list[str]:
    if isinstance(categories, str):
        categories = [categories]
    chosen: list[str] = []
    for text in categories:
        if not isinstance(text, str) or not normalize_category(text):
            errors.add("categories", "each category needs a name")
            continue
        value = normalize_category(text)
        if len(value) > 60:
            errors.add("categories", f"{value[:20]}…: at most 60 characters")
        elif value not in chosen:
            chosen.append(value)
    if not chosen:
        errors.add("categories", "name at least one target category")
    return chosen


def _regions(errors: checks.Errors, codes: Iterable[str]) -> list[Region]:
    wanted = [c.strip().replace(".", "") for c in codes if isinstance(c, str) and c.strip()]
    if not wanted:
        errors.add("region_codes", "name at least one region the programme serves")
        return []
    found = {r.code: r for r in Region.objects.filter(code__in=wanted, current=True)}
    for code in wanted:
        if code not in found:
            errors.add("region_codes", f"{code!r} is not a known region code")
    return list(found.values())


def _ages(errors: checks.Errors, low: int, high: int) -> None:
    for field, value in (("min_age", low), ("max_age", high)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE_LIMIT:
            errors.add(field, f"{value!r} is not an age between 0 and {MAX_AGE_LIMIT}")
            return
    if low < LOWEST_MIN_AGE:
        errors.add("min_age", f"working age starts at {LOWEST_MIN_AGE}")
    if high < low:
        errors.add("max_age", f"{high} is below the lowest age {low}")
