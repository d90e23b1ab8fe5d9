"""Subject access and erasure requests: find a person's responses, report everything held, erase.

An officer finds the responses by the email address the person gave or by their references.
The report holds every response with its answers (and the earlier versions a correction
replaced), the letter's name, equality monitoring answers, the moderation decisions about it
and any erasures. Officers'
user names are left out: they are the officers' personal data, not the requester's.
"""

import datetime
import re
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from responses.models import Response
from responses.retention.services import PERSONAL_FIELDS, personal_data_erase

REFERENCE_RE = re.compile(r"^[A-Z0-9]+-[A-Z0-9]{4}-[A-Z0-9]{4}$")
MAX_REFERENCES = 50


def responses_find(*, email: str = "", references: Iterable[str] = ()) -> QuerySet:
    """The responses given with this email address (any case), or with these references."""
    responses = Response.objects.select_related("consultation").order_by("submitted_at", "pk")
    if email:
        return responses.filter(email__iexact=email)
    return responses.filter(reference__in=list(references))


def personal_data_held(response: Response) -> list[str]:
    """The fields of a response that still hold personal data."""
    return [
        field for field in PERSONAL_FIELDS if (_equality(response) if field == "equality" else getattr(response, field))
    ]


def _equality(response: Response) -> dict | None:
    """The person's equality monitoring answers in words, or None when they gave none."""
    try:
        answers = response.equality
    except Response.equality.RelatedObjectDoesNotExist:
        return None
    fields = [f for f in answers._meta.concrete_fields if f.choices]
    return {field.verbose_name: getattr(answers, f"get_{field.name}_display")() for field in fields}


def data_request_erase(*, responses: Iterable[Response], reason: str, actor) -> int:
    """Erase the personal data of these responses for a request (audited: who, when, why).

    Returns how many responses were erased; 0 when every one was erased already.
    """
    return personal_data_erase(response_ids=[r.pk for r in responses], reason=reason, actor=actor)


def _when(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _response_record(response: Response) -> dict:
    return {
        "reference": response.reference,
        "consultation": response.consultation.title,
        "sent_at": _when(response.submitted_at),
        "channel": response.channel,
        "respondent_type": response.respondent_type,
        "organisation_name": response.organisation_name,
        "role_in_organisation": response.respondent_role,
        "name": response.name,
        "email": response.email,
        "postcode": response.postcode,
        "publication": response.consent,
        "answers": response.answers,
        "centres_linked": sorted(centre.name for centre in response.centres.all()),
        "moderation_state": response.state,
        "receipt_sent_at": _when(response.receipt_sent_at),
        "withdrawn_at": _when(response.withdrawn_at),
        "letters": [{"name": response.attachment_name, "type": response.attachment_content_type}]
        if response.attachment
        else [],
        "earlier_versions": [
            {"replaced_at": _when(v.replaced_at), "answers": v.answers, "publication": v.consent}
            for v in response.versions.all()
        ],
        "decisions": [
            {"at": _when(d.created_at), "from": d.from_state, "to": d.to_state, "reason": d.reason, "note": d.note}
            for d in response.decisions.all()
        ],
        "equality_monitoring": _equality(response),
        "erasures": [
            {"at": _when(e.erased_at), "reason": e.reason, "fields": e.fields} for e in response.erasures.all()
        ],
    }


def subject_access_report(*, responses: QuerySet, asked_for: str, officer) -> dict:
    """Everything held about the person, as one JSON-ready dict."""
    rows = responses.select_related("equality").prefetch_related("centres", "versions", "decisions", "erasures")
    return {
        "asked_for": asked_for,
        "made_at": _when(timezone.now()),
        "made_by": officer.get_username(),
        "responses": [_response_record(response) for response in rows],
    }
