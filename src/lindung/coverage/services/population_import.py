"""An analyst adds or corrects population figures from a CSV or XLSX file.

Columns (header row, any order, any case): region_code, period, indicator, value, source,
source_url, quality, note. `source_url` and `note` may be empty; everything else is required —
above all the source, so every figure can be traced. The whole file is checked first; one bad row
stores nothing and every problem is reported with its row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from lindung.accounts import scope
from lindung.accounts.models import Role
from lindung.audit.services import audit_record
from lindung.coverage.models import Indicator, Quality
from lindung.coverage.services.population import NATIONAL, StatRow, month_start, stats_upsert
from lindung.errors import ValidationFailed
from lindung.registry.models import Region

COLUMNS = ("region_code", "period", "indicator", "value", "source", "source_url", "quality", "note")
REQUIRED = ("region_code", "period", "indicator", "value", "source", "quality")
MAX_ROWS = 50_000
MAX_ERRORS_SHOWN = 100
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int


# --- reading the file -------------------------------------------------------------------------------


def _rows(file: IO[bytes]) -> Iterator[list[Any]]:
    head = file.read(4)
    file.seek(0)
    if head == XLSX_MAGIC:
        yield from _xlsx_rows(file)
    else:
        yield from _csv_rows(file)


def _csv_rows(file: IO[bytes]) -> Iterator[list[Any]]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        sample = text.read(4096)
        text.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        yield from csv.reader(text, delimiter=delimiter)
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            [(None, f"the file is neither an XLSX workbook nor UTF-8 CSV ({exc.reason})")]
        ) from exc
    finally:
        if not text.closed:
            text.detach()  # leave the caller's file open


def _xlsx_rows(file: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationFailed([(None, f"the workbook cannot be read: {exc}")]) from exc
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        book.close()


def _header(cells: list[Any]) -> dict[str, int]:
    names = [str(c or "").strip().lower() for c in cells]
    errors: list[tuple[str | None, str]] = [
        (n, f"unknown column {n!r} (columns: {', '.join(COLUMNS)})") for n in names if n and n not in COLUMNS
    ]
    errors += [(c, f"the column {c!r} is missing") for c in REQUIRED if c not in names]
    if errors:
        raise ValidationFailed(errors)
    return {n: i for i, n in enumerate(names) if n}


# --- checking one row --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _period(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.day != 1:
            raise ValueError(f"{value.isoformat()}: a period is a survey month, write {value:%Y-%m}")
        return value
    return month_start(_text(value))


def _value(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number of persons")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    elif _text(value).isdigit():
        number = int(_text(value))
    else:
        raise ValueError(
            f"{_text(value)!r} is not a whole number of persons (write digits only, no separators)"
        )
    if number < 0:
        raise ValueError(f"{number} is negative")
    return number


class _RowChecker:
    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.codes = set(Region.objects.filter(current=True).values_list("code", flat=True))
        self.everywhere = scope.sees_everything(actor)
        self.own = scope.region_codes(actor) if actor.role == Role.BRANCH_OFFICER else []
        self.seen: dict[tuple[str, str, dt.date, str], int] = {}

    def check(
        self, number: int, cells: dict[str, Any], errors: list[tuple[str | None, str]]
    ) -> StatRow | None:
        before = len(errors)

        def fail(column: str, message: str) -> None:
            errors.append((column, f"row {number}, {column}: {message}"))

        for column in REQUIRED:
            if not _text(cells.get(column)):
                fail(column, "is empty")
        if len(errors) > before:
            return None
        code = _text(cells["region_code"]).replace(".", "").upper()
        if code != NATIONAL and code not in self.codes:
            fail("region_code", f"{code!r} is not a current Kemendagri region code")
        elif not self._may_change(code):
            fail("region_code", f"region {code} is outside your scope")
        indicator = _text(cells["indicator"])
        if indicator not in Indicator.values:
            fail("indicator", f"{indicator!r} is not one of {', '.join(Indicator.values)}")
        quality = _text(cells["quality"]).lower()
        if quality not in Quality.values:
            fail("quality", f"{quality!r} is not one of {', '.join(Quality.values)}")
        parsed: dict[str, Any] = {}
        for column, parse in (("period", _period), ("value", _value)):
            try:
                parsed[column] = parse(cells[column])
            except ValueError as exc:
                fail(column, str(exc))
        source = _text(cells["source"])
        if len(source) > 200:
            fail("source", "is longer than 200 characters")
        if len(errors) > before:
            return None
        row = StatRow(
            region_code=code,
            period=parsed["period"],
            indicator=indicator,
            value=parsed["value"],
            source=source,
            source_url=_text(cells.get("source_url"))[:500],
            quality=quality,
            note=_text(cells.get("note")),
        )
        first = self.seen.setdefault(row.key, number)
        if first != number:
            fail("source", f"same region, indicator, period and source as row {first}")
            return None
        return row

    def _may_change(self, code: str) -> bool:
        if self.everywhere:
            return True
        return code != NATIONAL and any(code.startswith(own) for own in self.own)


# --- the service ------------------------------------------------------------------------------------


def population_stat_import(*, actor: Any, file: IO[bytes]) -> ImportResult:
    """Check every row of `file`, then add its figures and correct those already stored under the
    same region, indicator, period and source. Raises `ValidationFailed` listing every bad row."""
    scope.require_staff_writer(actor)
    rows = _rows(file)
    header = next(rows, None)
    if header is None:
        raise ValidationFailed([(None, "the file is empty")])
    columns = _header(header)
    checker = _RowChecker(actor)
    errors: list[tuple[str | None, str]] = []
    good: list[StatRow] = []
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ValidationFailed([(None, f"the file has more than {MAX_ROWS:,} rows; split it")])
        if all(_text(c) == "" for c in cells):
            continue
        named = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        row = checker.check(number, named, errors)
        if row is not None:
            good.append(row)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append((None, f"… and {len(errors) - MAX_ERRORS_SHOWN} more problems"))
        raise ValidationFailed(shown)
    if not good:
        raise ValidationFailed([(None, "the file has no rows below its header")])
    with transaction.atomic():
        counts = stats_upsert(good)
        result = ImportResult(
            rows=len(good), created=counts.created, updated=counts.updated, unchanged=counts.unchanged
        )
        audit_record(
            actor=actor,
            action="population_stat.import",
            object_type="coverage.populationstat",
            before={c["key"]: c["before"] for c in counts.corrections},
            after={
                "file": getattr(file, "name", ""),
                **result.__dict__,
                "corrected": {c["key"]: c["after"] for c in counts.corrections},
            },
        )
    return result
