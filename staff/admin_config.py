"""The admin's app config, naming the staff admin site as Django's default site (kept light: it
is imported while the apps load, before any model)."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "staff.admin_site.StaffAdminSite"
