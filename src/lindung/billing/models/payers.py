"""Who pays an invoice."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class PayerType(models.TextChoices):
    EMPLOYER = "employer", _("Employer")  # a PU employer, or a Jakon contractor for one project
    SELF = "self", _("The participant")  # a BPU or PMI participant paying for themself
    SPONSOR = "sponsor", _("Sponsored programme")


class Payer(models.Model):
    """One account that receives invoices and makes payments.

    - employer, `project` null: a PU employer (all its PU memberships);
    - employer, `project` set: a Jakon contractor for that project (paid once per project);
    - self: one person (BPU/PMI memberships paid by the participant);
    - sponsor: a sponsored programme. `sponsor_programme_id` is a plain column until the sponsorship
      app exists; its migration turns it into a foreign key on the same column.

    `credit` is the money received and not (yet) allocated to an invoice nor refunded. It is kept
    under the payer's row lock by the payment services and always equals
    sum(payments) − sum(allocations) − sum(refunds) (see `selectors.credit_mismatches`).
    """

    kind = models.CharField(max_length=10, choices=PayerType.choices)
    employer = models.ForeignKey(
        "registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="payers"
    )
    project = models.ForeignKey(
        "registry.ConstructionProject", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="payers"
    )
    sponsor_programme_id = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(max_length=250)
    region_code = models.CharField(max_length=10, blank=True, db_default="")
    # Filled from the id right after insert (see services.payers.VA_PREFIX); unique for matching
    # bank and virtual-account statements.
    virtual_account = models.CharField(max_length=20, unique=True, null=True, blank=True)
    credit = models.BigIntegerField(db_default=0)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        indexes = [models.Index(fields=["region_code"], name="payer_region")]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(kind="employer", project__isnull=True),
                name="payer_one_per_employer",
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(project__isnull=False), name="payer_one_per_project"
            ),
            models.UniqueConstraint(fields=["person"], condition=Q(kind="self"), name="payer_one_per_person"),
            models.UniqueConstraint(
                fields=["sponsor_programme_id"],
                condition=Q(kind="sponsor"),
                name="payer_one_per_sponsor_programme",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="employer", employer__isnull=False, person__isnull=True)
                    | Q(kind="self", person__isnull=False, employer__isnull=True, project__isnull=True)
                    | Q(
                        kind="sponsor",
                        sponsor_programme_id__isnull=False,
                        employer__isnull=True,
                        person__isnull=True,
                        project__isnull=True,
                    )
                ),
                name="payer_links_match_kind",
            ),
            models.CheckConstraint(condition=Q(credit__gte=0), name="payer_credit_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.virtual_account or self.pk})"

    @property
    def segment(self) -> str:
        """The segment whose due-date rule applies to lines without a membership."""
        if self.kind == PayerType.EMPLOYER:
            return "JAKON" if self.project_id else "PU"
        return "BPU"
