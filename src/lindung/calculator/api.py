"""The calculators under /api/v1/calc/...: public (they take and return no personal data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lindung import rules
from lindung.calculator.calculations import benefit_calculate, contribution_calculate

router = Router(tags=["calculator"], auth=None)

Money = int  # whole rupiah
Month = str  # YYYY-MM


class ContributionIn(Schema):
    segment: Literal["PU", "BPU", "JAKON", "PMI"]
    month: Month = Field(..., pattern=r"^\d{4}-\d{2}$", examples=["2025-06"])
    wage: Money | None = Field(None, ge=0)
    income: Money | None = Field(None, ge=0)
    risk_class: Literal["I", "II", "III", "IV", "V"] | None = None
    size: Literal["besar", "menengah", "kecil", "mikro"] | None = None
    labour_intensive: bool = False
    programmes: list[Literal["JKK", "JKM", "JHT", "JP", "JKP"]] | None = None
    sector: str | None = None
    sponsored: bool = False
    contract_value: Money | None = Field(None, ge=0)
    contract_months: int | None = Field(None, ge=1)
    jht: Money | None = Field(None, ge=0)


@router.post(
    "/calc/contribution", response=dict[str, Any], summary="Contribution of one membership for a month"
)
def calc_contribution(request: HttpRequest, payload: ContributionIn) -> dict[str, Any]:
    return contribution_calculate(**payload.dict()).as_json()


class JkmIn(Schema):
    event_date: dt.date
    months_contributed: int = Field(..., ge=0)
    children: int = Field(0, ge=0)


class JkkDeathIn(Schema):
    event_date: dt.date
    wage: Money = Field(..., ge=1)
    children: int = Field(0, ge=0)


class JkkDisabilityIn(JkkDeathIn):
    percent: Decimal = Field(Decimal(0), ge=0, le=100)
    function_percent: Decimal = Field(Decimal(100), ge=0, le=100)
    total: bool = False


class JkkStmbIn(Schema):
    event_date: dt.date
    wage: Money = Field(..., ge=1)
    days: int = Field(..., ge=1)


class JkpIn(Schema):
    event_date: dt.date
    last_wage: Money = Field(..., ge=1)


class JkpEligibilityIn(Schema):
    event_date: dt.date
    paid_months: list[Month]
    claim_date: dt.date | None = None
    age_at_registration: int | None = Field(None, ge=0)


class WageMonth(Schema):
    month: Month = Field(..., pattern=r"^\d{4}-\d{2}$")
    wage: Money = Field(..., ge=0)


class JpIn(Schema):
    birth_date: dt.date
    history: list[WageMonth]
    start: dt.date | None = None


class ContributionMonth(Schema):
    month: Month = Field(..., pattern=r"^\d{4}-\d{2}$")
    employer: Money = Field(..., ge=0)
    worker: Money = Field(..., ge=0)


class JhtIn(Schema):
    history: list[ContributionMonth]
    as_of: dt.date
    annual_return: Decimal | None = Field(None, ge=0, le=1)


@router.post("/calc/benefit/jkm", response=dict[str, Any], summary="JKM death benefit and scholarship")
def calc_jkm(request: HttpRequest, payload: JkmIn) -> dict[str, Any]:
    return benefit_calculate("JKM", **payload.dict()).as_json()


@router.post("/calc/benefit/jkk-death", response=dict[str, Any], summary="JKK death benefit")
def calc_jkk_death(request: HttpRequest, payload: JkkDeathIn) -> dict[str, Any]:
    return benefit_calculate("JKK-DEATH", **payload.dict()).as_json()


@router.post("/calc/benefit/jkk-disability", response=dict[str, Any], summary="JKK permanent disability")
def calc_jkk_disability(request: HttpRequest, payload: JkkDisabilityIn) -> dict[str, Any]:
    return benefit_calculate("JKK-DISABILITY", **payload.dict()).as_json()


@router.post("/calc/benefit/jkk-stmb", response=dict[str, Any], summary="JKK temporary incapacity (STMB)")
def calc_jkk_stmb(request: HttpRequest, payload: JkkStmbIn) -> dict[str, Any]:
    return benefit_calculate("JKK-STMB", **payload.dict()).as_json()


@router.post("/calc/benefit/jkp", response=dict[str, Any], summary="JKP cash benefit after a PHK")
def calc_jkp(request: HttpRequest, payload: JkpIn) -> dict[str, Any]:
    return benefit_calculate("JKP", **payload.dict()).as_json()


@router.post("/calc/benefit/jkp-eligibility", response=dict[str, Any], summary="JKP contribution conditions")
def calc_jkp_eligibility(request: HttpRequest, payload: JkpEligibilityIn) -> dict[str, Any]:
    return benefit_calculate("JKP-ELIGIBILITY", **payload.dict()).as_json()


@router.post(
    "/calc/benefit/jp", response=dict[str, Any], summary="JP pension or lump sum from a wage history"
)
def calc_jp(request: HttpRequest, payload: JpIn) -> dict[str, Any]:
    history = [(row.month, row.wage) for row in payload.history]
    return benefit_calculate(
        "JP", birth_date=payload.birth_date, history=history, start=payload.start
    ).as_json()


@router.post("/calc/benefit/jht", response=dict[str, Any], summary="JHT balance from a contribution history")
def calc_jht(request: HttpRequest, payload: JhtIn) -> dict[str, Any]:
    history = [(row.month, row.employer, row.worker) for row in payload.history]
    result = benefit_calculate(
        "JHT", history=history, as_of=payload.as_of, annual_return=payload.annual_return
    )
    return result.as_json()


@router.get("/calc/pension-age", response=dict[str, Any], summary="JP pension age and date for a birth date")
def calc_pension_age(request: HttpRequest, birth_date: dt.date) -> dict[str, Any]:
    age, day = rules.pension_age(birth_date)
    return {"birth_date": birth_date.isoformat(), "pension_age": age, "pension_date": day.isoformat()}
