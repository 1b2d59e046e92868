"""The planner: with budget B for M months at package price P, how many people; the budget for N
people; the budget to cover everyone still waiting and uncovered in a region."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lindung.accounts import scope
from lindung.sponsorship import selectors
from lindung.sponsorship.forms import PlannerForm
from lindung.sponsorship.package import minimum_income, month_start, package_result
from lindung.sponsorship.planner import budget_for_people, budget_reach
from lindung.sponsorship.views import PLANNERS, who


@login_required
def planner(request: HttpRequest) -> HttpResponse:
    user = who(request)
    scope.require_role(user, *PLANNERS)
    form = PlannerForm(request.GET or None, initial={"months": 12})
    data = form.cleaned_data if form.is_valid() else {}
    month = month_start(data.get("month") or timezone.localdate())
    codes = ["JKK", "JKM", "JHT"] if data.get("with_jht") else ["JKK", "JKM"]
    package = package_result(codes, minimum_income(month), month)
    price = package.totals["sponsor"]
    months = data.get("months") or 12
    context: dict[str, object] = {
        "form": form,
        "price": price,
        "package": package,
        "month": month,
        "months": months,
    }
    if data.get("budget") is not None:
        context["reach"] = budget_reach(budget=data["budget"], price_per_month=price, months=months)
    if data.get("people") is not None:
        context["need"] = budget_for_people(people=data["people"], price_per_month=price, months=months)
    if data.get("region"):
        waiting = selectors.waiting_uncovered(user, region=data["region"], on=timezone.localdate())
        context["region_need"] = budget_for_people(people=waiting, price_per_month=price, months=months)
    return render(request, "sponsorship/planner.html", context)
