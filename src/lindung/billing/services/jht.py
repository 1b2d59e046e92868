"""JHT accounts: yearly returns and withdrawals. (Shares are credited when their invoice is paid,
by `allocation.jht_shares_credit`.)

Yearly return convention (regulation.md §5.3: returns compound yearly; the rate is set each year):
the return for year Y is `rate` × the average of the account's balances on the first day of each
month of Y, i.e.

    return(Y) = round_half_up(rate × (B × 12 + Σ amount_e × (12 − month_e)) / 12)

where B is the balance on 1 January Y (previous returns included) and the sum runs over the entries
dated in Y (credits and withdrawals, signed) other than the return itself: money credited in month m
earns from the first day of month m + 1. It is credited on 31 December Y, so it is part of the
balance on 1 January Y + 1. E33: 20,000,000 held all year at 5 % → 1,000,000.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, Sum, Value
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing.models import JhtEntryKind, JhtLedgerEntry, JhtReturnRun
from lindung.errors import Conflict, DomainError, ValidationFailed
from lindung.registry.models import Person

PERSON_BATCH = 5000


def jht_return_amount(rate: Decimal, opening: int, weighted: int) -> int:
    """rate × (opening × 12 + weighted) / 12, rounded half up to the rupiah."""
    return int((rate * (opening * 12 + weighted) / 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _year_sums(year: int, after_person: int) -> list[tuple[int, int, int]]:
    """(person, balance on 1 January, Σ amount × (12 − month) over the year) for the next batch."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    weight = ExpressionWrapper(
        F("amount") * (Value(12) - ExtractMonth("entry_date")), output_field=IntegerField()
    )
    rows = (
        JhtLedgerEntry.objects.filter(entry_date__lt=end, person_id__gt=after_person)
        .exclude(kind=JhtEntryKind.YEARLY_RETURN, year=year)
        .values("person_id")
        .annotate(
            opening=Sum("amount", filter=Q(entry_date__lt=start), default=0),
            weighted=Sum(weight, filter=Q(entry_date__gte=start), default=0),
        )
        .order_by("person_id")[:PERSON_BATCH]
    )
    return [(r["person_id"], r["opening"], r["weighted"]) for r in rows]


def _check_year(year: int, rate: Decimal) -> JhtReturnRun | None:
    errors: list[tuple[str | None, str]] = []
    if not isinstance(rate, Decimal) or not (Decimal(0) <= rate < Decimal(1)):
        errors.append(("rate", f"{rate!r} is not a yearly rate as a Decimal fraction (0.05 = 5 %)"))
    if not isinstance(year, int) or dt.date(year, 12, 31) >= timezone.localdate():
        errors.append(("year", f"{year} has not ended yet"))
    if errors:
        raise ValidationFailed(errors)
    run = JhtReturnRun.objects.select_for_update().filter(year=year).first()
    if run is not None and run.rate != rate:
        raise Conflict(f"returns for {year} were credited at {run.rate}, not {rate}", field="rate")
    earlier = JhtLedgerEntry.objects.filter(entry_date__year=year - 1).exists()
    if earlier and not JhtReturnRun.objects.filter(year=year - 1).exists():
        raise DomainError(f"credit the returns for {year - 1} first", field="year")
    return run


@transaction.atomic
def jht_returns_credit(*, actor: Any, year: int, rate: Decimal) -> JhtReturnRun:
    """Credit every JHT account its return for `year` at `rate` (from the rules' parameters),
    in batches of people. Idempotent: a run again (e.g. after a crash) credits only the accounts
    still missing; a different rate for the same year is a Conflict."""
    run = _check_year(year, rate)
    if run is None:
        run = JhtReturnRun.objects.create(
            year=year, rate=rate, created_by=actor if getattr(actor, "is_authenticated", False) else None
        )
    credited_on = dt.date(year, 12, 31)
    last = 0
    while batch := _year_sums(year, last):
        last = batch[-1][0]
        entries = [
            JhtLedgerEntry(
                person_id=person,
                entry_date=credited_on,
                kind=JhtEntryKind.YEARLY_RETURN,
                amount=amount,
                year=year,
                note=f"{rate * 100:.2f} %",
            )
            for person, opening, weighted in batch
            if (amount := jht_return_amount(rate, opening, weighted))
        ]
        JhtLedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
    totals = JhtLedgerEntry.objects.filter(kind=JhtEntryKind.YEARLY_RETURN, year=year).aggregate(
        n=Count("id"), s=Sum("amount")
    )
    run.accounts, run.total = totals["n"] or 0, totals["s"] or 0
    run.save(update_fields=["accounts", "total"])
    audit_record(actor=actor, action="jht.returns_credit", obj=run, after=run)
    return run


def jht_balance(person: Person | int, on: dt.date) -> int:
    """The balance of a JHT account at the end of day `on`."""
    person_id = person if isinstance(person, int) else person.pk
    total = JhtLedgerEntry.objects.filter(person_id=person_id, entry_date__lte=on).aggregate(
        s=Sum("amount", default=0)
    )["s"]
    return int(total)


@transaction.atomic
def jht_withdraw(
    *, actor: Any, person: Person, amount: int, on: dt.date, reference: str, note: str = ""
) -> JhtLedgerEntry:
    """Debit a payout (the claims app decides whether and how much may be paid). `reference` (the
    claim) identifies it: the same reference again returns the first withdrawal."""
    errors: list[tuple[str | None, str]] = []
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors.append(("amount", f"{amount!r} is not a positive whole number of rupiah"))
    if not reference.strip():
        errors.append(("reference", "is required (the claim's reference)"))
    if errors:
        raise ValidationFailed(errors)
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one withdrawal at a time
    existing = JhtLedgerEntry.objects.filter(
        person=person, kind=JhtEntryKind.WITHDRAWAL, reference=reference.strip()
    ).first()
    if existing is not None:
        if existing.amount != -amount:
            raise Conflict(
                f"withdrawal {reference} is already recorded for {-existing.amount}", field="reference"
            )
        return existing
    available = min(jht_balance(person, on), jht_balance(person, dt.date.max))
    if amount > available:
        raise ValidationFailed([("amount", f"{amount} is more than the JHT balance {available}")])
    entry = JhtLedgerEntry.objects.create(
        person=person,
        entry_date=on,
        kind=JhtEntryKind.WITHDRAWAL,
        amount=-amount,
        reference=reference.strip(),
        note=note[:250],
    )
    audit_record(actor=actor, action="jht.withdraw", obj=entry, after=entry)
    return entry
