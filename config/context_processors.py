from django.conf import settings


def site(request):
    """Names shown in the header, footer and page titles, and where to write to the council."""
    return {
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }
