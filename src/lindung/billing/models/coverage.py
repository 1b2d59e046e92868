"""Coverage status per membership and contribution month: the maintained table that answers
"who is protected on day D" without scanning invoices and payments (issue 4; coverage analytics
reads it).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class CoverageStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    DUE = "due", _("Billed, not yet due")
    GRACE = "grace", _("In grace")
    UNPAID = "unpaid", _("Unpaid")
    LAPSED = "lapsed", _("Lapsed")


# A membership protects its holder in a month whose status is one of these.
PROTECTED_STATUSES = frozenset(
    {CoverageStatus.PAID.value, CoverageStatus.DUE.value, CoverageStatus.GRACE.value}
)


class CoverageMonth(models.Model):
    """One membership's status for one contribution month (the first day of the month)."""

    membership = models.ForeignKey(
        "registry.Membership", on_delete=models.CASCADE, related_name="+", db_index=False
    )  # coverage_once_per_membership_month indexes it
    month = models.DateField()
    status = models.CharField(max_length=8, choices=CoverageStatus.choices)
    updated_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "month"], name="coverage_once_per_membership_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="coverage_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "status"], name="coverage_month_status")]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.month:%Y-%m} {self.status}"
