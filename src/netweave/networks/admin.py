from django.contrib import admin
from django.http import HttpRequest

from netweave.networks.models import (
    AuditEntry,
    Membership,
    Network,
    Organisation,
    Person,
    Theme,
)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "language", "created_at"]
    search_fields = ["name", "slug", "purpose"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_nl", "network"]
    list_filter = ["network"]
    search_fields = ["slug", "name_en", "name_nl"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "city", "network"]
    list_filter = ["network", "sector"]
    search_fields = ["name", "city"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "joined_on", "left_on", "network"]
    list_filter = ["network", "organisation__sector", "language", "consents_to_reports"]
    search_fields = ["first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["themes"]
    date_hierarchy = "joined_on"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "person"]
    list_filter = ["network", "role"]
    search_fields = ["user__username", "person__first_name", "person__last_name"]
    raw_id_fields = ["person"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit list is written by services, never edited by hand."""

    list_display = ["at", "network", "user", "verb", "target_label"]
    list_filter = ["network", "verb"]
    search_fields = ["verb", "target_label", "detail", "user__username"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
