"""Read-only admin views: sponsors and programmes change through the services (pages, API), which
check scope, keep the budget and write the audit trail."""

from django.contrib import admin

from lindung.coverage.admin import ReadOnlyAdmin
from lindung.sponsorship.models import Beneficiary, Sponsor, SponsoredProgramme


@admin.register(Sponsor)
class SponsorAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region")
    search_fields = ("name",)


@admin.register(SponsoredProgramme)
class SponsoredProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("name", "sponsor", "fiscal_year", "period_start", "period_end", "budget", "quota")
    list_filter = ("fiscal_year",)


@admin.register(Beneficiary)
class BeneficiaryAdmin(ReadOnlyAdmin):
    list_display = ("person", "programme", "status", "reason", "enrolled_from", "enrolled_until")
    list_filter = ("status", "reason")
    raw_id_fields = ("person", "membership")
