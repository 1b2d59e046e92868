"""Filing a claim, its document checklist, re-assessing it and correcting the payee."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lindung.accounts import scope
from lindung.accounts.models import Role
from lindung.audit.services import audit_record
from lindung.claims.assess import Case, assess
from lindung.claims.assess.cover import employer_of, latest_membership, region_of
from lindung.claims.documents import checklist
from lindung.claims.facts import clean_facts
from lindung.claims.models import KIND_PROGRAMME, Claim, ClaimDocument, ClaimKind, ClaimStatus
from lindung.claims.services.common import (
    assess_claim,
    lock,
    require_processor,
    require_status,
    store_assessment,
)
from lindung.errors import ValidationFailed
from lindung.registry.models import Person
from lindung.registry.services import checks


def _payee(errors: checks.Errors, name: Any, bank: Any, account: Any) -> tuple[str, str, str]:
    name = checks.text(errors, "payee_name", name, max_length=150)
    bank = checks.text(errors, "payee_bank", bank, max_length=20)
    account = checks.text(errors, "payee_account", account, max_length=34)
    checks.pattern(errors, "payee_bank", bank, r"[A-Za-z0-9]{2,20}", "letters and digits (the bank's code)")
    checks.pattern(errors, "payee_account", account, r"\d{5,34}", "5 to 34 digits")
    return name, bank.upper(), account


def _filer_check(actor: Any, person: Person) -> bool:
    """A worker files for themself only; everyone else who files is a staff writer. True for a worker."""
    scope.require_authenticated(actor)
    if actor.role == Role.WORKER and not actor.is_superuser:
        if actor.person_id != person.pk:
            raise PermissionDenied("a worker files claims for themself only")
        return True
    scope.require_staff_writer(actor)
    return False


@transaction.atomic
def claim_file(
    *,
    actor: Any,
    person: Person,
    kind: str,
    facts: dict[str, Any],
    payee_name: str,
    payee_bank: str,
    payee_account: str,
    received_on: dt.date | None = None,
) -> Claim:
    """File a claim of `kind` for `person`. The facts are checked, the claim is placed (region and
    employer from the membership it rests on) and assessed for a first look; the assessment that
    counts is made again on verification. An officer may enter a claim received earlier on paper
    (`received_on`); a worker's claim is received the day it is filed."""
    worker = _filer_check(actor, person)
    today = timezone.localdate()
    errors = checks.Errors()
    if kind not in ClaimKind.values:
        errors.add("kind", f"{kind!r} is not one of {', '.join(ClaimKind.values)}")
    received_on = received_on or today
    if worker:
        received_on = today
    elif not isinstance(received_on, dt.date) or received_on > today:
        errors.add("received_on", f"{received_on} is not a date on or before today")
    payee = _payee(errors, payee_name, payee_bank, payee_account)
    errors.raise_if_any()
    cleaned = clean_facts(kind, facts, received_on=received_on)
    a = assess(Case(person, kind, cleaned, received_on, today))
    placed = a.membership or latest_membership(person)
    region = region_of(person, placed)
    if not worker:
        scope.require_region(actor, region)
    claim = Claim(
        person=person,
        programme=KIND_PROGRAMME[kind],
        kind=kind,
        event_date=cleaned.get("event_date"),
        received_on=received_on,
        facts=cleaned,
        region_code=region,
        employer=employer_of(placed),
        payee_name=payee[0],
        payee_bank=payee[1],
        payee_account=payee[2],
        filed_by=actor,
    )
    store_assessment(claim, a)
    claim.save()
    claim.number = f"KL-{received_on.year}-{claim.pk:06d}"
    claim.save(update_fields=["number"])
    ClaimDocument.objects.bulk_create(
        [ClaimDocument(claim=claim, code=code) for code in checklist(kind, cleaned)]
    )
    audit_record(actor=actor, action="claim.file", obj=claim, after=claim)
    return claim


@transaction.atomic
def claim_document_mark(
    *, actor: Any, claim: Claim, code: str, received: bool, note: str = ""
) -> ClaimDocument:
    """Tick (or untick) one document of a submitted claim's checklist."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, ClaimStatus.SUBMITTED, doing="change its documents")
    document = claim.documents.filter(code=code).first()
    if document is None:
        raise ValidationFailed([("code", f"{code!r} is not on the checklist of claim {claim.number}")])
    before = {"received": document.received, "note": document.note}
    document.received = bool(received)
    document.received_on = timezone.localdate() if received else None
    document.note = note.strip()[:250]
    document.save(update_fields=["received", "received_on", "note"])
    audit_record(
        actor=actor,
        action="claim.document_mark",
        obj=claim,
        before=before,
        after={"code": code, "received": document.received, "note": document.note},
    )
    return document


@transaction.atomic
def claim_reassess(*, actor: Any, claim: Claim) -> Claim:
    """Assess a submitted claim again (contributions paid since, a corrected registry record)."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(claim, ClaimStatus.SUBMITTED, doing="re-assess it")
    before = {"eligible": claim.eligible, "total": claim.total, "monthly": claim.monthly}
    store_assessment(claim, assess_claim(claim))
    claim.save()
    audit_record(
        actor=actor,
        action="claim.reassess",
        obj=claim,
        before=before,
        after={"eligible": claim.eligible, "total": claim.total, "monthly": claim.monthly},
    )
    return claim


@transaction.atomic
def claim_payee_update(
    *, actor: Any, claim: Claim, payee_name: str, payee_bank: str, payee_account: str
) -> Claim:
    """Correct where a claim is paid (a failed transfer); payments not yet in a file use it."""
    require_processor(actor, claim)
    claim = lock(claim)
    require_status(
        claim, *[s for s in ClaimStatus.values if s != ClaimStatus.REJECTED], doing="change the payee"
    )
    errors = checks.Errors()
    payee = _payee(errors, payee_name, payee_bank, payee_account)
    errors.raise_if_any()
    before = {
        "payee_name": claim.payee_name,
        "payee_bank": claim.payee_bank,
        "payee_account": claim.payee_account,
    }
    claim.payee_name, claim.payee_bank, claim.payee_account = payee
    claim.save(update_fields=["payee_name", "payee_bank", "payee_account", "updated_at"])
    audit_record(
        actor=actor,
        action="claim.payee_update",
        obj=claim,
        before=before,
        after={"payee_name": payee[0], "payee_bank": payee[1], "payee_account": payee[2]},
    )
    return claim
