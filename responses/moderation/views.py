"""The officers' moderation views: the queue, one response, decisions, redactions and attachments.

Every view needs the ``responses.moderate_response`` permission: anonymous visitors go
to the sign-in page, signed-in officers without it get 403. Writes go through
``responses.moderation.services``."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from campaigns import queries as campaigns
from consultation.models import Consultation, QuestionKind
from responses import answers as display
from responses.counts import services as counts
from responses.models import Redaction, Response, State
from responses.moderation import queue
from responses.moderation import services as service
from responses.moderation.forms import BulkDecisionForm, DecisionForm, RedactionForm, queue_filters

PAGE_SIZE = 50
EXCERPT_LENGTH = 160


class ModeratorRequiredMixin(PermissionRequiredMixin):
    permission_required = "responses.moderate_response"


class ModerationHomeView(ModeratorRequiredMixin, TemplateView):
    """Each consultation with how many of its responses wait for a decision."""

    template_name = "responses/moderation/home.html"

    def get_context_data(self, **kwargs):
        consultations = Consultation.objects.order_by("-opens_at").annotate(waiting=counts.waiting_counts())
        return super().get_context_data(consultations=consultations, **kwargs)


class QueueView(ModeratorRequiredMixin, TemplateView):
    """A consultation's responses: counts per state, filters, search, order and keyset pages."""

    template_name = "responses/moderation/queue.html"

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(Consultation, slug=self.kwargs["slug"])
        filters = queue_filters(
            self.request.GET,
            consultation.responses.all(),
            centres=consultation.centres.order_by("name"),
            campaigns=campaigns.campaign_choices(consultation.pk),
        )
        form = filters.form
        page = None
        # Bad filters show their messages and no rows, rather than guessing what was meant.
        if filters.is_valid():
            page = queue.keyset_page(
                filters.qs,
                size=PAGE_SIZE,
                newest_first=form.newest_first,
                after=form.cleaned_data["after"],
                before=form.cleaned_data["before"],
            )
        text_questions = [q.slug for q in consultation.questions.all() if q.kind == QuestionKind.FREE_TEXT]
        groups = campaigns.groups_of([row.pk for row in page.rows]) if page else {}
        return super().get_context_data(
            consultation=consultation,
            form=form,
            page=page,
            rows=[_queue_row(row, text_questions, groups) for row in page.rows] if page else [],
            counts=_counts(consultation),
            is_filtered=page is not None and form.is_filtered,
            bulk_form=BulkDecisionForm(),
            **kwargs,
        )


def _counts(consultation) -> list[tuple[str, str, int]]:
    by_state = counts.state_counts(consultation)
    return [("", _("All responses"), by_state["all"])] + [
        (value, label, by_state[value]) for value, label in State.choices
    ]


def _queue_row(response: Response, text_questions: list[str], groups: dict | None = None) -> dict:
    text = next((response.answers.get(slug) for slug in text_questions if response.answers.get(slug)), "")
    excerpt = text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"
    selector = f"{response.pk}:{response.version}"
    return {"response": response, "excerpt": excerpt, "selector": selector, "campaign": (groups or {}).get(response.pk)}


class BulkDecisionView(ModeratorRequiredMixin, View):
    """Approve, or reject as spam, the ticked responses: one audit record each."""

    def post(self, request, slug):
        consultation = get_object_or_404(Consultation, slug=slug)
        back = reverse("moderation:queue", kwargs={"slug": slug})
        if query := request.POST.get("return_query", ""):
            back = f"{back}?{query}" if len(query) < 2000 else back
        form = BulkDecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        approve = form.cleaned_data["action"] == BulkDecisionForm.APPROVE
        result = service.responses_decide_bulk(
            consultation_id=consultation.pk,
            versions=form.cleaned_data["selected"],
            actor=request.user,
            to_state=State.APPROVED if approve else State.REJECTED,
            reason="" if approve else "spam",
        )
        _report_bulk(request, result, approve)
        return redirect(back)


# What a bulk decision left alone, and why, in the order the officer reads it.
LEFT_ALONE = (
    ("changed_meanwhile", _("Left alone because another officer changed them a moment ago: %(refs)s")),
    (
        "needs_a_look",
        _("%(n)d need a look for personal data before they can be published, so they were not approved: %(refs)s"),
    ),
    ("needs_senior", _("Left alone because they wait for another senior moderator: %(refs)s")),
    ("not_allowed", _("Left alone because they are already in that state: %(refs)s")),
)


def _report_bulk(request, result: service.BulkResult, approve: bool) -> None:
    done = len(result.decided)
    if done:
        verb = _("approved") if approve else _("rejected as spam")
        messages.success(request, _("%(n)d response(s) %(verb)s") % {"n": done, "verb": verb})
    for attribute, message in LEFT_ALONE:
        if references := getattr(result, attribute):
            messages.warning(request, message % {"n": len(references), "refs": ", ".join(references)})


def _get_response(reference: str) -> Response:
    return get_object_or_404(
        Response.objects.select_related("consultation", "entered_by").prefetch_related("centres"),
        reference=reference,
    )


def _field_labels(response: Response, questions) -> dict[str, str]:
    labels = {q.slug: q.text for q in questions if q.kind == QuestionKind.FREE_TEXT}
    return {"organisation_name": str(_("Organisation name"))} | labels


def _redaction_form(response: Response, questions, redactions, data=None) -> RedactionForm:
    labels = _field_labels(response, questions)
    texts = {name: text for name in labels if (text := service.redactable_text(response, name))}
    suggestions = service.redaction_suggestions(response, fields=list(labels), redactions=redactions)
    return RedactionForm(data, texts=texts, labels=labels, suggestions=suggestions)


def detail_context(request, response: Response, *, decision_form=None, redaction_form=None) -> dict:
    questions = list(response.consultation.questions.all())
    redactions = list(response.redactions.select_related("created_by"))
    spans = display.spans_by_field(redactions)
    centre_names = dict(response.consultation.centres.values_list("slug", "name"))
    refusal = service.may_decide(response, request.user)
    allowed = frozenset() if refusal else service.TRANSITIONS[response.state]
    redaction_form = redaction_form or _redaction_form(response, questions, redactions)
    labels = dict(redaction_form.fields["field"].choices)
    return {
        "response": response,
        "consultation": response.consultation,
        "rows": display.answer_rows(
            questions=questions, answers=response.answers, centre_names=centre_names, spans=spans, public=False
        ),
        "organisation_pieces": display.organisation_name(response, spans, public=False),
        "decisions": response.decisions.select_related("actor"),
        "redactions": [(item, labels.get(item.field, item.field)) for item in redactions],
        "decision_form": decision_form or DecisionForm(initial={"version": response.version}, allowed=allowed),
        "redaction_form": redaction_form,
        "suggestions": [(name, labels[name], items) for name, items in redaction_form.suggestions.items() if items],
        "is_published": response.state == State.APPROVED and response.consent != "none",
        "decision_refusal": refusal,
    }


class ResponseDetailView(ModeratorRequiredMixin, View):
    """Everything the respondent sent, the decisions so far, and the forms to decide and redact."""

    def get(self, request, reference):
        response = _get_response(reference)
        return render(request, "responses/moderation/detail.html", detail_context(request, response))


class ResponseDecideView(ModeratorRequiredMixin, View):
    def post(self, request, reference):
        response = _get_response(reference)
        form = DecisionForm(request.POST, allowed=service.TRANSITIONS[response.state])
        if not form.is_valid():
            context = detail_context(request, response, decision_form=form)
            return render(request, "responses/moderation/detail.html", context, status=400)
        try:
            decision = service.response_decide(
                response_id=response.pk,
                actor=request.user,
                to_state=form.cleaned_data["decision"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except service.ModerationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(ref)s is now: %(state)s") % {"ref": response.reference, "state": decision.get_to_state_display()},
            )
        return redirect("moderation:response", reference=reference)


class OrganisationVerifyView(ModeratorRequiredMixin, View):
    def post(self, request, reference):
        response = _get_response(reference)
        version = request.POST.get("version", "")
        if not version.isdigit():
            messages.error(request, _("Reload the page and try again"))
            return redirect("moderation:response", reference=reference)
        try:
            service.organisation_verify(response_id=response.pk, actor=request.user, expected_version=int(version))
        except service.ModerationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The organisation is marked as verified"))
        return redirect("moderation:response", reference=reference)


class ResponseRedactView(ModeratorRequiredMixin, View):
    def post(self, request, reference):
        response = _get_response(reference)
        questions = list(response.consultation.questions.all())
        form = _redaction_form(response, questions, list(response.redactions.all()), data=request.POST)
        if not form.is_valid():
            context = detail_context(request, response, redaction_form=form)
            return render(request, "responses/moderation/detail.html", context, status=400)
        try:
            created = service.response_redact(
                response_id=response.pk,
                actor=request.user,
                field_name=form.cleaned_data["field"],
                spans=form.cleaned_data["spans"],
                reason=form.cleaned_data["reason"].strip(),
            )
        except service.ModerationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(n)d passage(s) redacted") % {"n": len(created)})
        return redirect(reverse("moderation:response", kwargs={"reference": reference}) + "#redact")


class RedactionRemoveView(ModeratorRequiredMixin, View):
    def post(self, request, reference, pk):
        item = get_object_or_404(Redaction, pk=pk, response__reference=reference)
        service.redaction_remove(redaction_id=item.pk, actor=request.user)
        messages.success(request, _("The redaction was removed"))
        return redirect(reverse("moderation:response", kwargs={"reference": reference}) + "#redact")


# A letter's stored type gives its extension; its own name never reaches the officer's disk.
LETTER_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


class AttachmentDownloadView(ModeratorRequiredMixin, View):
    """Stream an attachment from private storage under a generated name. It never has a public address."""

    def get(self, request, reference):
        response = get_object_or_404(Response, reference=reference)
        if not response.attachment:
            raise Http404(_("This response has no attachment"))
        try:
            handle = response.attachment.open("rb")
        except FileNotFoundError:
            raise Http404(_("The attachment is missing from storage")) from None
        content_type = response.attachment_content_type
        extension = LETTER_EXTENSIONS.get(content_type)
        download = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{response.reference}-letter.{extension or 'bin'}",
            content_type=content_type if extension else "application/octet-stream",
        )
        download["X-Content-Type-Options"] = "nosniff"
        return download
