"""`import_run`: one import of a file of people, employers, projects or memberships.

The file is read in batches in a thread of its own; each batch is staged and stored set-based,
committed batch by batch (or all in one transaction with `all_or_nothing`, rolled back if any row
is rejected). One audit event records the run: file name, sha256, counts and actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.audit.services import audit_record
from lindung.errors import DomainError
from lindung.jobs.progress import Progress
from lindung.registry.imports.columns import resolve_header
from lindung.registry.imports.employers import EmployersImport
from lindung.registry.imports.files import inspect, open_import_file
from lindung.registry.imports.kinds import ImportKind, import_scope
from lindung.registry.imports.memberships import MembershipsImport
from lindung.registry.imports.people import PeopleImport
from lindung.registry.imports.pipeline import Batch, in_thread, read_batches
from lindung.registry.imports.projects import ProjectsImport
from lindung.registry.imports.report import ImportReport
from lindung.registry.imports.run_keys import RunKeys
from lindung.registry.imports.staging import Staging

KINDS: dict[str, type[ImportKind]] = {
    k.name: k for k in (PeopleImport, EmployersImport, ProjectsImport, MembershipsImport)
}
BATCH_SIZE = 20_000


class _RollBack(Exception):
    """Raised inside the all-or-nothing transaction to undo it when a row was rejected."""


def import_kind(kind: str) -> type[ImportKind]:
    try:
        return KINDS[kind]
    except KeyError:
        raise DomainError(
            _("unknown import kind %(kind)s (use %(kinds)s)") % {"kind": kind, "kinds": ", ".join(KINDS)},
            field="kind",
        ) from None


def import_run(
    *,
    actor: Any,
    kind: str,
    path: Path,
    file_name: str | None = None,
    all_or_nothing: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import `path` as `kind` for `actor` (None: the command line, unrestricted). Raises
    PermissionDenied for a role that may not import this kind, ImportFileError for a file that
    cannot be read or whose header is wrong; bad rows are reported, never raised."""
    importer_class = import_kind(kind)
    scope = import_scope(actor, kind)
    progress = progress or Progress()
    facts = inspect(Path(path))
    report = ImportReport(kind, file_name or Path(path).name, facts.sha256, all_or_nothing)
    with open_import_file(Path(path), facts) as source:
        layout = resolve_header(source.header, importer_class.columns, kind=kind)
        importer = importer_class(scope, layout)
        importer.prepare()
        run = _Run(importer, Staging(importer.stage), report, progress, actor)
        progress.start(source.estimated_rows, _("importing %(kind)s") % {"kind": kind})
        batches = in_thread(read_batches(source.rows(), importer, layout, run.keys, size=batch_size))
        try:
            if all_or_nothing:
                run.all_or_nothing(batches)
            else:
                run.batched(batches)
        finally:
            run.keys.close()
    progress.finish()
    return report


class _Run:
    def __init__(
        self, importer: ImportKind, staging: Staging, report: ImportReport, progress: Progress, actor: Any
    ) -> None:
        self.importer, self.staging, self.report, self.progress, self.actor = (
            importer,
            staging,
            report,
            progress,
            actor,
        )
        self.keys = RunKeys()

    def batched(self, batches: Iterable[Batch]) -> None:
        """Each batch committed on its own; the run's closing work and audit event after them."""
        self.staging.create()
        try:
            for batch in batches:
                with transaction.atomic():
                    self._store(batch)
                self.progress.advance(batch.rows)
        finally:
            self.staging.drop()
        with transaction.atomic():
            self._finish()
            _audit(self.actor, self.report)

    def all_or_nothing(self, batches: Iterable[Batch]) -> None:
        """One transaction, undone (keeping the report and an audit event) if any row was rejected."""
        try:
            with transaction.atomic():
                self.staging.create()
                for batch in batches:
                    self._store(batch)
                    self.progress.advance(batch.rows)
                self.staging.drop()
                if self.report.rejected:
                    raise _RollBack
                self._finish()
                _audit(self.actor, self.report)
        except _RollBack:
            self.report.roll_back()
            with transaction.atomic():
                _audit(self.actor, self.report)

    def _store(self, batch: Batch) -> None:
        """Store one batch; every rejected row goes into the report, in row order."""
        report, importer = self.report, self.importer
        rejected = dict(batch.rejected)
        if batch.records:
            outcome = importer.store(self.staging, batch.records, batch.payload)
            rejected.update(outcome.rejected)
            report.imported += outcome.inserted
            report.updated += outcome.updated
            report.unchanged += outcome.unchanged
        for row in sorted(rejected):
            report.reject(row, [(importer.layout.name(field), message) for field, message in rejected[row]])

    def _finish(self) -> None:
        changed = self.report.imported + self.report.updated
        self.report.duplicates_flagged += self.importer.finish(self.keys.keys(), changed)


def _audit(actor: Any, report: ImportReport) -> None:
    summary = report.as_json(max_errors=0)
    summary.pop("errors")
    audit_record(
        actor=actor,
        action="registry.import",
        object_type="registry.import",
        object_id=report.kind,
        after=summary,
        note=report.file_name,
    )
