"""The codebook pages: consultations, a codebook's themes, adding, editing and removing a theme, counts."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from centres.models import District
from consultation.models import Consultation
from responses.models import RespondentType

from .. import services
from ..counts import codebook_order
from ..forms import ThemeForm, ThemeRemoveForm
from ..models import Theme
from .access import CodebookManagerMixin, CodebookReaderMixin


class CodebookHomeView(CodebookReaderMixin, TemplateView):
    """Each consultation with the number of themes in its codebook."""

    template_name = "themes/home.html"

    def get_context_data(self, **kwargs):
        consultations = Consultation.objects.order_by("-opens_at").annotate(theme_count=Count("themes"))
        return super().get_context_data(consultations=consultations, **kwargs)


class CodebookView(CodebookReaderMixin, TemplateView):
    """A consultation's themes, each with how many responses it codes."""

    template_name = "themes/codebook.html"

    def get_context_data(self, **kwargs):
        consultation = self.consultation()
        themes = consultation.themes.annotate(coded=Count("codings"))
        return super().get_context_data(consultation=consultation, themes=codebook_order(themes), **kwargs)


class ThemeFormView(CodebookManagerMixin, View):
    """Add a theme (no pk) or edit one."""

    template_name = "themes/theme_form.html"

    def theme(self) -> Theme | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Theme, pk=self.kwargs["pk"], consultation=self.consultation())

    def get(self, request, slug, pk=None):
        theme = self.theme()
        initial = {}
        if theme:
            initial = {
                "name": theme.name,
                "description": theme.description,
                "parent": str(theme.parent_id or ""),
                "search_terms": "\n".join(theme.search_terms),
            }
        form = ThemeForm(initial=initial, consultation=self.consultation(), theme=theme)
        return self.render(form, theme)

    def post(self, request, slug, pk=None):
        theme, consultation = self.theme(), self.consultation()
        form = ThemeForm(request.POST, consultation=consultation, theme=theme)
        if not form.is_valid():
            return self.render(form, theme, status=400)
        values = {key: form.cleaned_data[key] for key in ("name", "description", "parent", "search_terms")}
        try:
            if theme:
                theme = services.theme_update(theme_id=theme.pk, **values)
            else:
                theme = services.theme_create(consultation=consultation, actor=request.user, **values)
        except services.ThemeError as error:
            form.add_error(None, error.message)
            return self.render(form, theme, status=400)
        messages.success(request, _("%(code)s %(name)s is saved") % {"code": theme.code, "name": theme.name})
        return redirect("themes:codebook", slug=slug)

    def render(self, form, theme, status=200):
        context = {"form": form, "theme": theme, "consultation": self.consultation()}
        return render(self.request, self.template_name, context, status=status)


class ThemeRemoveView(CodebookManagerMixin, View):
    """Say what removing a theme does (how many responses lose it), then remove it on confirmation."""

    template_name = "themes/theme_remove.html"

    def get(self, request, slug, pk):
        theme = get_object_or_404(Theme, pk=pk, consultation=self.consultation())
        return self.render(theme)

    def post(self, request, slug, pk):
        theme = get_object_or_404(Theme, pk=pk, consultation=self.consultation())
        form = ThemeRemoveForm(request.POST)
        confirmed = form.cleaned_data["confirmed_count"] if form.is_valid() else None
        try:
            taken_off = services.theme_remove(theme_id=theme.pk, actor=request.user, confirmed_count=confirmed)
        except services.NeedsConfirmation:
            messages.warning(request, _("The number of responses coded with it changed. Check and confirm again."))
            return self.render(theme, status=409)
        except services.ThemeError as error:
            messages.error(request, error.message)
            return redirect("themes:codebook", slug=slug)
        done = _("%(code)s %(name)s is removed from the codebook") % {"code": theme.code, "name": theme.name}
        if taken_off:
            done = _("%(done)s and from %(n)d response(s)") % {"done": done, "n": taken_off}
        messages.success(request, done)
        return redirect("themes:codebook", slug=slug)

    def render(self, theme, status=200):
        coded = theme.codings.count()
        context = {
            "consultation": self.consultation(),
            "theme": theme,
            "coded": coded,
            "children": list(theme.children.all()),
            "form": ThemeRemoveForm(initial={"confirmed_count": coded}),
        }
        return render(self.request, self.template_name, context, status=status)


class CountsView(CodebookReaderMixin, TemplateView):
    """How many responses each theme codes, overall, by respondent type and by district."""

    template_name = "themes/counts.html"

    def get_context_data(self, **kwargs):
        consultation = self.consultation()
        counts = services.theme_counts(consultation)
        types = [(value, label) for value, label in RespondentType.choices]
        districts = [*District.choices, ("", _("No centre chosen"))]
        rows = [
            {
                "count": row,
                "by_type": [row.by_type.get(value, 0) for value, _label in types],
                "by_district": [row.by_district.get(value, 0) for value, _label in districts],
            }
            for row in counts.rows
        ]
        return super().get_context_data(
            consultation=consultation,
            counts=counts,
            rows=rows,
            types=types,
            districts=districts,
            responses=consultation.responses.count(),
            **kwargs,
        )
