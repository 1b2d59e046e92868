"""Field checks shared by the registry services. Each check adds `(field, message)` to an `Errors`
collector, so a service reports every problem of its input at once (`ValidationFailed`)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, models, transaction

from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Region

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)
# Control characters (NUL above all: PostgreSQL refuses it in text) never belong in a registry field.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LEVEL_WORDS = {1: "province", 2: "regency or city", 3: "district", 4: "village"}


class Errors:
    def __init__(self) -> None:
        self.items: list[tuple[str | None, str]] = []

    def add(self, field: str | None, message: str) -> None:
        self.items.append((field, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)


def text(errors: Errors, field: str, value: object, *, max_length: int, required: bool = True) -> str:
    """The stripped text, or "" after recording why it cannot be used."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(field, "must be text")
        return ""
    value = value.strip()
    if required and not value:
        errors.add(field, "is required")
    elif len(value) > max_length:
        errors.add(field, f"is {len(value)} characters long; at most {max_length} allowed")
    elif CONTROL.search(value):
        errors.add(field, "contains control characters")
    return value


def pattern(errors: Errors, field: str, value: str, regex: str, hint: str) -> None:
    if value and not re.fullmatch(regex, value):
        errors.add(field, f"{value!r} is not valid: {hint}")


def date(errors: Errors, field: str, value: object, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            errors.add(field, "is required")
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        errors.add(field, "must be a date")
        return None
    if not EARLIEST <= value <= LATEST:
        errors.add(field, f"{value.isoformat()} is outside {EARLIEST.year}–{LATEST.year}")
        return None
    return value


def rupiah(
    errors: Errors, field: str, value: object, *, minimum: int = 1, maximum: int = 10**12
) -> int | None:
    """A whole number of rupiah within [minimum, maximum]; None when missing or wrong."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, "must be a whole number of rupiah")
        return None
    if value < minimum:
        errors.add(field, f"Rp{value:,} is below the minimum Rp{minimum:,}".replace(",", "."))
        return None
    if value > maximum:
        errors.add(field, f"Rp{value:,} is above the maximum Rp{maximum:,}".replace(",", "."))
        return None
    return value


def choice(errors: Errors, field: str, value: object, choices: list[str] | tuple[str, ...]) -> str:
    if value not in choices:
        errors.add(field, f"{value!r} is not one of {', '.join(choices)}")
        return ""
    return str(value)


def region(errors: Errors, field: str, code: object, *, levels: tuple[int, ...], what: str) -> Region | None:
    """The current region with `code` at one of `levels` (e.g. a village for a person)."""
    if not isinstance(code, str) or not code.strip():
        errors.add(field, "is required")
        return None
    code = code.strip().replace(".", "")
    found = Region.objects.filter(code=code, current=True).first() if code.isdigit() else None
    if found is None:
        errors.add(field, f"{code!r} is not a known region code")
        return None
    if found.level not in levels:
        errors.add(field, f"{code} is a {LEVEL_WORDS[found.level]}, not {what}")
        return None
    return found


def save_new(obj: models.Model, *, key: str, what: str) -> None:
    """Insert `obj`, whose `key` must be unique: a Conflict naming the key when it is taken, also
    when someone else took it between the check and the insert."""
    value = getattr(obj, key)
    message = f"{what} {value} is already registered"
    if type(obj)._default_manager.filter(**{key: value}).exists():
        raise Conflict(message, field=key)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise Conflict(message, field=key) from exc
