"""The registry: regions, people, employers, construction projects and memberships.

Dates of validity are half-open: a membership version holds from `valid_from` (inclusive) up to
`valid_to` (exclusive; null = still open). Closing one version on D and opening the next on D leaves
no gap and no overlap.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# --- regions ------------------------------------------------------------------------------------


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency/city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


class Region(models.Model):
    """A Kemendagri region, keyed by its code without dots (2, 4, 6 or 10 digits).

    `current` is false for codes that appear only in older editions (kept for old NIKs).
    """

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=RegionLevel.choices)
    type = models.CharField(
        max_length=20, blank=True
    )  # provinsi, kabupaten, kota, kecamatan, desa, kelurahan
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"]), models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def code_dotted(self) -> str:
        c = self.code
        parts = [c[:2], c[2:4], c[4:6], c[6:]]
        return ".".join(p for p in parts if p)


# --- people -------------------------------------------------------------------------------------


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Person(models.Model):
    """One person per NIK."""

    nik = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=150)
    name_normalized = models.CharField(max_length=150, db_index=False)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    village = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["name_normalized", "birth_date", "village"], name="person_dupe_key"),
        ]

    def __str__(self) -> str:
        return f"{self.nik} {self.name}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    DISTINCT = "distinct", _("Different people")
    SAME = "same", _("Same person")


class PossibleDuplicate(models.Model):
    """Two NIKs with the same normalised name, birth date and village: flagged, never merged silently."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(person__lt=models.F("other")), name="duplicate_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.other_id} ({self.status})"


# --- employers and projects ---------------------------------------------------------------------


class SizeClass(models.TextChoices):
    BESAR = "besar", _("Large")
    MENENGAH = "menengah", _("Medium")
    KECIL = "kecil", _("Small")
    MIKRO = "mikro", _("Micro")


class RiskClass(models.TextChoices):
    I = "I", _("I — very low")  # noqa: E741
    II = "II", _("II — low")
    III = "III", _("III — medium")
    IV = "IV", _("IV — high")
    V = "V", _("V — very high")


class Employer(models.Model):
    npp = models.CharField("NPP", max_length=20, unique=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    size_class = models.CharField(max_length=10, choices=SizeClass.choices)
    risk_class = models.CharField(max_length=3, choices=RiskClass.choices)
    sector_code = models.CharField(max_length=10, blank=True)  # KBLI
    # Qualifies for the PP 7/2025 JKK relief (labour-intensive industry with >= 50 workers).
    labour_intensive = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.npp} {self.name}"


class ConstructionProject(models.Model):
    """A Jakon project: contributions by contract value when the workers' wages are unknown."""

    code = models.CharField(max_length=30, unique=True)
    contractor = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(max_length=200)
    contract_value = models.BigIntegerField()  # rupiah
    start_date = models.DateField()
    end_date = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# --- memberships --------------------------------------------------------------------------------


class Segment(models.TextChoices):
    PU = "PU", _("PU — wage earner")
    BPU = "BPU", _("BPU — non-wage earner")
    JAKON = "JAKON", _("Jakon — construction")
    PMI = "PMI", _("PMI — migrant worker")


class Programme(models.TextChoices):
    JKK = "JKK", _("JKK — work accident")
    JKM = "JKM", _("JKM — death")
    JHT = "JHT", _("JHT — old-age savings")
    JP = "JP", _("JP — pension")
    JKP = "JKP", _("JKP — job loss")


PROGRAMME_FIELDS = {"JKK": "jkk", "JKM": "jkm", "JHT": "jht", "JP": "jp", "JKP": "jkp"}


class PayerKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    SELF = "self", _("The participant")
    CONTRACTOR = "contractor", _("Contractor (Jakon)")
    SPONSOR = "sponsor", _("Sponsored programme")


class EndReason(models.TextChoices):
    """Why a membership ended (stored in `Membership.end_reason`)."""

    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed (PHK)")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    RETIRED = "retired", _("Retired")
    DIED = "died", _("Died")
    MOVED = "moved", _("Moved away")
    SEGMENT_SWITCH = "segment_switch", _("Moved to another segment")
    OTHER = "other", _("Other")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def valid_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def overlapping(self, start: dt.date, end: dt.date | None) -> MembershipQuerySet:
        """Versions that share at least one day with [start, end)."""
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        return qs if end is None else qs.filter(valid_from__lt=end)


class Membership(models.Model):
    """One version of a person's membership in a segment. A change closes this version and opens
    a new one that points back to it through `previous`."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    segment = models.CharField(max_length=5, choices=Segment.choices)
    jkk = models.BooleanField(default=False)
    jkm = models.BooleanField(default=False)
    jht = models.BooleanField(default=False)
    jp = models.BooleanField(default=False)
    jkp = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # exclusive; null = open
    # Monthly wage (PU; Jakon when wages are known) or declared income (BPU), in rupiah.
    wage = models.BigIntegerField(null=True, blank=True)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    project = models.ForeignKey(
        ConstructionProject, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    payer_kind = models.CharField(max_length=12, choices=PayerKind.choices)
    sector = models.CharField(
        max_length=30, blank=True
    )  # BPU occupation sector, e.g. "transport" (PP 50/2025)
    pmi_contract_months = models.PositiveSmallIntegerField(null=True, blank=True)
    pmi_jht_amount = models.BigIntegerField(null=True, blank=True)  # PMI's chosen monthly JHT, rupiah
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    end_reason = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["person", "segment", "valid_from"], name="membership_person"),
            models.Index(fields=["employer", "valid_from"], name="membership_employer"),
            models.Index(fields=["project"], name="membership_project"),
            models.Index(fields=["segment", "valid_from", "valid_to"], name="membership_validity"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="membership_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.segment} {self.valid_from}–{self.valid_to or ''}"

    @property
    def programmes(self) -> set[str]:
        return {code for code, field in PROGRAMME_FIELDS.items() if getattr(self, field)}

    @property
    def programme_list(self) -> list[str]:
        """The programmes in their usual order (JKK, JKM, JHT, JP, JKP)."""
        return [code for code, field in PROGRAMME_FIELDS.items() if getattr(self, field)]

    @property
    def end_reason_label(self) -> str:
        known = self.end_reason in EndReason.values
        return str(EndReason(self.end_reason).label) if known else self.end_reason

    @property
    def last_day(self) -> dt.date | None:
        """The last day covered (valid_to is exclusive); None while open."""
        return self.valid_to - dt.timedelta(days=1) if self.valid_to else None

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)
