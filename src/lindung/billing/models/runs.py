"""The record of each monthly billing run (`services.billing_run.billing_run`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class BillingRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BillingRun(models.Model):
    """One run of the monthly billing for a contribution month (all regions, or one region's payers).

    `counts` holds what the run did (memberships read, lines written, adjustments, fines, deferred
    lines, invoices); `totals` the month's invoices by payer type after the run (invoices, lines,
    amount). A run that was killed stays `running` until the same month is billed again."""

    month = models.DateField()  # first day of the contribution month
    region_code = models.CharField(max_length=10, blank=True, db_default="")  # "" = every region
    status = models.CharField(
        max_length=8, choices=BillingRunStatus.choices, db_default=BillingRunStatus.RUNNING.value
    )
    lookback_months = models.PositiveSmallIntegerField(db_default=12)
    started_at = models.DateTimeField(db_default=Now())
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    job_id = models.BigIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    totals = models.JSONField(default=dict)
    error = models.TextField(blank=True, db_default="")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["month", "status"], name="billingrun_month_status")]
        constraints = [models.CheckConstraint(condition=Q(month__day=1), name="billingrun_month_first_day")]

    def __str__(self) -> str:
        return f"billing run {self.pk} {self.month:%Y-%m} {self.region_code or '*'} ({self.status})"
