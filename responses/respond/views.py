"""The public response journey: who is responding, about you, the questions, check your answers, done.

The answers so far are a draft in the session, one per consultation. The draft gets
an idempotency token when the journey starts, so that a double click or going back
and sending again stores one response and shows the same reference. Residents'
sessions last RESIDENT_SESSION_SECONDS after the last page, whether or not the browser
closes; a draft lost all the same is said to be lost, never silently started again."""

import contextlib
import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.backends.base import UpdateError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_ratelimit.core import is_ratelimited

from equality.services import equality_answers_record
from responses.answers import answers_describe
from responses.drafts.services import saved_drafts_discard
from responses.models import Consent, RespondentType

from .draft import Draft, client_address
from .forms import AboutForm, WhoForm
from .journey import JourneyMixin, StepView, not_open
from .letters import attachment_discard, attachment_store
from .limits import LETTERS_LIMITED, letters_limited
from .questions import QuestionsForm
from .services import CentreNotInConsultation, ConsultationNotOpen, reference_generate, response_submit

logger = logging.getLogger(__name__)


class ResponseStartView(JourneyMixin, View):
    """The "Respond" button: starts a new draft, or goes back to the one in progress."""

    def get(self, request):
        if not self.draft.exists() or self.draft.data.get("reference") or request.GET.get("new"):
            self.draft.start()
        return self.redirect_onwards()


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
        if not self.draft.exists():
            return self.lost()
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
        data = self.draft.data
        initial = QuestionsForm.initial_from(data.get("answers") or data.get("answers_partial", {}))
        return self.render_form(self.make_form(initial=initial))

    def post(self, request):
        form = self.make_form(data=request.POST)
        if not self.draft.exists():
            # The session ended: the answers on this page are kept, the earlier pages' are not.
            kept = form.is_valid()
            if kept:
                self.draft.update(answers=form.answers())
            return self.lost(kept=kept)
        if not form.is_valid():
            if "save" in request.POST:
                # Saving for later needs no complete page: the answers given so far wait apart,
                # so the page still counts as not filled in.
                self.draft.update(answers_partial=form.answers())
                return redirect(self.step_url("save"))
            return self.render_form(form)
        self.draft.remove("answers_partial")
        self.draft.update(answers=form.answers())
        return self.redirect_onwards()


class ResponseCheckView(JourneyMixin, View):
    """Check your answers, then send."""

    template_name = "responses/respond/check.html"

    def get(self, request):
        if not self.draft.exists():
            return self.lost()
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
            "equality": self.draft.equality if self.draft.asks_equality else None,
            "back_url": self.step_url(self.draft.steps[-1]),
        }

    def post(self, request):
        if not self.draft.exists():
            return self.lost()
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
            self._submit()
        except ConsultationNotOpen:
            return not_open(request, self.consultation, self.draft)
        except CentreNotInConsultation:
            # A centre was taken out of the consultation while this draft was open.
            messages.error(request, _("The list of centres has changed. Check your answers and send them again."))
            return redirect(self.step_url("questions"))
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

    @transaction.atomic
    def _submit(self):
        # The equality answers are stored with the response, or neither is; one commit for all.
        response = self._response_submit()
        equality_answers_record(response=response, answers=self.draft.equality)
        if self.draft.was_saved:  # its saved copies are no longer needed
            saved_drafts_discard(draft_token=self.draft.data["token"])
        self.draft.update(reference=response.reference, email=response.email)
        # The reference goes into the session in the same commit as the response (and the
        # middleware then has nothing left to write). A session deleted meanwhile does not
        # cost the response: the middleware reports it, as on any page.
        with contextlib.suppress(UpdateError):
            self.request.session.save()
        return response

    def _response_submit(self):
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
