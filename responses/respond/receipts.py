"""The email receipt a respondent gets once their response is stored (the worker's side)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.answers import answers_describe
from responses.models import Response


@transaction.atomic
def receipt_send(*, response_id: int) -> bool:
    """Email the receipt for one response, once. Returns whether an email went out.

    The row is locked so that a redelivered task and the beat task never both send it.
    """
    response = Response.objects.select_for_update().filter(pk=response_id).first()
    if response is None or response.receipt_sent_at is not None or not response.email:
        return False
    consultation = response.consultation
    context = {
        "response": response,
        "consultation": consultation,
        "lines": answers_describe(consultation=consultation, answers=response.answers),
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    subject = _("Your response to %(title)s: reference %(reference)s") % {
        "title": consultation.title,
        "reference": response.reference,
    }
    body = render_to_string("responses/respond/email/receipt.txt", context)
    send_mail(" ".join(str(subject).split()), body, None, [response.email])
    response.receipt_sent_at = timezone.now()
    response.save(update_fields=["receipt_sent_at"])
    return True
