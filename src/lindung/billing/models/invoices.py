"""Invoices (one per payer per contribution month) and their lines."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Programme


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Invoice(models.Model):
    """What one payer owes for one contribution month.

    `total` is the sum of the lines' `amount`; `allocated` the sum of the allocations to it. Both are
    kept by the services (set-based in `services.invoice_sets`) and checked by
    `selectors.invoice_mismatches`. The status follows from them: open (nothing allocated), partly
    paid, paid (allocated = total; an empty invoice counts as paid), or cancelled.
    Lines may be added only while nothing is allocated (see `services.invoices.invoice_issue`).
    """

    payer = models.ForeignKey(
        "billing.Payer", on_delete=models.PROTECT, related_name="invoices", db_index=False
    )  # invoice_one_per_payer_month indexes it
    month = models.DateField()  # first day of the contribution month
    number = models.CharField(max_length=30, unique=True)
    issued_at = models.DateTimeField(db_default=Now())
    due_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=InvoiceStatus.choices, db_default=InvoiceStatus.OPEN.value
    )
    total = models.BigIntegerField(db_default=0)
    allocated = models.BigIntegerField(db_default=0)
    updated_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["payer", "month"], name="invoice_one_per_payer_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="invoice_month_first_day"),
        ]
        indexes = [
            # oldest open invoice first (allocation) and arrears
            models.Index(
                fields=["payer", "month"],
                condition=Q(status__in=["open", "partly_paid"]),
                name="invoice_payer_outstanding",
            ),
            models.Index(fields=["month", "status"], name="invoice_month_status"),
            models.Index(fields=["due_date"], name="invoice_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self) -> int:
        return 0 if self.status == InvoiceStatus.CANCELLED else self.total - self.allocated

    @property
    def takes_lines(self) -> bool:
        return self.status != InvoiceStatus.CANCELLED and self.allocated == 0


class LineKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    ADJUSTMENT = "adjustment", _("Adjustment")
    FINE = "fine", _("Fine")


class InvoiceLine(models.Model):
    """One programme's amount for one membership and contribution month, as computed then.

    `facts` and `parameters` freeze what the amount was computed from. A line is identified by its
    idempotency key (membership, programme, contribution month, kind, revision) — or, for lines
    without a membership (a payer-level fine), (invoice, programme, contribution month, kind,
    revision) — so a re-run never duplicates it. `amount` is what the invoice's payer owes:
    employer + worker + sponsor shares (the government share is paid from the state budget and is
    shown for information).
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    membership = models.ForeignKey(
        "registry.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the idempotency key's index starts with it
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField(max_length=3, choices=Programme.choices)
    kind = models.CharField(max_length=12, choices=LineKind.choices, db_default=LineKind.CONTRIBUTION.value)
    contribution_month = models.DateField()
    revision = models.PositiveSmallIntegerField(db_default=0)
    base = models.BigIntegerField(null=True, blank=True)  # wage, declared income or contract value
    rate = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)  # fraction
    employer = models.BigIntegerField(db_default=0)
    worker = models.BigIntegerField(db_default=0)
    government = models.BigIntegerField(db_default=0)
    sponsor = models.BigIntegerField(db_default=0)
    amount = models.BigIntegerField()
    facts = models.JSONField()
    parameters = models.JSONField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "programme", "contribution_month", "kind", "revision"],
                condition=Q(membership__isnull=False),
                name="line_once_per_membership_key",
            ),
            models.UniqueConstraint(
                fields=["invoice", "programme", "contribution_month", "kind", "revision"],
                condition=Q(membership__isnull=True),
                name="line_once_per_invoice_key",
            ),
            models.CheckConstraint(
                condition=Q(amount=F("employer") + F("worker") + F("sponsor")), name="line_amount_is_shares"
            ),
            models.CheckConstraint(condition=Q(contribution_month__day=1), name="line_month_first_day"),
        ]
        indexes = [
            # a month's lines for the coverage status refresh (services.coverage_status)
            models.Index(fields=["contribution_month"], name="line_contribution_month"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.contribution_month:%Y-%m} {self.kind} {self.amount}"
