"""Officers' pages for campaign groups: a consultation's groups, one group, and changes to it.

Every view needs ``responses.moderate_response``, as the moderation queue does. Writes go
through ``campaigns.services``."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from consultation.models import Consultation
from responses.models import State
from responses.moderation.views import ModeratorRequiredMixin, _report_bulk

from . import queries, services
from .forms import APPROVE, GroupDecisionForm, GroupMergeForm
from .models import Group


class GroupListView(ModeratorRequiredMixin, TemplateView):
    """A consultation's campaign groups, largest first."""

    template_name = "campaigns/group_list.html"

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(Consultation, slug=self.kwargs["slug"])
        groups = list(queries.consultation_groups(consultation.pk))
        return super().get_context_data(
            consultation=consultation, groups=groups, in_groups=sum(g.size for g in groups), **kwargs
        )


def _group(code: str) -> Group:
    return get_object_or_404(Group.objects.select_related("consultation", "confirmed_by", "merged_into"), code=code)


def group_context(group: Group, page_number, *, decision_form=None, merge_form=None) -> dict:
    slugs = queries.free_text_slugs(group.consultation_id)
    shared = queries.shared_text(group, slugs)
    page, rows = queries.member_page(group, shared, slugs, page_number)
    others = [choice for choice in queries.campaign_choices(group.consultation_id) if choice[0] != group.code]
    return {
        "group": group,
        "consultation": group.consultation,
        "shared": shared,
        "page": page,
        "rows": rows,
        "events": queries.group_events(group),
        "decision_form": decision_form or GroupDecisionForm(),
        "merge_form": merge_form or GroupMergeForm(choices=others),
    }


class GroupDetailView(ModeratorRequiredMixin, View):
    """The text a group shares, each member and how it differs, and the actions on the group."""

    def get(self, request, code):
        group = _group(code)
        if group.merged_into_id:
            messages.info(request, _("%(old)s was merged into this group") % {"old": group.code})
            return redirect("campaigns:group", code=group.merged_into.code)
        return render(request, "campaigns/group_detail.html", group_context(group, request.GET.get("page")))


class GroupConfirmView(ModeratorRequiredMixin, View):
    def post(self, request, code):
        group = _group(code)
        try:
            services.group_confirm(group_id=group.pk, actor=request.user)
        except services.GroupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The group is confirmed as one campaign"))
        return redirect("campaigns:group", code=code)


class GroupRemoveView(ModeratorRequiredMixin, View):
    def post(self, request, code, reference):
        group = _group(code)
        response = get_object_or_404(group.consultation.responses, reference=reference)
        try:
            services.group_remove_response(group_id=group.pk, response_id=response.pk, actor=request.user)
        except services.GroupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(ref)s is no longer in this group") % {"ref": reference})
        return redirect("campaigns:group", code=code)


class GroupMergeView(ModeratorRequiredMixin, View):
    def post(self, request, code):
        group = _group(code)
        others = [choice for choice in queries.campaign_choices(group.consultation_id) if choice[0] != code]
        form = GroupMergeForm(request.POST, choices=others)
        if not form.is_valid():
            context = group_context(group, None, merge_form=form)
            return render(request, "campaigns/group_detail.html", context, status=400)
        try:
            event = services.groups_merge(group_id=group.pk, other_code=form.cleaned_data["other"], actor=request.user)
        except services.GroupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Merged %(note)s into this group") % {"note": event.note})
        return redirect("campaigns:group", code=code)


class GroupDecideView(ModeratorRequiredMixin, View):
    def post(self, request, code):
        group = _group(code)
        form = GroupDecisionForm(request.POST)
        if not form.is_valid():
            context = group_context(group, None, decision_form=form)
            return render(request, "campaigns/group_detail.html", context, status=400)
        approve = form.cleaned_data["action"] == APPROVE
        try:
            result = services.group_decide(
                group_id=group.pk,
                actor=request.user,
                to_state=State.APPROVED if approve else State.REJECTED,
                reason="" if approve else "spam",
            )
        except services.GroupError as error:
            messages.error(request, error.message)
        else:
            _report_bulk(request, result, approve)
        return redirect("campaigns:group", code=code)
