"""Second factor: an authenticator app (django-otp's TOTP device) and ten backup codes (its static
device). Enrolment, checking a code, and the lockout after repeated wrong codes."""

import base64
import datetime
import enum
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class Refusal(enum.Enum):
    WRONG = "wrong"
    REUSED = "reused"
    LOCKED = "locked"


@dataclass(frozen=True)
class CodeCheck:
    device: TOTPDevice | StaticDevice | None
    refusal: Refusal | None = None


def _devices(user, confirmed=True) -> list:
    return [
        *TOTPDevice.objects.devices_for_user(user, confirmed=confirmed),
        *StaticDevice.objects.devices_for_user(user, confirmed=confirmed),
    ]


def enrolment_device(user) -> TOTPDevice:
    """The officer's new, unconfirmed authenticator app device: the same one until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def key_text(device: TOTPDevice) -> str:
    """The secret key as an authenticator app takes it (base 32), in groups of four for reading."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def config_url(device: TOTPDevice) -> str:
    """The otpauth:// address the QR code holds, naming the service and the officer."""
    issuer = settings.SERVICE_NAME.replace(":", "")
    label = quote(f"{issuer}:{device.user.get_username()}")
    secret = base64.b32encode(device.bin_key).decode()
    params = urlencode({"secret": secret, "issuer": issuer, "digits": device.digits, "period": device.step})
    return f"otpauth://totp/{label}?{params}"


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def enrolment_confirm(*, user, device_id: int, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; give the officer ten new backup codes (None: wrong code)."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or not device.verify_token(_clean(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return backup_codes_replace(user=user)


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """Ten new single-use backup codes; any older ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _cooloff() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)


def _recent_failures(devices) -> int:
    since = timezone.now() - _cooloff()
    return sum(
        d.throttling_failure_count
        for d in devices
        if d.throttling_failure_timestamp and d.throttling_failure_timestamp > since
    )


def is_locked(user) -> bool:
    """AXES_FAILURE_LIMIT wrong codes in a row lock the second step for AXES_COOLOFF_HOURS."""
    return _recent_failures(_devices(user)) >= settings.AXES_FAILURE_LIMIT


def _reused(device: TOTPDevice, code: str) -> bool:
    return code.isdigit() and device.last_t >= 0 and hotp(device.bin_key, device.last_t, device.digits) == int(code)


def code_check(*, user, code: str) -> CodeCheck:
    """Check a code from the app (six digits) or a backup code; count a wrong one towards the lockout."""
    devices = _devices(user)
    if _recent_failures(devices) >= settings.AXES_FAILURE_LIMIT:
        return CodeCheck(None, Refusal.LOCKED)
    code = _clean(code)
    app = [d for d in devices if isinstance(d, TOTPDevice)]
    backup = [d for d in devices if isinstance(d, StaticDevice)]
    candidates = app if code.isdigit() and len(code) == 6 else backup
    since = timezone.now() - _cooloff()
    for device in candidates:
        if device.throttling_failure_timestamp and device.throttling_failure_timestamp <= since:
            device.throttle_reset()  # failures older than the lockout no longer count
        verified = verify_token(user, device.persistent_id, code)
        if verified:
            for other in devices:
                if other.pk != verified.pk or type(other) is not type(verified):
                    other.throttle_reset()
            return CodeCheck(verified)
    if any(_reused(device, code) for device in app):
        return CodeCheck(None, Refusal.REUSED)
    if not candidates and devices:
        devices[0].throttle_increment()  # nothing to check it against still counts as a wrong code
    return CodeCheck(None, Refusal.LOCKED if is_locked(user) else Refusal.WRONG)


@transaction.atomic
def two_factor_reset(*, user) -> None:
    """Forget the officer's app and backup codes: they set up a new app when they next sign in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
