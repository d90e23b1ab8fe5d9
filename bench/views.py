"""The framework's ceiling for bench/load.py: one POST that inserts one row and answers.

Only mounted by bench/urls.py, the benchmark's own URL configuration;
`check --deploy` warns if it is ever on in production.
"""

import secrets

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consultation.models import Consultation
from responses.models import Consent, RespondentType, Response

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@csrf_exempt
@require_POST
def insert_one_row(request):
    # The same table, the same kind of row and the same commit as a real submission,
    # without forms, templates, middleware work beyond the stack's own, or tasks.
    now = timezone.now()
    open_now = Consultation.objects.filter(published_at__lte=now, opens_at__lte=now, closes_at__gt=now)
    consultation_id = open_now.order_by("pk").values_list("pk", flat=True).first()
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    response = Response.objects.create(
        consultation_id=consultation_id,
        reference=f"BEN-{body[:4]}-{body[4:]}",
        respondent_type=RespondentType.RESIDENT,
        consent=Consent.DO_NOT_PUBLISH,
        answers={"impact": request.POST.get("impact", "")},
    )
    return HttpResponse(response.reference, content_type="text/plain")
