"""Upload of the employer's monthly workers file (`billing.sipp`): changed wages and leavers become
membership changes through the registry's services, all or nothing."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from lindung.accounts import scope
from lindung.audit.services import audit_record
from lindung.billing import duedates
from lindung.billing.sipp import COLUMNS, REASONS, REQUIRED, sipp_workers
from lindung.errors import DomainError, ValidationFailed
from lindung.registry.imports.columns import ImportFileError
from lindung.registry.imports.files import Unreadable, open_import_file
from lindung.registry.imports.values import CellError, digits, parse_date, parse_rupiah, text
from lindung.registry.models import Employer, Membership, Person
from lindung.registry.services.memberships import membership_change, membership_end

MAX_ROWS = 50_000  # a file is one employer's workers


@dataclass
class SippLine:
    """What happened (or would have happened) to one row."""

    row: int
    nik: str
    outcome: str  # changed | ended | changed, ended | unchanged | error
    message: str = ""


@dataclass
class SippReport:
    employer_id: int
    month: dt.date
    applied: bool = False
    lines: list[SippLine] = field(default_factory=list)

    @property
    def errors(self) -> list[SippLine]:
        return [line for line in self.lines if line.outcome == "error"]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {"rows": len(self.lines), "errors": len(self.errors)}
        for line in self.lines:
            for part in line.outcome.split(", "):
                if part != "error":
                    counts[part] = counts.get(part, 0) + 1
        return counts


@dataclass
class _Plan:
    row: int
    nik: str
    membership: Membership
    wage: int | None  # a new wage, or None
    leave: dt.date | None
    reason: str


def _columns(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = COLUMNS.get(text(name).casefold())
        if key and key not in found:
            found[key] = i
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        names = {"nik": "NIK", "wage": "Upah"}
        raise ValidationFailed([("file", f"row 1 has no column {names[k]}") for k in missing])
    return found


def _cell(cells: Any, columns: dict[str, int], key: str) -> Any:
    i = columns.get(key)
    return cells[i] if i is not None and i < len(cells) else None


def _read(path: Path) -> tuple[dict[str, int], list[tuple[int, Any]]]:
    try:
        with open_import_file(path) as f:
            columns = _columns(f.header)
            rows = []
            for number, cells in f.rows():
                rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    raise ValidationFailed([("file", f"more than {MAX_ROWS} rows")])
            return columns, rows
    except ImportFileError as exc:
        raise ValidationFailed([("file", exc.message)]) from exc


def _plan_row(
    number: int,
    cells: Any,
    columns: dict[str, int],
    workers: dict[str, Membership],
    people: set[str],
    seen: set[str],
    employer: Employer,
    month: dt.date,
) -> _Plan | SippLine:
    if isinstance(cells, Unreadable):
        return SippLine(number, "", "error", f"row {number}: cannot be read ({cells.reason})")  # type: ignore[attr-defined]
    problems: list[str] = []
    try:
        nik = digits(_cell(cells, columns, "nik"), what="NIK")
    except CellError as exc:
        return SippLine(number, "", "error", f"row {number}, NIK: {exc}")
    if not nik:
        return SippLine(number, "", "error", f"row {number}, NIK: is empty")
    if nik in seen:
        return SippLine(number, nik, "error", f"row {number}, NIK: {nik} is in the file twice")
    seen.add(nik)
    membership = workers.get(nik)
    if membership is None:
        why = (
            f"{nik} is not a worker of {employer.name} in {month:%Y-%m}"
            if nik in people
            else f"no person with NIK {nik}"
        )
        return SippLine(number, nik, "error", f"row {number}, NIK: {why}")
    wage: int | None = None
    raw_wage = _cell(cells, columns, "wage")
    try:
        wage = parse_rupiah(raw_wage)
        if wage <= 0:
            problems.append(f"Upah: {wage} must be more than 0")
    except CellError as exc:
        problems.append(f"Upah: {exc}" if text(raw_wage) else "Upah: is empty")
    leave: dt.date | None = None
    raw_leave, raw_reason = _cell(cells, columns, "leave_date"), text(_cell(cells, columns, "reason"))
    if text(raw_leave):
        try:
            leave = parse_date(raw_leave)
        except CellError as exc:
            problems.append(f"Tanggal keluar: {exc}")
    reason = REASONS.get(raw_reason.casefold(), "") if raw_reason else ""
    if raw_reason and not reason:
        problems.append(f'Alasan keluar: "{raw_reason}" is not one of {", ".join(sorted(REASONS))}')
    if text(raw_leave) and not raw_reason:
        problems.append("Alasan keluar: give the reason the worker leaves")
    if raw_reason and not text(raw_leave):
        problems.append("Tanggal keluar: give the first day the worker is no longer covered")
    if problems:
        return SippLine(number, nik, "error", f"row {number}, " + "; ".join(problems))
    if membership.end_reason and leave == membership.valid_to:
        leave = None  # already recorded: the download shows it
    new_wage = wage if wage != membership.wage else None
    if leave is not None and new_wage is not None and leave <= duedates.month_start(month):
        new_wage = None  # leaves before the month's wage would apply
    return _Plan(number, nik, membership, new_wage, leave, reason)


def _people_among(
    rows: list[tuple[int, Any]], columns: dict[str, int], workers: dict[str, Membership]
) -> set[str]:
    """The file's NIKs that are not the employer's workers but are known people (to tell "not this
    employer's worker" from "unknown NIK"), in a few queries."""
    niks = set()
    for _, cells in rows:
        if not isinstance(cells, Unreadable):
            try:
                nik = digits(_cell(cells, columns, "nik"), what="NIK")
            except CellError:
                continue
            if nik and nik not in workers:
                niks.add(nik)
    found: set[str] = set()
    ordered = sorted(niks)
    for i in range(0, len(ordered), 2000):
        found.update(Person.objects.filter(nik__in=ordered[i : i + 2000]).values_list("nik", flat=True))
    return found


class _Rollback(Exception):
    pass


def _apply(plan: _Plan, *, actor: Any, month: dt.date) -> str:
    membership = plan.membership
    done = []
    if plan.wage is not None:
        membership = membership_change(
            actor=actor, membership=membership, effective=duedates.month_start(month), wage=plan.wage
        )
        done.append("changed")
    if plan.leave is not None:
        membership_end(actor=actor, membership=membership, end=plan.leave, reason=plan.reason)
        done.append("ended")
    return ", ".join(done) or "unchanged"


def sipp_upload(
    *, actor: Any, employer: Employer, month: dt.date, file: bytes, filename: str = ""
) -> SippReport:
    """Read the employer's workers file for `month` and apply it: a changed Upah becomes
    `membership_change` from the first day of the month, a Tanggal keluar becomes `membership_end`.

    Every row is checked first (unknown NIK, not this employer's worker in the month, NIK twice, bad
    wage, date or reason); with any error nothing is written and the report lists each row's problem.
    Otherwise all changes are made in one transaction; if the registry refuses one (a wage below
    the minimum, a date before the version's start), everything is rolled back and that row is
    reported. Employer users for their own employer; staff writers in their regions.
    """
    scope.require_membership_writer(actor, region_code=employer.region_id, employer_id=employer.pk)
    if not isinstance(month, dt.date):
        raise ValidationFailed([("month", f"{month!r} is not a month")])
    month = duedates.month_start(month)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") or file.startswith(b"PK\x03\x04") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(file)
        tmp.flush()
        columns, rows = _read(Path(tmp.name))
    if not rows:
        raise ValidationFailed([("file", "the file has no worker rows")])
    workers = {m.person.nik: m for m in sipp_workers(employer, month)}
    people = _people_among(rows, columns, workers)
    report = SippReport(employer.pk, month)
    seen: set[str] = set()
    plans: list[_Plan] = []
    for number, cells in rows:
        outcome = _plan_row(number, cells, columns, workers, people, seen, employer, month)
        if isinstance(outcome, SippLine):
            report.lines.append(outcome)
        else:
            plans.append(outcome)
            report.lines.append(SippLine(outcome.row, outcome.nik, "unchanged"))
    if report.errors:
        return report
    by_row = {line.row: line for line in report.lines}
    try:
        with transaction.atomic():
            for plan in plans:
                try:
                    by_row[plan.row].outcome = _apply(plan, actor=actor, month=month)
                except DomainError as exc:
                    by_row[plan.row].outcome = "error"
                    by_row[plan.row].message = f"row {plan.row}: {exc.message}"
                    raise _Rollback from exc
            audit_record(
                actor=actor,
                action="sipp.upload",
                obj=employer,
                after={"month": month, "filename": filename[:200], **report.counts()},
            )
    except _Rollback:
        for line in report.lines:  # nothing was written
            if line.outcome != "error":
                line.outcome, line.message = "unchanged", "not applied: the file has an error"
        return report
    report.applied = True
    return report
