"""The portal's URLs plus the load benchmark's one-row insert view.

Only bench/load.py uses this URL configuration (DJANGO_ROOT_URLCONF=bench.urls);
config/urls.py never imports bench/, and `check --deploy` warns if production uses it.
"""

from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as portal_urlpatterns

from . import views

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [
    *portal_urlpatterns,
    path("bench/insert-one-row", views.insert_one_row, name="bench-insert-one-row"),
]
