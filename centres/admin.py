"""Admin for the register: configuration only. The bulk load is `manage.py import_centres`.

Responses store the names and districts of the centres they chose (responses/linked_centres.py),
so a centre renamed, moved to another district or deleted here has them stored again."""

from django.contrib import admin

from responses.linked_centres import linked_centres_refresh, responses_linked_to

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "district"} & set(form.changed_data):
            linked_centres_refresh(response_ids=responses_linked_to([obj.pk]))

    def delete_model(self, request, obj):
        linked = responses_linked_to([obj.pk])
        super().delete_model(request, obj)
        linked_centres_refresh(response_ids=linked)

    def delete_queryset(self, request, queryset):
        linked = responses_linked_to(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        linked_centres_refresh(response_ids=linked)


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "date", "announced_total", "announced_kept", "announced_closed"]
    prepopulated_fields = {"slug": ["name"]}
