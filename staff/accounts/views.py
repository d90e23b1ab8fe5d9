"""Staff accounts, for service administrators and superusers: the list, inviting an officer, an
account's roles, deactivating it and resetting its second factor; and the invitation link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import BadHeaderError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from ..access import ManageStaffMixin
from ..models import Invitation
from ..roles import ROLES
from ..two_factor.services import backup_codes_left
from . import services
from .forms import InvitationAcceptForm, InvitationForm, RolesForm

User = get_user_model()
_role_groups = Prefetch("groups", to_attr="role_groups")


class AccountListView(ManageStaffMixin, ListView):
    template_name = "staff/accounts/account_list.html"
    context_object_name = "accounts"

    def get_queryset(self):
        return User.objects.filter(is_staff=True).prefetch_related(_role_groups).order_by("username")

    def get_context_data(self, **kwargs):
        pending = Invitation.objects.filter(accepted_at=None).select_related("invited_by")[:50]
        for invitation in pending:
            invitation.expires_at = services.invitation_expires_at(invitation)
        return super().get_context_data(**kwargs) | {"invitations": pending}


class InvitationCreateView(ManageStaffMixin, FormView):
    template_name = "staff/accounts/invite.html"
    form_class = InvitationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"invitation_days": settings.INVITATION_DAYS}

    def form_valid(self, form):
        try:
            services.invitation_create(
                actor=self.request.user, site_url=self.request.build_absolute_uri("/"), **form.cleaned_data
            )
        except (OSError, BadHeaderError):
            form.add_error(
                None, _("The invitation email could not be sent, so no invitation was made. Try again later")
            )
            return self.form_invalid(form)
        messages.success(self.request, _("Invitation sent to %s") % form.cleaned_data["email"])
        return HttpResponseRedirect(reverse("staff:accounts"))


def _account_page(request, account, *, roles_form=None, problem="", status=200):
    held = [group.name for group in account.groups.all() if group.name in ROLES]
    context = {
        "account": account,
        "roles_form": roles_form or RolesForm(initial={"roles": held}),
        "roles": held,
        "has_app": account.totpdevice_set.filter(confirmed=True).exists(),
        "backup_codes_left": backup_codes_left(account),
        "events": account.account_events.select_related("actor")[:100],
        "problem": problem,
        "is_self": account.pk == request.user.pk,
    }
    return render(request, "staff/accounts/account_detail.html", context, status=status)


class _AccountMixin(ManageStaffMixin):
    def account(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])


class AccountDetailView(_AccountMixin, View):
    def get(self, request, *args, **kwargs):
        return _account_page(request, self.account())


class _AccountChangeView(_AccountMixin, View):
    """POST a change; a refusal is shown on the account page, a success as a banner."""

    def post(self, request, *args, **kwargs):
        account = self.account()
        try:
            done = self.change(account)
        except services.AccountRefused as refusal:
            return _account_page(request, account, problem=str(refusal), status=400)
        if isinstance(done, RolesForm):
            return _account_page(request, account, roles_form=done, status=400)
        messages.success(request, done)
        return HttpResponseRedirect(reverse("staff:account", args=[account.pk]))


class AccountRolesView(_AccountChangeView):
    def change(self, account):
        form = RolesForm(self.request.POST)
        if not form.is_valid():
            return form
        services.account_roles_set(actor=self.request.user, account=account, roles=form.cleaned_data["roles"])
        return _("Roles saved for %s") % account.get_username()


class AccountActiveView(_AccountChangeView):
    def change(self, account):
        active = self.request.POST.get("active") == "true"
        services.account_active_set(actor=self.request.user, account=account, active=active)
        template = _("%s can sign in again") if active else _("%s is deactivated and cannot sign in")
        return template % account.get_username()


class TwoFactorResetView(_AccountChangeView):
    def change(self, account):
        services.account_two_factor_reset(actor=self.request.user, account=account)
        return _("%s will set up a new authenticator app when they next sign in") % account.get_username()


class InvitationAcceptView(FormView):
    """The emailed link: choose a user name and password; the second factor comes at sign-in."""

    template_name = "staff/accounts/invitation_accept.html"
    form_class = InvitationAcceptForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = services.invitation_from_token(kwargs["token"])
        except services.InvitationProblem as problem:
            return render(request, "staff/accounts/invitation_problem.html", {"problem": problem.code}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"invitation": self.invitation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"invitation": self.invitation}

    def form_valid(self, form):
        try:
            services.invitation_accept(
                invitation_id=self.invitation.pk,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationProblem as problem:
            return render(self.request, "staff/accounts/invitation_problem.html", {"problem": problem.code}, status=400)
        messages.success(
            self.request, _("Your account is ready. Sign in, then set up an authenticator app on your phone")
        )
        return HttpResponseRedirect(reverse("staff:login"))
