"""The rule cases in tests/rules/cases/*.yaml: each case names a calculator, its inputs, and the
expected values with the working beside them. Expectations match partially: only the keys given
are compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from lindung import rules
from lindung.rules.months import add_months, month_label, month_start

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


def _spans(spans: list[dict[str, Any]], amounts: tuple[str, ...]) -> list[tuple[Any, ...]]:
    rows = []
    for span in spans:
        month, last = month_start(str(span["from"])), month_start(str(span["to"]))
        while month <= last:
            rows.append((month_label(month), *(span[a] for a in amounts)))
            month = add_months(month, 1)
    return rows


def _facts(data: dict[str, Any]) -> rules.ContributionFacts:
    data = dict(data)
    programmes = data.pop("programmes", None)
    return rules.ContributionFacts.of(data.pop("segment"), programmes, **data)


def _run(case: dict[str, Any]) -> dict[str, Any]:
    calc, args = case["calc"], dict(case.get("args", {}))
    if calc == "contribution":
        facts = _facts(case["facts"])
        if "months" in case:
            results = [rules.contribution(facts, str(m)) for m in case["months"]]
            return {"sum_totals": {k: sum(r.totals[k] for r in results) for k in results[0].totals}}
        data = rules.contribution(facts, str(case["month"])).as_json()
        data.update({line["programme"]: {"deferred": 0, **line} for line in data["lines"]})
        data["trace"] = {step["step"]: step["result"] for step in data["trace"]}
        return data
    if calc == "parameter":
        return rules.parameter(args["name"], str(args["on"])).as_json()
    if calc == "late_fine":
        fine, _ = rules.late_fine(args["amount_due"], args["months_late"], str(args["contribution_month"]))
        return {"fine": fine}
    if calc == "pension_age":
        age, day = rules.pension_age(args["birth_date"])
        return {"age": age, "date": day}
    if calc == "jp_monthly_from_indexed":
        wages = [w for w in args["yearly_indexed"] for _ in range(12)]
        average, monthly = rules.jp_monthly_from_indexed(wages, args["on"])
        return {"average": average, "monthly": monthly}
    if "history_spans" in args:
        amounts = ("employer", "worker") if calc == "jht_balance" else ("wage",)
        args["history"] = _spans(args.pop("history_spans"), amounts)
    for key in ("opening_month", "paid_months"):
        if key in args:
            args[key] = [str(m) for m in args[key]] if isinstance(args[key], list) else str(args[key])
    data = getattr(rules, calc)(**args).as_json()
    if "lines" in data:
        data["lines"] = {line["item"]: line["amount"] for line in data["lines"]}
    return data


def _match(actual: Any, expected: Any, where: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a mapping, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing (have {sorted(actual)})"
            _match(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict) and "month" in expected[0]:
        by_month = {row["month"]: row for row in actual}
        for row in expected:
            _match(by_month[row["month"]], row, f"{where}[month {row['month']}]")
    elif isinstance(expected, dt.date):
        assert actual == expected.isoformat(), f"{where}: {actual!r} != {expected}"
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("case", _load())
def test_rule_case(case: dict[str, Any]) -> None:
    assert case.get("source"), "every case says where its expectation comes from"
    if "error" in case:
        with pytest.raises(rules.RulesError) as caught:
            _run(case)
        assert caught.value.field == case["error"]["field"], str(caught.value)
        return
    actual = _run(case)
    if case["calc"] == "pension_age":
        actual["date"] = actual["date"].isoformat()
    _match(actual, case["expect"], "result")
    for step in case.get("trace_absent", []):
        assert step not in actual["trace"], f"unexpected step {step!r}"
    if "approx" in case:
        target, within = case["approx"], case["approx"]["within"]
        for key, value in target.items():
            if key != "within":
                assert abs(actual[key] - value) <= value * within, (
                    f"{key}: {actual[key]} not within {within} of {value}"
                )
