"""JKP (job-loss insurance): whether a dismissed worker's contribution history qualifies, and the
monthly cash - PP 37/2021 (45 % x 3 months, 25 % x 3 months) for a PHK before 7 February 2025,
PP 6/2025 (60 % x 6 months) from that day - on the last reported wage up to Rp5.000.000."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lindung.rules.benefits.checks import event_day, whole
from lindung.rules.benefits.result import BenefitLine, BenefitResult, benefit_result
from lindung.rules.errors import RulesError
from lindung.rules.money import HUNDRED, apply_rate, rupiah
from lindung.rules.months import add_months, as_date, month_index, month_label, month_start
from lindung.rules.parameter import parameter
from lindung.rules.trace import Step, Trace


def _law(name: str, day: dt.date) -> Any:
    value = parameter(name, day, field="event_date")
    if value.value is None:
        raise RulesError(f"JKP did not exist on {day.isoformat()} (PP 37/2021)", field="event_date")
    return value


def jkp_benefit(event_date: dt.date | str, last_wage: int) -> BenefitResult:
    """The JKP cash for a PHK on `event_date`: each month's amount is the schedule's percentage of
    the last reported wage up to the JKP wage limit."""
    day = event_day(event_date)
    whole(last_wage, "last_wage", minimum=1)
    schedule_law, limit = _law("jkp.cash_benefit", day), _law("jkp.wage_limit", day)
    base = min(last_wage, limit.value)
    trace = Trace()
    trace.add(
        "JKP benefit base: the last reported wage up to the JKP limit",
        f"min({rupiah(last_wage)}, {rupiah(limit.value)}) = {rupiah(base)}",
        base,
        uses=((limit, rupiah(limit.value)),),
    )
    lines, schedule, month = [], [], 0
    for block in schedule_law.value:
        amount = apply_rate(base, block["percent"] / HUNDRED)
        trace.add(
            "JKP monthly cash for a block of months",
            f"{block['months']} × ({block['percent']} % × {rupiah(base)}) = "
            f"{block['months']} × {rupiah(amount)}",
            amount * block["months"],
            uses=((schedule_law, f"{block['percent']} % for {block['months']} months"),),
        )
        lines.append(BenefitLine(f"cash_{block['percent']}_percent", amount * block["months"]))
        for _ in range(block["months"]):
            month += 1
            schedule.append({"month": month, "percent": block["percent"], "amount": amount})
    return benefit_result("JKP", lines, trace, base=base, schedule=schedule)


@dataclass(frozen=True)
class JkpEligibility:
    eligible: bool
    reasons: list[str]
    months_in_window: int
    consecutive_months: int
    trace: list[Step] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reasons": self.reasons,
            "months_in_window": self.months_in_window,
            "consecutive_months": self.consecutive_months,
            "trace": [s.as_json() for s in self.trace],
            "parameters": self.parameters,
        }


def jkp_eligibility(
    event_date: dt.date | str,
    paid_months: Iterable[dt.date | str],
    *,
    claim_date: dt.date | str | None = None,
    age_at_registration: int | None = None,
) -> JkpEligibility:
    """Whether the contributions qualify for JKP after a PHK on `event_date`: contributions in
    enough of the months of the window ending with the PHK month, with a run of consecutive months
    ending in the PHK month or the month before; a claim within the claim window; and, when given,
    registration before the age limit. `reasons` lists every condition not met."""
    day = event_day(event_date)
    rules = _law("jkp.eligibility", day)
    window, claim_window = rules.value["window_months"], _law("jkp.claim_window", day)
    paid = {month_index(month_start(m, field="paid_months")) for m in paid_months}
    last = month_index(day)
    in_window = sum(1 for m in paid if last - window < m <= last)
    run_end = last if last in paid else last - 1
    run = 0
    while run_end - run in paid:
        run += 1
    trace, reasons = Trace(), []
    need, need_run = rules.value["min_months"], rules.value["min_consecutive_months"]
    trace.add(
        "JKP: months with contributions in the window ending with the PHK month",
        f"{in_window} of {window} months up to {month_label(day)} (need {need})",
        in_window,
        uses=((rules, f"{need} of {window} months"),),
    )
    trace.add(
        "JKP: consecutive months of contributions up to the PHK",
        f"{run} months (need {need_run})",
        run,
        uses=((rules, f"{need_run} consecutive months"),),
    )
    if in_window < need:
        reasons.append(f"contributions in {in_window} of the last {window} months; {need} needed")
    if run < need_run:
        reasons.append(f"{run} consecutive months of contributions before the PHK; {need_run} needed")
    if claim_date is not None:
        claimed = as_date(claim_date, field="claim_date")
        deadline = add_months(day, claim_window.value)
        trace.add(
            "JKP: claim made within the claim window after the PHK",
            f"{claimed.isoformat()} ≤ {deadline.isoformat()}",
            claimed <= deadline,
            uses=((claim_window, f"{claim_window.value} months"),),
        )
        if claimed < day:
            reasons.append("the claim date is before the PHK")
        elif claimed > deadline:
            reasons.append(
                f"claimed after {deadline.isoformat()} ({claim_window.value} months after the PHK)"
            )
    if age_at_registration is not None:
        whole(age_at_registration, "age_at_registration")
        limit = _law("jkp.registration_age", day)
        trace.add(
            "JKP: registered before the age limit",
            f"{age_at_registration} < {limit.value}",
            age_at_registration < limit.value,
            uses=((limit, f"under {limit.value}"),),
        )
        if age_at_registration >= limit.value:
            reasons.append(
                f"registered at {age_at_registration}; JKP needs registration before {limit.value}"
            )
    return JkpEligibility(not reasons, reasons, in_window, run, trace.steps, trace.parameters_json())
