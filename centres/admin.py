"""Admin for the register: configuration only. The bulk load is `manage.py import_centres`."""

from django.contrib import admin

from .models import Centre, CentreStatus, Stage


class CentreStatusInline(admin.TabularInline):
    model = CentreStatus
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "district", "postcode"]
    list_filter = ["district", "statuses__stage", "statuses__status"]
    search_fields = ["name", "town", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CentreStatusInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "date", "announced_total", "announced_kept", "announced_closed"]
    prepopulated_fields = {"slug": ["name"]}
