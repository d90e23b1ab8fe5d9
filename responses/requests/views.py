"""Officers' data requests: find a person's responses, download what is held, erase with a reason.

Every view needs ``responses.handle_data_requests`` (the senior moderator role).
"""

import json
import logging

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import services
from .forms import DataRequestEraseForm, DataRequestFindForm

logger = logging.getLogger(__name__)
TEMPLATE = "responses/requests/find.html"


class DataRequestMixin(PermissionRequiredMixin):
    permission_required = "responses.handle_data_requests"

    def found(self, form):
        return services.responses_find(email=form.email, references=form.references)


class DataRequestFindView(DataRequestMixin, View):
    """The search, and what is held for each response found."""

    def get(self, request):
        form = DataRequestFindForm(request.GET if "q" in request.GET else None)
        context = {"form": form, "results": None}
        if form.is_bound and form.is_valid():
            responses = list(self.found(form).prefetch_related("erasures__erased_by"))
            context["results"] = [(r, services.personal_data_held(r)) for r in responses]
            context["holds_personal_data"] = any(held for _, held in context["results"])
            context["query"] = urlencode({"q": form.cleaned_data["q"]})
            context["erase_form"] = DataRequestEraseForm(initial={"q": form.cleaned_data["q"]})
        return render(request, TEMPLATE, context)


class DataRequestDownloadView(DataRequestMixin, View):
    """Everything held about the person, as a JSON file."""

    def get(self, request):
        form = DataRequestFindForm(request.GET)
        if not form.is_valid():
            return redirect("data_requests:find")
        asked_for = form.cleaned_data["q"]
        report = services.subject_access_report(responses=self.found(form), asked_for=asked_for, officer=request.user)
        logger.info("Subject access report for %d response(s) made by %s", len(report["responses"]), request.user)
        body = json.dumps(report, indent=2, ensure_ascii=False, default=str)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"subject-access-{timezone.localtime():%Y-%m-%d-%H%M}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class DataRequestEraseView(DataRequestMixin, View):
    """Erase the personal data of the responses found, with a reason (recorded as an Erasure each)."""

    http_method_names = ["post"]

    def post(self, request):
        erase_form = DataRequestEraseForm(request.POST)
        find_form = DataRequestFindForm({"q": request.POST.get("q", "")})
        if not find_form.is_valid():
            return redirect("data_requests:find")
        responses = list(self.found(find_form).prefetch_related("erasures__erased_by"))
        if not erase_form.is_valid():
            context = {
                "form": find_form,
                "results": [(r, services.personal_data_held(r)) for r in responses],
                "holds_personal_data": True,
                "query": urlencode({"q": find_form.cleaned_data["q"]}),
                "erase_form": erase_form,
            }
            return render(request, TEMPLATE, context, status=400)
        erased = services.data_request_erase(
            responses=responses, reason=erase_form.cleaned_data["reason"], actor=request.user
        )
        if erased:
            messages.success(request, _("Personal data erased from %(n)d response(s).") % {"n": erased})
        elif responses:
            messages.info(request, _("Nothing was erased: these responses hold no personal data any more."))
        else:
            messages.info(request, _("Nothing was erased: no response matches."))
        # By reference: the email address the person was found by is gone now.
        references = " ".join(r.reference for r in responses)
        back = reverse("data_requests:find")
        return redirect(f"{back}?{urlencode({'q': references})}" if references else back)
