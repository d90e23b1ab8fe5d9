from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package as an app, so that its deploy checks are registered."""

    name = "config"
    verbose_name = "Project configuration"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
