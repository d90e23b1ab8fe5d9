"""Beat's schedule for consultations (config/settings.py adds it to CELERY_BEAT_SCHEDULE)."""

from celery.schedules import crontab

CONSULTATION_BEAT = {
    # Owners hear within five minutes of the clock opening or closing their consultation.
    "consultation-notices": {"task": "consultation.tasks.send_lifecycle_notices", "schedule": 5 * 60.0},
    # Each morning at 8, London time (CELERY_TIMEZONE).
    "moderation-counts": {"task": "consultation.tasks.send_moderation_counts", "schedule": crontab(hour=8, minute=0)},
}
