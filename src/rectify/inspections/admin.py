from django.contrib import admin

from .models import Finding, Inspection, NoticeSection


class NoticeSectionInline(admin.StackedInline):
    model = NoticeSection
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "inspected_unit", "inspecting_body", "feedback_date"]
    list_filter = ["kind"]
    search_fields = ["title", "inspecting_body", "inspected_unit__name"]
    autocomplete_fields = ["inspected_unit", "inspecting_unit", "previous"]
    readonly_fields = ["version"]
    date_hierarchy = "feedback_date"
    inlines = [NoticeSectionInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "inspection", "kind", "depth"]
    list_filter = ["kind", "inspection"]
    search_fields = ["title", "text", "label"]
    autocomplete_fields = ["inspection", "parent", "previous_finding"]
    ordering = ["inspection", "sort_key"]
