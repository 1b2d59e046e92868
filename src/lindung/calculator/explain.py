"""What the simulation page shows beside the numbers: the programme names, a plain explanation of
each line, and the trace steps and benefit items in the reader's language. The rules name their
steps in English; every name is listed here so that it is translated (a test checks none is missing)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from lindung.rules.money import percent_text

PROGRAMME_NAMES = {
    "JKK": _("JKK — work accident"),
    "JKM": _("JKM — death"),
    "JHT": _("JHT — old-age savings"),
    "JP": _("JP — pension"),
    "JKP": _("JKP — job loss"),
    "JKK+JKM": _("JKK and JKM package"),
}

LINE_EXPLANATIONS = {
    ("PU", "JKK"): _(
        "Paid by the employer on the whole wage, at the rate of the workplace's risk class; "
        "never deducted from the worker's pay."
    ),
    ("PU", "JKM"): _("Paid by the employer on the whole wage; never deducted from the worker's pay."),
    ("PU", "JHT"): _(
        "Savings for old age: the employer and the worker each pay a share of the whole wage, "
        "credited to the worker's own account with yearly returns."
    ),
    ("PU", "JP"): _(
        "Pension: the employer and the worker each pay a share of the wage up to the JP wage cap "
        "of the month."
    ),
    ("PU", "JKP"): _(
        "Job-loss insurance: paid by the central government on the wage up to the JKP limit, "
        "together with part of the JKK the employer already pays; nothing extra for anyone else."
    ),
    ("BPU", "JKK"): _("A percentage of the declared income; paid by the participant or by a sponsor."),
    ("BPU", "JKM"): _("A flat amount every month; paid by the participant or by a sponsor."),
    ("BPU", "JHT"): _("Optional savings: a percentage of the declared income."),
    ("JAKON", "JKK"): _(
        "Paid by the contractor: on the wages when they are known, otherwise on the contract value by tiers."
    ),
    ("JAKON", "JKM"): _(
        "Paid by the contractor: on the wages when they are known, otherwise on the contract value by tiers."
    ),
    ("PMI", "JKK+JKM"): _("Paid once before departure: a package by the length of the work contract."),
    ("PMI", "JHT"): _("Optional savings: the monthly amount the participant chooses."),
}

ITEMS = {
    "lump_sum": _("Lump sum"),
    "periodic": _("Periodic benefit, paid at once"),
    "funeral": _("Funeral allowance"),
    "scholarship": _("Scholarship"),
    "death_lump_sum": _("Death benefit (multiple of the wage)"),
    "disability_lump_sum": _("Disability benefit (percentage × 80 × wage)"),
    "contributions": _("Contributions paid"),
    "returns": _("Returns credited"),
    "opening_balance": _("Opening balance"),
    "monthly_pension": _("Monthly pension"),
    "lump_sum_contributions": _("Lump sum: the contributions paid"),
    "partial_housing": _("Partial withdrawal for housing"),
    "partial_pension": _("Partial withdrawal for pension preparation"),
}
PATTERNS = [
    (re.compile(r"^cash_(\d+)_percent$"), _("Cash benefit at %(percent)s %% of the wage")),
    (re.compile(r"^stmb_(\d+)$"), _("Wage while unable to work, at %(percent)s %%")),
]

STEPS = [
    gettext_noop("JKK, employer share"),
    gettext_noop("JKM, employer share"),
    gettext_noop("JHT, employer share"),
    gettext_noop("JHT, worker share"),
    gettext_noop("JP wage base: the wage up to the JP wage cap of the contribution month"),
    gettext_noop("JP, employer share"),
    gettext_noop("JP, worker share"),
    gettext_noop("JP, share payable this month under PP 49/2020 (the rest is deferred)"),
    gettext_noop("JKP, paid by the central government on the wage up to the JKP limit"),
    gettext_noop("JKP, recomposed from the JKK the employer already pays (no extra charge)"),
    gettext_noop("JKP, recomposed from the JKM the employer already pays (no extra charge)"),
    gettext_noop("BPU declared income (at least the lowest level)"),
    gettext_noop("JKK, paid by the worker"),
    gettext_noop("JKK, paid by the sponsor"),
    gettext_noop("JKM, flat amount paid by the worker"),
    gettext_noop("JKM, flat amount paid by the sponsor"),
    gettext_noop("JHT, paid by the worker (no relief)"),
    gettext_noop("JHT, paid by the sponsor (no relief)"),
    gettext_noop("JKK, paid by the contractor on the wage"),
    gettext_noop("JKM, paid by the contractor on the wage"),
    gettext_noop("JKK, contract value tier"),
    gettext_noop("JKM, contract value tier"),
    gettext_noop("JKK, paid by the contractor on the contract value (sum of the tiers)"),
    gettext_noop("JKM, paid by the contractor on the contract value (sum of the tiers)"),
    gettext_noop("PMI JKK+JKM before placement"),
    gettext_noop("PMI JKK+JKM during and after placement: the shortest package covering the contract"),
    gettext_noop("PMI JKK+JKM for the months beyond the longest package"),
    gettext_noop("PMI JKK+JKM paid at once by the participant"),
    gettext_noop("PMI JHT, the monthly amount the participant chose"),
    gettext_noop("Late-payment fine: rate per month of delay × months late × amount due"),
    gettext_noop("JKM lump sum"),
    gettext_noop("JKM periodic benefit, paid at once"),
    gettext_noop("JKM funeral allowance"),
    gettext_noop("Scholarship condition: months of contributions at least the minimum"),
    gettext_noop("Scholarship: children covered × the most paid per child over all school levels"),
    gettext_noop("JKK death lump sum: a multiple of the monthly wage, at least the JKM lump sum"),
    gettext_noop("JKK funeral allowance"),
    gettext_noop("JKK periodic benefit, paid at once"),
    gettext_noop(
        "JKK disability lump sum: disability percentage × function lost × wage multiple × monthly wage"
    ),
    gettext_noop("JKK total disability periodic benefit, paid at once"),
    gettext_noop("STMB: percentage of the monthly wage for the days in this period"),
    gettext_noop("JKP benefit base: the last reported wage up to the JKP limit"),
    gettext_noop("JKP monthly cash for a block of months"),
    gettext_noop("JKP: months with contributions in the window ending with the PHK month"),
    gettext_noop("JKP: consecutive months of contributions up to the PHK"),
    gettext_noop("JKP: claim made within the claim window after the PHK"),
    gettext_noop("JKP: registered before the age limit"),
    gettext_noop("JHT year: balance brought forward and contributions earn the year's return (published)"),
    gettext_noop(
        "JHT year: balance brought forward and contributions earn the year's return "
        "(no published rate: assumed)"
    ),
    gettext_noop(
        "JHT year: balance brought forward and contributions earn the year's return "
        "(rate given for the simulation)"
    ),
    gettext_noop(
        "JHT partial withdrawal: allowed once after the minimum membership, a percentage of the balance"
    ),
    gettext_noop("JP pension age and date"),
    gettext_noop("JP months of contributions (masa iur)"),
    gettext_noop("Indexation: years without an inflation figure are indexed at 0 %"),
    gettext_noop("Indexed wages of a year: capped wages × inflation index up to the pension year"),
    gettext_noop("JP first-year monthly benefit: 1 % × masa iur in years × average indexed monthly wage"),
    gettext_noop("JP benefit kept between the minimum and the maximum in force when the pension starts"),
    gettext_noop("JP lump sum: fewer months than needed for a pension, the contributions paid are returned"),
]


def item_label(item: str) -> str:
    if item in ITEMS:
        return str(ITEMS[item])
    for pattern, label in PATTERNS:
        match = pattern.match(item)
        if match:
            return str(label) % {"percent": match.group(1)}
    return item


def _trace(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**step, "step": gettext(step["step"])} for step in steps]


def contribution_view(result: Any) -> dict[str, Any]:
    data = result.as_json()
    lines = []
    for line, raw in zip(data["lines"], result.lines, strict=True):
        lines.append(
            {
                **line,
                "name": PROGRAMME_NAMES.get(line["programme"], line["programme"]),
                "rate_percent": percent_text(raw.rate) if raw.rate is not None else None,
                "explanation": LINE_EXPLANATIONS.get((data["segment"], line["programme"]), ""),
                "deferred": raw.deferred,
            }
        )
    return {**data, "lines": lines, "trace": _trace(data["trace"])}


def benefit_view(result: Any) -> dict[str, Any]:
    data = result.as_json()
    lines = [{**line, "label": item_label(line["item"])} for line in data["lines"]]
    return {**data, "lines": lines, "trace": _trace(data["trace"])}
