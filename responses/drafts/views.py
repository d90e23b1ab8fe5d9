"""Save and come back later: the page asking where to send the link, and the link's page.

Mounted in the response journey (``responses:save``, ``responses:saved``), so a
consultation that is not open answers with the usual page saying so, also for a link
opened after the close.
"""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.views import View
from django_ratelimit.core import is_ratelimited

from responses.respond.draft import client_address
from responses.respond.journey import JourneyMixin

from .forms import DraftEmailForm
from .services import DraftLinkUnknown, DraftLinkUsed, draft_link_find, draft_restore, draft_save

logger = logging.getLogger(__name__)

SAVED_TO = "saved-draft-sent-to-{pk}"


class DraftSaveView(JourneyMixin, View):
    """Asks for an email address, saves the draft on the server and sends the link."""

    template_name = "responses/respond/save.html"

    def get(self, request):
        if not self.draft.exists():
            return self.lost()
        if self.draft.data.get("reference"):  # sent already: nothing to save
            return redirect(self.step_url("confirmation"))
        email = self.draft.data.get("about", {}).get("email", "")
        return self.render_form(DraftEmailForm(initial={"email": email}))

    def render_form(self, form, status=200):
        context = {"consultation": self.consultation, "form": form, "back_url": self.step_url("start")}
        return render(self.request, self.template_name, context, status=status)

    def post(self, request):
        if not self.draft.exists():
            return self.lost()
        if self.draft.data.get("reference"):
            return redirect(self.step_url("confirmation"))
        form = DraftEmailForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        if self._rate_limited(request):
            return render(request, "responses/respond/rate_limited.html", status=429)
        email = form.cleaned_data["email"]
        if not self.draft.data.get("bot"):  # a bot sees the same page; nothing is saved or sent
            # Marked before the copy is taken, so that a browser restoring the copy knows it too:
            # sending the response then deletes the saved copies (only then, which spares every
            # other response a query).
            self.draft.update(saved=True)
            site_url = request.build_absolute_uri("/")
            draft_save(consultation=self.consultation, data=self.draft.data, email=email, site_url=site_url)
        request.session[SAVED_TO.format(pk=self.consultation.pk)] = email
        return redirect(self.step_url("save-sent"))

    def _rate_limited(self, request) -> bool:
        # Each save sends an email: the same limit as sending responses keeps the form from being a mailer.
        try:
            return is_ratelimited(
                request,
                group="responses:save-draft",
                key=client_address,
                rate=settings.RESPONSE_RATE_LIMIT,
                method="POST",
                increment=True,
            )
        except Exception:  # noqa: BLE001 - a cache outage must not stop people saving
            logger.warning("Rate limit cache unavailable; draft saved without a limit", exc_info=True)
            return False


class DraftSaveSentView(JourneyMixin, View):
    """Your answers are saved: where the link went, how long it works, and a way to carry on now."""

    def get(self, request):
        email = request.session.get(SAVED_TO.format(pk=self.consultation.pk))
        if not email:
            return redirect(self.step_url("start"))
        context = {"consultation": self.consultation, "email": email}
        return render(request, "responses/respond/save_sent.html", context)


class DraftLinkView(JourneyMixin, View):
    """The emailed link: a page with a button (so a mail scanner opening the link does not use it up)."""

    def get(self, request, token: str):
        try:
            draft_link_find(consultation=self.consultation, token=token)
        except (DraftLinkUsed, DraftLinkUnknown) as error:
            return self.link_refused(error)
        return render(request, "responses/respond/saved_link.html", {"consultation": self.consultation})

    def post(self, request, token: str):
        try:
            data = draft_restore(consultation=self.consultation, token=token)
        except (DraftLinkUsed, DraftLinkUnknown) as error:
            return self.link_refused(error)
        self.draft.restore(data)
        return self.redirect_onwards()

    def link_refused(self, error: Exception):
        context = {"consultation": self.consultation, "used": isinstance(error, DraftLinkUsed)}
        return render(self.request, "responses/respond/saved_link_refused.html", context, status=410)
