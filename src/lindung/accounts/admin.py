from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from lindung.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "employer", "person", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("lindung", {"fields": ("role", "regions", "employer", "person", "sponsor")}),
    )
    filter_horizontal = ("regions",)
    raw_id_fields = ("employer", "person", "sponsor")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "revoked", "created_at")
    readonly_fields = ("prefix", "digest", "created_at")
