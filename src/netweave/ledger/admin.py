from django.contrib import admin

from netweave.ledger.models import Ask, Interaction, Offer


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "kind", "person_a", "person_b", "directed", "purpose", "source"]
    list_filter = ["network", "kind", "directed", "purpose", "source"]
    search_fields = ["person_a__last_name", "person_b__last_name", "note"]
    raw_id_fields = ["person_a", "person_b", "occurrence"]
    date_hierarchy = "occurred_on"
    list_select_related = ["person_a", "person_b"]


@admin.register(Ask, Offer)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["text", "person", "theme", "language", "created_on", "closed_on"]
    list_filter = ["network", "theme", "language"]
    search_fields = ["text", "person__last_name"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "theme"]
