"""The facts a claim is filed with, per kind: checked, every problem named by its field
(`periods[2].end`), and stored as JSON (dates as ISO text, percentages as decimal text).

Edges pass Python values or the JSON text forms (dates "YYYY-MM-DD"); both are accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from lindung.claims.models import ClaimKind
from lindung.registry.services import checks
from lindung.registry.services.checks import Errors

JKK_KINDS = (ClaimKind.JKK_STMB, ClaimKind.JKK_DISABILITY, ClaimKind.JKK_DEATH)
ACCIDENT_KINDS = ("accident", "occupational_disease")
HEIR_RELATIONS = ("spouse", "child", "parent", "sibling", "other")
SCHOOL_LEVELS = ("TK", "SD", "SMP", "SMA", "S1")
JHT_REASONS = (
    "age_56",
    "resignation",
    "dismissal",
    "contract_end",
    "total_disability",
    "death",
    "leaving_indonesia",
    "bpu_stopped",
)
JHT_PURPOSES = ("pension", "housing")
JP_RELATIONS = ("widow", "child", "parent")
PHK_REASONS = (
    "dismissal",
    "company_closed",
    "resignation",
    "retirement",
    "contract_end",
    "total_disability",
    "death",
)
MAX_ITEMS = 50


def as_date(errors: Errors, field: str, value: object, *, required: bool = True) -> dt.date | None:
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            errors.add(field, f"{value!r} is not a date (use YYYY-MM-DD)")
            return None
    elif isinstance(value, str):
        value = None
    return checks.date(errors, field, value, required=required)


def _percent(errors: Errors, field: str, value: object, *, low: Decimal, default: Decimal | None) -> Decimal:
    if value in (None, ""):
        if default is None:
            errors.add(field, "is required")
            return Decimal(0)
        return default
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors.add(field, f"{value!r} is not a number")
        return Decimal(0)
    if isinstance(value, float) or not number.is_finite() or not low <= number <= 100:
        errors.add(field, f"{value} must be more than {low} and at most 100")
        return Decimal(0)
    return number


def _items(
    errors: Errors, field: str, value: object, item: Callable[[Errors, str, dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        errors.add(field, "must be a list")
        return []
    if len(value) > MAX_ITEMS:
        errors.add(field, f"has {len(value)} entries; at most {MAX_ITEMS}")
        return []
    found = []
    for i, entry in enumerate(value, start=1):
        where = f"{field}[{i}]"
        if not isinstance(entry, dict):
            errors.add(where, "must be an object")
            continue
        found.append(item(errors, where, entry))
    return found


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def heir(errors: Errors, where: str, entry: dict[str, Any]) -> dict[str, Any]:
    nik = checks.text(errors, f"{where}.nik", entry.get("nik"), max_length=16, required=False)
    if nik and not re.fullmatch(r"\d{16}", nik):
        errors.add(f"{where}.nik", f"{nik!r} is not 16 digits")
    return {
        "name": checks.text(errors, f"{where}.name", entry.get("name"), max_length=150),
        "nik": nik,
        "relation": checks.choice(errors, f"{where}.relation", entry.get("relation"), HEIR_RELATIONS),
    }


def child(errors: Errors, where: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": checks.text(errors, f"{where}.name", entry.get("name"), max_length=150),
        "birth_date": _iso(as_date(errors, f"{where}.birth_date", entry.get("birth_date"))),
        "level": checks.choice(errors, f"{where}.level", entry.get("level"), SCHOOL_LEVELS),
    }


def treatment(errors: Errors, where: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": _iso(as_date(errors, f"{where}.date", entry.get("date"))),
        "provider": checks.text(errors, f"{where}.provider", entry.get("provider"), max_length=150),
        "note": checks.text(errors, f"{where}.note", entry.get("note"), max_length=250, required=False),
    }


def period(errors: Errors, where: str, entry: dict[str, Any]) -> dict[str, Any]:
    start = as_date(errors, f"{where}.start", entry.get("start"))
    end = as_date(errors, f"{where}.end", entry.get("end"))
    if start and end and end < start:
        errors.add(f"{where}.end", f"{end.isoformat()} is before the start {start.isoformat()}")
    return {"start": _iso(start), "end": _iso(end)}


# --- per kind -------------------------------------------------------------------------------------


def _accident(errors: Errors, raw: dict[str, Any], received_on: dt.date) -> dict[str, Any]:
    event = as_date(errors, "event_date", raw.get("event_date"))
    report = as_date(errors, "stage_one_report_date", raw.get("stage_one_report_date"))
    if event and report and not event <= report <= received_on:
        errors.add(
            "stage_one_report_date",
            f"{report.isoformat()} must lie between the accident ({event.isoformat()}) and the claim date",
        )
    wage = checks.rupiah(errors, "wage", raw.get("wage") or None)
    facts: dict[str, Any] = {
        "event_date": _iso(event),
        "accident_kind": checks.choice(
            errors, "accident_kind", raw.get("accident_kind") or "accident", ACCIDENT_KINDS
        ),
        "place": checks.text(errors, "place", raw.get("place"), max_length=250),
        "what_happened": checks.text(errors, "what_happened", raw.get("what_happened"), max_length=2000),
        "stage_one_report_date": _iso(report),
        "treatment": _items(errors, "treatment", raw.get("treatment"), treatment),
    }
    if wage:
        facts["wage"] = wage
    return facts


def _stmb(errors: Errors, raw: dict[str, Any], facts: dict[str, Any]) -> None:
    periods = _items(errors, "periods", raw.get("periods"), period)
    if not periods and not errors:
        errors.add("periods", "at least one period of temporary incapacity is required")
    event = facts.get("event_date")
    previous_end = None
    for i, p in enumerate(periods, start=1):
        if not (p["start"] and p["end"]):
            continue
        if event and p["start"] < event:
            errors.add(f"periods[{i}].start", f"{p['start']} is before the accident ({event})")
        if previous_end and p["start"] <= previous_end:
            errors.add(f"periods[{i}].start", f"{p['start']} overlaps or precedes the period before")
        previous_end = p["end"]
    facts["periods"] = periods


def _disability(errors: Errors, raw: dict[str, Any], facts: dict[str, Any]) -> None:
    total = bool(raw.get("total_disability"))
    facts["total_disability"] = total
    if not total:
        facts["percent"] = str(_percent(errors, "percent", raw.get("percent"), low=Decimal(0), default=None))
    facts["function_percent"] = str(
        _percent(
            errors, "function_percent", raw.get("function_percent"), low=Decimal(0), default=Decimal(100)
        )
    )
    facts["children"] = _items(errors, "children", raw.get("children"), child) if total else []


def _death(errors: Errors, raw: dict[str, Any], facts: dict[str, Any], *, after: str) -> None:
    heirs = _items(errors, "heirs", raw.get("heirs"), heir)
    if not heirs and "heirs" not in {f for f, _ in errors.items}:
        errors.add("heirs", "at least one heir is required")
    facts["heirs"] = heirs
    facts["children"] = _items(errors, "children", raw.get("children"), child)
    if after:
        death = as_date(errors, "death_date", raw.get("death_date"))
        if death and facts.get(after) and death.isoformat() < facts[after]:
            errors.add("death_date", f"{death.isoformat()} is before the accident")
        facts["death_date"] = _iso(death)


def clean_facts(kind: str, raw: dict[str, Any], *, received_on: dt.date) -> dict[str, Any]:
    """The facts of a claim of `kind`, checked; ValidationFailed names every field at fault."""
    errors = Errors()
    if not isinstance(raw, dict):
        errors.add("facts", "must be an object")
        errors.raise_if_any()
    facts: dict[str, Any]
    if kind in JKK_KINDS:
        facts = _accident(errors, raw, received_on)
        if kind == ClaimKind.JKK_STMB:
            _stmb(errors, raw, facts)
        elif kind == ClaimKind.JKK_DISABILITY:
            _disability(errors, raw, facts)
        else:
            _death(errors, raw, facts, after="event_date")
    elif kind == ClaimKind.JKM:
        facts = {
            "event_date": _iso(as_date(errors, "event_date", raw.get("event_date"))),
            "cause": checks.text(errors, "cause", raw.get("cause"), max_length=500),
        }
        _death(errors, raw, facts, after="")
    elif kind == ClaimKind.JHT:
        reason = checks.choice(errors, "reason", raw.get("reason"), JHT_REASONS)
        event = as_date(errors, "event_date", raw.get("event_date"), required=reason == "death")
        facts = {"reason": reason, "event_date": _iso(event)}
    elif kind == ClaimKind.JHT_PARTIAL:
        facts = {"purpose": checks.choice(errors, "purpose", raw.get("purpose"), JHT_PURPOSES)}
        requested = checks.rupiah(errors, "requested_amount", raw.get("requested_amount") or None)
        if requested:
            facts["requested_amount"] = requested
    elif kind == ClaimKind.JP_OLD_AGE:
        facts = {"start": _iso(as_date(errors, "start", raw.get("start"), required=False))}
    elif kind == ClaimKind.JP_DISABILITY:
        facts = {"event_date": _iso(as_date(errors, "event_date", raw.get("event_date")))}
    elif kind == ClaimKind.JP_SURVIVOR:
        facts = {
            "event_date": _iso(as_date(errors, "event_date", raw.get("event_date"))),
            "relation": checks.choice(errors, "relation", raw.get("relation"), JP_RELATIONS),
        }
    elif kind == ClaimKind.JKP:
        facts = {
            "event_date": _iso(as_date(errors, "event_date", raw.get("event_date"))),
            "phk_reason": checks.choice(errors, "phk_reason", raw.get("phk_reason"), PHK_REASONS),
        }
    else:
        errors.add("kind", f"{kind!r} is not one of {', '.join(ClaimKind.values)}")
        facts = {}
    event = facts.get("event_date")
    if event and event > received_on.isoformat():
        errors.add("event_date", f"{event} is after the claim date {received_on.isoformat()}")
    errors.raise_if_any()
    return facts


def fact_date(facts: dict[str, Any], key: str) -> dt.date | None:
    value = facts.get(key)
    return dt.date.fromisoformat(value) if value else None
