"""Billing: payers, invoices and their lines, payments and allocations, refunds, JHT accounts.

Amounts are integer rupiah. Tables that the monthly billing run fills in bulk (invoices, lines)
carry their defaults in the database (`db_default`), so rows written with COPY or
`INSERT … SELECT` need no Python-side values.
"""

from lindung.billing.models.coverage import PROTECTED_STATUSES, CoverageMonth, CoverageStatus
from lindung.billing.models.invoices import Invoice, InvoiceLine, InvoiceStatus, LineKind
from lindung.billing.models.jht import JhtEntryKind, JhtLedgerEntry, JhtReturnRun
from lindung.billing.models.payers import Payer, PayerType
from lindung.billing.models.payments import Allocation, Channel, Payment, Refund
from lindung.billing.models.runs import BillingRun, BillingRunStatus

__all__ = [
    "PROTECTED_STATUSES",
    "Allocation",
    "BillingRun",
    "BillingRunStatus",
    "Channel",
    "CoverageMonth",
    "CoverageStatus",
    "Invoice",
    "InvoiceLine",
    "InvoiceStatus",
    "JhtEntryKind",
    "JhtLedgerEntry",
    "JhtReturnRun",
    "LineKind",
    "Payer",
    "PayerType",
    "Payment",
    "Refund",
]
