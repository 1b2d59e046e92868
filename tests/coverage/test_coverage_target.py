"""`coverage_target_set`: a region's target ratio for a year, with its source."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.coverage.models import CoverageTarget
from lindung.coverage.services.population import coverage_target_set
from lindung.errors import ValidationFailed

SOURCE = "BPJS TK Jambi branch head (infoekonomi.id, 17 Mar 2025)"


def test_set_and_correct_a_target(users):
    admin = users.admin()
    # SOURCES.md item 3: Jambi aims for 55 % coverage in 2025.
    coverage_target_set(actor=admin, region_code="15", year=2025, ratio=Decimal("0.55"), source=SOURCE)
    target = coverage_target_set(
        actor=admin, region_code="15", year=2025, ratio=Decimal("0.5500"), source=SOURCE
    )
    assert CoverageTarget.objects.count() == 1 and target.ratio == Decimal("0.55")
    events = AuditEvent.objects.filter(action="coverage_target.set").order_by("pk")
    assert events[0].before is None and events[1].before["ratio"] == "0.5500"


def test_bad_targets_name_their_fields(users):
    with pytest.raises(ValidationFailed) as exc:
        coverage_target_set(actor=users.admin(), region_code="99", year=1990, ratio=Decimal("55"), source=" ")
    assert [f for f, _ in exc.value.errors] == ["region_code", "year", "ratio", "source"]
    assert CoverageTarget.objects.count() == 0


def test_officers_set_targets_only_in_their_regions(users):
    officer = users.officer(regions=("1507",))
    coverage_target_set(actor=officer, region_code="1507", year=2025, ratio=Decimal("0.4"), source=SOURCE)
    with pytest.raises(PermissionDenied):
        coverage_target_set(actor=officer, region_code="15", year=2025, ratio=Decimal("0.55"), source=SOURCE)
    with pytest.raises(PermissionDenied):
        coverage_target_set(
            actor=users.auditor(), region_code="15", year=2025, ratio=Decimal("0.55"), source=SOURCE
        )
