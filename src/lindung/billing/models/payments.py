"""Money received, where it went, and what was paid back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    BANK = "BANK", _("Bank transfer")
    VA = "VA", _("Virtual account")
    TELLER = "TELLER", _("Branch counter")
    OTHER = "OTHER", _("Other")


class Payment(models.Model):
    """Money received from a payer. (channel, external_reference) identifies it: posting the same
    reference again returns this payment."""

    payer = models.ForeignKey(
        "billing.Payer", on_delete=models.PROTECT, related_name="payments", db_index=False
    )  # payment_payer indexes it
    amount = models.BigIntegerField()
    paid_on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    external_reference = models.CharField(max_length=80)
    received_at = models.DateTimeField(db_default=Now())
    note = models.CharField(max_length=250, blank=True, db_default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_reference"], name="payment_reference_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["payer", "paid_on"], name="payment_payer")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_reference} {self.amount}"


class Allocation(models.Model):
    """Part of a payment (or of the payer's credit, `payment` null) applied to an invoice.

    A negative allocation gives an invoice whose total is negative (adjustments exceeding charges)
    back to the payer's credit."""

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, related_name="allocations")
    amount = models.BigIntegerField()
    allocated_on = models.DateField()  # the payment's date, or the day credit was applied
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="allocation_not_zero")]

    def __str__(self) -> str:
        return f"{self.amount} → invoice {self.invoice_id}"


class Refund(models.Model):
    """Credit paid back to a payer. (payer, reference) identifies it."""

    payer = models.ForeignKey(
        "billing.Payer", on_delete=models.PROTECT, related_name="refunds", db_index=False
    )  # refund_reference_once indexes it
    amount = models.BigIntegerField()
    refunded_on = models.DateField()
    reference = models.CharField(max_length=80)
    reason = models.CharField(max_length=250)
    created_at = models.DateTimeField(db_default=Now())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-refunded_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["payer", "reference"], name="refund_reference_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"refund {self.reference} {self.amount}"
