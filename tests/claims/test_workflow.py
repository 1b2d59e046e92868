"""The workflow: submitted → verified → approved → paid, or rejected with a reason; the approver is
not the verifier (maker-checker); the documents must be in; every step is an audit event; the stored
assessment is the one approved and shown later."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.claims.models import ClaimStatus
from lindung.claims.services.intake import claim_document_mark, claim_reassess
from lindung.claims.services.workflow import claim_approve, claim_reject, claim_verify
from lindung.errors import Conflict, ValidationFailed
from tests.claims.test_jkk import accident

D = dt.date


@pytest.fixture
def claim(world):
    person = world.person("Budi Santoso", sex="M")
    world.membership(person, employer=world.employer(), start=D(2020, 1, 1), wage=4_000_000)
    return world.file(
        person, "jkk_disability", accident("2025-05-01", percent="35"), received_on=D(2025, 9, 1)
    )


def ready(claim, officer):
    for code in claim.documents.values_list("code", flat=True):
        claim_document_mark(actor=officer, claim=claim, code=code, received=True)


def test_maker_checker_refuses_self_approval(world, claim):
    officer = world.users.officer()
    ready(claim, officer)
    claim = claim_verify(actor=officer, claim=claim)
    with pytest.raises(PermissionDenied):
        claim_approve(actor=officer, claim=claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    claim = claim_approve(actor=world.users.officer(), claim=claim)
    assert claim.status == ClaimStatus.APPROVED and claim.approved_by_id != claim.verified_by_id


def test_every_step_is_an_audit_event(world, claim):
    officer, checker = world.users.officer(), world.users.officer()
    ready(claim, officer)
    claim_approve(actor=checker, claim=claim_verify(actor=officer, claim=claim))
    actions = list(
        AuditEvent.objects.filter(object_type="claims.claim", object_id=str(claim.pk))
        .order_by("id")
        .values_list("action", "actor_id")
    )
    documents = claim.documents.count()
    assert actions == [
        ("claim.file", world.admin.pk),
        *[("claim.document_mark", officer.pk)] * documents,
        ("claim.verify", officer.pk),
        ("claim.approve", checker.pk),
    ]


def test_verification_needs_every_document(world, claim):
    officer = world.users.officer()
    claim_document_mark(actor=officer, claim=claim, code="ktp", received=True)
    with pytest.raises(ValidationFailed) as exc:
        claim_verify(actor=officer, claim=claim)
    assert exc.value.errors[0][0] == "documents"
    assert "report_stage_one" in exc.value.errors[0][1]


def test_an_ineligible_claim_is_rejected_with_a_reason(world):
    person = world.person()  # no membership at all
    claim = world.file(
        person, "jkk_disability", accident("2025-05-01", percent="35"), received_on=D(2025, 9, 1)
    )
    officer = world.users.officer()
    ready(claim, officer)
    with pytest.raises(Conflict):
        claim_verify(actor=officer, claim=claim)
    with pytest.raises(ValidationFailed):
        claim_reject(actor=officer, claim=claim, reason="  ")
    claim = claim_reject(actor=officer, claim=claim, reason="Tidak terdaftar JKK pada tanggal kecelakaan")
    assert claim.status == ClaimStatus.REJECTED
    with pytest.raises(Conflict):
        claim_approve(actor=world.users.officer(), claim=claim)


def test_officer_outside_the_region_may_not_process(world, claim):
    stranger = world.users.officer(regions=("1571",))
    with pytest.raises(PermissionDenied):
        claim_document_mark(actor=stranger, claim=claim, code="ktp", received=True)
    with pytest.raises(PermissionDenied):
        claim_verify(actor=world.users.auditor(), claim=claim)


def test_approval_takes_the_verified_assessment_not_a_new_one(world, claim):
    officer = world.users.officer()
    ready(claim, officer)
    claim = claim_verify(actor=officer, claim=claim)
    claim.person.memberships.update(wage=9_000_000)  # the registry changes after verification
    claim = claim_approve(actor=world.users.officer(), claim=claim)
    assert claim.payments.get().amount == 112_000_000  # 35 % x 80 x 4.000.000, as verified
    claim.refresh_from_db()
    assert claim.assessment["derived"]["wage"] == 4_000_000


def test_reassess_reads_the_registry_again_while_submitted(world, claim):
    claim.person.memberships.update(wage=5_000_000)
    claim = claim_reassess(actor=world.users.officer(), claim=claim)
    assert claim.total == 140_000_000  # 35 % x 80 x 5.000.000


def test_a_worker_files_for_themself_only(world, users):
    person, other = world.person(), world.person("Orang Lain")
    world.membership(person, employer=world.employer(), start=D(2020, 1, 1))
    me = users.make("worker", person=person)
    claim = world.file(person, "jkk_disability", accident("2025-05-01", percent="10"), actor=me)
    assert claim.received_on == dt.date.today() and claim.filed_by == me
    with pytest.raises(PermissionDenied):
        world.file(other, "jkk_disability", accident("2025-05-01", percent="10"), actor=me)


def test_facts_errors_name_the_field(world):
    person = world.person()
    facts = accident("2025-05-01", periods=[{"start": "2025-05-10", "end": "2025-05-01"}], place="")
    with pytest.raises(ValidationFailed) as exc:
        world.file(person, "jkk_stmb", facts, received_on=D(2025, 9, 1), payee_account="12-34")
    assert {f for f, _ in exc.value.errors} == {"payee_account"}  # the payee is checked first
    with pytest.raises(ValidationFailed) as exc:
        world.file(person, "jkk_stmb", facts, received_on=D(2025, 9, 1))
    assert {f for f, _ in exc.value.errors} == {"place", "periods[1].end"}
