"""Sponsored coverage (regulation.md §6): a sponsor (a province, regency, village, company, cooperative
or other partner) runs programmes that pay the BPU package for listed poor and vulnerable workers.

A programme's period is whole months: `period_start` is the first day of its first month and
`period_end` the last day of its last month. A beneficiary's cover runs on [enrolled_from,
enrolled_until) — half-open like the registry's memberships, both bounds first days of months — so
each month is either paid by the programme or not, never in part.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

DEFAULT_CATEGORIES = ["miskin ekstrem", "pekerja rentan"]
# BPS counts the working-age population from 15 (regulation.md §6.2); the upper limit is the
# sponsor's choice, 64 by default (the usual 15–64 working-age band).
DEFAULT_MIN_AGE, DEFAULT_MAX_AGE = 15, 64


class SponsorKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    VILLAGE = "village", _("Village")
    COMPANY = "company", _("Company (CSR)")
    COOPERATIVE = "cooperative", _("Cooperative")
    OTHER = "other", _("Other partner")


class Sponsor(models.Model):
    kind = models.CharField(max_length=12, choices=SponsorKind.choices)
    name = models.CharField(max_length=200)
    # Where the sponsor sits: a branch officer of that region may manage it.
    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SponsoredProgramme(models.Model):
    """What a sponsor pays for one fiscal year: the BPU package (JKK + JKM, JHT optional, on a
    declared income) for the people it lists, within a budget and a quota of places."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=200)
    fiscal_year = models.PositiveSmallIntegerField()
    period_start = models.DateField()  # first day of the first month
    period_end = models.DateField()  # last day of the last month (inclusive)
    budget = models.BigIntegerField()  # rupiah
    quota = models.PositiveIntegerField(null=True, blank=True)  # places; null: only the budget limits
    with_jht = models.BooleanField(default=False)
    declared_income = models.BigIntegerField()  # rupiah a month, the BPU contribution base
    categories = models.JSONField(default=list)  # target categories, e.g. "miskin ekstrem"
    regions = models.ManyToManyField("registry.Region", related_name="+")  # regions served
    min_age = models.PositiveSmallIntegerField(default=DEFAULT_MIN_AGE)
    max_age = models.PositiveSmallIntegerField(default=DEFAULT_MAX_AGE)
    predecessor = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successor"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="programme_period"),
            models.CheckConstraint(condition=Q(period_start__day=1), name="programme_starts_on_first"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="programme_budget_not_negative"),
            models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="programme_age_band"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"

    @property
    def period_until(self) -> dt.date:
        """The day after the period (exclusive end, as memberships store it)."""
        return self.period_end + dt.timedelta(days=1)

    @property
    def programme_codes(self) -> list[str]:
        return ["JKK", "JKM", "JHT"] if self.with_jht else ["JKK", "JKM"]


class BeneficiaryStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("Waiting list")
    REJECTED = "rejected", _("Not enrolled")
    EXITED = "exited", _("Exited")


class Reason(models.TextChoices):
    """Why a row or a person is not (or no longer) enrolled."""

    NIK_INVALID = "nik_invalid", _("NIK invalid")
    INVALID = "invalid", _("Row incomplete or invalid")
    OUTSIDE_REGIONS = "outside_regions", _("Outside the programme's regions")
    OUTSIDE_AGE = "outside_age", _("Outside working age")
    COVERED_ELSEWHERE = "covered_elsewhere", _("Already covered through an employer or a project")
    OTHER_PROGRAMME = "other_programme", _("Already paid for by another programme")
    ALREADY_BPU = "already_bpu", _("Already a BPU member")
    DUPLICATE_IN_LIST = "duplicate_in_list", _("Duplicate in the list")
    ALREADY_LISTED = "already_listed", _("Already on this programme's list")
    OVER_QUOTA = "over_quota", _("Over quota")
    OVER_BUDGET = "over_budget", _("Over budget")
    DIED = "died", _("Died")
    MOVED = "moved", _("Moved away")
    EMPLOYED = "employed", _("Started paid work with an employer")
    OTHER = "other", _("Other")


EXIT_REASONS = (Reason.DIED, Reason.MOVED, Reason.EMPLOYED, Reason.OTHER)
PLACE_HOLDERS = (BeneficiaryStatus.ENROLLED, BeneficiaryStatus.WAITING)


class Beneficiary(models.Model):
    """A person on a programme's list. Enrolled beneficiaries hold a BPU membership paid by the
    programme (`membership`); waiting ones wait for a place in priority order (lower first, then
    list order); rejected ones are reported with the reason (e.g. double coverage), never billed."""

    programme = models.ForeignKey(SponsoredProgramme, on_delete=models.PROTECT, related_name="beneficiaries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=60)
    source = models.CharField(max_length=100, blank=True)  # e.g. "P3KE desil 1"
    priority = models.PositiveIntegerField(null=True, blank=True)  # lower comes first; null last
    status = models.CharField(max_length=10, choices=BeneficiaryStatus.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    membership = models.OneToOneField(
        "registry.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="beneficiary"
    )
    enrolled_from = models.DateField(null=True, blank=True)  # first month paid
    enrolled_until = models.DateField(null=True, blank=True)  # exclusive: first month no longer paid
    exited_on = models.DateField(null=True, blank=True)  # the day of the event (death, move, work)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    list_import = models.ForeignKey(
        "BeneficiaryImport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    row_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "beneficiaries"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(status__in=["enrolled", "waiting"]),
                name="beneficiary_once_per_programme",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_until__isnull=True) | Q(enrolled_until__gt=F("enrolled_from")),
                name="beneficiary_cover_range",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "priority"], name="beneficiary_queue"),
            models.Index(fields=["person", "enrolled_from"], name="beneficiary_person"),
            models.Index(fields=["programme", "village"], name="beneficiary_village"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.programme_id} ({self.status})"

    @property
    def paid_through(self) -> dt.date | None:
        """The last day the programme pays for (enrolled_until is exclusive)."""
        return self.enrolled_until - dt.timedelta(days=1) if self.enrolled_until else None


class BeneficiaryImport(models.Model):
    """One beneficiary list read into a programme (written in one transaction once the whole list
    is placed); its `results` say, row by row, what happened."""

    programme = models.ForeignKey(SponsoredProgramme, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    start = models.DateField()  # first month paid for the people this list enrols
    rows = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.programme_id}"


class ImportRow(models.Model):
    """The result of one row of a beneficiary list: enrolled, waiting, or not enrolled and why."""

    list_import = models.ForeignKey(BeneficiaryImport, on_delete=models.CASCADE, related_name="results")
    row_number = models.PositiveIntegerField()
    nik = models.CharField(max_length=40, blank=True)  # as written in the file
    name = models.CharField(max_length=150, blank=True)
    outcome = models.CharField(max_length=10, choices=BeneficiaryStatus.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    field = models.CharField(max_length=30, blank=True)
    message = models.CharField(max_length=300, blank=True)
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["row_number", "id"]
        indexes = [models.Index(fields=["list_import", "row_number"], name="import_row_number")]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.outcome} {self.reason}"
