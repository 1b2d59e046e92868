"""Employers, keyed by NPP (nomor pendaftaran perusahaan)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from lindung.accounts import scope
from lindung.audit.services import audit_record, snapshot
from lindung.errors import ValidationFailed
from lindung.registry.models import Employer, Region, RiskClass, SizeClass
from lindung.registry.services import checks

NPP = r"[A-Z0-9][A-Z0-9.\-]{0,19}"
KBLI = r"[0-9]{1,5}"  # KBLI sector code: up to five digits
EMPLOYER_LEVELS = (2, 3, 4)  # an employer is placed in a regency/city, district or village


@transaction.atomic
def employer_register(
    *,
    actor: Any,
    npp: str,
    name: str,
    region_code: str,
    size_class: str,
    risk_class: str,
    sector_code: str = "",
    labour_intensive: bool = False,
) -> Employer:
    scope.require_staff_writer(actor)
    errors = checks.Errors()
    npp = checks.text(errors, "npp", npp, max_length=20).upper()
    checks.pattern(errors, "npp", npp, NPP, "letters, digits, dots or dashes")
    employer = Employer(
        npp=npp,
        name=checks.text(errors, "name", name, max_length=200),
        region=_region(errors, region_code),
        size_class=checks.choice(errors, "size_class", size_class, SizeClass.values),
        risk_class=checks.choice(errors, "risk_class", risk_class, RiskClass.values),
        sector_code=_sector(errors, sector_code),
        labour_intensive=_flag(errors, "labour_intensive", labour_intensive),
    )
    errors.raise_if_any()
    scope.require_region(actor, employer.region_id)
    checks.save_new(employer, key="npp", what="an employer with NPP")
    audit_record(actor=actor, action="employer.register", obj=employer, after=employer)
    return employer


@transaction.atomic
def employer_update(
    *,
    actor: Any,
    employer: Employer,
    name: str | None = None,
    region_code: str | None = None,
    size_class: str | None = None,
    risk_class: str | None = None,
    sector_code: str | None = None,
    labour_intensive: bool | None = None,
) -> Employer:
    """Change an employer's details (None leaves a field as it is). Membership versions already
    stored keep the programmes they were enrolled with; later changes follow the new size class."""
    scope.require_staff_writer(actor)
    scope.require_region(actor, employer.region_id)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    before = snapshot(employer)
    errors = checks.Errors()
    if name is not None:
        employer.name = checks.text(errors, "name", name, max_length=200)
    if region_code is not None:
        employer.region = _region(errors, region_code)  # type: ignore[assignment]
    if size_class is not None:
        employer.size_class = checks.choice(errors, "size_class", size_class, SizeClass.values)
    if risk_class is not None:
        employer.risk_class = checks.choice(errors, "risk_class", risk_class, RiskClass.values)
    if sector_code is not None:
        employer.sector_code = _sector(errors, sector_code)
    if labour_intensive is not None:
        employer.labour_intensive = _flag(errors, "labour_intensive", labour_intensive)
    errors.raise_if_any()
    scope.require_region(actor, employer.region_id)
    if snapshot(employer) == before:
        raise ValidationFailed([(None, "nothing to change")])
    employer.save()
    audit_record(actor=actor, action="employer.update", obj=employer, before=before, after=employer)
    return employer


def _region(errors: checks.Errors, code: str) -> Region | None:
    return checks.region(
        errors, "region_code", code, levels=EMPLOYER_LEVELS, what="a regency, district or village"
    )


def _sector(errors: checks.Errors, code: str | None) -> str:
    value = checks.text(errors, "sector_code", code, max_length=10, required=False)
    checks.pattern(errors, "sector_code", value, KBLI, "a KBLI code of up to five digits")
    return value


def _flag(errors: checks.Errors, field: str, value: object) -> bool:
    if not isinstance(value, bool):
        errors.add(field, "must be true or false")
        return False
    return value
