"""Claims and benefit payments.

A claim is filed with its facts (what happened, heirs, periods of incapacity...), checked against
its document checklist, verified by one officer and approved by another (maker-checker). On
verification the assessment - eligibility checks, the rules' benefit results with their traces and
parameter values, and the payment plan - is computed and stored; approval accepts that stored
assessment as it is, and re-opening the claim later shows it, never a recomputation.

Approval turns the plan into benefit payments. Payments due are put into a bank payment file (a
batch); the bank's answer marks each one paid or failed. Recurring benefits (the JP monthly
pension, the six JKP payments, STMB per period, scholarship years) are payments with a sequence;
stopping a benefit stops the payments not yet in a file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Programme


class ClaimKind(models.TextChoices):
    JKK_STMB = "jkk_stmb", _("JKK — temporary incapacity (STMB)")
    JKK_DISABILITY = "jkk_disability", _("JKK — permanent disability")
    JKK_DEATH = "jkk_death", _("JKK — death from a work accident")
    JKM = "jkm", _("JKM — death")
    JHT = "jht", _("JHT — full payout")
    JHT_PARTIAL = "jht_partial", _("JHT — partial withdrawal")
    JP_OLD_AGE = "jp_old_age", _("JP — old-age pension")
    JP_DISABILITY = "jp_disability", _("JP — disability pension")
    JP_SURVIVOR = "jp_survivor", _("JP — survivor pension")
    JKP = "jkp", _("JKP — job loss")


KIND_PROGRAMME: dict[str, str] = {
    ClaimKind.JKK_STMB: Programme.JKK,
    ClaimKind.JKK_DISABILITY: Programme.JKK,
    ClaimKind.JKK_DEATH: Programme.JKK,
    ClaimKind.JKM: Programme.JKM,
    ClaimKind.JHT: Programme.JHT,
    ClaimKind.JHT_PARTIAL: Programme.JHT,
    ClaimKind.JP_OLD_AGE: Programme.JP,
    ClaimKind.JP_DISABILITY: Programme.JP,
    ClaimKind.JP_SURVIVOR: Programme.JP,
    ClaimKind.JKP: Programme.JKP,
}


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED)


class Claim(models.Model):
    """One claim for one benefit of one person. `facts` are what the claimant and the officer
    stated; `assessment` is what lindung computed from them on verification (JSON, see
    `claims.assessment.Assessment.as_json`)."""

    number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="claims")
    programme = models.CharField(max_length=3, choices=Programme.choices)
    kind = models.CharField(max_length=20, choices=ClaimKind.choices)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    event_date = models.DateField(null=True, blank=True)  # accident, death, PHK, leaving work
    received_on = models.DateField()  # the day the claim reached BPJS (the claim date)
    facts = models.JSONField(default=dict)
    # Where the claim is processed (the employer's or project's region, else the person's village)
    # and whose worker it is (employer users see their workers' JKK claims).
    region_code = models.CharField(max_length=10, blank=True, default="")
    employer = models.ForeignKey(
        "registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payee_name = models.CharField(max_length=150)
    payee_bank = models.CharField(max_length=20)  # bank code as the payment file carries it
    payee_account = models.CharField(max_length=34)
    assessment = models.JSONField(null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    eligible = models.BooleanField(null=True, blank=True)
    total = models.BigIntegerField(default=0)  # one-off and scheduled amounts of the assessment
    monthly = models.BigIntegerField(default=0)  # an open-ended monthly amount (JP pension)
    employer_first = models.BooleanField(default=False)  # regulation §4: arrears > 3 months
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=500, blank=True, default="")
    stopped_on = models.DateField(null=True, blank=True)  # recurring payments stop from this day
    stop_reason = models.CharField(max_length=250, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "received_on"], name="claim_queue"),
            models.Index(fields=["region_code", "status"], name="claim_region"),
            models.Index(fields=["person", "kind"], name="claim_person"),
        ]

    def __str__(self) -> str:
        return self.number or f"claim {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClaimDocument(models.Model):
    """One line of a claim's document checklist."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(max_length=30)
    received = models.BooleanField(default=False)
    received_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=250, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["claim", "code"], name="claim_document_once")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.code}"


class PaymentStatus(models.TextChoices):
    HELD = "held", _("Held (owed by the employer first)")
    SCHEDULED = "scheduled", _("Scheduled")
    IN_FILE = "in_file", _("In a bank file")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    STOPPED = "stopped", _("Stopped")


class PaymentBatch(models.Model):
    """A bank payment file: the payments due by `due_by` at the time it was made."""

    number = models.CharField(max_length=30, unique=True, null=True, blank=True)
    due_by = models.DateField()
    count = models.IntegerField(default=0)
    total = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number or f"batch {self.pk}"


class BenefitPayment(models.Model):
    """One payment of a claim's benefit. (claim, item, sequence) identifies it, so the monthly
    pension run and a repeated approval never create it twice."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    item = models.CharField(max_length=30)  # lump_sum, jkp_month, jp_month, stmb_period, scholarship_1...
    sequence = models.PositiveIntegerField(default=1)
    period = models.DateField(null=True, blank=True)  # the month or period start paid for
    amount = models.BigIntegerField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.SCHEDULED)
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    # What the bank was told, copied when the payment went into a file.
    payee_name = models.CharField(max_length=150, blank=True, default="")
    payee_bank = models.CharField(max_length=20, blank=True, default="")
    payee_account = models.CharField(max_length=34, blank=True, default="")
    paid_on = models.DateField(null=True, blank=True)
    bank_reference = models.CharField(max_length=80, blank=True, default="")
    failure_reason = models.CharField(max_length=250, blank=True, default="")
    note = models.CharField(max_length=250, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "item", "sequence"], name="payment_once_per_item"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="benefit_payment_positive"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="benefit_payment_due")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.item} #{self.sequence} {self.amount}"

    @property
    def reference(self) -> str:
        """The reference the bank file carries for this payment."""
        return f"BP{self.pk:010d}"
