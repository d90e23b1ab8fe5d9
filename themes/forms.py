"""Forms of the codebook and of coding. Every value comes from the officer's browser and is checked here."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from .counts import codebook_order
from .models import Theme
from .services import parent_problem

MAX_TERMS = 20
TERM = re.compile(r"^[\w][\w '’-]{0,58}[\w]$|^\w$")
NO_PARENT = ""


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


def theme_label(theme: Theme) -> str:
    return f"{theme.code} {theme.name}"


class ThemeForm(forms.Form):
    """A theme's name, description, parent and search terms."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={
            "required": _("Enter the theme's name"),
            "max_length": _("The name must be %(limit_value)d characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=2000,
        help_text=_("What an answer must say to be coded with this theme."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The description must be %(limit_value)d characters or fewer")},
    )
    parent = forms.ChoiceField(
        label=_("Part of (optional)"),
        required=False,
        help_text=_("Make it a sub-theme of another theme. Themes go two levels deep only."),
        error_messages={"invalid_choice": _("Choose a theme from the list")},
    )
    search_terms = forms.CharField(
        label=_("Search terms (optional)"),
        required=False,
        help_text=_("One word or phrase a line. Responses whose free text contains one are suggested for this theme."),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        max_length=2000,
        error_messages={"max_length": _("The search terms must be %(limit_value)d characters or fewer")},
    )

    def __init__(self, *args, consultation, theme: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation, self.theme = consultation, theme
        tops = consultation.themes.filter(parent=None).exclude(pk=theme.pk if theme else None)
        self.parents = {str(t.pk): t for t in tops}
        self.fields["parent"].choices = [(NO_PARENT, _("None: a theme of its own"))] + [
            (key, theme_label(t)) for key, t in self.parents.items()
        ]
        self.helper = _helper(
            Field.text("name"), Field.textarea("description"), Field.select("parent"), Field.textarea("search_terms")
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        same = self.consultation.themes.filter(name__iexact=name).exclude(pk=self.theme.pk if self.theme else None)
        if same.exists():
            raise forms.ValidationError(_("The codebook already has a theme called %(name)s") % {"name": name})
        return name

    def clean_parent(self) -> Theme | None:
        parent = self.parents.get(self.cleaned_data["parent"])
        if problem := parent_problem(parent=parent, theme=self.theme, consultation_id=self.consultation.pk):
            raise forms.ValidationError(problem)
        return parent

    def clean_search_terms(self) -> list[str]:
        terms = []
        for line in self.cleaned_data["search_terms"].splitlines():
            term = " ".join(line.split())
            if not term or term.lower() in (t.lower() for t in terms):
                continue
            if not TERM.match(term):
                raise forms.ValidationError(
                    _("%(term)s: use letters, numbers, spaces, apostrophes and hyphens only, up to 60 characters")
                    % {"term": term[:60]}
                )
            terms.append(term)
        if len(terms) > MAX_TERMS:
            raise forms.ValidationError(_("Enter %(n)d search terms or fewer") % {"n": MAX_TERMS})
        return terms


class ThemeRemoveForm(forms.Form):
    """The number of coded responses the officer saw and agreed to take the theme off."""

    confirmed_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2_147_483_647)


def _id_list(value: str) -> set[int]:
    return {int(part) for part in value.split(",") if part.isdigit() and len(part) < 19}


class CodingForm(forms.Form):
    """A response's themes as checkboxes, one group a theme with sub-themes, and the themes it had
    when the page was drawn: only what the officer changed is applied."""

    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, themes, coded: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {t.pk: t for t in themes}
        self.fields["shown"].initial = ",".join(str(pk) for pk in sorted(coded))
        self.groups = _groups(codebook_order(themes))
        layout = []
        for name, legend, members in self.groups:
            self.fields[name] = forms.MultipleChoiceField(
                label=legend,
                required=False,
                choices=[(str(t.pk), theme_label(t)) for t in members],
                widget=forms.CheckboxSelectMultiple,
                initial=[str(t.pk) for t in members if t.pk in coded],
                error_messages={"invalid_choice": _("A theme was removed meanwhile. Reload the page.")},
            )
            layout.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
        self.helper = _helper(*layout, "shown")

    def clean(self):
        data = super().clean()
        ticked = {int(pk) for name, _legend, _members in self.groups for pk in data.get(name, [])}
        shown = _id_list(data.get("shown", "")) & self.themes.keys()
        data["add"], data["remove"] = ticked - shown, shown - ticked
        return data


def coding_form(response, data=None) -> CodingForm:
    """The themes panel of a response: its codebook's themes, those it has ticked."""
    themes = list(response.consultation.themes.all())
    coded = set(response.codings.values_list("theme_id", flat=True))
    return CodingForm(data, themes=themes, coded=coded)


def _groups(ordered: list[Theme]) -> list[tuple[str, str, list[Theme]]]:
    """Checkbox groups: each theme with sub-themes heads its own; themes without any share one."""
    singles = [t for t in ordered if t.parent_id is None and not any(c.parent_id == t.pk for c in ordered)]
    groups = []
    if singles:
        groups.append(("themes", str(_("Themes")), singles))
    for theme in ordered:
        members = [c for c in ordered if c.parent_id == theme.pk]
        if members:
            groups.append((f"theme_{theme.pk}", theme.name, [theme, *members]))
    return groups


class BulkCodingForm(forms.Form):
    """The theme to add to (or take off) the matching responses, and how many the officer saw."""

    ADD, REMOVE = "add", "remove"

    theme = forms.ChoiceField(
        label=_("Theme"),
        error_messages={"required": _("Choose a theme"), "invalid_choice": _("Choose a theme from the list")},
    )
    action = forms.ChoiceField(
        label=_("What to do"),
        choices=[(ADD, _("Code them with the theme")), (REMOVE, _("Take the theme off those that have it"))],
        initial=ADD,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to code them or take the theme off"),
            "invalid_choice": _("Choose whether to code them or take the theme off"),
        },
    )
    expected = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2_147_483_647)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {str(t.pk): t for t in codebook_order(themes)}
        self.fields["theme"].choices = [("", _("Choose a theme"))] + [
            (key, ("— " if t.parent_id else "") + theme_label(t)) for key, t in self.themes.items()
        ]
        self.helper = _helper(Field.select("theme"), Field.radios("action", legend_size=Size.SMALL), "expected")

    def clean_theme(self) -> Theme:
        return self.themes[self.cleaned_data["theme"]]
