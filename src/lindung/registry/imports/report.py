"""The outcome of an import run: counts, and every rejected row with its column and reason.

The counts are exact; the list of errors keeps the first `MAX_ERRORS` (a file of a million bad
rows must not make a report of a million lines) and says how many there were in all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

MAX_ERRORS = 1000
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


@dataclass
class ImportReport:
    kind: str
    file_name: str = ""
    sha256: str = ""
    all_or_nothing: bool = False
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates_flagged: int = 0
    rolled_back: bool = False  # all-or-nothing run with rejected rows: nothing was stored
    errors: list[RowError] = field(default_factory=list)
    errors_total: int = 0

    def reject(self, row: int, problems: list[tuple[str, str]]) -> None:
        """Count one rejected row and keep its problems (while the list has room)."""
        self.rejected += 1
        self.errors_total += len(problems)
        room = MAX_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(RowError(row, f, m) for f, m in problems[:room])

    @property
    def rows(self) -> int:
        return self.imported + self.updated + self.unchanged + self.rejected

    def roll_back(self) -> None:
        """All-or-nothing with rejections: the good rows were not stored after all."""
        self.rolled_back = True
        self.imported = self.updated = self.unchanged = self.duplicates_flagged = 0

    def as_json(self, *, max_errors: int | None = None) -> dict[str, Any]:
        errors = self.errors if max_errors is None else self.errors[:max_errors]
        return {
            "kind": self.kind,
            "file": self.file_name,
            "sha256": self.sha256,
            "all_or_nothing": self.all_or_nothing,
            "rolled_back": self.rolled_back,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "duplicates_flagged": self.duplicates_flagged,
            "errors_total": self.errors_total,
            "errors_truncated": len(errors) < self.errors_total,
            "errors": [e.as_json() for e in errors],
        }

    def summary(self) -> str:
        text = (
            f"{self.kind}: {self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected"
        )
        if self.duplicates_flagged:
            text += f", {self.duplicates_flagged} possible duplicates flagged"
        if self.rolled_back:
            text += " — nothing stored (all or nothing)"
        return text


def errors_csv(errors: list[dict[str, Any]]) -> str:
    """The errors of a report as CSV (with a BOM so Excel reads it as UTF-8); cells that a
    spreadsheet would take for a formula are neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(("row", "field", "message"))
    for e in errors:
        w.writerow((e["row"], neutralise(str(e["field"])), neutralise(str(e["message"]))))
    return out.getvalue()


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value
