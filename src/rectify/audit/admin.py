from django.contrib import admin

from rectify.core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "code", "object_type", "object_repr", "ip_address"]
    list_filter = ["code", "object_type"]
    search_fields = ["actor_name", "code", "object_repr", "note"]
    date_hierarchy = "at"
