"""The builder's forms. They check what a manager typed; the services check the rules again."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Stage
from consultation.models import QuestionKind

from .london import DateField, TimeField, london_datetime, london_parts

SAVE = _("Save")


def helper(*fields, submit=SAVE) -> FormHelper:
    """Fields only: the template draws the <form> and its token."""
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.disable_csrf = True
    form_helper.layout = Layout(*fields, Submit("save", submit))
    return form_helper


class VersionMixin(forms.Form):
    """The version the page was made from, so an edit made in the meantime is noticed (see history.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def managers():
    User = get_user_model()
    perm = Q(groups__permissions__codename="manage_consultation") | Q(user_permissions__codename="manage_consultation")
    return User.objects.filter(perm, is_active=True, is_staff=True).distinct().order_by("username")


def _moment(cleaned: dict, form: forms.Form, prefix: str):
    day, time = cleaned.get(f"{prefix}_date"), cleaned.get(f"{prefix}_time")
    if day is None or time is None:
        return None
    try:
        return london_datetime(day, time)
    except ValidationError as error:
        form.add_error(f"{prefix}_time", error)
        return None


class ConsultationForm(VersionMixin):
    title = forms.CharField(max_length=200, label=_("Title"), error_messages={"required": _("Enter a title")})
    slug = forms.SlugField(
        max_length=100,
        required=False,
        label=_("Web address"),
        help_text=_("The end of the page's address, such as libraries-2019. Leave blank to make it from the title."),
        error_messages={"invalid": _("Use only lower-case letters, numbers and hyphens in the web address")},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Summary"),
        help_text=_("One or two sentences shown in lists."),
        error_messages={"required": _("Enter a summary")},
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label=_("About the proposal"),
        help_text=_("Plain text. Leave a blank line between paragraphs."),
    )
    opens_date = DateField(label=_("Date"), help_text=_("For example, 17 9 2018"))
    opens_time = TimeField(label=_("Time"), help_text=_("London time, for example 9:00am or 23:59"))
    closes_date = DateField(label=_("Date"), help_text=_("For example, 12 11 2018"))
    closes_time = TimeField(label=_("Time"), help_text=_("Responses are refused from this minute."))
    centres = forms.ModelMultipleChoiceField(
        queryset=Centre.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Children's centres it concerns"),
        help_text=_("Residents can pick these centres in a centre question."),
    )
    proposal_stage = forms.ModelChoiceField(
        queryset=Stage.objects.all(),
        required=False,
        label=_("Stage of the proposal"),
        empty_label=_("No stage"),
        help_text=_("The public page shows each centre's proposed status at this stage."),
    )
    equality_monitoring = forms.BooleanField(
        required=False,
        label=_("Ask the optional equality monitoring questions"),
        help_text=_(
            "After the questions, residents may answer the usual equality questions (age, sex, disability and "
            "others), each with “Prefer not to say”. The answers are never published and are reported only in total."
        ),
    )
    owners = forms.ModelMultipleChoiceField(
        queryset=managers(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Owners"),
        help_text=_("They get an email when it opens and closes, and each morning while responses wait."),
    )

    def __init__(self, *args, instance=None, locked_slug=False, **kwargs):
        if instance is not None and "initial" not in kwargs:
            opens_date, opens_time = london_parts(instance.opens_at)
            closes_date, closes_time = london_parts(instance.closes_at)
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name)
                    for name in ("title", "slug", "summary", "body", "proposal_stage", "equality_monitoring")
                },
                "opens_date": opens_date,
                "opens_time": opens_time,
                "closes_date": closes_date,
                "closes_time": closes_time,
                "centres": list(instance.centres.all()),
                "owners": list(instance.owners.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = managers()
        for name in ("opens_time", "closes_time"):
            self.fields[name].error_messages["required"] = _("Enter a time")
        self.fields["opens_date"].error_messages["required"] = _("Enter the opening date")
        self.fields["closes_date"].error_messages["required"] = _("Enter the closing date")
        if locked_slug:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("It cannot change once the consultation is public.")
        self.helper = helper(
            Field.text("title"),
            Field.text("slug", field_width=20),
            Field.textarea("summary"),
            Field.textarea("body"),
            Fieldset(Field("opens_date"), Field.text("opens_time", field_width=5), legend=_("Opens")),
            Fieldset(Field("closes_date"), Field.text("closes_time", field_width=5), legend=_("Closes")),
            Field.select("proposal_stage"),
            Field.checkboxes("centres", small=True),
            Field.checkbox("equality_monitoring", small=True),
            Field.checkboxes("owners", small=True),
            Field("version"),
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["opens_at"] = _moment(cleaned, self, "opens")
        cleaned["closes_at"] = _moment(cleaned, self, "closes")
        if not cleaned.get("slug") and cleaned.get("title") and "slug" not in self.errors:
            cleaned["slug"] = slugify(cleaned["title"])[:100] or "consultation"
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        names = ("title", "slug", "summary", "body", "opens_at", "closes_at", "proposal_stage", "equality_monitoring")
        return {name: data[name] for name in names} | {"centres": data["centres"], "owners": data["owners"]}


class PublishForm(forms.Form):
    when = forms.ChoiceField(
        choices=[("now", _("Now")), ("later", _("At a date and time"))],
        widget=forms.RadioSelect,
        label=_("When should residents see it?"),
        error_messages={"required": _("Choose when residents should see it")},
    )
    at_date = DateField(label=_("Date"), required=False, help_text=_("For example, 10 9 2018"))
    at_time = TimeField(label=_("Time"), required=False, help_text=_("London time, for example 9:00am"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.radios("when", legend_size=Size.MEDIUM),
            Fieldset(Field("at_date"), Field.text("at_time", field_width=5), legend=_("Date and time, if later")),
            submit=_("Publish"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            if not cleaned.get("at_date"):
                self.add_error("at_date", _("Enter the date it should be published"))
            if not cleaned.get("at_time"):
                self.add_error("at_time", _("Enter the time it should be published"))
            cleaned["at"] = _moment(cleaned, self, "at")
        return cleaned


class QuestionForm(VersionMixin):
    text = forms.CharField(max_length=300, label=_("Question"), error_messages={"required": _("Enter the question")})
    hint = forms.CharField(max_length=500, required=False, label=_("Hint"), help_text=_("Optional help under it."))
    kind = forms.ChoiceField(
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        label=_("Type of answer"),
        error_messages={"required": _("Choose the type of answer")},
    )
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label=_("Options"),
        help_text=_("For single and multiple choice: one option on each line."),
    )
    allow_other = forms.BooleanField(
        required=False,
        label=_("Add “Other (please specify)” with a text box"),
        help_text=_("For single and multiple choice. A centre question always offers “My centre is not listed”."),
    )
    required = forms.BooleanField(required=False, label=_("An answer is required"))
    max_length = forms.IntegerField(
        min_value=10,
        max_value=10000,
        initial=2000,
        label=_("Character limit for free text"),
        error_messages={"required": _("Enter a character limit"), "min_value": _("Allow at least 10 characters")},
    )
    slug = forms.SlugField(
        max_length=50,
        required=False,
        label=_("Export column name"),
        help_text=_("Leave blank to make it from the question. It cannot change once there are responses."),
        error_messages={"invalid": _("Use only letters, numbers, hyphens and underscores in the column name")},
    )

    def __init__(self, *args, instance=None, locked=False, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(instance, name)
                for name in ("text", "hint", "kind", "allow_other", "required", "max_length", "slug")
            } | {"options": "\n".join(instance.options or [])}
        super().__init__(*args, **kwargs)
        self.locked = locked
        if locked:
            # Shown, not sent: the service refuses a change anyway.
            for name in ("kind", "slug"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Locked: the consultation has responses stored under it.")
            self.fields["options"].help_text = _("Existing options are locked. You can add new ones at the end.")
        self.helper = helper(
            Field.text("text"),
            Field.text("hint"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.textarea("options"),
            Field.checkbox("allow_other", small=True),
            Field.checkbox("required", small=True),
            Field.text("max_length", field_width=5),
            Field.text("slug", field_width=20),
            Field("version"),
        )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("text", "hint", "required", "allow_other", "max_length")}
        fields["options"] = [line for line in data["options"].replace("\r\n", "\n").split("\n")]
        while fields["options"] and not fields["options"][-1].strip():
            fields["options"].pop()
        if not self.locked:
            fields["kind"] = data["kind"]
            if data["slug"]:
                fields["slug"] = data["slug"].replace("-", "_")
        return fields
