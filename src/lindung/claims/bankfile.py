"""The bank payment file: one row per payment of a batch, CSV in UTF-8 with a byte-order mark and
formula-like cells neutralised (`lindung.coverage.exports`). The reference identifies the payment
when the bank answers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpResponse

from lindung.claims.models import BenefitPayment, PaymentBatch
from lindung.coverage.exports import csv_response

HEADER = (
    "reference",
    "payee_name",
    "bank_code",
    "account_number",
    "amount",
    "currency",
    "description",
    "due_date",
    "status",
)


def bank_file_rows(payments: Iterable[BenefitPayment]) -> Iterator[tuple[object, ...]]:
    for p in payments:
        yield (
            p.reference,
            p.payee_name,
            p.payee_bank,
            p.payee_account,
            p.amount,
            "IDR",
            f"{p.claim.number} {p.item} {p.sequence}",
            p.due_on.isoformat(),
            p.status,
        )


def bank_file_response(batch: PaymentBatch, payments: Iterable[BenefitPayment]) -> HttpResponse:
    return csv_response(f"{batch.number or batch.pk}.csv", HEADER, bank_file_rows(payments))
