"""Admin for consultations, their questions and documents: read-only.

Consultations are built in the staff area's builder (/staff/consultations/), whose services
keep the lock rules, the lifecycle and the history. The admin only shows what is there.
"""

from django.contrib import admin

from .models import Consultation, Document, Question


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionInline(ReadOnlyMixin, admin.StackedInline):
    model = Question
    extra = 0


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = Document
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "published_at", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["title", "summary"]
    date_hierarchy = "opens_at"
    inlines = [QuestionInline, DocumentInline]

    def view_on_site(self, obj):
        # A draft or scheduled consultation has no public page to view.
        return obj.get_absolute_url() if obj.is_visible else None
