"""Population and workforce figures (the denominators of coverage), coverage targets, and the
coverage figures BPJS and Kemnaker have published (reference beside lindung's own counts).

A figure with `region = NULL` is national (Indonesia): the region table holds Kemendagri regions only.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    REGISTERED_POPULATION = "registered_population", _("Registered population (Dukcapil)")
    POPULATION = "population", _("Population (BPS census or estimate)")
    WORKING_AGE_POPULATION = "working_age_population", _("Working-age population (15+)")
    LABOUR_FORCE = "labour_force", _("Labour force")
    EMPLOYED = "employed", _("Employed")
    EMPLOYED_FORMAL = "employed_formal", _("Employed, formal")
    EMPLOYED_INFORMAL = "employed_informal", _("Employed, informal")
    UNEMPLOYED = "unemployed", _("Unemployed")
    PART_TIME_WORKERS = "part_time_workers", _("Part-time workers")
    POOR_PERSONS = "poor_persons", _("Poor persons")
    EXTREME_POOR_PERSONS = "extreme_poor_persons", _("Extreme poor persons")


class Quality(models.TextChoices):
    OFFICIAL = "official", _("Official")
    REPORTED = "reported", _("Reported")
    ROUNDED = "rounded", _("Rounded")
    DERIVED = "derived", _("Derived")
    CHECK = "check", _("Check the note")
    LOW = "low", _("Low")
    UNVERIFIED = "unverified", _("Unverified")


# Figures of these qualities are kept and shown but never chosen as a denominator by default.
UNRELIABLE_QUALITIES = frozenset({Quality.LOW, Quality.UNVERIFIED})
# Among figures of the same period, the better quality wins.
QUALITY_RANK = {
    Quality.OFFICIAL: 0,
    Quality.REPORTED: 1,
    Quality.ROUNDED: 2,
    Quality.DERIVED: 3,
    Quality.CHECK: 4,
    Quality.LOW: 5,
    Quality.UNVERIFIED: 6,
}


class PopulationStat(models.Model):
    """One figure: persons of `indicator` in `region` in the survey month `period` (its first day),
    as published by `source`."""

    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField()
    indicator = models.CharField(max_length=30, choices=Indicator.choices)
    value = models.BigIntegerField()  # persons
    source = models.CharField(max_length=200)
    source_url = models.CharField(max_length=500, blank=True)  # a URL, or where to find it
    quality = models.CharField(max_length=12, choices=Quality.choices)
    note = models.TextField(blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)  # set by the loading service

    class Meta:
        ordering = ["region_id", "indicator", "-period"]
        indexes = [models.Index(fields=["region", "indicator", "period"], name="popstat_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "period", "source"], name="popstat_once_per_source"
            ),
            # NULLs are distinct in a unique index: national figures need their own.
            models.UniqueConstraint(
                fields=["indicator", "period", "source"],
                condition=Q(region__isnull=True),
                name="popstat_national_once_per_source",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="popstat_value_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="popstat_source_required"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.indicator} {self.period:%Y-%m} = {self.value}"

    @property
    def region_code(self) -> str:
        return self.region_id or "ID"

    @property
    def flagged(self) -> bool:
        """Low or unverified: shown, but not used as a denominator by default."""
        return self.quality in UNRELIABLE_QUALITIES


class CoverageTarget(models.Model):
    """The coverage ratio a region aims for by the end of `year` (e.g. Jambi 0.55 for 2025)."""

    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    ratio = models.DecimalField(max_digits=5, decimal_places=4)
    source = models.CharField(max_length=200)
    source_url = models.CharField(max_length=500, blank=True)  # a URL, or where to find it
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="coverage_target_once_per_year"),
            models.CheckConstraint(condition=Q(ratio__gte=0, ratio__lte=1), name="coverage_target_ratio"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.ratio}"


class PublishedCoverage(models.Model):
    """A coverage figure as published (one row of `bpjs_coverage.csv`), kept as reference.

    `region_code` is the code as published (`ID`, a province or regency code, or a branch such as
    `15-EAST`); `region` is set when that code is a Kemendagri region. `as_of` is the first day of
    the published period and `as_of_label` the period as written (`2024-03-23`, `2023-12`, `2024`).
    """

    scope = models.CharField(max_length=20)  # national, province, branch, regency
    region_code = models.CharField(max_length=20)
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_name = models.CharField(max_length=200)
    as_of = models.DateField()
    as_of_label = models.CharField(max_length=10)
    segment = models.CharField(max_length=30)  # PU, BPU, JAKON, PMI, ALL, BKBK_*, LOCAL_GOV_PAID
    metric = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    unit = models.CharField(max_length=20)  # persons, employers, percent
    source = models.CharField(max_length=200)
    source_url = models.CharField(max_length=500)
    quality = models.CharField(max_length=12, choices=Quality.choices)
    note = models.TextField(blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)  # set by the loading service

    class Meta:
        ordering = ["region_code", "as_of", "segment", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "as_of_label", "segment", "metric", "source_url"],
                name="published_coverage_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.as_of_label} {self.segment} {self.metric} = {self.value}"


# --- coverage facts -------------------------------------------------------------------------------


class Basis(models.TextChoices):
    """Where a participant is counted: where they live (as BPS counts the employed), or, for PU and
    Jakon, where they work (the employer's or the project's region)."""

    DOMICILE = "domicile", _("Domicile")
    WORKPLACE = "workplace", _("Workplace")


class ParticipantCounts(models.Model):
    """What a fact and a roll-up row count, for one segment and payer: participants, and how many
    of them hold each programme."""

    segment = models.CharField(max_length=5)
    payer_kind = models.CharField(max_length=12)
    sponsor_programme_id = models.BigIntegerField(null=True, blank=True)  # sponsorship.SponsoredProgramme
    category = models.CharField(max_length=60, blank=True)  # the beneficiary's category, if sponsored
    participants = models.BigIntegerField()
    jkk = models.BigIntegerField()
    jkm = models.BigIntegerField()
    jht = models.BigIntegerField()
    jp = models.BigIntegerField()
    jkp = models.BigIntegerField()

    class Meta:
        abstract = True


class CoverageFact(ParticipantCounts):
    """Active participants on one day (`day`, standing for `month`) in one region, counted on one
    `basis`, for one segment and payer: how many, and how many of them hold each programme.

    A participant is a membership valid on `day` whose coverage month (billing.CoverageMonth) has a
    protected status. `region_code` is the finest region known (a village for domicile; the
    employer's or project's region for workplace, which may be a regency); `province_code`,
    `regency_code` and `district_code` are its prefixes ("" where the code is shorter), so that
    every roll-up is an equality filter. `region_code` "" means the domicile is unknown.
    """

    day = models.DateField()
    month = models.DateField()  # the first day of day's month
    basis = models.CharField(max_length=10, choices=Basis.choices)
    region_code = models.CharField(max_length=10)
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=4)
    district_code = models.CharField(max_length=6)

    class Meta:
        indexes = [
            models.Index(fields=["day", "basis", "province_code"], name="fact_province"),
            models.Index(fields=["day", "basis", "regency_code"], name="fact_regency"),
            models.Index(fields=["day", "basis", "district_code"], name="fact_district"),
            models.Index(fields=["day", "basis", "region_code"], name="fact_region"),
        ]

    def __str__(self) -> str:
        where = f"{self.day} {self.basis} {self.region_code}"
        return f"{where} {self.segment} {self.payer_kind}: {self.participants}"


class CoverageRollup(ParticipantCounts):
    """The facts of one day summed for a region (`region_code`, "ID" for Indonesia) by its direct
    sub-region (`child_code`; "" for participants placed in the region but in none of its
    sub-regions, and for a village's own totals): what a dashboard reads, a few rows per region,
    whatever the number of participants. Rebuilt from CoverageFact whenever a day's facts change."""

    day = models.DateField()
    basis = models.CharField(max_length=10, choices=Basis.choices)
    region_code = models.CharField(max_length=10)
    child_code = models.CharField(max_length=10)

    class Meta:
        indexes = [models.Index(fields=["region_code", "basis", "day"], name="rollup_region")]

    def __str__(self) -> str:
        where = f"{self.region_code}/{self.child_code}"
        return f"{self.day} {self.basis} {where} {self.segment}: {self.participants}"


class CoverageFactDay(models.Model):
    """A day whose facts are built (both bases), with when and how many memberships were counted."""

    day = models.DateField(primary_key=True)
    month = models.DateField(unique=True, null=True, blank=True)  # set when `day` stands for its month
    built_at = models.DateTimeField(default=timezone.now)
    participants = models.BigIntegerField(default=0)  # on the domicile basis

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} ({self.participants})"
