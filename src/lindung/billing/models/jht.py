"""Each person's JHT account, kept as a ledger of signed entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class JhtEntryKind(models.TextChoices):
    EMPLOYER_SHARE = "employer_share", _("Employer share")
    WORKER_SHARE = "worker_share", _("Worker share")
    SPONSOR_SHARE = "sponsor_share", _("Sponsor share")
    YEARLY_RETURN = "yearly_return", _("Yearly return")
    WITHDRAWAL = "withdrawal", _("Withdrawal")


class JhtLedgerEntry(models.Model):
    """A credit (positive) or debit (negative) on a person's JHT account.

    Shares are credited from a paid invoice line, once per (line, kind); a yearly return once per
    (person, year); a withdrawal once per (person, reference).
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", db_index=False
    )  # jht_person_date indexes it
    entry_date = models.DateField()
    kind = models.CharField(max_length=16, choices=JhtEntryKind.choices)
    amount = models.BigIntegerField()
    invoice_line = models.ForeignKey(
        "billing.InvoiceLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # covered by jht_share_once
    )
    allocation = models.ForeignKey(
        "billing.Allocation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # for yearly returns
    reference = models.CharField(max_length=80, blank=True, db_default="")  # for withdrawals
    note = models.CharField(max_length=250, blank=True, db_default="")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["entry_date", "id"]
        indexes = [models.Index(fields=["person", "entry_date"], name="jht_person_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice_line", "kind"],
                condition=Q(invoice_line__isnull=False),
                name="jht_share_once",
            ),
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(kind="yearly_return"), name="jht_return_once_a_year"
            ),
            models.UniqueConstraint(
                fields=["person", "reference"], condition=Q(kind="withdrawal"), name="jht_withdrawal_once"
            ),
            models.CheckConstraint(
                condition=Q(kind="yearly_return", year__isnull=False) | ~Q(kind="yearly_return"),
                name="jht_return_has_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.entry_date} {self.kind} {self.amount}"


class JhtReturnRun(models.Model):
    """The yearly return credited for one year, and at what rate (so a second run at another rate
    is refused rather than mixed)."""

    year = models.PositiveSmallIntegerField(unique=True)
    rate = models.DecimalField(max_digits=9, decimal_places=6)
    accounts = models.BigIntegerField(db_default=0)
    total = models.BigIntegerField(db_default=0)
    credited_at = models.DateTimeField(db_default=Now())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"JHT return {self.year} at {self.rate}"
