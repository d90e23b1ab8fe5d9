"""The questions form, built from a consultation's questions (public journey and officers' entry)."""

from itertools import groupby

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from centres.models import District
from consultation.models import CENTRE_NOT_LISTED_LABEL, OTHER, Consultation, QuestionKind

from .fields import CENTRES, CHECKBOXES, RADIOS, TEXTAREA, TextField, step_helper

CHECKBOX_TEMPLATES = {QuestionKind.MULTIPLE: CHECKBOXES, QuestionKind.CENTRES: CENTRES}


def _choice_message(text: str) -> dict:
    return {"invalid_choice": text, "invalid_list": text}


class QuestionsForm(forms.Form):
    """One field per question of the consultation, named ``q_<slug>``.

    ``helper`` draws the public page (each question a medium heading with its number);
    ``entry_helper`` the officers' entry page (small headings under "Their answers").
    """

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(consultation.questions.all())
        centres = list(consultation.centres.order_by("district", "name"))
        self.centre_groups = [
            (District(district).label if district in District.values else district, list(group))
            for district, group in groupby(centres, key=lambda centre: centre.district)
        ]
        for number, question in enumerate(self.questions, start=1):
            self.fields[self.field_name(question)] = self._field_for(question, centres, number)
            if question.has_other:
                self.fields[self.other_name(question)] = self._other_field(question, number)
        self.helper = step_helper(*self._layout(Size.MEDIUM, numbered=True))
        self.entry_helper = step_helper(*self._layout(Size.SMALL, numbered=False))

    def _layout(self, size: str, *, numbered: bool) -> list[Field]:
        layout = []
        for name, field in self.fields.items():
            if getattr(field, "is_other", False):
                layout.append(Field.text(name, label_size=Size.SMALL))
                continue
            kind = field.question.kind
            if kind in (QuestionKind.AGREEMENT, QuestionKind.SINGLE):
                item = Field.radios(name, legend_size=size, template=RADIOS)
            elif kind in CHECKBOX_TEMPLATES:
                item = Field.checkboxes(name, legend_size=size, small=True, template=CHECKBOX_TEMPLATES[kind])
            else:
                # On the public page each question is a heading; officers' answers sit under one.
                label = {"label_size": Size.for_label(size), "label_tag": "h2" if numbered else ""}
                item = Field(name, template=TEXTAREA, context=label)
            if numbered:
                item.add_context(caption=field.caption)
            layout.append(item)
        return layout

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.slug}"

    @staticmethod
    def other_name(question) -> str:
        """The text box beside "Other" or "My centre is not listed"."""
        return f"q_{question.slug}__other"

    def _other_field(self, question, number: int) -> forms.Field:
        if question.kind == QuestionKind.CENTRES:
            label = _("If your centre is not listed, give its name and town")
        else:
            label = _("If you chose “Other”, please specify")
        field = TextField(
            max_length=200, required=False, label=label, label_name=_("Question %(n)s: your answer") % {"n": number}
        )
        field.question, field.is_other = question, True
        return field

    def clean(self):
        cleaned = super().clean()
        for number, question in enumerate(self.questions, start=1):
            if not question.has_other:
                continue
            value = cleaned.get(self.field_name(question)) or []
            chosen = OTHER in (value if isinstance(value, list | tuple) else [value])
            text = (cleaned.get(self.other_name(question)) or "").strip()
            n = {"n": number}
            if chosen and not text:
                self.add_error(
                    self.other_name(question),
                    _("Question %(n)s: give the name of your centre") % n
                    if question.kind == QuestionKind.CENTRES
                    else _("Question %(n)s: say what your other answer is") % n,
                )
            elif text and not chosen and self.field_name(question) not in self.errors:
                self.add_error(
                    self.other_name(question),
                    _("Question %(n)s: tick “My centre is not listed” or clear this box") % n
                    if question.kind == QuestionKind.CENTRES
                    else _("Question %(n)s: choose “Other” or clear this box") % n,
                )
        return cleaned

    def _field_for(self, question, centres, number: int) -> forms.Field:
        # Messages name the question, so that a list of several errors still says which is which.
        n = {"n": number}
        label = question.text if question.required else _("%(text)s (optional)") % {"text": question.text}
        common = {"label": label, "help_text": question.hint, "required": question.required}
        if question.kind in (QuestionKind.AGREEMENT, QuestionKind.SINGLE):
            field = forms.ChoiceField(
                choices=question.choices,
                widget=forms.RadioSelect,
                error_messages=_choice_message(_("Question %(n)s: select one of the answers given") % n),
                **common,
            )
            field.error_messages["required"] = _("Question %(n)s: select an answer") % n
        elif question.kind in (QuestionKind.MULTIPLE, QuestionKind.CENTRES):
            if question.kind == QuestionKind.CENTRES:
                # 6 of the 53 Norfolk centres are not in the register: a resident can still name theirs.
                choices = [(c.slug, c.name) for c in centres] + [(OTHER, str(CENTRE_NOT_LISTED_LABEL))]
            else:
                choices = question.choices
            field = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages=_choice_message(_("Question %(n)s: select only answers from the list") % n),
                **common,
            )
            field.centre_groups = self.centre_groups
            field.not_listed = (OTHER, CENTRE_NOT_LISTED_LABEL)
            field.error_messages["required"] = (
                _("Question %(n)s: select at least one centre") % n
                if question.kind == QuestionKind.CENTRES
                else _("Question %(n)s: select at least one answer") % n
            )
        else:
            field = TextField(
                max_length=question.max_length,
                widget=forms.Textarea,
                label_name=_("Question %(n)s: your answer") % n,
                **common,
            )
            field.error_messages["required"] = _("Question %(n)s: enter your answer") % n
        field.question = question
        field.caption = _("Question %(n)s of %(total)s") % {"n": number, "total": len(self.questions)}
        return field

    def answers(self) -> dict:
        """The cleaned answers keyed by question slug; unanswered questions are left out."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value:
                answers[question.slug] = list(value) if isinstance(value, list | tuple) else value
            other = (self.cleaned_data.get(self.other_name(question)) or "").strip() if question.has_other else ""
            if other:
                answers[question.other_key] = other
        return answers

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {f"q_{key.replace(':other', '__other')}": value for key, value in answers.items()}
