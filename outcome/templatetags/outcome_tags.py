"""Links to a consultation's outcome and published responses, for the public pages that list it."""

from django import template

from responses.models import Response

from ..models import Outcome

register = template.Library()


@register.inclusion_tag("outcome/includes/links.html")
def outcome_links(consultation, *, responses=True, outcome=True):
    """The outcome (once published) and the published responses (once there is one)."""
    has_outcome = outcome and Outcome.objects.filter(consultation=consultation, published_at__isnull=False).exists()
    has_published = responses and Response.objects.filter(consultation=consultation).publishable().exists()
    return {"consultation": consultation, "has_outcome": has_outcome, "has_published": has_published}
