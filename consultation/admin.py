"""Admin for consultations, their questions and documents: configuration only."""

from django.contrib import admin
from django.db import models

from .models import Consultation, Document, Question


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    # A link typed without a scheme means https, as it will from Django 6.0.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "published_at", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["title", "summary"]
    date_hierarchy = "opens_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["centres"]
    inlines = [QuestionInline, DocumentInline]

    def view_on_site(self, obj):
        # A draft has no public page to view.
        return obj.get_absolute_url() if obj.published_at else None
