"""Second-factor helpers for tests: an officer's authenticator app, its codes made by pyotp, and a
test client session that holds both factors."""

import base64

import pyotp
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

password_only_login = Client.force_login  # Django's own: a session with the password step alone


def app_for(user) -> TOTPDevice:
    """The officer's confirmed authenticator app (made now if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device: TOTPDevice) -> str:
    """The code the officer's app shows now, as a phone would make it."""
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode(), digits=device.digits, interval=device.step).now()


def code_from_key(key_text: str) -> str:
    """The code an app shows for a key typed in from the set-up page (groups of four)."""
    return pyotp.TOTP(key_text.replace(" ", "")).now()


def fresh_code(device: TOTPDevice) -> str:
    """A code the service has not seen yet: a test that signs the same officer in twice within
    one 30-second step forgets the last one used rather than waiting for the next."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return code_now(device)


def verified_login(client, user, backend=None) -> None:
    """client.force_login, with the session verified by the officer's app as if they typed its code."""
    password_only_login(client, user, backend)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_for(user).persistent_id
    session.save()
