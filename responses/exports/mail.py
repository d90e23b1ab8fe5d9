"""The "your export is ready" email to the officer who asked for it (the worker's side).

Export.ready_email_sent_at is the outbox, as Response.receipt_sent_at is for receipts: the
worker sends the email once the file is finished, and the beat task
``send_pending_export_emails`` sends any that failed. The email links to the exports
page and holds no data from the export.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from responses.models import Export, ExportStatus


def exports_ready_unannounced():
    """Finished exports whose officer (with an email address) has not yet been told."""
    return Export.objects.filter(status=ExportStatus.DONE, ready_email_sent_at__isnull=True).exclude(
        requested_by__email=""
    )


def export_ready_send(*, export_id) -> bool:
    """Email the officer that their export is ready, once. Returns whether an email went out.

    Claimed before it is sent (one UPDATE sets ``ready_email_sent_at`` only where it is
    still empty), so the worker and the outbox sweep never both send it; if sending
    fails the claim is given back and the sweep tries again.
    """
    export = exports_ready_unannounced().select_related("consultation", "requested_by").filter(pk=export_id).first()
    if export is None:
        return False
    subject, body = _ready_email(export)
    claimed_at = timezone.now()
    if not Export.objects.filter(pk=export_id, ready_email_sent_at__isnull=True).update(ready_email_sent_at=claimed_at):
        return False  # another delivery claimed it between the read and here
    try:
        send_mail(subject, body, None, [export.requested_by.email])
    except BaseException:
        Export.objects.filter(pk=export_id, ready_email_sent_at=claimed_at).update(ready_email_sent_at=None)
        raise
    return True


def _ready_email(export: Export) -> tuple[str, str]:
    link = settings.SITE_URL.rstrip("/") + reverse("exports:detail", kwargs={"pk": export.pk})
    context = {
        "export": export,
        "link": link,
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    subject = _("Your export of responses to %(title)s is ready") % {"title": export.consultation.title}
    return " ".join(subject.split()), render_to_string("responses/exports/email/ready.txt", context)
