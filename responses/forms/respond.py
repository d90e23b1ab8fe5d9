"""The public response form, one form per page: who is responding, about you, the questions.

Every field says what is wrong in its own words (GOV.UK error messages), accepts any
Unicode, and refuses null bytes and other control characters with a clear message.
``QuestionsForm`` builds its fields from a consultation's questions; officers'
paper entry can reuse it.
"""

import re
import unicodedata
import zipfile
from itertools import groupby

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centres.models import District
from consultation.models import Consultation, QuestionKind

from ..models import INDIVIDUAL_TYPES, ORGANISATION_TYPES, Consent, RespondentType

MAX_LETTER_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Tab, line feed and carriage return are ordinary in pasted text; other control characters are not.
ALLOWED_CONTROLS = {"\t", "\n", "\r"}
POSTCODE_RE = re.compile(r"^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?[0-9][ABD-HJLNP-UW-Z]{2})$")


def reject_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in value):
        raise ValidationError(
            _("Remove the hidden control characters (these often come from copying text from another program)"),
            code="control_characters",
        )


class TextField(forms.CharField):
    """A CharField that counts a line break as one character, as the character count does."""

    def __init__(self, *, label_name: str = "", **kwargs):
        super().__init__(**kwargs)
        self.validators.append(reject_control_characters)
        if self.max_length:
            self.error_messages["max_length"] = _("%(name)s must be %(limit)s characters or fewer") % {
                "name": label_name,
                "limit": f"{self.max_length:,}",
            }
        self.error_messages["null_characters_not_allowed"] = _(
            "Remove the hidden null characters (these sometimes come from copying text from another program)"
        )

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def run_validators(self, value):
        # Django's null-character check has no code of its own to reword, so check first.
        if value and "\x00" in value:
            raise ValidationError(self.error_messages["null_characters_not_allowed"], code="null_characters")
        super().run_validators(value)


class HoneypotMixin(forms.Form):
    """A field people never see. A bot that fills it in is shown the usual pages and nothing is stored."""

    website = forms.CharField(required=False, label=_("Leave this field blank"))

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class WhoForm(HoneypotMixin):
    respondent_type = forms.ChoiceField(
        choices=RespondentType.choices,
        widget=forms.RadioSelect,
        label=_("Who are you responding as?"),
        help_text=_(
            "Choose one of the first three if you are responding for yourself. "
            "Choose one of the others if you are responding for an organisation or as an elected member."
        ),
        error_messages={
            "required": _("Select who you are responding as"),
            "invalid_choice": _("Select who you are responding as from the list"),
        },
    )

    individual_choices = [(value, RespondentType(value).label) for value in INDIVIDUAL_TYPES]
    organisation_choices = [(value, RespondentType(value).label) for value in ORGANISATION_TYPES]


class AboutForm(HoneypotMixin):
    """About you, your organisation if you respond for one, and whether we may publish your response."""

    organisation_name = TextField(
        max_length=200, required=False, label=_("Name of the organisation"), label_name=_("Organisation name")
    )
    respondent_role = TextField(
        max_length=200,
        required=False,
        label=_("Your role in the organisation"),
        help_text=_("For example, clerk to the council, chair or chief executive."),
        label_name=_("Your role"),
    )
    authority_confirmed = forms.BooleanField(
        required=False, label=_("I confirm that I have the authority to respond on behalf of this organisation")
    )
    letter = forms.FileField(
        required=False,
        label=_("Upload a letter (optional)"),
        help_text=_("A PDF or Word (.docx) file, up to 10 MB."),
        error_messages={
            "invalid": _("The selected file could not be read. Try uploading it again"),
            "empty": _("The selected file is empty"),
            "missing": _("The selected file could not be read. Try uploading it again"),
        },
    )
    name = TextField(max_length=200, required=False, label=_("Full name (optional)"), label_name=_("Your name"))
    email = forms.EmailField(
        max_length=254,
        required=False,
        label=_("Email address (optional)"),
        help_text=_("We will send a receipt with a copy of your answers. We use it for nothing else."),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    postcode = TextField(
        max_length=20,
        required=False,
        label=_("Postcode (optional)"),
        help_text=_("This helps us see which areas responses come from. We never publish it."),
        label_name=_("Postcode"),
    )
    consent = forms.ChoiceField(
        choices=Consent.choices,
        widget=forms.RadioSelect,
        label=_("Can we publish your response?"),
        help_text=_("We remove personal details such as phone numbers before publishing. We never publish your email."),
        error_messages={
            "required": _("Select whether we can publish your response"),
            "invalid_choice": _("Select whether we can publish your response from the list"),
        },
    )

    def __init__(self, *args, is_organisation: bool, has_letter: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_organisation = is_organisation
        self.has_letter = has_letter
        if is_organisation:
            self.fields["organisation_name"].required = True
            self.fields["organisation_name"].error_messages["required"] = _("Enter the name of the organisation")
            self.fields["respondent_role"].required = True
            self.fields["respondent_role"].error_messages["required"] = _("Enter your role in the organisation")
            self.fields["authority_confirmed"].required = True
            self.fields["authority_confirmed"].error_messages["required"] = _(
                "Confirm that you have the authority to respond on behalf of the organisation"
            )
            self.fields["name"].label = _("Your full name (optional)")
        else:
            for name in ("organisation_name", "respondent_role", "authority_confirmed", "letter"):
                del self.fields[name]

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"]
        compact = "".join(raw.split()).upper()
        if not compact:
            return ""
        if not POSTCODE_RE.match(compact):
            raise ValidationError(_("Enter a real postcode, like NR1 2DH"), code="invalid_postcode")
        return f"{compact[:-3]} {compact[-3:]}"

    def clean_letter(self):
        upload = self.cleaned_data.get("letter")
        if not upload:
            return None
        if upload.size > MAX_LETTER_BYTES:
            raise ValidationError(_("The selected file must be smaller than 10 MB"), code="too_big")
        if upload.size == 0:
            raise ValidationError(_("The selected file is empty"), code="empty")
        upload.content_type_checked = letter_content_type(upload)
        if upload.content_type_checked is None:
            raise ValidationError(_("The selected file must be a PDF or a Word (.docx) document"), code="wrong_type")
        return upload


def letter_content_type(upload) -> str | None:
    """PDF or DOCX, decided by the file's content (never its name or the browser's claim); None otherwise."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime == PDF and head.startswith(b"%PDF-"):
        return PDF
    # filetype only sees a ZIP's first entry; a Word file must hold the document part itself.
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return DOCX
    return None


def _choice_message(text: str) -> dict:
    return {"invalid_choice": text, "invalid_list": text}


class QuestionsForm(forms.Form):
    """One field per question of the consultation, named ``q_<slug>``."""

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

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.slug}"

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
            choices = [(c.slug, c.name) for c in centres] if question.kind == QuestionKind.CENTRES else question.choices
            field = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages=_choice_message(_("Question %(n)s: select only answers from the list") % n),
                **common,
            )
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
        return answers

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {f"q_{slug}": value for slug, value in answers.items()}
