"""The consultation managers' pages: list, create, overview, edit, publish, close, review, history."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from consultation.models import Consultation

from . import services
from .forms import ConsultationForm, PublishForm
from .history import changes_list, version_of


class ManageMixin(PermissionRequiredMixin):
    """Consultation managers only; ``self.consultation`` is the one in the address, if any."""

    permission_required = "consultation.manage_consultation"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        if "pk" in kwargs:
            self.consultation = get_object_or_404(Consultation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


def refused(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: beside its field when the form has one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ConsultationListView(ManageMixin, View):
    def get(self, request):
        consultations = Consultation.objects.order_by("-opens_at").prefetch_related("owners")
        return render(request, "consultation/builder/list.html", {"consultations": consultations})


class ConsultationCreateView(ManageMixin, View):
    template_name = "consultation/builder/form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ConsultationForm(initial={"owners": [request.user]})})

    def post(self, request):
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                consultation = services.consultation_create(by=request.user, **form.service_fields())
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, _("Consultation created as a draft. Add its questions and documents."))
                return redirect("builder:detail", pk=consultation.pk)
        return render(request, self.template_name, {"form": form})


class ConsultationDetailView(ManageMixin, View):
    """The consultation at a glance: its status and what can be done next, questions, documents, history."""

    def get(self, request, pk):
        consultation = self.consultation
        history = changes_list(consultation.history.select_related("history_user")[:20], label=_("consultation"))
        context = {
            "consultation": consultation,
            "status": consultation.status,
            "questions": consultation.questions.all(),
            "documents": consultation.documents.all(),
            "locked": consultation.has_responses,
            "history": history,
        }
        return render(request, "consultation/builder/detail.html", context)


class ConsultationEditView(ManageMixin, View):
    template_name = "consultation/builder/form.html"

    def make_form(self, data=None):
        return ConsultationForm(data, instance=self.consultation, locked_slug=self.consultation.is_visible)

    def get(self, request, pk):
        form = self.make_form()
        form.initial["version"] = version_of(self.consultation)
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "consultation": self.consultation})

    def post(self, request, pk):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                services.consultation_update(
                    consultation=self.consultation,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **form.service_fields(),
                )
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("builder:detail", pk=pk)
        return self.render(form)


class ConsultationPublishView(ManageMixin, View):
    template_name = "consultation/builder/publish.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"form": PublishForm(), "consultation": self.consultation})

    def post(self, request, pk):
        form = PublishForm(request.POST)
        if form.is_valid() and (form.cleaned_data["when"] == "now" or form.cleaned_data.get("at")):
            at = timezone.now() if form.cleaned_data["when"] == "now" else form.cleaned_data["at"]
            try:
                services.consultation_publish(consultation=self.consultation, by=request.user, at=at)
            except ValidationError as error:
                refused(form, error)
            else:
                self.consultation.refresh_from_db()
                done = _("Published.") if self.consultation.is_visible else _("Scheduled for publication.")
                messages.success(request, done)
                return redirect("builder:detail", pk=pk)
        return render(request, self.template_name, {"form": form, "consultation": self.consultation})


ACTIONS = {
    "unpublish": (services.consultation_unpublish, _("The consultation is a draft again.")),
    "close": (services.consultation_close_now, _("The consultation is closed: responses are refused from now.")),
    "review": (services.consultation_review_start, _("The consultation is under review.")),
}


class ConsultationActionView(ManageMixin, View):
    """A lifecycle button (back to draft, close now, start the review): POST only."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        service, done = ACTIONS[self.action]
        try:
            service(consultation=self.consultation, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, done)
        return redirect("builder:detail", pk=pk)
