from django.contrib import admin

from netweave.initiatives.models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "owner", "started_on", "partner_found_on"]
    list_filter = ["network", "stage", "themes"]
    search_fields = ["name", "description"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["themes"]
