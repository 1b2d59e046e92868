"""Importing a bank or virtual-account statement: every credit row that names a known payer is
posted through `payment_post`; the rest is reported, row by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction
from django.db.models import QuerySet

from lindung.audit.services import audit_record
from lindung.billing.models import Allocation, Channel, Invoice, Payer, Payment
from lindung.billing.services.coverage_status import coverage_status_refresh, memberships_of_invoices
from lindung.billing.services.payments import payment_post
from lindung.billing.statements import StatementError, StatementRow, payer_hint, statement_rows
from lindung.errors import DomainError, ValidationFailed
from lindung.jobs.progress import Progress


@dataclass(frozen=True)
class ReportRow:
    row: int
    amount: int
    reference: str
    message: str
    payment_id: int | None = None
    payer_id: int | None = None


@dataclass
class StatementReport:
    matched: list[ReportRow] = field(default_factory=list)
    unmatched: list[ReportRow] = field(default_factory=list)
    duplicates: list[ReportRow] = field(default_factory=list)
    rejected: list[ReportRow] = field(default_factory=list)

    @property
    def amount_posted(self) -> int:
        return sum(r.amount for r in self.matched)

    def counts(self) -> dict[str, int]:
        return {
            "matched": len(self.matched),
            "unmatched": len(self.unmatched),
            "duplicates": len(self.duplicates),
            "rejected": len(self.rejected),
            "amount_posted": self.amount_posted,
        }


def _targets(rows: list[StatementRow], scope: QuerySet[Payer]) -> tuple[dict[str, Payer], dict[str, Invoice]]:
    hints = [payer_hint(r) for r in rows]
    vas = {v for k, v in hints if k == "va"}
    numbers = {v for k, v in hints if k == "invoice"}
    payers = {p.virtual_account or "": p for p in scope.filter(virtual_account__in=vas)}
    invoices = {
        i.number: i
        for i in Invoice.objects.filter(number__in=numbers, payer__in=scope).select_related("payer")
    }
    return payers, invoices


def _post_row(
    row: StatementRow, *, actor: Any, channel: str, payers: dict[str, Payer], invoices: dict[str, Invoice]
) -> tuple[str, ReportRow]:
    kind, value = payer_hint(row)
    invoice = invoices.get(value) if kind == "invoice" else None
    payer = invoice.payer if invoice else payers.get(value) if kind == "va" else None

    def base(message: str, payment_id: int | None = None, payer_id: int | None = None) -> ReportRow:
        return ReportRow(row.row, row.amount, row.reference, message, payment_id, payer_id)

    if row.amount <= 0:
        return "rejected", base(message="not a credit (amount is not above 0)")
    if payer is None:
        why = (
            f"no payer with {'VA' if kind == 'va' else 'invoice'} {value}"
            if kind
            else "no VA or invoice number"
        )
        return "unmatched", base(message=why)
    existing = Payment.objects.filter(channel=channel, external_reference=row.reference).first()
    if existing is not None and existing.payer_id == payer.pk and existing.amount == row.amount:
        return "duplicates", base(
            message=f"already posted as payment {existing.pk}",
            payment_id=existing.pk,
            payer_id=payer.pk,
        )
    try:
        payment = payment_post(
            actor=actor,
            payer=payer,
            amount=row.amount,
            paid_on=row.paid_on,
            channel=channel,
            external_reference=row.reference,
            invoice=invoice if invoice and invoice.outstanding > 0 else None,
            note=row.description,
            refresh_coverage=False,
        )
    except DomainError as exc:
        return "rejected", base(message=exc.message, payer_id=payer.pk)
    return "matched", base(message=payer.name, payment_id=payment.pk, payer_id=payer.pk)


@transaction.atomic
def statement_import(
    *,
    actor: Any,
    file: BinaryIO | bytes,
    channel: str,
    payers: QuerySet[Payer] | None = None,
    progress: Progress | None = None,
) -> StatementReport:
    """Post the statement's credit rows that name a known payer (by VA, or by an invoice number in
    the description, which is then paid first). Rows already posted are reported as duplicates,
    unknown payers as unmatched, non-credits and conflicts as rejected. A file that cannot be read
    (bad header, dates or amounts) is refused whole, naming each row and column. `payers` limits
    the payers rows may match (a branch officer's scope); others are reported as unmatched."""
    if channel not in Channel.values:
        raise ValidationFailed([("channel", f"{channel!r} is not one of {', '.join(Channel.values)}")])
    data = file if isinstance(file, bytes) else file.read()
    try:
        rows = statement_rows(data)
    except StatementError as exc:
        raise ValidationFailed([(f, m) for f, m in exc.errors]) from exc
    progress = progress or Progress()
    progress.start(len(rows), "statement")
    by_va, invoices = _targets(rows, payers if payers is not None else Payer.objects.all())
    report = StatementReport()
    for row in rows:
        outcome, line = _post_row(row, actor=actor, channel=channel, payers=by_va, invoices=invoices)
        getattr(report, outcome).append(line)
        progress.advance(1)
    payment_ids = [r.payment_id for r in report.matched if r.payment_id is not None]
    if payment_ids:  # the memberships on the invoices these payments went to, refreshed at once
        invoice_ids = Allocation.objects.filter(payment_id__in=payment_ids).values_list(
            "invoice_id", flat=True
        )
        coverage_status_refresh(memberships=memberships_of_invoices(invoice_ids))
    progress.finish()
    audit_record(actor=actor, action="statement.import", object_type="billing.payment", after=report.counts())
    return report
