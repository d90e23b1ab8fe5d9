"""The pieces every page of the public response journey shares: finding the consultation
and the draft, the resident's session length, and the pages for a consultation not open
and for a draft that was lost."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from consultation.models import Consultation

from .draft import Draft


class JourneyMixin:
    """Finds the consultation and the draft; shows a clear page instead when the consultation is not open."""

    requires_open = True

    def dispatch(self, request, *args, slug, **kwargs):
        # A draft answers exactly as a slug that does not exist, so unpublished work cannot be found.
        self.consultation = get_object_or_404(Consultation.objects.published(), slug=slug)
        self.draft = Draft(request.session, self.consultation)
        if not request.user.is_authenticated:
            # Long enough to finish, and past closing the browser; staff sessions keep their own length.
            request.session.set_expiry(settings.RESIDENT_SESSION_SECONDS)
        if self.requires_open and not self.consultation.is_open:
            return not_open(request, self.consultation, self.draft)
        return super().dispatch(request, *args, **kwargs)

    def step_url(self, step: str) -> str:
        return reverse(f"responses:{step}", kwargs={"slug": self.consultation.slug})

    def redirect_onwards(self):
        """After a page is saved: the "save and come back later" page if asked, else
        the first page still to fill in, else the check page."""
        if self.request.method == "POST" and "save" in self.request.POST:
            return redirect(self.step_url("save"))
        return redirect(self.step_url(self.draft.first_missing_step() or "check"))

    def lost(self, *, kept: bool = False):
        return draft_lost(self.request, self.consultation, kept=kept)

    def mark_bot(self, form) -> None:
        if form.is_bot:
            self.draft.update(bot=True)


def draft_lost(request, consultation: Consultation, *, kept: bool = False):
    """A later page reached with no draft (the session ended): say the answers were not kept, and why.

    ``kept``: the answers on the page just sent were kept in a new draft, the earlier ones were not.
    """
    context = {"consultation": consultation, "hours": settings.RESIDENT_SESSION_SECONDS // 3600, "kept": kept}
    return render(request, "responses/respond/lost.html", context)


def not_open(request, consultation: Consultation, draft: Draft):
    """The page shown for a consultation that does not take responses now (never a 404 or 500)."""
    had_draft = draft.exists() and not draft.data.get("reference")
    draft.discard()
    # Only published consultations reach here (the journey answers 404 for a draft).
    context = {"consultation": consultation, "status": consultation.status, "had_draft": had_draft}
    return render(request, "responses/respond/not_open.html", context)


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
        steps = self.draft.steps
        index = steps.index(self.step)
        if self.draft.first_missing_step() is None:
            return self.step_url("check")
        return self.step_url(steps[index - 1]) if index else self.consultation.get_absolute_url()
