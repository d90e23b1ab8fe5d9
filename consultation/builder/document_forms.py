"""The document form: an upload or a link, its title and alternative format."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultation.models import AlternativeFormat

from .forms import VersionMixin, helper


class LinkField(forms.CharField):
    """A web address, or a page of this site such as /centres/."""

    def clean(self, value):
        value = super().clean(value)
        if value and not value.startswith("/"):
            value = value if "://" in value else f"https://{value}"
            forms.URLField(assume_scheme="https").clean(value)
            if not value.startswith(("https://", "http://")):
                raise ValidationError(_("Enter a web address starting with https://"), code="invalid")
        elif value and value.startswith("//"):
            raise ValidationError(_("Enter a web address starting with https://, or a page of this site"))
        return value


class DocumentForm(VersionMixin):
    title = forms.CharField(max_length=200, label=_("Title"), error_messages={"required": _("Enter a title")})
    file = forms.FileField(
        required=False,
        label=_("Upload a file"),
        help_text=_("A PDF, Word (.docx) or OpenDocument text (.odt) file of at most 20 MB."),
    )
    url = LinkField(
        required=False,
        max_length=200,
        label=_("Or give a link"),
        help_text=_("A web address, or a page of this site such as /centres/."),
        error_messages={"invalid": _("Enter a web address such as https://www.norfolk.gov.uk/libraries")},
    )
    alternative_format = forms.ChoiceField(
        choices=AlternativeFormat.choices, required=False, label=_("Alternative format"), widget=forms.RadioSelect
    )

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": instance.title,
                "url": instance.url,
                "alternative_format": instance.alternative_format,
            }
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("title"),
            Field("file"),
            Field.text("url"),
            Field.radios("alternative_format", legend_size=Size.SMALL, small=True),
            Field("version"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") and cleaned.get("url"):
            self.add_error("url", _("Give a link or upload a file, not both"))
        return cleaned
