"""The public response journey: who is responding, about you, the questions, check your answers, done.

The answers so far are a draft in the session, one per consultation. The draft gets
an idempotency token when the journey starts, so that a double click or going back
and sending again stores one response and shows the same reference."""

import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_ratelimit.core import is_ratelimited

from consultation.models import Consultation
from responses.answers import answers_describe
from responses.models import Consent, RespondentType

from .draft import STEPS, Draft, client_address
from .forms import AboutForm, WhoForm
from .letters import attachment_discard, attachment_store
from .limits import LETTERS_LIMITED, letters_limited
from .questions import QuestionsForm
from .services import CentreNotInConsultation, ConsultationNotOpen, reference_generate, response_submit

logger = logging.getLogger(__name__)


class JourneyMixin:
    """Finds the consultation and the draft; shows a clear page instead when the consultation is not open."""

    requires_open = True

    def dispatch(self, request, *args, slug, **kwargs):
        # A draft answers exactly as a slug that does not exist, so unpublished work cannot be found.
        self.consultation = get_object_or_404(Consultation.objects.published(), slug=slug)
        self.draft = Draft(request.session, self.consultation)
        if self.requires_open and not self.consultation.is_open:
            return not_open(request, self.consultation, self.draft)
        return super().dispatch(request, *args, **kwargs)

    def step_url(self, step: str) -> str:
        return reverse(f"responses:{step}", kwargs={"slug": self.consultation.slug})

    def redirect_onwards(self):
        """After a page is saved: the first page still to fill in, else the check page."""
        return redirect(self.step_url(self.draft.first_missing_step() or "check"))

    def mark_bot(self, form) -> None:
        if form.is_bot:
            self.draft.update(bot=True)


def not_open(request, consultation: Consultation, draft: Draft):
    """The page shown for a consultation that does not take responses now (never a 404 or 500)."""
    had_draft = draft.exists() and not draft.data.get("reference")
    draft.discard()
    # Only published consultations reach here (the journey answers 404 for a draft).
    context = {"consultation": consultation, "status": consultation.status, "had_draft": had_draft}
    return render(request, "responses/respond/not_open.html", context)


class ResponseStartView(JourneyMixin, View):
    """The "Respond" button: starts a new draft, or goes back to the one in progress."""

    def get(self, request):
        if not self.draft.exists() or self.draft.data.get("reference") or request.GET.get("new"):
            self.draft.start()
        return self.redirect_onwards()


class StepView(JourneyMixin, View):
    step = ""
    template_name = ""

    def render_form(self, form, status=200):
        context = {
            "consultation": self.consultation,
            "form": form,
            "draft": self.draft,
            "back_url": self.back_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def back_url(self) -> str:
        index = STEPS.index(self.step)
        if self.draft.first_missing_step() is None:
            return self.step_url("check")
        return self.step_url(STEPS[index - 1]) if index else self.consultation.get_absolute_url()


class ResponseWhoView(StepView):
    step = "who"
    template_name = "responses/respond/who.html"

    def get(self, request):
        return self.render_form(WhoForm(initial=self.draft.data.get("who")))

    def post(self, request):
        form = WhoForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        was_organisation = self.draft.is_organisation
        self.mark_bot(form)
        self.draft.update(who={"respondent_type": form.cleaned_data["respondent_type"]})
        if was_organisation != self.draft.is_organisation and "about" in self.draft.data:
            # The "about you" page asks different things of organisations: ask again.
            _attachment_discard(self.draft)
            self.draft.remove("about")
        return self.redirect_onwards()


def _attachment_discard(draft: Draft) -> None:
    attachment = draft.attachment
    if attachment:
        attachment_discard(attachment=attachment)
        draft.remove("attachment")


class ResponseAboutView(StepView):
    step = "about"
    template_name = "responses/respond/about.html"

    def get(self, request):
        if "who" not in self.draft.data:
            return redirect(self.step_url("who"))
        return self.render_form(self.make_form(initial=self.draft.data.get("about")))

    def make_form(self, **kwargs):
        return AboutForm(is_organisation=self.draft.is_organisation, **kwargs)

    def post(self, request):
        if "who" not in self.draft.data:
            return redirect(self.step_url("who"))
        form = self.make_form(data=request.POST, files=request.FILES)
        valid = form.is_valid()
        # A good letter is kept even when another field is wrong, so it need not be chosen again.
        letter = form.cleaned_data.get("letter") if "letter" not in form.errors else None
        if letter and letters_limited(request):
            form.add_error("letter", LETTERS_LIMITED)
            return self.render_form(form, status=429)
        if letter:
            # One letter waits with a draft: a new one replaces it.
            _attachment_discard(self.draft)
            stored = attachment_store(file=letter, content_type=letter.content_type_checked)
            self.draft.update(attachment=stored.__dict__)
        if not valid:
            return self.render_form(form)
        self.mark_bot(form)
        about = {name: value for name, value in form.cleaned_data.items() if name not in ("letter", "website")}
        self.draft.update(about=about)
        return self.redirect_onwards()


class ResponseQuestionsView(StepView):
    step = "questions"
    template_name = "responses/respond/questions.html"

    def make_form(self, **kwargs):
        return QuestionsForm(consultation=self.consultation, **kwargs)

    def get(self, request):
        initial = QuestionsForm.initial_from(self.draft.data.get("answers", {}))
        return self.render_form(self.make_form(initial=initial))

    def post(self, request):
        form = self.make_form(data=request.POST)
        if not form.is_valid():
            return self.render_form(form)
        self.draft.update(answers=form.answers())
        return self.redirect_onwards()


class ResponseCheckView(JourneyMixin, View):
    """Check your answers, then send."""

    template_name = "responses/respond/check.html"

    def get(self, request):
        if self.draft.data.get("reference"):
            return redirect(self.step_url("confirmation"))
        if missing := self.draft.first_missing_step():
            return redirect(self.step_url(missing))
        return render(request, self.template_name, self.context())

    def context(self) -> dict:
        data = self.draft.data
        return {
            "consultation": self.consultation,
            "who": RespondentType(data["who"]["respondent_type"]),
            "is_organisation": self.draft.is_organisation,
            "about": data["about"],
            "consent": Consent(data["about"]["consent"]),
            "attachment": self.draft.attachment,
            "lines": answers_describe(consultation=self.consultation, answers=data["answers"]),
        }

    def post(self, request):
        if self.draft.data.get("reference"):
            return redirect(self.step_url("confirmation"))
        if missing := self.draft.first_missing_step():
            return redirect(self.step_url(missing))
        if self._rate_limited(request):
            return rate_limited(request, None)
        if self.draft.data.get("bot"):
            # A plausible page for a bot, so it learns nothing; nothing is stored.
            logger.info("Honeypot filled: response to %s not stored", self.consultation.slug)
            self.draft.update(reference=reference_generate(), email="")
            return redirect(self.step_url("confirmation"))
        try:
            response = self._submit()
        except ConsultationNotOpen:
            return not_open(request, self.consultation, self.draft)
        except CentreNotInConsultation:
            # A centre was taken out of the consultation while this draft was open.
            messages.error(request, _("The list of centres has changed. Check your answers and send them again."))
            return redirect(self.step_url("questions"))
        self.draft.update(reference=response.reference, email=response.email)
        return redirect(self.step_url("confirmation"))

    def _rate_limited(self, request) -> bool:
        try:
            return is_ratelimited(
                request,
                group="responses:submit",
                key=client_address,
                rate=settings.RESPONSE_RATE_LIMIT,
                method="POST",
                increment=True,
            )
        except Exception:  # noqa: BLE001 - a cache outage must not stop people responding
            logger.warning("Rate limit cache unavailable; response accepted without a limit", exc_info=True)
            return False

    def _submit(self):
        data = self.draft.data
        about = data["about"]
        return response_submit(
            consultation=self.consultation,
            respondent_type=data["who"]["respondent_type"],
            consent=about["consent"],
            answers=data["answers"],
            name=about.get("name", ""),
            email=about.get("email", ""),
            postcode=about.get("postcode", ""),
            organisation_name=about.get("organisation_name", ""),
            respondent_role=about.get("respondent_role", ""),
            authority_confirmed=bool(about.get("authority_confirmed")),
            attachment=self.draft.attachment if self.draft.is_organisation else None,
            idempotency_token=uuid.UUID(data["token"]),
        )


class ResponseConfirmationView(JourneyMixin, View):
    """The reference, shown after sending (also after the consultation closes, for a last-minute response)."""

    requires_open = False

    def get(self, request):
        reference = self.draft.data.get("reference")
        if not reference:
            return redirect(self.consultation.get_absolute_url())
        context = {"consultation": self.consultation, "reference": reference, "email": self.draft.data.get("email")}
        return render(request, "responses/respond/confirmation.html", context)


def rate_limited(request, exception):
    """Shown when a client sends too many responses (django-ratelimit's RATELIMIT_VIEW)."""
    return render(request, "responses/respond/rate_limited.html", status=429)
