"""Coding responses: one response's themes, a theme's suggestions, and the queue's matching responses in bulk."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from campaigns.queries import campaign_choices
from responses.models import Response
from responses.moderation.forms import queue_filters

from .. import services
from ..forms import BulkCodingForm, coding_form
from ..models import Theme
from ..suggestions import suggestions, text_questions
from .access import CodebookReaderMixin, CoderMixin

# A bulk action codes at most this many responses; more must be narrowed down first.
BULK_LIMIT = 20_000
BACK_TO_MODERATION = "moderation"
# The bulk page lists this many of the matching responses, newest first, to read before coding.
SAMPLE_SIZE = 20
EXCERPT_LENGTH = 160


class ResponseThemesView(CoderMixin, View):
    """A response's free-text answers and its themes, for officers who code but do not moderate."""

    def get(self, request, slug, reference):
        response = get_object_or_404(Response, reference=reference, consultation=self.consultation())
        slugs = set(text_questions(self.consultation()))
        questions = [q for q in self.consultation().questions.all() if q.slug in slugs]
        texts = [(q.text, response.answers.get(q.slug)) for q in questions]
        context = {"consultation": self.consultation(), "response": response, "texts": texts}
        return render(request, "themes/response.html", context)


class ResponseCodeView(CoderMixin, View):
    """Apply the ticks and unticks of a response's themes panel."""

    def post(self, request, slug, reference):
        response = get_object_or_404(Response, reference=reference, consultation=self.consultation())
        form = coding_form(response, request.POST)
        if form.is_valid():
            try:
                result = services.response_code(
                    response_id=response.pk,
                    actor=request.user,
                    add=form.cleaned_data["add"],
                    remove=form.cleaned_data["remove"],
                )
            except services.ThemeError as error:
                messages.error(request, error.message)
            else:
                _report(request, result)
        else:
            messages.error(request, _("A theme was removed from the codebook meanwhile. Check the themes again."))
        if request.POST.get("back") == BACK_TO_MODERATION and request.user.has_perm("responses.moderate_response"):
            return redirect(reverse("moderation:response", kwargs={"reference": reference}) + "#themes")
        return redirect(reverse("themes:response", kwargs={"slug": slug, "reference": reference}) + "#themes")


def _report(request, result: services.CodingResult) -> None:
    if not (result.added or result.removed):
        messages.info(request, _("No themes changed"))
    if result.added:
        messages.success(request, _("Added: %(themes)s") % {"themes": ", ".join(str(t) for t in result.added)})
    if result.removed:
        messages.success(request, _("Removed: %(themes)s") % {"themes": ", ".join(str(t) for t in result.removed)})


class ThemeDetailView(CodebookReaderMixin, View):
    """A theme, how many responses it codes, and the responses its search terms suggest."""

    def get(self, request, slug, pk):
        theme = get_object_or_404(Theme.objects.select_related("parent"), pk=pk, consultation=self.consultation())
        context = {
            "consultation": self.consultation(),
            "theme": theme,
            "coded": theme.codings.count(),
            "suggestions": suggestions(theme) if theme.search_terms else [],
        }
        return render(request, "themes/theme_detail.html", context)


class SuggestionCodeView(CoderMixin, View):
    """Code one suggested response with the theme: the officer's click, never the suggestion's own."""

    def post(self, request, slug, pk):
        theme = get_object_or_404(Theme, pk=pk, consultation=self.consultation())
        reference = request.POST.get("response", "")[:30]
        response = Response.objects.filter(reference=reference, consultation=self.consultation()).first()
        if response is None:
            messages.error(request, _("That response was not found. Reload the page and try again."))
        else:
            try:
                services.response_code(response_id=response.pk, actor=request.user, add={theme.pk})
            except services.ThemeError as error:
                messages.error(request, error.message)
                return redirect("themes:codebook", slug=slug)
            messages.success(request, _("%(ref)s is coded as %(theme)s") % {"ref": reference, "theme": theme})
        return redirect(reverse("themes:theme", kwargs={"slug": slug, "pk": pk}) + "#suggestions")


class BulkCodeView(CoderMixin, View):
    """Code every response the queue's current filters select with one theme, after a confirmation."""

    template_name = "themes/bulk.html"

    def setup_filters(self, request):
        consultation = self.consultation()
        centres = consultation.centres.order_by("name")
        # The queue's filters, campaign groups included: "code these 214 responses" from a group.
        groups = campaign_choices(consultation.pk)
        filters = queue_filters(request.GET, consultation.responses.all(), centres=centres, campaigns=groups)
        return filters, filters.qs if filters.is_valid() else None

    def get(self, request, slug):
        filters, responses = self.setup_filters(request)
        form = BulkCodingForm(request.GET if "theme" in request.GET else None, themes=self.themes())
        return self.render(filters, responses, form)

    def post(self, request, slug):
        filters, responses = self.setup_filters(request)
        form = BulkCodingForm(request.POST, themes=self.themes())
        if responses is None or not form.is_valid():
            return self.render(filters, responses, form, status=400)
        theme, count = form.cleaned_data["theme"], responses.count()
        if count > BULK_LIMIT:
            return self.render(filters, responses, form, status=400)
        if form.cleaned_data["expected"] != count:
            messages.warning(request, _("The number of matching responses changed. Check it and confirm again."))
            return self.render(filters, responses, form, status=409)
        removing = form.cleaned_data["action"] == BulkCodingForm.REMOVE
        change = services.responses_uncode_bulk if removing else services.responses_code_bulk
        try:
            n = change(theme_id=theme.pk, responses=responses, actor=request.user)
        except services.ThemeError as error:
            messages.error(request, error.message)
            return redirect("themes:codebook", slug=slug)
        done = _("%(theme)s taken off %(n)d response(s)") if removing else _("%(n)d response(s) coded as %(theme)s")
        messages.success(request, done % {"n": n, "theme": theme})
        return redirect(
            reverse("moderation:queue", kwargs={"slug": slug}) + "?" + filters.form.query_string()
            if request.user.has_perm("responses.moderate_response")
            else reverse("themes:theme", kwargs={"slug": slug, "pk": theme.pk})
        )

    def themes(self):
        return list(self.consultation().themes.all())

    def render(self, filters, responses, form, status=200):
        count = responses.count() if responses is not None else None
        theme = form.cleaned_data.get("theme") if form.is_bound and form.is_valid() else None
        context = {
            "consultation": self.consultation(),
            "filters": filters.form,
            "query": filters.form.query_string() if responses is not None else "",
            "count": count,
            "too_many": count is not None and count > BULK_LIMIT,
            "limit": BULK_LIMIT,
            "form": form,
            "theme": theme,
            "removing": theme is not None and form.cleaned_data["action"] == BulkCodingForm.REMOVE,
            "has_themes": len(form.themes) > 0,
            "already": services.responses_with_theme(responses, theme) if theme and count else 0,
            "sample": _sample(responses, self.consultation()) if count else [],
            "sample_size": SAMPLE_SIZE,
        }
        return render(self.request, self.template_name, context, status=status)


def _sample(responses, consultation) -> list[tuple[Response, str]]:
    slugs = text_questions(consultation)
    rows = []
    for response in responses.order_by("-submitted_at", "-id")[:SAMPLE_SIZE]:
        text = next((t for slug in slugs if isinstance(t := response.answers.get(slug), str) and t), "")
        rows.append((response, text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"))
    return rows
