"""Show a proposed status as a GOV.UK tag."""

from django import template
from django.utils.translation import gettext_lazy as _

from centres.models import Status

register = template.Library()

# Colour is never the only signal: each tag also says the status in words.
TAG_COLOURS = {Status.BASE: "govuk-tag--green", Status.HUB: "govuk-tag--blue", Status.CLOSE: "govuk-tag--red"}


@register.inclusion_tag("centres/includes/status_tag.html")
def status_tag(status: str):
    """``status`` is a Status value, or '' / None when the status is not known."""
    if status in Status.values:
        return {"label": Status(status).label, "colour": TAG_COLOURS[status]}
    return {"label": _("Not known"), "colour": "govuk-tag--grey"}
