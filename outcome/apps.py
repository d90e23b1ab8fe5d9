from django.apps import AppConfig


class OutcomeConfig(AppConfig):
    name = "outcome"
    verbose_name = "Outcomes: we asked, you said, we did"
