"""People: one per NIK. Registering checks the NIK against the birth date and sex given, and flags
(never merges) possible duplicates: the same normalised name, birth date and village under another NIK."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lindung.accounts import scope
from lindung.audit.services import audit_record, snapshot
from lindung.errors import ValidationFailed
from lindung.registry.models import Person, PossibleDuplicate, Region
from lindung.registry.names import name_clean, name_normalize
from lindung.registry.nik import check_nik
from lindung.registry.services import checks

SEX_ALIASES = {"M": "M", "F": "F", "L": "M", "P": "F"}  # L/P: laki-laki / perempuan
PHONE = r"\+?[0-9][0-9 \-]{5,19}"
NAME_MAX = Person._meta.get_field("name").max_length or 150


def nik_warnings(nik: str) -> list[str]:
    """What is worth knowing about a stored NIK that does not make it invalid (a retired district
    code). It depends on the NIK alone, so it is computed when shown rather than stored."""
    return check_nik(nik).warnings


@transaction.atomic
def person_register(
    *,
    actor: Any,
    nik: str,
    name: str,
    birth_date: dt.date,
    sex: str,
    village_code: str | None = None,
    phone: str = "",
) -> Person:
    scope.require_staff_writer(actor)
    errors = checks.Errors()
    name = name_clean(checks.text(errors, "name", name, max_length=NAME_MAX))
    born = checks.date(errors, "birth_date", birth_date)
    canonical_sex = SEX_ALIASES.get(str(sex or "").strip().upper())
    if canonical_sex is None:
        errors.add("sex", f"{sex!r} is not one of M, F (or L, P)")
    nik = checks.text(errors, "nik", nik, max_length=32)
    if nik:
        for message in check_nik(nik, birth_date=born, sex=canonical_sex).errors:
            errors.add("nik", message)
    village = _village(errors, village_code)
    phone = _phone(errors, phone)
    errors.raise_if_any()
    if village is not None:
        scope.require_region(actor, village.code)
    assert born is not None and canonical_sex is not None
    person = Person(
        nik=nik,
        name=name,
        name_normalized=name_normalize(name),
        birth_date=born,
        sex=canonical_sex,
        village=village,
        phone=phone,
    )
    checks.save_new(person, key="nik", what="a person with NIK")
    flagged = _flag_possible_duplicates(person)
    audit_record(actor=actor, action="person.register", obj=person, after=person, note=_note(nik, flagged))
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    name: str | None = None,
    phone: str | None = None,
    village_code: str | None = None,
) -> Person:
    """Change a person's name, phone or village (None leaves a field as it is; "" clears phone or
    village). NIK, birth date and sex are the identity and are not changed here."""
    from lindung.registry.selectors import people_visible_to

    scope.require_staff_writer(actor)
    if not people_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(f"person {person.nik} is outside your scope")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    errors = checks.Errors()
    if name is not None:
        person.name = name_clean(checks.text(errors, "name", name, max_length=NAME_MAX))
        person.name_normalized = name_normalize(person.name)
    if phone is not None:
        person.phone = _phone(errors, phone)
    if village_code is not None:
        person.village = _village(errors, village_code)
    errors.raise_if_any()
    if village_code and person.village is not None:
        scope.require_region(actor, person.village.code)
    if snapshot(person) == before:
        raise ValidationFailed([(None, "nothing to change")])
    person.save()
    flagged = _flag_possible_duplicates(person)
    audit_record(
        actor=actor,
        action="person.update",
        obj=person,
        before=before,
        after=person,
        note=_note(person.nik, flagged),
    )
    return person


def _village(errors: checks.Errors, code: str | None) -> Region | None:
    if code is None or (isinstance(code, str) and not code.strip()):
        return None
    return checks.region(errors, "village_code", code, levels=(4,), what="a village")


def _phone(errors: checks.Errors, phone: str | None) -> str:
    value = checks.text(errors, "phone", phone, max_length=20, required=False)
    checks.pattern(errors, "phone", value, PHONE, "digits, optionally a leading + and spaces or dashes")
    return value


def _flag_possible_duplicates(person: Person) -> int:
    """Record a PossibleDuplicate for every other NIK with the same normalised name, birth date and
    village (pairs already on record stay as they are). Nothing is merged: an officer reviews each
    pair. Returns how many other NIKs look like this person."""
    if person.village_id is None:
        return 0
    others = list(
        Person.objects.filter(
            name_normalized=person.name_normalized, birth_date=person.birth_date, village_id=person.village_id
        )
        .exclude(pk=person.pk)
        .values_list("pk", flat=True)
    )
    PossibleDuplicate.objects.bulk_create(
        [PossibleDuplicate(person_id=min(pk, person.pk), other_id=max(pk, person.pk)) for pk in others],
        ignore_conflicts=True,
    )
    return len(others)


def _note(nik: str, flagged: int) -> str:
    parts = [f"NIK warning: {w}" for w in nik_warnings(nik)]
    if flagged:
        parts.append(f"same name, birth date and village as {flagged} other NIK(s): flagged for review")
    return "; ".join(parts)
