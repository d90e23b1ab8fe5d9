"""The equality monitoring page of the public response journey: after the questions, before the check page.

Only consultations with ``equality_monitoring`` ask it, and only of people (not of
organisations). Every question is optional and the whole page can be skipped; the
answers wait in the session's draft and are stored apart from the response's answers
when it is sent (``equality_answers_record``).
"""

from django.shortcuts import redirect

from responses.respond.draft import EQUALITY_STEP
from responses.respond.journey import StepView

from .forms import EqualityForm


class EqualityStepView(StepView):
    step = EQUALITY_STEP
    template_name = "equality/step.html"

    def get(self, request):
        if not self.draft.exists():
            return redirect(self.step_url("start"))
        if not self.draft.asks_equality:
            return redirect(self.step_url("check"))
        if request.GET.get("skip"):
            return self.skip()
        return self.render_form(EqualityForm(initial=self.draft.data.get("equality")))

    def post(self, request):
        if not self.draft.exists():
            return self.lost()
        if not self.draft.asks_equality:
            return redirect(self.step_url("check"))
        form = EqualityForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        self.draft.update(equality=form.answers())
        return self.redirect_onwards()

    def skip(self):
        # Skipped: nothing is kept, and answers given earlier on this page are dropped.
        self.draft.update(equality={})
        return self.redirect_onwards()
