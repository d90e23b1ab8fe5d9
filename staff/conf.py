"""Settings of staff sign-in, from the environment like every other (config/settings.py takes
them in; kept here so that file stays short). Imports nothing of Django's."""

import environ

env = environ.Env()

# A staff session ends after this many seconds without a request (set at sign-in); the GOV.UK
# timeout warning shows two minutes before. Residents' sessions are SESSION_COOKIE_AGE.
STAFF_SESSION_SECONDS = env.int("STAFF_SESSION_SECONDS", default=30 * 60)
# An invitation's link works once, for this many days.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
# django-otp's own delays after a wrong code (1, 2, 4... seconds) are off: after AXES_FAILURE_LIMIT
# wrong codes in a row the second step is locked for AXES_COOLOFF_HOURS (staff/two_factor/services.py).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The admin never shows an officer's TOTP key or QR code, not even to a superuser: a key seen
# is a second factor copied. (Its config and QR pages answer 403.)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
