from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff"

    def ready(self):
        from .roles import roles_ensure_after_migrate

        # Listed after the apps whose permissions the roles hold, so those exist by now.
        post_migrate.connect(roles_ensure_after_migrate, sender=self, dispatch_uid="staff.roles")
