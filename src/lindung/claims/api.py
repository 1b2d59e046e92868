"""Claims endpoints: the queue, a claim with its stored assessment, filing, the workflow, and the
benefit payments with their bank files. Scope as on the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.claims import selectors
from lindung.claims.bankfile import bank_file_response
from lindung.claims.models import BenefitPayment, Claim, PaymentBatch
from lindung.claims.services import intake, payments, workflow
from lindung.errors import ValidationFailed
from lindung.registry.selectors import people_visible_to

router = Router(tags=["claims"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


class ClaimOut(Schema):
    number: str
    nik: str
    name: str
    programme: str
    kind: str
    status: str
    event_date: dt.date | None
    received_on: dt.date
    eligible: bool | None
    total: int
    monthly: int
    employer_first: bool
    rejection_reason: str

    @staticmethod
    def resolve_nik(obj: Claim) -> str:
        return obj.person.nik

    @staticmethod
    def resolve_name(obj: Claim) -> str:
        return obj.person.name


class DocumentOut(Schema):
    code: str
    received: bool
    received_on: dt.date | None


class PaymentOut(Schema):
    id: int
    reference: str
    claim: str
    item: str
    sequence: int
    period: dt.date | None
    amount: int
    due_on: dt.date
    status: str
    paid_on: dt.date | None
    failure_reason: str

    @staticmethod
    def resolve_claim(obj: BenefitPayment) -> str:
        return obj.claim.number or ""


class ClaimDetailOut(ClaimOut):
    facts: dict[str, Any]
    assessment: dict[str, Any] | None
    documents: list[DocumentOut]
    payments: list[PaymentOut]
    stopped_on: dt.date | None

    @staticmethod
    def resolve_documents(obj: Claim) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_payments(obj: Claim) -> list[Any]:
        return list(selectors.claim_payments(obj).select_related("claim"))


class ClaimIn(Schema):
    nik: str
    kind: str
    facts: dict[str, Any] = {}
    payee_name: str
    payee_bank: str
    payee_account: str
    received_on: dt.date | None = None


class DocumentIn(Schema):
    code: str
    received: bool = True


class RejectIn(Schema):
    reason: str


class StopIn(Schema):
    on: dt.date
    reason: str


class BatchIn(Schema):
    due_by: dt.date


class BatchOut(Schema):
    id: int
    number: str
    due_by: dt.date
    count: int
    total: int
    settled_on: dt.date | None


class SettleIn(Schema):
    paid_on: dt.date
    failed: dict[str, str] = {}


class PayrollIn(Schema):
    month: dt.date


def _detail(user: User, number: str) -> Claim:
    return selectors.claim_for_user(user, number)


@router.get("/claims", response=list[ClaimOut])
@paginate(PageNumberPagination, page_size=50)
def claims(request: HttpRequest, status: str = "", programme: str = "", q: str = ""):
    return selectors.claim_queue(_user(request), status=status, programme=programme, query=q)


@router.post("/claims", response={201: ClaimDetailOut})
def claim_create(request: HttpRequest, payload: ClaimIn):
    user = _user(request)
    person = people_visible_to(user).filter(nik=payload.nik).first()
    if person is None:
        raise ValidationFailed([("nik", f"no person with NIK {payload.nik[:16]} in your scope")])
    received_on = None if user.role == Role.WORKER else payload.received_on
    claim = intake.claim_file(
        actor=user,
        person=person,
        kind=payload.kind,
        facts=payload.facts,
        payee_name=payload.payee_name,
        payee_bank=payload.payee_bank,
        payee_account=payload.payee_account,
        received_on=received_on,
    )
    return Status(201, _detail(user, claim.number or ""))


@router.get("/claims/{number}", response=ClaimDetailOut)
def claim(request: HttpRequest, number: str):
    return _detail(_user(request), number)


@router.post("/claims/{number}/documents", response=ClaimDetailOut)
def claim_document(request: HttpRequest, number: str, payload: DocumentIn):
    user = _user(request)
    found = _detail(user, number)
    intake.claim_document_mark(actor=user, claim=found, code=payload.code, received=payload.received)
    return _detail(user, number)


@router.post("/claims/{number}/verify", response=ClaimDetailOut)
def claim_verify(request: HttpRequest, number: str):
    user = _user(request)
    workflow.claim_verify(actor=user, claim=_detail(user, number))
    return _detail(user, number)


@router.post("/claims/{number}/approve", response=ClaimDetailOut)
def claim_approve(request: HttpRequest, number: str):
    user = _user(request)
    workflow.claim_approve(actor=user, claim=_detail(user, number))
    return _detail(user, number)


@router.post("/claims/{number}/reject", response=ClaimDetailOut)
def claim_reject(request: HttpRequest, number: str, payload: RejectIn):
    user = _user(request)
    workflow.claim_reject(actor=user, claim=_detail(user, number), reason=payload.reason)
    return _detail(user, number)


@router.post("/claims/{number}/stop", response=ClaimDetailOut)
def claim_stop(request: HttpRequest, number: str, payload: StopIn):
    user = _user(request)
    payments.claim_benefit_stop(actor=user, claim=_detail(user, number), on=payload.on, reason=payload.reason)
    return _detail(user, number)


@router.get("/benefit-payments", response=list[PaymentOut])
@paginate(PageNumberPagination, page_size=100)
def payments_due(request: HttpRequest, due_by: dt.date | None = None):
    user = _user(request)
    scope.require_role(user, Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR)
    return selectors.payments_due(user, due_by or timezone.localdate())


@router.post("/benefit-payment-files", response={201: BatchOut})
def batch_create(request: HttpRequest, payload: BatchIn):
    return Status(201, payments.payment_batch_create(actor=_user(request), due_by=payload.due_by))


@router.get("/benefit-payment-files/{batch_id}/csv")
def batch_csv(request: HttpRequest, batch_id: int):
    user = _user(request)
    batch = selectors.batch_for_user(user, batch_id)
    return bank_file_response(batch, selectors.batch_rows(user, batch))


@router.post("/benefit-payment-files/{batch_id}/settle", response=BatchOut)
def batch_settle(request: HttpRequest, batch_id: int, payload: SettleIn):
    user = _user(request)
    batch: PaymentBatch = selectors.batch_for_user(user, batch_id)
    return payments.payment_batch_settle(
        actor=user, batch=batch, paid_on=payload.paid_on, failed=payload.failed
    )


@router.post("/benefit-payments/payroll", response={201: dict[str, int]})
def payroll(request: HttpRequest, payload: PayrollIn):
    return Status(
        201, {"created": payments.pension_payroll_generate(actor=_user(request), month=payload.month)}
    )
