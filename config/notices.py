"""Settings of what the service says about itself: its names, contacts, the privacy notice's and the
accessibility statement's facts, and how long personal data is kept. From the environment like every
other setting (config/settings.py takes them in; kept here so that file stays short). Each council
states its own."""

import datetime

import environ

env = environ.Env()

# Shown in the header and in e-mails.
COUNCIL_NAME = env("COUNCIL_NAME", default="Norfolk County Council")
SERVICE_NAME = env("SERVICE_NAME", default="Have your say")
REFERENCE_PREFIX = env("REFERENCE_PREFIX", default="NCC")

# Names, emails, postcodes and letters are erased this many days after the consultation closes
# (responses/retention: beat, daily, and `manage.py purge_personal_data`); the answers stay.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=730)

# What the privacy notice and the accessibility statement say, so each council states its own.
CONTACT_EMAIL = env("CONTACT_EMAIL", default="consultations@example.org")
# The site's own address, for links in emails (the worker has no request to build them from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DATA_PROTECTION_OFFICER_EMAIL = env("DATA_PROTECTION_OFFICER_EMAIL", default="dataprotection@example.org")
PRIVACY_LAWFUL_BASIS = env(
    "PRIVACY_LAWFUL_BASIS",
    default="public task: consulting people before deciding on a proposal is part of the council's "
    "official functions (UK GDPR Article 6(1)(e))",
)
_COUNTY_HALL = ["Consultations team", "Norfolk County Council", "County Hall", "Martineau Lane", "Norwich", "NR1 2DH"]
POSTAL_ADDRESS = env.list("POSTAL_ADDRESS", default=_COUNTY_HALL)
ACCESSIBILITY_COMPLIANCE = env(
    "ACCESSIBILITY_COMPLIANCE",
    default="partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, "
    'because of the gaps listed under "What we have not tested"',
)
# An ISO date (YYYY-MM-DD): when the service was last tested for accessibility.
ACCESSIBILITY_LAST_TESTED = datetime.date.fromisoformat(env("ACCESSIBILITY_LAST_TESTED", default="2026-12-02"))
