from django.conf import settings


def site(request):
    """Names shown in the header, footer and page titles."""
    return {"COUNCIL_NAME": settings.COUNCIL_NAME, "SERVICE_NAME": settings.SERVICE_NAME}
