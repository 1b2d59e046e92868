"""`beneficiary_list_import`: a sponsor's beneficiary list (CSV or XLSX: NIK, name, birth date, sex,
village code, category, source, priority) read into a programme, with a result for every row.

Two phases, so a 100k-row list neither holds a transaction open while the file is read nor leaves
anything half-written:
1. read and check every row (no writes; progress is visible to the page polling the job);
2. in one transaction, under the programme's row lock: screen, allocate and persist (placement.py),
   then write the report rows and one audit event.
Memory grows with the list (a few hundred bytes a row: a 100k list is tens of MB).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.errors import ValidationFailed
from lindung.jobs.progress import Progress
from lindung.registry.imports.files import FileFacts
from lindung.registry.names import name_clean
from lindung.registry.nik import check_nik
from lindung.registry.services import checks
from lindung.registry.services.people import NAME_MAX
from lindung.sponsorship import access
from lindung.sponsorship.bulk import concrete, rows_insert
from lindung.sponsorship.listfile import (
    UNREADABLE,
    CellError,
    cell_nik,
    cell_priority,
    cell_sex,
    cell_village,
    list_facts,
    parse_date,
    read_beneficiary_rows,
    text,
)
from lindung.sponsorship.models import (
    BeneficiaryImport,
    BeneficiaryStatus,
    ImportRow,
    Reason,
    SponsoredProgramme,
)
from lindung.sponsorship.package import next_month
from lindung.sponsorship.placement import (
    Candidate,
    Verdict,
    allocate,
    lock_programme,
    persist,
    screen,
)
from lindung.sponsorship.services.setup import normalize_category

SEXES = {
    "M": "M",
    "F": "F",
    "L": "M",
    "P": "F",
    "LAKI-LAKI": "M",
    "PEREMPUAN": "F",
    "MALE": "M",
    "FEMALE": "F",
}
PROGRESS_EVERY = 1000


@dataclass
class RowProblem:
    """A row refused before any person is looked at (unreadable, invalid, or a duplicate)."""

    row_number: int
    nik: str
    name: str
    reason: str
    field: str
    message: str


def import_start(programme: SponsoredProgramme, start: dt.date | None) -> dt.date:
    """The first month paid for the people a list enrols: `start` (the first day of a month of the
    period), by default the next month (or the period's start, if later)."""
    if start is None:
        start = max(programme.period_start, next_month(timezone.localdate()))
    if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
        raise ValidationFailed([("start", f"{start!r} is not a date")])
    if start.day != 1:
        raise ValidationFailed([("start", f"{start.isoformat()} is not the first day of a month")])
    if not programme.period_start <= start <= programme.period_end:
        period = f"{programme.period_start:%Y-%m} to {programme.period_end:%Y-%m}"
        raise ValidationFailed([("start", f"{start:%Y-%m} is outside the programme's period {period}")])
    return start


def beneficiary_list_import(
    *,
    actor: Any,
    programme: SponsoredProgramme,
    path: Path,
    file_name: str = "",
    start: dt.date | None = None,
    progress: Progress | None = None,
) -> BeneficiaryImport:
    """Read the list at `path` into `programme`: eligible people are enrolled from `start` in
    priority order up to the quota and the budget; the rest wait; every other row says why not.
    Raises DomainError (field "file") when the file cannot be read at all."""
    access.require_programme_writer(actor, programme)
    start = import_start(programme, start)
    progress = progress or Progress()
    path = Path(path)
    facts = list_facts(path)
    progress.start(None, "reading the list")
    candidates, problems = _read(programme, path, facts, progress)
    progress.advance(0, "placing people")
    with transaction.atomic():
        programme = lock_programme(programme)
        record = BeneficiaryImport.objects.create(
            programme=programme,
            file_name=(file_name or path.name)[:255],
            sha256=facts.sha256,
            start=start,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        eligible, rejected = screen(programme, candidates, start)
        verdicts = allocate(programme, eligible, start) + rejected
        created = persist(
            actor=actor, programme=programme, verdicts=verdicts, start=start, list_import=record
        )
        _report(record, verdicts, problems)
        audit_record(
            actor=actor,
            action="beneficiary.import",
            obj=record,
            after={
                "programme": programme.pk,
                "file_name": record.file_name,
                "sha256": facts.sha256,
                "start": start,
                "rows": record.rows,
                "enrolled": record.enrolled,
                "waiting": record.waiting,
                "rejected": record.rejected,
                "memberships_created": created,
            },
        )
    progress.finish(f"{record.enrolled} enrolled, {record.waiting} waiting, {record.rejected} not enrolled")
    return record


def _read(
    programme: SponsoredProgramme, path: Path, facts: FileFacts, progress: Progress
) -> tuple[list[Candidate], list[RowProblem]]:
    categories = set(programme.categories)
    candidates: list[Candidate] = []
    problems: list[RowProblem] = []
    first_row: dict[str, int] = {}
    for n, (number, cells) in enumerate(read_beneficiary_rows(path, facts), start=1):
        parsed = _row(number, cells, categories)
        if isinstance(parsed, Candidate):
            if parsed.nik in first_row:
                seen = first_row[parsed.nik]
                parsed_problem = RowProblem(
                    number,
                    parsed.nik,
                    parsed.name,
                    Reason.DUPLICATE_IN_LIST,
                    "nik",
                    f"same NIK as row {seen}",
                )
                problems.append(parsed_problem)
            else:
                first_row[parsed.nik] = number
                candidates.append(parsed)
        else:
            problems.append(parsed)
        if n % PROGRESS_EVERY == 0:
            progress.advance(PROGRESS_EVERY)
    return candidates, problems


def _row(number: int, cells: dict[str, Any], categories: set[str]) -> Candidate | RowProblem:
    """One row checked field by field, as `person_register` checks a person."""
    if UNREADABLE in cells:
        return RowProblem(number, "", "", Reason.INVALID, "", f"the row cannot be read: {cells[UNREADABLE]}")
    errors = checks.Errors()
    nik = _cell(errors, "nik", cells.get("nik"), cell_nik)
    name = name_clean(checks.text(errors, "name", text(cells.get("name")), max_length=NAME_MAX))
    born = _cell(errors, "birth_date", cells.get("birth_date"), parse_date)
    sex = _cell(errors, "sex", cells.get("sex"), cell_sex)
    village = _cell(errors, "village_code", cells.get("village_code"), cell_village)
    if village and not (len(village) == 10 and village.isdigit()):
        errors.add("village_code", f"{village!r} is not a 10-digit village code")
    category = normalize_category(text(cells.get("category")))
    if category not in categories:
        errors.add("category", f"{category!r} is not one of the programme's: {', '.join(sorted(categories))}")
    source = checks.text(errors, "source", text(cells.get("source")), max_length=100, required=False)
    priority = _cell(errors, "priority", cells.get("priority"), cell_priority)
    nik_errors = [m for f, m in errors.items if f == "nik"]
    if nik is not None:
        nik_errors += check_nik(nik, birth_date=born, sex=sex).errors
    if nik_errors:
        written = nik or text(cells.get("nik"))
        return RowProblem(number, written, name, Reason.NIK_INVALID, "nik", "; ".join(nik_errors))
    if errors:
        field, message = errors.items[0]
        more = "; ".join(f"{f}: {m}" for f, m in errors.items[1:])
        return RowProblem(
            number, nik or "", name, Reason.INVALID, field or "", f"{message}{'; ' + more if more else ''}"
        )
    assert nik and born and sex and village
    return Candidate(
        order=number,
        row_number=number,
        nik=nik,
        name=name,
        birth_date=born,
        sex=sex,
        village_id=village,
        category=category,
        source=source,
        priority=priority,
    )


def _cell(errors: checks.Errors, field: str, value: Any, parse: Any) -> Any:
    try:
        return parse(value)
    except CellError as exc:
        errors.add(field, str(exc))
        return None


def _report(record: BeneficiaryImport, verdicts: Sequence[Verdict], problems: Sequence[RowProblem]) -> None:
    """One report row per list row, in the list's order."""
    rows = [verdict_row(record, v, v.candidate.row_number or 0) for v in verdicts]
    rows += [
        ImportRow(
            list_import=record,
            row_number=p.row_number,
            nik=p.nik[:40],
            name=p.name[:150],
            outcome=BeneficiaryStatus.REJECTED,
            reason=p.reason,
            field=p.field,
            message=p.message[:300],
        )
        for p in problems
    ]
    report_write(record, sorted(rows, key=lambda r: r.row_number))


def verdict_row(record: BeneficiaryImport, v: Verdict, row_number: int) -> ImportRow:
    enrolled = v.status == BeneficiaryStatus.ENROLLED
    message = v.detail or (f"enrolled from {record.start:%Y-%m}" if enrolled else "")
    return ImportRow(
        list_import=record,
        row_number=row_number,
        nik=v.candidate.nik[:40],
        name=v.candidate.name[:150],
        outcome=v.status,
        reason=v.reason,
        field=v.field,
        message=message[:300],
        beneficiary_id=v.beneficiary_id,
    )


def report_write(record: BeneficiaryImport, rows: Sequence[ImportRow]) -> None:
    """Store the report rows (COPY on PostgreSQL) and the counts on the record."""
    fields = [
        "list_import",
        "row_number",
        "nik",
        "name",
        "outcome",
        "reason",
        "field",
        "message",
        "beneficiary",
    ]
    attnames = [concrete(ImportRow, f).attname for f in fields]
    rows_insert(ImportRow, fields, ([getattr(r, a) for a in attnames] for r in rows))
    record.rows = len(rows)
    record.enrolled = sum(1 for r in rows if r.outcome == BeneficiaryStatus.ENROLLED)
    record.waiting = sum(1 for r in rows if r.outcome == BeneficiaryStatus.WAITING)
    record.rejected = record.rows - record.enrolled - record.waiting
    record.finished_at = timezone.now()
    record.save(update_fields=["rows", "enrolled", "waiting", "rejected", "finished_at"])
