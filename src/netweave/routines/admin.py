from django.contrib import admin

from netweave.routines.models import Attendance, Occurrence, Reflection, Routine


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["name", "format", "cadence", "steward", "started_on", "network"]
    list_filter = ["network", "format", "cadence"]
    search_fields = ["name"]
    raw_id_fields = ["steward"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    raw_id_fields = ["person"]
    extra = 0


class ReflectionInline(admin.StackedInline):
    model = Reflection
    extra = 0


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["routine", "on", "held"]
    list_filter = ["routine__network", "routine", "held"]
    search_fields = ["routine__name"]
    date_hierarchy = "on"
    inlines = [AttendanceInline, ReflectionInline]
