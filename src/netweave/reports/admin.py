"""Report runs in the installation administrator's admin: what was asked, by whom, how it went."""

from django.contrib import admin
from django.http import HttpRequest

from netweave.reports.models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = [
        "network",
        "year",
        "language",
        "format",
        "audience",
        "status",
        "progress",
        "attempts",
        "worker",
        "heartbeat_at",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "format", "language", "audience", "network"]
    list_select_related = ["network"]
    date_hierarchy = "created_at"
    # Runs are made by workers, not by hand: the admin shows and deletes them.
    readonly_fields = [field.name for field in ReportRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
