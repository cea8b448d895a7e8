from django.contrib import admin

from rectify.core.admin import ReadOnlyAdmin

from .models import Indicator, Measure, MeasureEvent


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "lead_department",
        "responsible_person",
        "deadline",
        "status",
    ]
    list_filter = ["status", "kind", "lead_department"]
    search_fields = ["text", "target", "finding__title"]
    autocomplete_fields = [
        "finding",
        "responsible_leader",
        "responsible_person",
        "lead_department",
        "co_departments",
    ]
    # Status and deadline change only through the workflow and its recorded history.
    readonly_fields = ["status", "deadline", "signed_off_at", "version"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "measure", "unit", "target_value", "current_value"]
    search_fields = ["name", "measure__text"]
    autocomplete_fields = ["measure"]


@admin.register(MeasureEvent)
class MeasureEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "measure", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition", "to_status"]
    search_fields = ["measure__text", "note"]
    date_hierarchy = "at"
