"""Read-only admin lists: figures change through the services (load, import), which audit them."""

from django.contrib import admin
from django.http import HttpRequest

from lindung.coverage.models import CoverageTarget, PopulationStat, PublishedCoverage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PopulationStat)
class PopulationStatAdmin(ReadOnlyAdmin):
    list_display = ("region", "indicator", "period", "value", "source", "quality")
    list_filter = ("indicator", "quality")
    search_fields = ("region__code", "region__name", "source")


@admin.register(CoverageTarget)
class CoverageTargetAdmin(ReadOnlyAdmin):
    list_display = ("region", "year", "ratio", "source")


@admin.register(PublishedCoverage)
class PublishedCoverageAdmin(ReadOnlyAdmin):
    list_display = ("region_code", "as_of_label", "segment", "metric", "value", "unit", "quality")
    list_filter = ("scope", "segment", "quality")
    search_fields = ("region_code", "region_name", "metric")
