"""A draft or scheduled consultation as residents will see it once open, for staff only.

The preview draws the public templates with a "Preview" banner; its response form checks
the answers as the real one does, and stores nothing.
"""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from consultation.models import ConsultationStatus
from consultation.views import centre_groups
from responses.answers import answers_describe
from responses.respond.questions import QuestionsForm

from .views import ManageMixin


class PreviewView(ManageMixin, View):
    def get(self, request, pk):
        consultation = self.consultation
        context = {
            "consultation": consultation,
            "centre_groups": centre_groups(consultation),
            "preview": True,
            # Shown as it will be once open, whatever its status now.
            "preview_status": ConsultationStatus.OPEN,
            "respond_url": reverse("builder:preview-questions", kwargs={"pk": pk}),
        }
        return render(request, "consultation/consultation_detail.html", context)


class PreviewQuestionsView(ManageMixin, View):
    template_name = "consultation/builder/preview_questions.html"

    def render_form(self, form, lines=None):
        context = {
            "consultation": self.consultation,
            "form": form,
            "preview": True,
            "lines": lines,
            "back_url": reverse("builder:preview", kwargs={"pk": self.consultation.pk}),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        return self.render_form(QuestionsForm(consultation=self.consultation))

    def post(self, request, pk):
        form = QuestionsForm(request.POST, consultation=self.consultation)
        if not form.is_valid():
            return self.render_form(form)
        messages.success(request, _("These answers would be accepted. This is a preview: nothing was stored."))
        return self.render_form(form, lines=answers_describe(consultation=self.consultation, answers=form.answers()))
