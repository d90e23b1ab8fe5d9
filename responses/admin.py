"""Django admin for responses: for looking, never for changing.

Responses are decided in the staff area, where every change is recorded; here
the responses, the audit trail (decisions, redactions), export jobs and their
downloads can be read by those with the view permission, and changed by no one.
"""

from django.contrib import admin

from .models import Decision, Erasure, Export, ExportDownload, Redaction, Response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ("created_at", "actor", "from_state", "to_state", "reason", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "consultation", "submitted_at", "channel", "respondent_type", "state")
    list_filter = ("consultation", "state", "channel", "respondent_type")
    search_fields = ("reference", "organisation_name")
    date_hierarchy = "submitted_at"
    # The letter is opened from the staff area, through its permission-checked view.
    exclude = ("idempotency_token", "attachment")
    inlines = [DecisionInline]
    show_full_result_count = False  # no COUNT(*) over a million rows on every page


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("response", "created_at", "actor", "from_state", "to_state", "reason")
    list_filter = ("to_state", "reason")
    search_fields = ("response__reference", "note")
    list_select_related = ("response", "actor")


@admin.register(Redaction)
class RedactionAdmin(ReadOnlyAdmin):
    list_display = ("response", "field", "start", "end", "reason", "created_by", "created_at")
    search_fields = ("response__reference", "reason")
    list_select_related = ("response", "created_by")


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ("id", "consultation", "requested_by", "status", "rows_written", "created_at", "expires_at")
    list_filter = ("status", "include_personal_data")
    list_select_related = ("consultation", "requested_by")


@admin.register(ExportDownload)
class ExportDownloadAdmin(ReadOnlyAdmin):
    list_display = ("export", "user", "downloaded_at")
    list_select_related = ("export", "user")


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ("response", "erased_at", "fields", "reason", "erased_by")
    search_fields = ("response__reference",)
    date_hierarchy = "erased_at"
