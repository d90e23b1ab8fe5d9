"""The email receipt a respondent gets once their response is stored (the worker's side)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.answers import answers_describe
from responses.models import Response
from responses.rights.links import rights_url


def receipt_send(*, response_id: int) -> bool:
    """Email the receipt for one response, once. Returns whether an email went out.

    The receipt is claimed before it is sent: one UPDATE sets ``receipt_sent_at`` only where
    it is still empty, so a redelivered task and the outbox sweep never both send it. No lock
    is held while the mail server answers, which may take seconds (on SQLite a held lock
    would stop every web request writing meanwhile). If sending fails, the claim is given
    back and the outbox tries again later.
    """
    response = Response.objects.select_related("consultation").filter(pk=response_id).first()
    if response is None or response.receipt_sent_at is not None or not response.email:
        return False
    subject, body = _receipt(response)
    claimed_at = timezone.now()
    claim = Response.objects.filter(pk=response_id, receipt_sent_at__isnull=True)
    if not claim.update(receipt_sent_at=claimed_at):
        return False  # another delivery claimed it between the read and here
    try:
        send_mail(subject, body, None, [response.email])
    except BaseException:
        Response.objects.filter(pk=response_id, receipt_sent_at=claimed_at).update(receipt_sent_at=None)
        raise
    return True


def _receipt(response: Response) -> tuple[str, str]:
    consultation = response.consultation
    context = {
        "response": response,
        "consultation": consultation,
        "lines": answers_describe(consultation=consultation, answers=response.answers),
        # Signed: who holds it may see, change or withdraw the response until the consultation closes.
        "rights_url": rights_url(response),
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    subject = _("Your response to %(title)s: reference %(reference)s") % {
        "title": consultation.title,
        "reference": response.reference,
    }
    body = render_to_string("responses/respond/email/receipt.txt", context)
    return " ".join(str(subject).split()), body
