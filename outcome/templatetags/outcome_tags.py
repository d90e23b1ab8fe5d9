"""Links to a consultation's outcome and published responses, for the public pages that list it."""

from django import template

from consultation.models import ConsultationStatus
from responses.models import Response

register = template.Library()


@register.inclusion_tag("outcome/includes/links.html")
def outcome_links(consultation, *, responses=True, outcome=True):
    """The outcome (once published) and the published responses (once there is one).

    Publishing an outcome sets the consultation's ``outcome_published_at`` (outcome/services.py),
    so a list of consultations links their outcomes without a query each.
    """
    has_outcome = (
        outcome
        and consultation.outcome_published_at is not None
        and consultation.status == ConsultationStatus.OUTCOME_PUBLISHED  # not while reopened
    )
    has_published = responses and Response.objects.filter(consultation=consultation).publishable().exists()
    return {"consultation": consultation, "has_outcome": has_outcome, "has_published": has_published}
