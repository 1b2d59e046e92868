"""Contributions for many memberships at once, from columns (numpy arrays) rather than objects.

    result = contributions_batch("2025-06", segment="PU", columns={
        "wage": wages, "risk_class": classes, "labour_intensive": flags, "JKP": has_jkp})
    result["JP"]["worker"]      # int64 array, one amount per row
    result.parameters           # the parameter values in force, as JSON (to freeze on bill lines)

Columns by segment (programme columns "JKK".."JKP" are booleans; a missing one takes the segment's
usual programmes, as `ContributionFacts.of`):
  PU     wage, risk_class ("I".."V" or 1..5), labour_intensive
  BPU    wage (declared income), sector (str; "transport") or transport (bool), sponsored
  JAKON  wage and contract_value (one of them > 0 per row, the other 0)
  PMI    contract_months, pmi_jht (0 = no JHT)

Each programme gives {"base", "employer", "worker", "government", "sponsor", "amount", "deferred",
"present"}; rows without the programme are 0 (and present False); a base the scalar path leaves
None (flat amounts, packages) is 0. The rates come from the same month schedules as the scalar
path and every rupiah is rounded with the same integer formula, (2·base·num + den) // (2·den), so
the amounts are exactly those of `contribution()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from math import lcm
from typing import Any

import numpy as np
import numpy.typing as npt

from lindung.rules.contributions.bpu import bpu_schedule
from lindung.rules.contributions.facts import DEFAULT_PROGRAMMES, OFFERED, RISK_CLASSES
from lindung.rules.contributions.jakon import PROGRAMMES as JAKON_PROGRAMMES
from lindung.rules.contributions.jakon import jakon_schedule
from lindung.rules.contributions.pmi import PACKAGE, pmi_schedule
from lindung.rules.contributions.pu import pu_schedule
from lindung.rules.errors import RulesError
from lindung.rules.months import month_start
from lindung.rules.parameter import ParameterValue

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
LIMIT = 2**62  # products stay below this so that int64 never overflows


class BatchResult(dict[str, dict[str, Ints]]):
    """programme -> column -> int64 array; `.parameters` holds the values used, as JSON."""

    parameters: dict[str, Any]


def _ints(columns: Mapping[str, Any], name: str, n: int) -> Ints:
    if name not in columns:
        return np.zeros(n, dtype=np.int64)
    values = np.asarray(columns[name])
    if values.dtype.kind not in "iu" or values.shape != (n,):
        raise RulesError(f"must be {n} whole numbers", field=name)
    values = values.astype(np.int64)
    _fail_where(values < 0, name, "must not be negative")
    return values


def _flags(columns: Mapping[str, Any], name: str, n: int, default: bool = False) -> Bools:
    if name not in columns:
        return np.full(n, default, dtype=bool)
    values = np.asarray(columns[name])
    if values.shape != (n,):
        raise RulesError(f"must have {n} rows", field=name)
    return values.astype(bool)


def _fail_where(bad: Bools, field: str, message: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise RulesError(f"row {row}: {message}", field=field)


def _num_den(rates: list[Decimal]) -> tuple[list[int], int]:
    """Rates over one common denominator."""
    pairs = [r.as_integer_ratio() for r in rates]
    den = lcm(*(d for _, d in pairs))
    return [n * (den // d) for n, d in pairs], den


def _share(base: Ints, num: Ints | int, den: int) -> Ints:
    """base x num/den rounded half up, on int64 - the batch twin of `money.apply_rate`."""
    if len(base) and int(base.max()) * int(np.max(num)) * 2 + den >= LIMIT:
        raise RulesError("amounts too large for the batch path", field="wage")
    return (2 * base * num + den) // (2 * den)


def _rate_share(base: Ints, rate: Decimal) -> Ints:
    num, den = rate.as_integer_ratio()
    return _share(base, num, den)


def _line(n: int, present: Bools, base: Ints | None = None, **shares: Ints) -> dict[str, Ints]:
    zero = np.zeros(n, dtype=np.int64)
    line = {"base": zero if base is None else np.where(present, base, 0)}
    for payer in ("employer", "worker", "government", "sponsor", "deferred"):
        line[payer] = np.where(present, shares.get(payer, zero), 0)
    line["amount"] = line["employer"] + line["worker"] + line["government"] + line["sponsor"]
    line["present"] = present
    return line


def _programmes(columns: Mapping[str, Any], segment: str, n: int) -> dict[str, Bools]:
    chosen = {p: _flags(columns, p, n, default=p in DEFAULT_PROGRAMMES[segment]) for p in OFFERED[segment]}
    _fail_where(
        ~np.logical_or.reduce(list(chosen.values())), "programmes", "at least one programme is needed"
    )
    return chosen


def _risk_index(columns: Mapping[str, Any], n: int, needed: Bools) -> npt.NDArray[np.intp]:
    raw = np.asarray(columns.get("risk_class", np.full(n, "")))
    if raw.dtype.kind in "iu":
        index = raw.astype(np.intp) - 1
    else:
        index = np.full(n, -1, dtype=np.intp)
        for i, name in enumerate(RISK_CLASSES):
            index[raw == name] = i
    _fail_where(
        needed & ((index < 0) | (index >= len(RISK_CLASSES))),
        "risk_class",
        "must be one of I, II, III, IV, V",
    )
    return np.clip(index, 0, len(RISK_CLASSES) - 1)


def _pu(month: dt.date, columns: Mapping[str, Any], n: int) -> tuple[BatchResult, dict[str, ParameterValue]]:
    s = pu_schedule(month)
    has = _programmes(columns, "PU", n)
    wage = _ints(columns, "wage", n)
    _fail_where(wage == 0, "wage", "the monthly wage is required")
    klass = _risk_index(columns, n, has["JKK"])
    labour = _flags(columns, "labour_intensive", n)
    out = BatchResult()
    rates = [s.jkk_rate(c, li) for li in (False, True) for c in RISK_CLASSES]
    nums, den = _num_den(rates)
    table = np.array(nums, dtype=np.int64).reshape(2, len(RISK_CLASSES))
    out["JKK"] = _line(n, has["JKK"], wage, employer=_share(wage, table[labour.astype(np.intp), klass], den))
    out["JKM"] = _line(n, has["JKM"], wage, employer=_rate_share(wage, s.jkm))
    out["JHT"] = _line(
        n,
        has["JHT"],
        wage,
        employer=_rate_share(wage, s.jht_employer),
        worker=_rate_share(wage, s.jht_worker),
    )
    base = np.minimum(wage, s.jp_cap)
    due_e, due_w = _rate_share(base, s.jp_employer), _rate_share(base, s.jp_worker)
    paid_e, paid_w = (
        (due_e, due_w)
        if s.jp_payable == 1
        else (_rate_share(due_e, s.jp_payable), _rate_share(due_w, s.jp_payable))
    )
    out["JP"] = _line(
        n, has["JP"], base, employer=paid_e, worker=paid_w, deferred=due_e + due_w - paid_e - paid_w
    )
    if s.jkp is None or s.jkp_limit is None:
        _fail_where(has["JKP"], "programmes", f"JKP did not exist in {month:%Y-%m} (PP 37/2021)")
        out["JKP"] = _line(n, has["JKP"])
    else:
        base = np.minimum(wage, s.jkp_limit)
        out["JKP"] = _line(n, has["JKP"], base, government=_rate_share(base, s.jkp))
    return out, s.values


def _bpu(month: dt.date, columns: Mapping[str, Any], n: int) -> tuple[BatchResult, dict[str, ParameterValue]]:
    s = bpu_schedule(month)
    has = _programmes(columns, "BPU", n)
    _fail_where(~(has["JKK"] & has["JKM"]), "programmes", "BPU cover always includes JKK and JKM")
    income = _ints(columns, "wage", n)
    _fail_where(income < s.minimum_income, "wage", f"below the lowest declared income {s.minimum_income}")
    if "sector" in columns:
        transport = np.asarray(columns["sector"]) == "transport"
    else:
        transport = _flags(columns, "transport", n)
    sponsored = _flags(columns, "sponsored", n)
    jkk, jkm = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    for t in (False, True):
        for sp in (False, True):
            rows = (transport == t) & (sponsored == sp)
            if rows.any():
                jkk[rows] = _rate_share(income[rows], s.jkk(transport=t, sponsored=sp))
                jkm[rows] = _rate_share(
                    np.full(int(rows.sum()), s.jkm_amount, dtype=np.int64),
                    s.factor(transport=t, sponsored=sp),
                )
    jht = _rate_share(income, s.jht)
    out = BatchResult()
    for programme, amount, base in (("JKK", jkk, income), ("JKM", jkm, None), ("JHT", jht, income)):
        out[programme] = _line(
            n,
            has[programme],
            base,
            worker=np.where(sponsored, 0, amount),
            sponsor=np.where(sponsored, amount, 0),
        )
    return out, s.values


def _jakon(
    month: dt.date, columns: Mapping[str, Any], n: int
) -> tuple[BatchResult, dict[str, ParameterValue]]:
    s = jakon_schedule(month)
    has = _programmes(columns, "JAKON", n)
    wage, value = _ints(columns, "wage", n), _ints(columns, "contract_value", n)
    _fail_where((wage > 0) == (value > 0), "wage", "give either the wage or the contract value")
    by_contract = value > 0
    out = BatchResult()
    for programme in JAKON_PROGRAMMES:
        nums, den = _num_den([rates[programme] for _, rates in s.tiers])
        bounds = [above for above, _ in s.tiers]
        numerator = np.zeros(n, dtype=np.int64)
        for i, above in enumerate(bounds):
            upper = bounds[i + 1] if i + 1 < len(bounds) else None
            part = np.clip(value - above, 0, None if upper is None else upper - above)
            if len(part) and int(part.max()) * nums[i] * 2 >= LIMIT // len(bounds):
                raise RulesError("contract value too large for the batch path", field="contract_value")
            numerator += part * nums[i]
        tiered = (2 * numerator + den) // (2 * den)
        amount = np.where(by_contract, tiered, _rate_share(wage, s.wage_rate[programme]))
        out[programme] = _line(n, has[programme], np.where(by_contract, value, wage), employer=amount)
    return out, s.values


def _pmi(month: dt.date, columns: Mapping[str, Any], n: int) -> tuple[BatchResult, dict[str, ParameterValue]]:
    s = pmi_schedule(month)
    months, jht = _ints(columns, "contract_months", n), _ints(columns, "pmi_jht", n)
    _fail_where(months == 0, "contract_months", "the length of the work contract is required")
    has_jht = jht > 0
    if "JHT" in columns:
        _fail_where(
            _flags(columns, "JHT", n) != has_jht, "pmi_jht", "give the JHT amount exactly when JHT is chosen"
        )
    _fail_where(
        has_jht & ((jht < s.jht_minimum) | (jht > s.jht_maximum)), "pmi_jht", "outside the allowed JHT range"
    )
    package_months = np.array([m for m, _ in s.placement], dtype=np.int64)
    package_amounts = np.array([a for _, a in s.placement], dtype=np.int64)
    index = np.searchsorted(package_months, months, side="left")
    longest = len(package_months) - 1
    extra = np.where(index > longest, months - package_months[longest], 0)
    total = s.pre_placement + package_amounts[np.minimum(index, longest)] + extra * s.extra_month
    out = BatchResult()
    out[PACKAGE] = _line(n, np.ones(n, dtype=bool), worker=total)
    out["JHT"] = _line(n, has_jht, worker=jht)
    return out, s.values


SEGMENTS = {"PU": _pu, "BPU": _bpu, "JAKON": _jakon, "PMI": _pmi}


def contributions_batch(month: dt.date | str, *, segment: str, columns: Mapping[str, Any]) -> BatchResult:
    """Contributions of many memberships of one segment for one contribution month."""
    if segment not in SEGMENTS:
        raise RulesError(f"{segment!r} is not a segment ({', '.join(SEGMENTS)})", field="segment")
    sizes = {np.asarray(v).shape[0] for v in columns.values()}
    if len(sizes) != 1:
        raise RulesError("every column must have the same number of rows", field="columns")
    out, values = SEGMENTS[segment](month_start(month), columns, sizes.pop())
    out.parameters = {name: value.as_json() for name, value in sorted(values.items())}
    return out
