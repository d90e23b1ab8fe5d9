from django.apps import AppConfig


class UpkeepConfig(AppConfig):
    """The worker's heartbeat and routine clean-up that beat runs (docs/decisions/0010-worker-liveness.md)."""

    name = "upkeep"
    verbose_name = "Upkeep"
