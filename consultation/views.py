"""Public pages: the list of consultations, a consultation, its documents, and the site's statements."""

import logging
from itertools import groupby

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from .documents import document_format
from .models import Consultation, ConsultationStatus, Document

logger = logging.getLogger(__name__)


class ConsultationListView(ListView):
    template_name = "consultation/consultation_list.html"
    context_object_name = "consultations"

    def get_queryset(self):
        return Consultation.objects.published().order_by("closes_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {status: [] for status in ConsultationStatus.values}
        for consultation in context["consultations"]:
            groups[consultation.status].append(consultation)
        context["open_consultations"] = groups[ConsultationStatus.OPEN]
        context["forthcoming_consultations"] = groups[ConsultationStatus.FORTHCOMING]
        context["closed_consultations"] = (
            groups[ConsultationStatus.CLOSED]
            + groups[ConsultationStatus.UNDER_REVIEW]
            + groups[ConsultationStatus.OUTCOME_PUBLISHED]
        )
        return context


class ConsultationDetailView(DetailView):
    """A consultation: what it proposes, its documents and dates, and the centres it affects."""

    template_name = "consultation/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return Consultation.objects.published().select_related("proposal_stage").prefetch_related("documents")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"centre_groups": centre_groups(self.object)}


def centre_groups(consultation: Consultation) -> list:
    """The consultation's centres by district, with their proposed status at its stage."""
    centres = consultation.centres.order_by("district", "name")
    if consultation.proposal_stage:
        centres = centres.with_status_at(consultation.proposal_stage)
    return [(district, list(group)) for district, group in groupby(centres, key=lambda centre: centre.district)]


class DocumentDownloadView(SingleObjectMixin, View):
    """An uploaded document of a published consultation (media has no public URL)."""

    def get_queryset(self):
        documents = Document.objects.filter(consultation__slug=self.kwargs["slug"])
        if self.request.user.has_perm("consultation.manage_consultation"):
            return documents  # the builder's preview links to the documents of a draft
        return documents.filter(consultation__in=Consultation.objects.published())

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        if not document.file:
            raise Http404
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        # Checked again on every download, so a file stored before uploads were checked is never served.
        found = document_format(handle)
        if found is None:
            handle.close()
            logger.warning(
                "Document %s (%s) is not a PDF, DOCX or ODT file: not served", document.pk, document.file.name
            )
            raise Http404
        filename = f"{slugify(document.title) or 'document'}.{found.code}"
        response = FileResponse(
            handle, as_attachment=not found.inline, filename=filename, content_type=found.content_type
        )
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class AccessibilityView(TemplateView):
    template_name = "consultation/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "compliance": settings.ACCESSIBILITY_COMPLIANCE,
            "last_tested": settings.ACCESSIBILITY_LAST_TESTED,
            "contact_email": settings.CONTACT_EMAIL,
            "postal_address": settings.POSTAL_ADDRESS,
        }


class PrivacyView(TemplateView):
    """The privacy notice. Its facts come from settings, so each council states its own."""

    template_name = "consultation/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "lawful_basis": settings.PRIVACY_LAWFUL_BASIS,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "contact_email": settings.CONTACT_EMAIL,
            "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
            "postal_address": settings.POSTAL_ADDRESS,
        }
