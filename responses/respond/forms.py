"""The public response form, one form per page: who is responding, about you, the questions.

Every field says what is wrong in its own words (GOV.UK error messages), accepts any
Unicode, and refuses null bytes and other control characters with a clear message.
``EntryForm`` is the officers' form for a response that came on paper or by email."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.models import ORGANISATION_TYPES, Channel, Consent, RespondentType

from .fields import FILE, HONEYPOT, POSTCODE_RE, RADIOS, HoneypotMixin, TextField, step_helper
from .letters import MAX_LETTER_BYTES, letter_content_type

LETTER_ACCEPT = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The question is the page's heading; "or" parts people from organisations.
        respondent_type = Field.radios("respondent_type", legend_size=Size.LARGE, legend_tag="h1", template=RADIOS)
        respondent_type.add_context(divider_before=ORGANISATION_TYPES[0].value, divider=_("or"))
        self.helper = step_helper(
            respondent_type,
            Field("website", template=HONEYPOT),
        )


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
        # A TextInput of type email: crispy-forms-gds marks only a TextInput red when it is wrong.
        widget=forms.TextInput(attrs={"type": "email"}),
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

    def __init__(self, *args, is_organisation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_organisation = is_organisation
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
        # As for TextField: an error message, not a silent cut, when the address is too long.
        self.fields["email"].widget.attrs.pop("maxlength", None)
        self.helper = step_helper(*self._layout())

    def _layout(self) -> list:
        small = Size.SMALL
        organisation = [
            Field.text("organisation_name", label_size=small, autocomplete="organization"),
            Field.text("respondent_role", label_size=small, autocomplete="organization-title"),
            Field.checkbox("authority_confirmed"),
            Field("letter", template=FILE, context={"label_size": Size.for_label(small)}, accept=LETTER_ACCEPT),
            HTML.heading("h2", Size.MEDIUM, _("About you")),
        ]
        intro = _("You do not have to tell us who you are. If you give an email address, we will send you a receipt.")
        return [
            *(organisation if self.is_organisation else [HTML.p(intro)]),
            Field.text("name", label_size=small, autocomplete="name", spellcheck="false"),
            Field.text("email", label_size=small, autocomplete="email", spellcheck="false"),
            Field.text("postcode", label_size=small, field_width=10, autocomplete="postal-code"),
            Field.radios("consent", legend_size=Size.MEDIUM, template=RADIOS),
            Field("website", template=HONEYPOT),
        ]

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

    def clean(self):
        return named_consent_needs_a_name(self, super().clean())


def named_consent_needs_a_name(form: forms.Form, data: dict) -> dict:
    """Publishing "with my name" needs a name to publish: say so beside the name field."""
    if data.get("consent") == Consent.PUBLISH_NAMED and not data.get("name", "").strip():
        form.add_error(
            "name",
            ValidationError(
                _("Enter your name, or choose to publish your response without your name"), code="name_for_consent"
            ),
        )
    return data


class EntryForm(forms.Form):
    """A paper or emailed response, entered by an officer on the respondent's behalf.

    The answers come from the public journey's ``QuestionsForm``; this form holds the
    rest. Only the organisation's name is required for an organisation: the officer
    types what the respondent sent, and a letter may not say everything the online
    form asks.
    """

    channel = forms.ChoiceField(
        label=_("How did the response arrive?"),
        choices=[(Channel.PAPER, _("On paper")), (Channel.EMAIL, _("By email"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the response arrived"), "invalid_choice": _("Select paper or email")},
    )
    received_on = forms.DateField(
        label=_("Date received"),
        # A TextInput of type date, for crispy-forms-gds's govuk-input and error classes (as for email).
        widget=forms.TextInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date the response was received"),
            "invalid": _("Enter a real date, for example 2018-10-01"),
        },
    )
    respondent_type = forms.ChoiceField(
        label=_("Responding as"),
        choices=[("", _("Choose one")), *RespondentType.choices],
        error_messages={
            "required": _("Select who the respondent is responding as"),
            "invalid_choice": _("Select a respondent type from the list"),
        },
    )
    organisation_name = forms.CharField(label=_("Organisation name"), required=False, max_length=200)
    respondent_role = forms.CharField(label=_("Their role in the organisation"), required=False, max_length=200)
    authority_confirmed = forms.BooleanField(
        label=_("They say they have the authority to respond for the organisation"), required=False
    )
    name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("They will get an email receipt with a copy of their answers."),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=20)
    letter = forms.FileField(
        required=False,
        label=_("Their letter (optional)"),
        help_text=_("A PDF or Word (.docx) file, up to 10 MB: a scan of the paper response or the email's attachment."),
        error_messages=AboutForm.base_fields["letter"].error_messages,
    )
    consent = forms.ChoiceField(
        label=_("What did they say about publishing their response?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what they said about publishing"),
            "invalid_choice": _("Select an answer about publishing from the list"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_name", "respondent_role", "name", "email", "postcode"):
            self.fields[name].error_messages["max_length"] = _("This must be %(limit_value)d characters or fewer")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            # Radios through our template, whose first choice has the field's id (the error summary's link).
            Field.radios("channel", legend_size=Size.SMALL, inline=True, template=RADIOS),
            Field.text("received_on", field_width=10),
            Field.select("respondent_type"),
            Field.text("organisation_name"),
            Field.text("respondent_role"),
            Field.checkbox("authority_confirmed", small=True),
            Field.text("name"),
            Field.text("email", field_width=20),
            Field.text("postcode", field_width=10),
            Field("letter"),
            Field.radios("consent", legend_size=Size.SMALL, template=RADIOS),
        )

    def clean_postcode(self) -> str:
        # The same check and tidying as the public form.
        return AboutForm.clean_postcode(self)

    def clean_letter(self):
        # The same checks as the public form: PDF or Word by content, at most 10 MB.
        return AboutForm.clean_letter(self)

    def clean_received_on(self) -> datetime.date:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date received must be today or in the past"))
        return day

    def clean(self):
        data = named_consent_needs_a_name(self, super().clean())
        if data.get("respondent_type") in ORGANISATION_TYPES and not data.get("organisation_name", "").strip():
            self.add_error("organisation_name", _("Enter the name of the organisation"))
        return data

    @property
    def received_at(self) -> datetime.datetime:
        """Now if it arrived today; otherwise midday on the day it arrived."""
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
