"""The admin's "view on site" redirect (/admin/r/<type>/<id>/), only for staff who may view the object.

Django's own answers any staff account with the object's public address, which for a
draft consultation gives away its unpublished slug.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.views.decorators.cache import never_cache


@never_cache
@staff_member_required
def view_on_site(request, content_type_id, object_id):
    """Django's shortcut, after checking the view permission; a 404 otherwise, as for an unknown object."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    if model is None or not request.user.has_perm(
        f"{model._meta.app_label}.{get_permission_codename('view', model._meta)}"
    ):
        raise Http404
    return shortcut(request, content_type_id, object_id)
