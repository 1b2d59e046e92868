"""Sponsorship endpoints: sponsors and programmes, beneficiary lists (import as a background job,
the row-by-row result), exits and hand-overs, renewal, the monthly statement, the planner.

Reads go through the selectors (scope applied there: a sponsor officer sees only their own sponsor);
writes call one service each, which checks who may make them.
"""

import datetime as dt
import uuid
from pathlib import Path
from typing import Any, cast

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindung.accounts import scope
from lindung.accounts.models import User
from lindung.api.pagination import Pages
from lindung.errors import ValidationFailed
from lindung.jobs.models import Job
from lindung.jobs.services import job_start
from lindung.registry.selectors import employer_reference
from lindung.sponsorship import access, selectors
from lindung.sponsorship.billing import programme_bill_issue
from lindung.sponsorship.jobs import IMPORT_JOB
from lindung.sponsorship.models import Beneficiary, SponsoredProgramme
from lindung.sponsorship.package import minimum_income, month_start, package_result
from lindung.sponsorship.planner import budget_for_people, budget_reach
from lindung.sponsorship.services.exits import beneficiary_exit, beneficiary_hand_over
from lindung.sponsorship.services.imports import import_start
from lindung.sponsorship.services.renewal import programme_renew
from lindung.sponsorship.services.setup import programme_create, sponsor_create
from lindung.sponsorship.views import PLANNERS

router = Router(tags=["sponsorship"])


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValidationFailed([("month", f"{text!r} is not a month (YYYY-MM)")]) from None


# --- sponsors and programmes ----------------------------------------------------------------------


class SponsorIn(Schema):
    kind: str
    name: str
    region_code: str


class SponsorOut(Schema):
    id: int
    kind: str
    name: str
    region_code: str = Field(alias="region_id")


class ProgrammeIn(Schema):
    sponsor_id: int
    name: str
    fiscal_year: int
    period_start: dt.date
    period_end: dt.date
    budget: int
    region_codes: list[str]
    quota: int | None = None
    with_jht: bool = False
    declared_income: int | None = None
    categories: list[str] | None = None
    min_age: int = 15
    max_age: int = 64


class ProgrammeOut(Schema):
    id: int
    sponsor_id: int
    sponsor_name: str = Field(alias="sponsor.name")
    name: str
    fiscal_year: int
    period_start: dt.date
    period_end: dt.date
    budget: int
    quota: int | None
    programmes: list[str] = Field(alias="programme_codes")
    declared_income: int
    categories: list[str]
    min_age: int
    max_age: int


class SummaryOut(Schema):
    budget: int
    committed: int
    left: int
    billed: int
    paid: int
    projected: int
    price: int
    enrolled: int
    waiting: int
    rejected: int
    exited: int
    replaced: int
    free_places: int | None


class ProgrammeDetailOut(ProgrammeOut):
    region_codes: list[str]
    summary: SummaryOut
    by_category: dict[str, int]
    by_regency: dict[str, int]


@router.post("/sponsorship/sponsors", response={201: SponsorOut})
def sponsor_new(request: HttpRequest, payload: SponsorIn) -> Status[Any]:
    return Status(201, sponsor_create(actor=_user(request), **payload.model_dump()))


@router.get("/sponsorship/programmes", response=list[ProgrammeOut])
@paginate(Pages)
def programmes(request: HttpRequest, q: str = "", year: int | None = None) -> Any:
    return selectors.programme_list(_user(request), query=q[:100], year=year)


@router.post("/sponsorship/programmes", response={201: ProgrammeDetailOut})
def programme_new(request: HttpRequest, payload: ProgrammeIn) -> Status[Any]:
    user = _user(request)
    data = payload.model_dump()
    sponsor = selectors.sponsors_visible_to(user).filter(pk=data.pop("sponsor_id")).first()
    if sponsor is None:
        raise ValidationFailed([("sponsor_id", "no such sponsor in your scope")])
    programme = programme_create(actor=user, sponsor=sponsor, **data)
    return Status(201, _detail(programme))


@router.get("/sponsorship/programmes/{programme_id}", response=ProgrammeDetailOut)
def programme(request: HttpRequest, programme_id: int) -> Any:
    return _detail(selectors.programme_for_user(_user(request), programme_id))


def _detail(programme: SponsoredProgramme) -> SponsoredProgramme:
    extra = cast(Any, programme)
    extra.region_codes = sorted(programme.regions.values_list("code", flat=True))
    extra.summary = selectors.programme_summary(programme, today=timezone.localdate())
    extra.by_category = {k: n for k, _, n in selectors.breakdown(programme, by="category")}
    extra.by_regency = {k: n for k, _, n in selectors.breakdown(programme, by="regency")}
    return programme


# --- beneficiaries --------------------------------------------------------------------------------


class BeneficiaryOut(Schema):
    id: int
    nik: str = Field(alias="person.nik")
    name: str = Field(alias="person.name")
    village_code: str = Field(alias="village_id")
    category: str
    source: str
    priority: int | None
    status: str
    reason: str
    detail: str
    membership_id: int | None
    enrolled_from: dt.date | None
    enrolled_until: dt.date | None
    exited_on: dt.date | None
    replaced_by_id: int | None


class BeneficiaryFilter(Schema):
    status: str = ""
    category: str = ""
    region: str = Field("", pattern=r"^\d{0,10}$")
    q: str = Field("", max_length=100)


@router.get("/sponsorship/programmes/{programme_id}/beneficiaries", response=list[BeneficiaryOut])
@paginate(Pages)
def beneficiaries(request: HttpRequest, programme_id: int, filters: Query[BeneficiaryFilter]) -> Any:
    found = selectors.programme_for_user(_user(request), programme_id)
    data = filters.model_dump()
    return selectors.beneficiary_list(found, **{"query": data.pop("q"), **data})


class ExitIn(Schema):
    reason: str
    on: dt.date


class HandOverIn(Schema):
    npp: str
    wage: int
    programmes: list[str]
    work_started: dt.date


class HandOverOut(Schema):
    beneficiary: BeneficiaryOut
    membership_id: int
    valid_from: dt.date


@router.post("/sponsorship/beneficiaries/{beneficiary_id}/exit", response=BeneficiaryOut)
def beneficiary_exit_endpoint(request: HttpRequest, beneficiary_id: int, payload: ExitIn) -> Beneficiary:
    user = _user(request)
    found = selectors.beneficiary_for_user(user, beneficiary_id)
    return beneficiary_exit(actor=user, beneficiary=found, **payload.model_dump())


@router.post("/sponsorship/beneficiaries/{beneficiary_id}/hand-over", response=HandOverOut)
def beneficiary_hand_over_endpoint(request: HttpRequest, beneficiary_id: int, payload: HandOverIn) -> Any:
    user = _user(request)
    scope.require_staff_writer(user)
    found = selectors.beneficiary_for_user(user, beneficiary_id)
    data = payload.model_dump()
    employer = employer_reference(data.pop("npp"), field="npp")
    pu = beneficiary_hand_over(actor=user, beneficiary=found, employer=employer, **data)
    found.refresh_from_db()
    return {"beneficiary": found, "membership_id": pu.pk, "valid_from": pu.valid_from}


# --- imports --------------------------------------------------------------------------------------


class ImportJobOut(Schema):
    job_id: int = Field(alias="id")
    status: str
    message: str
    import_id: int | None = None

    @staticmethod
    def resolve_import_id(obj: Job) -> int | None:
        return (obj.result or {}).get("import")


class ImportOut(Schema):
    id: int
    programme_id: int
    file_name: str
    start: dt.date
    rows: int
    enrolled: int
    waiting: int
    rejected: int


class ImportRowOut(Schema):
    row_number: int
    nik: str
    name: str
    outcome: str
    reason: str
    field: str
    message: str
    beneficiary_id: int | None


@router.post("/sponsorship/programmes/{programme_id}/imports", response={202: ImportJobOut})
def import_new(
    request: HttpRequest, programme_id: int, file: File[UploadedFile], start: Form[str] = ""
) -> Status[Job]:
    """Start importing a beneficiary list (CSV or XLSX); poll the job for its result."""
    user = _user(request)
    found = selectors.programme_for_user(user, programme_id)
    access.require_programme_writer(user, found)
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise ValidationFailed([("file", "upload a CSV or XLSX file")])
    first = import_start(found, _month(start) if start else None)
    stored = default_storage.save(f"sponsorship/{uuid.uuid4().hex}{suffix}", file)
    params = {"programme": found.pk, "stored": stored, "file_name": file.name, "start": first.isoformat()}
    return Status(202, job_start(actor=user, kind=IMPORT_JOB, params=params))


@router.get("/sponsorship/import-jobs/{job_id}", response=ImportJobOut)
def import_job(request: HttpRequest, job_id: int) -> Job:
    user = _user(request)
    job = Job.objects.filter(pk=job_id, kind=IMPORT_JOB).first()
    if job is None or not (job.created_by_id == user.pk or user.is_superuser):
        raise Http404(f"no import job {job_id} of yours")
    return job


@router.get("/sponsorship/imports/{import_id}", response=ImportOut)
def import_detail(request: HttpRequest, import_id: int) -> Any:
    return selectors.import_for_user(_user(request), import_id)


@router.get("/sponsorship/imports/{import_id}/rows", response=list[ImportRowOut])
@paginate(Pages, page_size=100)
def import_rows(request: HttpRequest, import_id: int, outcome: str = "", reason: str = "") -> Any:
    record = selectors.import_for_user(_user(request), import_id)
    return selectors.import_rows(record, outcome=outcome, reason=reason)


# --- renewal, statement ---------------------------------------------------------------------------


class RenewIn(Schema):
    into_id: int


@router.post("/sponsorship/programmes/{programme_id}/renew", response=ImportOut)
def renew(request: HttpRequest, programme_id: int, payload: RenewIn) -> Any:
    user = _user(request)
    found = selectors.programme_for_user(user, programme_id)
    into = selectors.programme_for_user(user, payload.into_id)
    return programme_renew(actor=user, programme=found, into=into)


class StatementOut(Schema):
    programme_id: int
    month: dt.date
    people: int
    amount: int
    price: int
    invoice_id: int | None
    invoice_number: str | None
    status: str | None


def _statement(programme: SponsoredProgramme, month: dt.date) -> dict[str, Any]:
    s = selectors.statement(programme, month)
    return {
        "programme_id": programme.pk,
        "month": s.month,
        "people": s.people,
        "amount": s.amount,
        "price": s.price,
        "invoice_id": s.invoice.pk if s.invoice else None,
        "invoice_number": s.invoice.number if s.invoice else None,
        "status": s.invoice.status if s.invoice else None,
    }


@router.get("/sponsorship/programmes/{programme_id}/statements/{month}", response=StatementOut)
def statement(request: HttpRequest, programme_id: int, month: str) -> Any:
    return _statement(selectors.programme_for_user(_user(request), programme_id), _month(month))


@router.post("/sponsorship/programmes/{programme_id}/statements/{month}/issue", response=StatementOut)
def statement_issue(request: HttpRequest, programme_id: int, month: str) -> Any:
    user = _user(request)
    found = selectors.programme_for_user(user, programme_id)
    invoice = programme_bill_issue(actor=user, programme=found, month=_month(month))
    return _statement(found, invoice.month)


# --- planner --------------------------------------------------------------------------------------


class PlannerQuery(Schema):
    budget: int | None = Field(None, ge=0, le=10**15)
    people: int | None = Field(None, ge=0, le=10**9)
    months: int = Field(12, ge=1, le=120)
    region: str = Field("", pattern=r"^\d{0,10}$")
    with_jht: bool = False
    month: str = ""


class PlannerOut(Schema):
    month: dt.date
    price: int
    people_for_budget: int | None = None
    budget_for_people: int | None = None
    region_waiting: int | None = None
    budget_for_region: int | None = None
    working: list[str]


@router.get("/sponsorship/planner", response=PlannerOut)
def planner(request: HttpRequest, params: Query[PlannerQuery]) -> Any:
    user = _user(request)
    scope.require_role(user, *PLANNERS)
    month = _month(params.month) if params.month else month_start(timezone.localdate())
    codes = ["JKK", "JKM", "JHT"] if params.with_jht else ["JKK", "JKM"]
    price = package_result(codes, minimum_income(month), month).totals["sponsor"]
    out: dict[str, Any] = {"month": month, "price": price, "working": []}
    if params.budget is not None:
        reach = budget_reach(budget=params.budget, price_per_month=price, months=params.months)
        out["people_for_budget"] = reach.people
        out["working"] += reach.working
    if params.people is not None:
        need = budget_for_people(people=params.people, price_per_month=price, months=params.months)
        out["budget_for_people"] = need.total
        out["working"] += need.working
    if params.region:
        waiting = selectors.waiting_uncovered(user, region=params.region, on=timezone.localdate())
        need = budget_for_people(people=waiting, price_per_month=price, months=params.months)
        out["region_waiting"], out["budget_for_region"] = waiting, need.total
        out["working"] += need.working
    return out
