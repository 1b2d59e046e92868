"""The calculator's one entry point for every edge (command, API, page): plain values in, a rules
result out, any refusal as a DomainError naming the edge's field. Nothing is stored."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
from collections.abc import Callable, Iterable
from typing import Any

from lindung import rules
from lindung.errors import DomainError
from lindung.registry.programmes import programme_rule
from lindung.rules.months import add_months, last_full_month, month_label, month_start

# rules' field names -> the names the edges use (CLI flags are these with dashes)
EDGE_FIELDS = {"size_class": "size", "pmi_jht": "jht"}
BENEFITS = ("JKM", "JKK-DEATH", "JKK-DISABILITY", "JKK-STMB", "JKP", "JKP-ELIGIBILITY", "JP", "JHT")


def _edge_field(field: str | None, segment: str | None = None) -> str | None:
    if field == "wage" and segment == "BPU":
        return "income"
    return EDGE_FIELDS.get(field or "", field)


def _default_programmes(segment: str, size: str | None, jht: int | None) -> frozenset[str]:
    if segment == "PU" and size:
        try:
            return programme_rule("PU", size_class=size).mandatory
        except ValueError:
            raise DomainError(
                f"{size!r} is not an employer size (besar, menengah, kecil, mikro)", field="size"
            ) from None
    if segment == "PMI" and jht:
        return frozenset({"JKK", "JKM", "JHT"})
    return rules.ContributionFacts.of(segment).programmes


def contribution_calculate(
    *,
    segment: str,
    month: str,
    wage: int | None = None,
    income: int | None = None,
    risk_class: str | None = None,
    size: str | None = None,
    labour_intensive: bool = False,
    programmes: Iterable[str] | None = None,
    sector: str | None = None,
    sponsored: bool = False,
    contract_value: int | None = None,
    contract_months: int | None = None,
    jht: int | None = None,
) -> rules.ContributionResult:
    """One membership's contribution for a month; PU without programmes takes those Perpres
    109/2013 makes mandatory for the employer's size (JKP only when asked for)."""
    seg = (segment or "").upper()
    if seg not in ("PU", "BPU", "JAKON", "PMI"):
        raise DomainError(f"{segment!r} is not a segment (PU, BPU, JAKON, PMI)", field="segment")
    chosen = (
        frozenset(p.strip().upper() for p in programmes if p.strip())
        if programmes
        else _default_programmes(seg, size, jht)
    )
    facts = rules.ContributionFacts(
        segment=seg,
        programmes=chosen,
        wage=income if seg == "BPU" and income is not None else wage,
        risk_class=risk_class.upper() if risk_class else None,
        size_class=size.lower() if size else None,
        labour_intensive=labour_intensive,
        sector=sector.lower() if sector else None,
        sponsored=sponsored,
        contract_value=contract_value,
        contract_months=contract_months,
        pmi_jht=jht,
    )
    try:
        return rules.contribution(facts, month)
    except rules.RulesError as exc:
        raise DomainError(exc.message, field=_edge_field(exc.field, seg)) from None


def _benefit_call(kind: str) -> Callable[..., Any]:
    calls: dict[str, Callable[..., Any]] = {
        "JKM": rules.jkm_benefit,
        "JKK-DEATH": rules.jkk_death_benefit,
        "JKK-DISABILITY": rules.jkk_disability_benefit,
        "JKK-STMB": rules.jkk_stmb_benefit,
        "JKP": rules.jkp_benefit,
        "JKP-ELIGIBILITY": rules.jkp_eligibility,
        "JP": rules.jp_benefit,
        "JHT": rules.jht_balance,
    }
    return calls[kind]


def benefit_calculate(kind: str, **fields: Any) -> Any:
    """A benefit (`BENEFITS`) from keyword fields named as the rules name them."""
    key = (kind or "").upper()
    if key not in BENEFITS:
        raise DomainError(f"{kind!r} is not a benefit ({', '.join(BENEFITS)})", field="benefit")
    call = _benefit_call(key)
    given = {k: v for k, v in fields.items() if v is not None and v != ""}
    for name, param in inspect.signature(call).parameters.items():
        if param.default is inspect.Parameter.empty and name not in given:
            raise DomainError("required", field=_edge_field(name))
    try:
        return call(**given)
    except rules.RulesError as exc:
        raise DomainError(exc.message, field=_edge_field(exc.field)) from None


def history_rows(text: str, columns: tuple[str, ...], *, source: str) -> list[tuple[Any, ...]]:
    """Rows (month, amounts...) from CSV text with a header `month,<columns>`; a bad cell raises
    DomainError naming the file, row and column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    wanted = ("month", *columns)
    missing = [c for c in wanted if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(
            f"{source}: the header must have {','.join(wanted)} (missing {', '.join(missing)})",
            field="history",
        )
    rows = []
    for n, row in enumerate(reader, start=2):
        amounts = []
        for column in columns:
            value = (row[column] or "").strip()
            if not value.isdigit():
                raise DomainError(
                    f"{source} row {n}, {column}: {value!r} is not a whole number of rupiah", field="history"
                )
            amounts.append(int(value))
        rows.append(((row["month"] or "").strip(), *amounts))
    return rows


def _months(first: str, last: dt.date) -> list[str]:
    """Every month from `first` (YYYY-MM) up to and including the month of `last`."""
    try:
        month = month_start(first, field="since")
    except rules.RulesError as exc:
        raise DomainError(exc.message, field="since") from None
    found = []
    while month <= last:
        found.append(month_label(month))
        month = add_months(month, 1)
    return found


def jp_simulation(*, birth_date: dt.date, wage: int, since: str) -> Any:
    """JP for someone earning `wage` every month from `since` until the pension starts."""
    try:
        _, due = rules.pension_age(birth_date)
    except rules.RulesError as exc:
        raise DomainError(exc.message, field="birth_date") from None
    history = [(m, wage) for m in _months(since, add_months(month_start(due), -1))]
    if not history:
        raise DomainError("must be before the pension date", field="since")
    return benefit_calculate("JP", birth_date=birth_date, history=history)


def jht_simulation(*, wage: int, since: str, as_of: dt.date, annual_return: str | None = None) -> Any:
    """JHT for a PU worker earning `wage` every month from `since` to `as_of`, each month's shares
    computed by the contribution rules of that month."""
    history = []
    for month in _months(since, last_full_month(as_of)):
        line = contribution_calculate(segment="PU", month=month, wage=wage, programmes=["JHT"]).line("JHT")
        history.append((month, line.employer, line.worker))
    if not history:
        raise DomainError("must be before the date of the balance", field="since")
    return benefit_calculate("JHT", history=history, as_of=as_of, annual_return=annual_return)
