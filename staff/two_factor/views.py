"""The second step of signing in: type a code, or set up an authenticator app the first time."""

from urllib.parse import urlencode

import django_otp
from django.contrib.auth.views import RedirectURLMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import VerifiedStaffMixin
from . import services
from .forms import CodeForm, EnrolForm
from .qr import qr_svg

BACKUP_CODES_SESSION_KEY = "staff_backup_codes"
REFUSALS = {
    services.Refusal.WRONG: _(
        "The code is not right. Enter the 6-digit code your app shows now, or one of your backup codes"
    ),
    services.Refusal.REUSED: _("That code has been used already. Wait for your app to show a new code, then enter it"),
    services.Refusal.LOCKED: _(
        "Too many wrong codes. For security, you cannot sign in for 15 minutes. "
        "If you have lost your phone, ask a service administrator to reset your second factor"
    ),
}


def _verified(request, device) -> None:
    django_otp.login(request, device)
    # A new session key once the officer holds both factors, as Django does at each sign-in.
    request.session.cycle_key()


class _SecondStepMixin(RedirectURLMixin):
    """Signed in with a password, no code yet: where to go once the code is right."""

    next_page = "staff:home"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect("staff:login")
        if user.is_verified():
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"next": self.get_redirect_url()}

    def with_next(self, name: str) -> str:
        url, next_url = reverse(name), self.get_redirect_url()
        return f"{url}?{urlencode({self.redirect_field_name: next_url})}" if next_url else url


class TwoFactorView(_SecondStepMixin, FormView):
    template_name = "staff/two_factor.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified() and not user_has_device(request.user):
            return HttpResponseRedirect(self.with_next("staff:enrol"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        check = services.code_check(user=self.request.user, code=form.cleaned_data["code"])
        if check.device is None:
            form.add_error("code", REFUSALS[check.refusal])
            status = 429 if check.refusal is services.Refusal.LOCKED else 200
            return self.render_to_response(self.get_context_data(form=form), status=status)
        _verified(self.request, check.device)
        return HttpResponseRedirect(self.get_success_url())


class EnrolView(_SecondStepMixin, FormView):
    template_name = "staff/enrol.html"
    form_class = EnrolForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified() and user_has_device(request.user):
            return HttpResponseRedirect(self.with_next("staff:two-factor"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = services.enrolment_device(self.request.user)
        qr = qr_svg(services.config_url(device), label=_("QR code holding the key below"))
        return super().get_context_data(**kwargs) | {"qr_code": qr, "key": services.key_text(device)}

    def form_valid(self, form):
        user = self.request.user
        device = services.enrolment_device(user)
        codes = services.enrolment_confirm(user=user, device_id=device.pk, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", _("The code is not right. Check that your app holds the key on this page, then enter its code")
            )
            return self.form_invalid(form)
        _verified(self.request, TOTPDevice.objects.get(pk=device.pk))
        self.request.session[BACKUP_CODES_SESSION_KEY] = codes
        return HttpResponseRedirect(self.with_next("staff:backup-codes"))


class BackupCodesView(VerifiedStaffMixin, RedirectURLMixin, TemplateView):
    """The ten backup codes, shown once, straight after setting up the app."""

    template_name = "staff/backup_codes.html"
    next_page = "staff:home"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
        if not codes:
            return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(codes=codes, next=self.get_success_url()))
