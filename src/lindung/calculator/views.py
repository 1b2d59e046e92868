"""The public page "Simulasi iuran dan manfaat": anyone enters a case and sees each line with its
explanation. Nothing is stored and no login is needed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.calculator import explain
from lindung.calculator.calculations import (
    benefit_calculate,
    contribution_calculate,
    jht_simulation,
    jp_simulation,
)
from lindung.calculator.forms import BenefitForm, ContributionForm
from lindung.errors import DomainError

# the edges' field names -> the page's fields
FORM_FIELDS = {"income": "wage", "last_wage": "wage", "pmi_jht": "jht"}


def _contribution(data: dict[str, Any]) -> Any:
    return contribution_calculate(
        segment=data["segment"],
        month=data["month"],
        wage=data["wage"],
        income=data["wage"],
        risk_class=data["risk_class"] or None,
        size=data["size"] or None,
        labour_intensive=data["labour_intensive"],
        programmes=data["programmes"] or None,
        sector=data["sector"] or None,
        sponsored=data["sponsored"],
        contract_value=data["contract_value"] if data["segment"] == "JAKON" else None,
        contract_months=data["contract_months"],
        jht=data["jht"],
    )


def _benefit(data: dict[str, Any]) -> Any:
    kind = data["benefit"]
    if kind == "JP":
        return jp_simulation(birth_date=data["birth_date"], wage=data["wage"], since=data["since"])
    if kind == "JHT":
        return jht_simulation(wage=data["wage"], since=data["since"], as_of=data["as_of"])
    fields: dict[str, Any] = {"event_date": data["event_date"]}
    if kind == "JKM":
        fields.update(months_contributed=data["months_contributed"] or 0, children=data["children"] or 0)
    elif kind == "JKP":
        fields["last_wage"] = data["wage"]
    else:
        fields["wage"] = data["wage"]
    if kind in ("JKK-DEATH", "JKK-DISABILITY"):
        fields["children"] = data["children"] or 0
    if kind == "JKK-DISABILITY":
        fields.update(percent=data["percent"] or 0, total=data["total"])
    if kind == "JKK-STMB":
        fields["days"] = data["days"]
    return benefit_calculate(kind, **fields)


def _run(form: ContributionForm | BenefitForm, compute: Any) -> Any:
    if not form.is_valid():
        return None
    try:
        return compute(form.cleaned_data)
    except DomainError as exc:
        field = FORM_FIELDS.get(exc.field or "", exc.field)
        form.add_error(field if field in form.fields else None, exc.message)
        return None


def simulation(request: HttpRequest) -> HttpResponse:
    calc = request.GET.get("calc")
    this_month = dt.date.today().strftime("%Y-%m")
    contribution_form = ContributionForm(
        request.GET if calc == "contribution" else None,
        prefix="c",
        initial={"segment": "PU", "month": this_month},
    )
    benefit_form = BenefitForm(
        request.GET if calc == "benefit" else None,
        prefix="b",
        initial={"benefit": "JKM", "as_of": dt.date.today()},
    )
    context: dict[str, Any] = {
        "contribution_form": contribution_form,
        "benefit_form": benefit_form,
        "calc": calc,
    }
    if calc == "contribution":
        result = _run(contribution_form, _contribution)
        context["contribution"] = explain.contribution_view(result) if result else None
    elif calc == "benefit":
        result = _run(benefit_form, _benefit)
        context["benefit"] = explain.benefit_view(result) if result else None
    return render(request, "calculator/simulation.html", context)
