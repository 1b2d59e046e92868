"""Users, their role, and the scope that role is limited to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    BRANCH_OFFICER = "branch_officer", _("Branch officer")
    EMPLOYER = "employer", _("Employer user")
    SPONSOR_OFFICER = "sponsor_officer", _("Sponsor officer")
    AUDITOR = "auditor", _("Auditor")
    WORKER = "worker", _("Worker")


class User(AbstractUser):
    """A person who signs in. What they may see is decided by `role` and the scope fields:

    - branch officer: `regions` (a region covers every code below it)
    - employer user: `employer`
    - sponsor officer: `sponsor` (added by the sponsorship app)
    - worker: `person`
    - administrator and auditor: everything (the auditor read-only)
    """

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.WORKER)
    regions = models.ManyToManyField("registry.Region", blank=True, related_name="+")
    employer = models.ForeignKey(
        "registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    sponsor = models.ForeignKey(
        "sponsorship.Sponsor", null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )

    class Meta:
        db_table = "accounts_user"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    revoked = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
