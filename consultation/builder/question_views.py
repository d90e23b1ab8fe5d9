"""The builder's question pages: add, edit, remove, move up and down."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from consultation.models import Question

from . import questions as services
from .forms import QuestionForm
from .history import changes_list, version_of
from .views import ManageMixin, refused

TEMPLATE = "consultation/builder/question_form.html"


class QuestionMixin(ManageMixin):
    def question(self) -> Question:
        return get_object_or_404(Question, pk=self.kwargs["question"], consultation=self.consultation)


class QuestionCreateView(ManageMixin, View):
    def get(self, request, pk):
        form = QuestionForm(initial={"required": True, "max_length": 2000})
        return render(request, TEMPLATE, {"form": form, "consultation": self.consultation})

    def post(self, request, pk):
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_add(consultation=self.consultation, by=request.user, **form.service_fields())
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, _("Question added."))
                return redirect("builder:detail", pk=pk)
        return render(request, TEMPLATE, {"form": form, "consultation": self.consultation})


class QuestionEditView(QuestionMixin, View):
    def context(self, question, form) -> dict:
        history = changes_list(question.history.select_related("history_user")[:20], label=_("question"))
        return {"form": form, "consultation": self.consultation, "question": question, "history": history}

    def get(self, request, pk, question):
        question = self.question()
        form = QuestionForm(instance=question, locked=services.question_is_locked(question))
        form.initial["version"] = version_of(question)
        return render(request, TEMPLATE, self.context(question, form))

    def post(self, request, pk, question):
        question = self.question()
        form = QuestionForm(request.POST, instance=question, locked=services.question_is_locked(question))
        if form.is_valid():
            try:
                services.question_update(
                    question=question, by=request.user, version=form.cleaned_data["version"], **form.service_fields()
                )
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, _("Question saved."))
                return redirect("builder:detail", pk=pk)
        return render(request, TEMPLATE, self.context(question, form))


class QuestionRemoveView(QuestionMixin, View):
    template_name = "consultation/builder/question_remove.html"

    def get(self, request, pk, question):
        question = self.question()
        context = {"consultation": self.consultation, "question": question, "locked": self.consultation.has_responses}
        return render(request, self.template_name, context)

    def post(self, request, pk, question):
        try:
            services.question_remove(question=self.question(), by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Question removed."))
        return redirect("builder:detail", pk=pk)


class QuestionMoveView(QuestionMixin, View):
    """The move up and move down buttons: a form each, so no JavaScript is needed."""

    http_method_names = ["post"]

    def post(self, request, pk, question):
        step = {"up": -1, "down": 1}.get(request.POST.get("direction"), 0)
        if step:
            services.question_move(question=self.question(), by=request.user, step=step)
        return redirect(f"{reverse('builder:detail', kwargs={'pk': pk})}#questions")
