"""The signed link in a respondent's receipt: who holds it may see, correct or withdraw their response.

The link carries the response's id and reference, signed with the site's secret key and a salt
of its own, so it cannot be made up or changed. It has no expiry of its own: it works while the
consultation is open, and a consultation whose closing time moves takes its links with it.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from responses.models import Response

SALT = "responses.rights.link"


class LinkNotValid(Exception):
    """The link was changed, cut short or made up, or its response is no longer there."""


def rights_token(response: Response) -> str:
    return signing.dumps({"id": response.pk, "ref": response.reference}, salt=SALT)


def rights_path(response: Response) -> str:
    slug = response.consultation.slug
    return reverse("rights:view", kwargs={"slug": slug, "token": rights_token(response)})


def rights_url(response: Response) -> str:
    """The whole address, for the receipt (the worker has no request to build it from)."""
    return settings.SITE_URL.rstrip("/") + rights_path(response)


def response_from_token(*, slug: str, token: str) -> Response:
    """The response a link names, or ``LinkNotValid``."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise LinkNotValid from error
    if not isinstance(payload, dict):
        raise LinkNotValid
    response = (
        Response.objects.select_related("consultation")
        .filter(pk=payload.get("id"), reference=payload.get("ref"), consultation__slug=slug)
        .first()
    )
    if response is None:
        raise LinkNotValid
    return response
