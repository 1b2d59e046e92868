"""employer_register / employer_update / project_register."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import ConstructionProject, Employer
from lindung.registry.services.employers import employer_update
from tests.registry.conftest import Registry


def test_employer_is_registered_with_an_upper_case_npp_and_audited(reg):
    employer = reg.employer(
        " nn123456 ", size_class="menengah", risk_class="IV", sector_code="01262", labour_intensive=True
    )
    employer.refresh_from_db()
    assert (employer.npp, employer.size_class, employer.risk_class) == ("NN123456", "menengah", "IV")
    assert employer.sector_code == "01262" and employer.labour_intensive is True
    assert AuditEvent.objects.get(action="employer.register").after["npp"] == "NN123456"


def test_employer_bad_fields_are_named(reg):
    with pytest.raises(ValidationFailed) as caught:
        reg.employer("NN 1", size_class="huge", risk_class="VI", region_code="15", sector_code="A1")
    assert dict(caught.value.errors) == {
        "npp": "'NN 1' is not valid: letters, digits, dots or dashes",
        "size_class": "'huge' is not one of besar, menengah, kecil, mikro",
        "risk_class": "'VI' is not one of I, II, III, IV, V",
        "region_code": "15 is a province, not a regency, district or village",
        "sector_code": "'A1' is not valid: a KBLI code of up to five digits",
    }


def test_npp_registers_once(reg):
    reg.employer("NN000001")
    with pytest.raises(Conflict) as caught:
        reg.employer("nn000001")
    assert caught.value.field == "npp" and Employer.objects.count() == 1


def test_officer_registers_employers_only_in_their_regions(users):
    officer = Registry(users.officer(regions=("1507",)))
    assert officer.employer("NN000001", region_code="150701").region_id == "150701"
    with pytest.raises(PermissionDenied):
        officer.employer("NN000002", region_code="1571")
    with pytest.raises(PermissionDenied):
        Registry(users.auditor()).employer("NN000003")


def test_employer_update_records_before_and_after(reg, admin):
    employer = reg.employer("NN000001", size_class="kecil")
    updated = employer_update(actor=admin, employer=employer, size_class="menengah", risk_class="III")
    assert (updated.size_class, updated.risk_class) == ("menengah", "III")
    event = AuditEvent.objects.get(action="employer.update")
    assert (event.before["size_class"], event.after["size_class"]) == ("kecil", "menengah")
    with pytest.raises(ValidationFailed, match="nothing to change"):
        employer_update(actor=admin, employer=updated, size_class="menengah")


def test_officer_may_not_move_an_employer_out_of_their_regions(users):
    officer = Registry(users.officer(regions=("1507",)))
    employer = officer.employer("NN000001")
    with pytest.raises(PermissionDenied):
        employer_update(actor=officer.actor, employer=employer, region_code="1571")
    assert Employer.objects.get().region_id == "1507"


def test_project_is_registered(reg):
    contractor = reg.employer("NN000001")
    project = reg.project(
        "jk-2024-001",
        contractor=contractor,
        contract_value=2_500_000_000,
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2024, 12, 31),
    )
    project.refresh_from_db()
    assert (project.code, project.contract_value, project.contractor) == (
        "JK-2024-001",
        2_500_000_000,
        contractor,
    )
    assert AuditEvent.objects.filter(action="project.register", object_id=str(project.pk)).exists()


def test_project_bad_fields_are_named(reg):
    contractor = reg.employer("NN000001")
    with pytest.raises(ValidationFailed) as caught:
        reg.project(
            contractor=contractor,
            contract_value=0,
            start_date=dt.date(2024, 3, 1),
            end_date=dt.date(2024, 2, 29),
            region_code="9999",
        )
    assert dict(caught.value.errors) == {
        "contract_value": "Rp0 is below the minimum Rp1",
        "end_date": "2024-02-29 is before the start 2024-03-01",
        "region_code": "'9999' is not a known region code",
    }
    assert not ConstructionProject.objects.exists()


def test_project_code_registers_once(reg):
    contractor = reg.employer("NN000001")
    reg.project("JK-1", contractor=contractor)
    with pytest.raises(Conflict):
        reg.project("jk-1", contractor=contractor)
