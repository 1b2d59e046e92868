from django.contrib import admin

from lindung.registry.models import (
    ConstructionProject,
    Employer,
    Membership,
    Person,
    PossibleDuplicate,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "type", "current")
    list_filter = ("level", "current")
    search_fields = ("code", "name")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("nik", "name", "birth_date", "sex", "village")
    search_fields = ("nik", "name")
    raw_id_fields = ("village",)


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin):
    list_display = ("person", "other", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("person", "other")


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("npp", "name", "region", "size_class", "risk_class")
    list_filter = ("size_class", "risk_class")
    search_fields = ("npp", "name")
    raw_id_fields = ("region",)


@admin.register(ConstructionProject)
class ConstructionProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "contractor", "contract_value", "start_date", "end_date")
    search_fields = ("code", "name")
    raw_id_fields = ("contractor", "region")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "segment", "valid_from", "valid_to", "wage", "employer", "payer_kind")
    list_filter = ("segment", "payer_kind")
    raw_id_fields = ("person", "employer", "project", "previous")
