"""Officers enter a response that came on paper or by email."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from consultation.models import Consultation
from responses.models import ORGANISATION_TYPES

from .forms import EntryForm
from .letters import attachment_discard, attachment_store
from .questions import QuestionsForm
from .services import ConsultationNotOpen, response_submit


class ResponseEntryView(PermissionRequiredMixin, View):
    """An officer types in a paper or emailed response on the respondent's behalf."""

    permission_required = "responses.enter_response"
    template_name = "responses/moderation/entry.html"

    def forms(self, consultation, data=None, files=None):
        questions = QuestionsForm(data, consultation=consultation)
        # A letter answers what it answers: no question is required when an officer enters it.
        for field in questions.fields.values():
            field.required = False
        return EntryForm(data, files), questions

    def render(self, request, consultation, form, questions, status=200):
        context = {"consultation": consultation, "form": form, "questions": questions}
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug):
        consultation = get_object_or_404(Consultation, slug=slug)
        return self.render(request, consultation, *self.forms(consultation))

    def post(self, request, slug):
        consultation = get_object_or_404(Consultation, slug=slug)
        form, questions = self.forms(consultation, request.POST, request.FILES)
        if not (form.is_valid() & questions.is_valid()):
            return self.render(request, consultation, form, questions, status=400)
        data = form.cleaned_data
        is_organisation = data["respondent_type"] in ORGANISATION_TYPES
        letter = data.get("letter")
        attachment = attachment_store(file=letter, content_type=letter.content_type_checked) if letter else None
        try:
            response = response_submit(
                consultation=consultation,
                respondent_type=data["respondent_type"],
                consent=data["consent"],
                answers=questions.answers(),
                name=data["name"],
                email=data["email"],
                postcode=data["postcode"],
                organisation_name=data["organisation_name"] if is_organisation else "",
                respondent_role=data["respondent_role"] if is_organisation else "",
                authority_confirmed=data["authority_confirmed"] and is_organisation,
                channel=data["channel"],
                entered_by=request.user,
                submitted_at=form.received_at,
                attachment=attachment,
            )
        except ConsultationNotOpen:
            if attachment:
                attachment_discard(attachment=attachment)
            form.add_error(
                "received_on",
                _("The consultation was not open on that date. It ran from %(opens)s to %(closes)s.")
                % {"opens": f"{consultation.opens_at:%d %B %Y}", "closes": f"{consultation.closes_at:%d %B %Y}"},
            )
            return self.render(request, consultation, form, questions, status=400)
        messages.success(request, _("Response %(ref)s entered") % {"ref": response.reference})
        return redirect("moderation:response", reference=response.reference)
