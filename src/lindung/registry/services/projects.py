"""Construction projects (Jakon): a contractor, a contract value and a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from lindung.accounts import scope
from lindung.audit.services import audit_record
from lindung.registry.models import ConstructionProject, Employer
from lindung.registry.services import checks

CODE = r"[A-Z0-9][A-Z0-9.\-]{0,29}"  # no slash: the code is part of URLs
PROJECT_LEVELS = (2, 3, 4)


@transaction.atomic
def project_register(
    *,
    actor: Any,
    code: str,
    contractor: Employer,
    name: str,
    contract_value: int,
    start_date: dt.date,
    end_date: dt.date,
    region_code: str,
) -> ConstructionProject:
    """Register a project. `end_date` is the last day of work (inclusive); Jakon cover for its
    workers runs up to and including that day."""
    scope.require_staff_writer(actor)
    errors = checks.Errors()
    code = checks.text(errors, "code", code, max_length=30).upper()
    checks.pattern(errors, "code", code, CODE, "letters, digits, dots or dashes")
    if not isinstance(contractor, Employer):
        errors.add("contractor", "is required")
    value = checks.rupiah(errors, "contract_value", contract_value, maximum=10**15)
    if value is None and contract_value is None:
        errors.add("contract_value", "is required")
    start = checks.date(errors, "start_date", start_date)
    end = checks.date(errors, "end_date", end_date)
    if start and end and end < start:
        errors.add("end_date", f"{end.isoformat()} is before the start {start.isoformat()}")
    name = checks.text(errors, "name", name, max_length=200)
    region = checks.region(
        errors, "region_code", region_code, levels=PROJECT_LEVELS, what="a regency, district or village"
    )
    errors.raise_if_any()
    assert value is not None and start is not None and end is not None and region is not None
    project = ConstructionProject(
        code=code,
        contractor=contractor,
        name=name,
        contract_value=value,
        start_date=start,
        end_date=end,
        region=region,
    )
    scope.require_region(actor, region.code)
    checks.save_new(project, key="code", what="a project with code")
    audit_record(actor=actor, action="project.register", obj=project, after=project)
    return project
