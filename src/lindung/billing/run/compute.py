"""The lines of a batch of memberships for one contribution month, from the rules' batch path.

One `contributions_batch` call per segment present in the batch (columns in, exactly the amounts of
`lindung.rules.contribution` out). Each line freezes the facts it was computed from (`facts`, one
JSON text shared by the membership's lines) and the parameter values in force (`parameters`, one
JSON text shared by the batch).

Lines billed once rather than monthly:
- Jakon without known wages: the contract-value contribution (marginal tiers, regulation.md §3.7) is
  billed once per project, on the project's first wage-less membership (lowest id), in the month
  that membership starts. The project's other wage-less memberships bill nothing.
- PMI: the protection package (JKK + JKM for the whole contract, §3.8) is billed once, in the month
  the membership starts, as a line of programme JKK whose facts say `"package": "JKK+JKM"` (an
  invoice line carries one programme); the optional JHT is billed monthly.

A membership the rules refuse (no wage, unknown risk class, …) is left out and reported as a
problem naming the membership and the field; the rest of the batch is billed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from lindung.billing.models import LineKind
from lindung.registry.models import Membership, PayerKind, Segment
from lindung.rules.contributions.batch import contributions_batch
from lindung.rules.contributions.pmi import PACKAGE
from lindung.rules.errors import RulesError
from lindung.rules.months import month_start

PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
SHARES = ("employer", "worker", "government", "sponsor")
_ROW = re.compile(r"^row (\d+): ")


class Line(NamedTuple):
    """One line to write (see `InvoiceLine`); `facts` and `parameters` are JSON texts."""

    payer_id: int
    membership_id: int | None
    person_id: int | None
    programme: str
    contribution_month: dt.date
    base: int | None
    employer: int
    worker: int
    government: int
    sponsor: int
    facts: str
    parameters: str
    kind: str = LineKind.CONTRIBUTION
    revision: int = 0

    @property
    def amount(self) -> int:
        return self.employer + self.worker + self.sponsor


_ENCODER = json.JSONEncoder(separators=(",", ":"), sort_keys=True, default=str)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _facts(row: dict[str, Any], month: dt.date) -> dict[str, Any]:
    segment = row["segment"]
    facts: dict[str, Any] = {
        "segment": segment,
        "programmes": [p for p in PROGRAMMES if row[p.lower()]],
        "version_from": row["valid_from"].isoformat(),
        "month": f"{month:%Y-%m}",
    }
    if segment == Segment.PU:
        facts |= {
            "wage": row["wage"],
            "risk_class": row["employer__risk_class"],
            "labour_intensive": bool(row["employer__labour_intensive"]),
        }
    elif segment == Segment.BPU:
        facts |= {
            "wage": row["wage"],
            "sector": row["sector"],
            "sponsored": row["payer_kind"] == PayerKind.SPONSOR,
        }
    elif segment == Segment.JAKON:
        if row["wage"]:
            facts["wage"] = row["wage"]
        else:
            facts |= {"contract_value": row["project__contract_value"], "project": row["project_id"]}
    else:
        facts |= {"contract_months": row["pmi_contract_months"], "pmi_jht": row["pmi_jht_amount"]}
    return facts


def _columns(segment: str, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def ints(name: str) -> np.ndarray:
        return np.array([r[name] or 0 for r in rows], dtype=np.int64)

    flags = {p: np.array([bool(r[p.lower()]) for r in rows]) for p in PROGRAMMES}
    if segment == Segment.PU:
        return {
            "wage": ints("wage"),
            "risk_class": np.array([r["employer__risk_class"] or "" for r in rows]),
            "labour_intensive": np.array([bool(r["employer__labour_intensive"]) for r in rows]),
            **flags,
        }
    if segment == Segment.BPU:
        return {
            "wage": ints("wage"),
            "sector": np.array([r["sector"] or "" for r in rows]),
            "sponsored": np.array([r["payer_kind"] == PayerKind.SPONSOR for r in rows]),
            **{p: flags[p] for p in ("JKK", "JKM", "JHT")},
        }
    if segment == Segment.JAKON:
        wages = ints("wage")
        contract = np.array(
            [0 if r["wage"] else r["project__contract_value"] or 0 for r in rows], dtype=np.int64
        )
        return {"wage": wages, "contract_value": contract, "JKK": flags["JKK"], "JKM": flags["JKM"]}
    return {
        "contract_months": ints("pmi_contract_months"),
        "pmi_jht": ints("pmi_jht_amount"),
        "JHT": flags["JHT"],
    }


def _first_month(row: dict[str, Any], month: dt.date) -> bool:
    return row["previous_id"] is None and month_start(row["valid_from"]) == month


def jakon_anchors(project_ids: set[int]) -> dict[int, int]:
    """Each project's first wage-less Jakon membership (the one that bills the contract value)."""
    if not project_ids:
        return {}
    rows = (
        Membership.objects.filter(project_id__in=project_ids, segment=Segment.JAKON, wage__isnull=True)
        .order_by("project_id", "pk")
        .values_list("project_id", "pk")
    )
    anchors: dict[int, int] = {}
    for project, pk in rows:
        anchors.setdefault(project, pk)
    return anchors


def _billed_rows(month: dt.date, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the wage-less Jakon memberships that bill nothing this month (module docstring)."""
    contract = [r for r in rows if r["segment"] == Segment.JAKON and not r["wage"]]
    if not contract:
        return rows
    anchors = jakon_anchors({r["project_id"] for r in contract if r["project_id"]})
    skip = {
        r["id"] for r in contract if anchors.get(r["project_id"]) != r["id"] or not _first_month(r, month)
    }
    return [r for r in rows if r["id"] not in skip]


def compute_lines(month: dt.date, rows: list[dict[str, Any]]) -> tuple[list[Line], list[str]]:
    """The lines of `rows` (population.FIELDS) for contribution `month`, and the problems found."""
    lines: list[Line] = []
    problems: list[str] = []
    no_payer = [r for r in rows if r["_payer"] is None]
    problems += [f"membership {r['id']}: has no payer" for r in no_payer]
    rows = _billed_rows(month, [r for r in rows if r["_payer"] is not None])
    by_segment: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_segment.setdefault(r["segment"], []).append(r)
    for segment, group in by_segment.items():
        result = None
        while group:
            try:
                result = contributions_batch(month, segment=segment, columns=_columns(segment, group))
                break
            except RulesError as error:
                found = _ROW.match(str(error))
                if found is None:  # not about one row: the whole group stays unbilled
                    problems += [f"membership {r['id']}: {error.field}: {error}" for r in group]
                    group = []
                    break
                i = int(found.group(1))
                problems.append(f"membership {group[i]['id']}: {error.field}: {str(error)[found.end() :]}")
                group = group[:i] + group[i + 1 :]
        if result is None or not group:
            continue
        parameters = _dumps(result.parameters)
        facts = [_dumps(_facts(r, month)) for r in group]
        first = [_first_month(r, month) for r in group]
        for programme, cols in result.items():
            present = cols["present"]
            code = programme
            if programme == PACKAGE:  # PMI package: once, in the first month (module docstring)
                present = present & np.array(first)
                code = "JKK"
            base, employer, worker = cols["base"].tolist(), cols["employer"].tolist(), cols["worker"].tolist()
            government, sponsor = cols["government"].tolist(), cols["sponsor"].tolist()
            for i in np.flatnonzero(present).tolist():
                r = group[i]
                lines.append(
                    Line(
                        payer_id=r["_payer"],
                        membership_id=r["id"],
                        person_id=r["person_id"],
                        programme=code,
                        contribution_month=month,
                        base=base[i] or None,
                        employer=employer[i],
                        worker=worker[i],
                        government=government[i],
                        sponsor=sponsor[i],
                        facts=facts[i] if programme != PACKAGE else facts[i][:-1] + ',"package":"JKK+JKM"}',
                        parameters=parameters,
                    )
                )
    return lines, problems
