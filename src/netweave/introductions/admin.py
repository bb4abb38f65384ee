from django.contrib import admin

from netweave.introductions.models import Introduction


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["person_a", "person_b", "introducer", "status", "suggested_on", "met_on"]
    list_filter = ["network", "status"]
    search_fields = ["reason", "person_a__last_name", "person_b__last_name"]
    raw_id_fields = ["introducer", "person_a", "person_b"]
    date_hierarchy = "suggested_on"
