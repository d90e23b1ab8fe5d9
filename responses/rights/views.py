"""The respondent's pages: their response as sent, a correction, a withdrawal (with a confirmation).

Each page checks the signed link first: a changed or made-up link gets a page saying so. After
the close, or once withdrawn, the response is shown but cannot change, and the page says why.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from responses.answers import answers_describe
from responses.respond.questions import QuestionsForm
from responses.respond.services import CentreNotInConsultation

from . import services
from .forms import WithdrawForm
from .links import LinkNotValid, response_from_token

CORRECTED = _("Your response has been changed. We have kept a record of your earlier answers.")
UNCHANGED = _("You did not change any answers, so your response is as it was.")
WITHDRAWN = _("Your response has been withdrawn.")
CENTRE_GONE = _("A centre you chose is no longer part of this consultation. Check your answers and send them again.")


@method_decorator(never_cache, name="dispatch")
class RightsMixin(View):
    """Finds the response the link names; every page shows it as it stands."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.response = response_from_token(slug=kwargs["slug"], token=kwargs["token"])
        except LinkNotValid:
            return render(request, "responses/rights/link_not_valid.html", status=404)
        self.consultation = self.response.consultation
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra) -> dict:
        response = self.response
        return {
            "response": response,
            "consultation": self.consultation,
            "token": self.kwargs["token"],
            "changeable": services.response_changeable(response),
            "lines": answers_describe(consultation=self.consultation, answers=response.answers),
            "versions": response.versions.count(),
            **extra,
        }

    def show(self, status: int = 200):
        return render(self.request, "responses/rights/response.html", self.context(), status=status)

    def refused(self, error: Exception):
        """The response can no longer change: say why on its own page, nothing done."""
        if isinstance(error, services.AlreadyWithdrawn):
            return self.show(status=409)
        return self.show(status=403)


class ResponseRightsView(RightsMixin):
    def get(self, request, slug, token):
        return self.show()


class ResponseCorrectView(RightsMixin):
    template_name = "responses/rights/correct.html"

    def get(self, request, slug, token):
        if not services.response_changeable(self.response):
            return self.show(status=403)
        form = QuestionsForm(consultation=self.consultation, initial=QuestionsForm.initial_from(self.response.answers))
        return render(request, self.template_name, self.context(form=form))

    def post(self, request, slug, token):
        form = QuestionsForm(consultation=self.consultation, data=request.POST)
        if not services.response_changeable(self.response):
            return self.show(status=403)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form))
        try:
            changed = services.response_correct(response_id=self.response.pk, answers=form.answers())
        except (services.AlreadyWithdrawn, services.RightsClosed) as error:
            self.response.refresh_from_db()
            return self.refused(error)
        except CentreNotInConsultation:
            form.add_error(None, CENTRE_GONE)
            return render(request, self.template_name, self.context(form=form))
        messages.success(request, CORRECTED if changed else UNCHANGED)
        return redirect("rights:view", slug=slug, token=token)


class ResponseWithdrawView(RightsMixin):
    template_name = "responses/rights/withdraw.html"

    def get(self, request, slug, token):
        if not services.response_changeable(self.response):
            return self.show(status=409 if self.response.withdrawn_at else 403)
        return render(request, self.template_name, self.context(form=WithdrawForm()))

    def post(self, request, slug, token):
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            if not services.response_changeable(self.response):
                return self.show(status=409 if self.response.withdrawn_at else 403)
            return render(request, self.template_name, self.context(form=form))
        try:
            services.response_withdraw(response_id=self.response.pk)
        except (services.AlreadyWithdrawn, services.RightsClosed) as error:
            self.response.refresh_from_db()
            return self.refused(error)
        messages.success(request, WITHDRAWN)
        return redirect("rights:view", slug=slug, token=token)
