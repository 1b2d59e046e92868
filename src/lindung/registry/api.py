"""Registry endpoints: people, employers, projects, memberships.

Reads go through the selectors (scope applied there); writes call one service each. References in
request bodies are by their public keys (NIK, NPP, project code); an unknown one is a 422 naming
the field.
"""

import datetime as dt
from typing import Annotated, Any, cast

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from lindung.accounts import scope
from lindung.accounts.models import User
from lindung.api.pagination import Pages
from lindung.registry import selectors
from lindung.registry.models import ConstructionProject, Employer, Membership, Person
from lindung.registry.services.employers import employer_register, employer_update
from lindung.registry.services.memberships import (
    membership_change,
    membership_end,
    membership_enrol,
    membership_switch_segment,
)
from lindung.registry.services.people import nik_warnings, person_register, person_update
from lindung.registry.services.projects import project_register

router = Router(tags=["registry"])


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; say so as a 422 instead of failing in the database.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Str = Annotated[str, AfterValidator(_no_nul)]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _writer(request: HttpRequest) -> User:
    """Writes are for administrators and branch officers; refuse others before looking anything up."""
    user = _user(request)
    scope.require_staff_writer(user)
    return user


# --- people ---------------------------------------------------------------------------------------


class PersonOut(Schema):
    nik: str
    name: str
    birth_date: dt.date
    sex: str
    village_code: str | None = Field(None, alias="village_id")
    phone: str


class PersonDetailOut(PersonOut):
    nik_warnings: list[str]

    @staticmethod
    def resolve_nik_warnings(obj: Person) -> list[str]:
        return nik_warnings(obj.nik)


class PersonIn(Schema):
    nik: Str = Field(max_length=32)
    name: Str = Field(max_length=200)
    birth_date: dt.date
    sex: Str = Field(max_length=10, description="M or F (L or P accepted)")
    village_code: Str | None = Field(None, max_length=20)
    phone: Str = Field("", max_length=40)


class PersonPatch(Schema):
    name: Str | None = Field(None, max_length=200)
    phone: Str | None = Field(None, max_length=40)
    village_code: Str | None = Field(None, max_length=20, description='"" removes the village')


class SearchQuery(Schema):
    q: Str = Field("", max_length=100, description="a NIK, the start of one, or words of the name")


@router.get("/people", response=list[PersonOut])
@paginate(Pages)
def people_list(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    return selectors.people_search(_user(request), filters.q)


@router.get("/people/{nik}", response=PersonDetailOut)
def person_detail(request: HttpRequest, nik: str) -> Person:
    return selectors.person_for_user(_user(request), nik=nik)


@router.post("/people", response={201: PersonDetailOut})
def person_create(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    return Status(201, person_register(actor=_writer(request), **payload.model_dump()))


@router.patch("/people/{nik}", response=PersonDetailOut)
def person_patch(request: HttpRequest, nik: str, payload: PersonPatch) -> Person:
    user = _writer(request)
    person = selectors.person_for_user(user, nik=nik)
    return person_update(actor=user, person=person, **payload.model_dump(exclude_unset=True))


# --- employers ------------------------------------------------------------------------------------


class EmployerOut(Schema):
    npp: str
    name: str
    region_code: str = Field(alias="region_id")
    size_class: str
    risk_class: str
    sector_code: str
    labour_intensive: bool


class EmployerIn(Schema):
    npp: Str = Field(max_length=40)
    name: Str = Field(max_length=200)
    region_code: Str = Field(max_length=20)
    size_class: Str = Field(max_length=20, description="besar, menengah, kecil or mikro")
    risk_class: Str = Field(max_length=5, description="I to V")
    sector_code: Str = Field("", max_length=20)
    labour_intensive: bool = False


class EmployerPatch(Schema):
    name: Str | None = Field(None, max_length=200)
    region_code: Str | None = Field(None, max_length=20)
    size_class: Str | None = Field(None, max_length=20)
    risk_class: Str | None = Field(None, max_length=5)
    sector_code: Str | None = Field(None, max_length=20)
    labour_intensive: bool | None = None


@router.get("/employers", response=list[EmployerOut])
@paginate(Pages)
def employers_list(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    return selectors.employer_search(_user(request), filters.q)


@router.get("/employers/{npp}", response=EmployerOut)
def employer_detail(request: HttpRequest, npp: str) -> Employer:
    return selectors.employer_for_user(_user(request), npp=npp)


@router.post("/employers", response={201: EmployerOut})
def employer_create(request: HttpRequest, payload: EmployerIn) -> Status[Employer]:
    return Status(201, employer_register(actor=_writer(request), **payload.model_dump()))


@router.patch("/employers/{npp}", response=EmployerOut)
def employer_patch(request: HttpRequest, npp: str, payload: EmployerPatch) -> Employer:
    user = _writer(request)
    employer = selectors.employer_for_user(user, npp=npp)
    return employer_update(actor=user, employer=employer, **payload.model_dump(exclude_unset=True))


class OnQuery(Schema):
    on: dt.date | None = Field(None, description="the day the memberships are valid (default: today)")


class MembershipOut(Schema):
    id: int
    nik: str
    person_name: str
    segment: str
    programmes: list[str]
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="exclusive: the first day no longer covered")
    wage: int | None
    employer: str | None
    project: str | None
    payer_kind: str
    sector: str
    pmi_contract_months: int | None
    pmi_jht_amount: int | None
    previous: int | None = Field(alias="previous_id")
    end_reason: str

    @staticmethod
    def resolve_nik(obj: Membership) -> str:
        return obj.person.nik

    @staticmethod
    def resolve_person_name(obj: Membership) -> str:
        return obj.person.name

    @staticmethod
    def resolve_programmes(obj: Membership) -> list[str]:
        return sorted(obj.programmes)

    @staticmethod
    def resolve_employer(obj: Membership) -> str | None:
        return obj.employer.npp if obj.employer_id and obj.employer else None

    @staticmethod
    def resolve_project(obj: Membership) -> str | None:
        return obj.project.code if obj.project_id and obj.project else None


@router.get("/employers/{npp}/workers", response=list[MembershipOut])
@paginate(Pages)
def employer_workers(request: HttpRequest, npp: str, when: Query[OnQuery]) -> Any:
    user = _user(request)
    employer = selectors.employer_for_user(user, npp=npp)
    workers = selectors.employer_workers(user, employer, on=when.on or dt.date.today())
    return workers.select_related("employer", "project")


# --- projects -------------------------------------------------------------------------------------


class ProjectOut(Schema):
    code: str
    contractor: str
    name: str
    contract_value: int
    start_date: dt.date
    end_date: dt.date = Field(description="the last day of work (inclusive)")
    region_code: str = Field(alias="region_id")

    @staticmethod
    def resolve_contractor(obj: ConstructionProject) -> str:
        return obj.contractor.npp


class ProjectIn(Schema):
    code: Str = Field(max_length=40)
    contractor: Str = Field(max_length=40, description="the contractor's NPP")
    name: Str = Field(max_length=200)
    contract_value: int = Field(description="rupiah")
    start_date: dt.date
    end_date: dt.date
    region_code: Str = Field(max_length=20)


@router.get("/projects", response=list[ProjectOut])
@paginate(Pages)
def projects_list(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    return selectors.project_search(_user(request), filters.q)


@router.get("/projects/{code}", response=ProjectOut)
def project_detail(request: HttpRequest, code: str) -> ConstructionProject:
    return selectors.project_for_user(_user(request), code=code)


@router.post("/projects", response={201: ProjectOut})
def project_create(request: HttpRequest, payload: ProjectIn) -> Status[ConstructionProject]:
    user = _writer(request)
    data = payload.model_dump()
    data["contractor"] = selectors.employer_reference(data["contractor"], field="contractor")
    return Status(201, project_register(actor=user, **data))


@router.get("/projects/{code}/workers", response=list[MembershipOut])
@paginate(Pages)
def project_workers(request: HttpRequest, code: str, when: Query[OnQuery]) -> Any:
    user = _user(request)
    project = selectors.project_for_user(user, code=code)
    return selectors.project_workers(user, project, on=when.on).select_related("employer", "project")


# --- memberships ----------------------------------------------------------------------------------


class MembershipQuery(Schema):
    nik: Str | None = Field(None, max_length=16)
    employer: Str | None = Field(None, max_length=40, description="NPP")
    project: Str | None = Field(None, max_length=40, description="project code")
    on: dt.date | None = Field(None, description="only the versions valid on this day")


class Enrolment(Schema):
    segment: Str = Field(max_length=10, description="PU, BPU, JAKON or PMI")
    programmes: list[Str] = Field(max_length=10, description="e.g. JKK, JKM, JHT")
    wage: int | None = Field(None, description="monthly wage (PU, Jakon) or declared income (BPU), rupiah")
    employer: Str | None = Field(None, max_length=40, description="NPP (PU)")
    project: Str | None = Field(None, max_length=40, description="project code (Jakon)")
    payer_kind: Str | None = Field(None, max_length=20)
    sector: Str = Field("", max_length=40)
    pmi_contract_months: int | None = None
    pmi_jht_amount: int | None = None


class EnrolIn(Enrolment):
    nik: Str = Field(max_length=32)
    start: dt.date


class ChangeIn(Schema):
    effective: dt.date
    wage: int | None = None
    programmes: list[Str] | None = Field(None, max_length=10)


class EndIn(Schema):
    end: dt.date = Field(description="exclusive: the first day no longer covered")
    reason: Str = Field(max_length=40)


class SwitchIn(Enrolment):
    on: dt.date


MEMBERSHIP_RELATED = ("person", "employer", "project")


@router.get("/memberships", response=list[MembershipOut])
@paginate(Pages)
def memberships_list(request: HttpRequest, filters: Query[MembershipQuery]) -> Any:
    qs = selectors.memberships_visible_to(_user(request)).select_related(*MEMBERSHIP_RELATED)
    if filters.nik is not None:
        qs = qs.filter(person__nik=filters.nik)
    if filters.employer is not None:
        qs = qs.filter(employer__npp=filters.employer.strip().upper())
    if filters.project is not None:
        qs = qs.filter(project__code=filters.project.strip().upper())
    if filters.on is not None:
        qs = qs.valid_on(filters.on)
    return qs.order_by("person__nik", "valid_from", "pk")


@router.get("/memberships/{int:pk}", response=MembershipOut)
def membership_detail(request: HttpRequest, pk: int) -> Membership:
    return selectors.membership_for_user(_user(request), pk=pk)


@router.post("/memberships", response={201: MembershipOut})
def membership_create(request: HttpRequest, payload: EnrolIn) -> Status[Membership]:
    user = _writer(request)
    data = _enrolment(payload)
    person = selectors.person_reference(data.pop("nik"))
    return Status(201, membership_enrol(actor=user, person=person, **data))


@router.post("/memberships/{int:pk}/change", response=MembershipOut)
def membership_change_post(request: HttpRequest, pk: int, payload: ChangeIn) -> Membership:
    user = _writer(request)
    membership = selectors.membership_for_user(user, pk=pk)
    return membership_change(actor=user, membership=membership, **payload.model_dump())


@router.post("/memberships/{int:pk}/end", response=MembershipOut)
def membership_end_post(request: HttpRequest, pk: int, payload: EndIn) -> Membership:
    user = _writer(request)
    membership = selectors.membership_for_user(user, pk=pk)
    return membership_end(actor=user, membership=membership, **payload.model_dump())


@router.post("/memberships/{int:pk}/switch", response={201: MembershipOut})
def membership_switch_post(request: HttpRequest, pk: int, payload: SwitchIn) -> Status[Membership]:
    user = _writer(request)
    membership = selectors.membership_for_user(user, pk=pk)
    return Status(201, membership_switch_segment(actor=user, membership=membership, **_enrolment(payload)))


def _enrolment(payload: Enrolment) -> dict[str, Any]:
    """The enrolment fields with NPP and project code turned into the employer and project."""
    data = payload.model_dump()
    data["employer"] = selectors.employer_reference(data["employer"]) if data["employer"] else None
    data["project"] = selectors.project_reference(data["project"]) if data["project"] else None
    return data
