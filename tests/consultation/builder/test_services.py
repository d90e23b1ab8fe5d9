"""The builder's rules, enforced in the service layer whatever page or script calls it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation.builder import questions as q
from consultation.builder import services
from consultation.builder.history import version_of
from consultation.models import ConsultationStatus, Question, QuestionKind
from tests.factories import ConsultationFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list} if hasattr(error, "error_list") else set()


@pytest.fixture
def officer():
    return UserFactory(username="builder")


@pytest.fixture
def draft():
    now = timezone.now()
    return ConsultationFactory(published_at=None, opens_at=now + DAY, closes_at=now + 30 * DAY)


def new_fields(**changes):
    now = timezone.now()
    return dict(title="Libraries", slug="libraries", summary="S", opens_at=now + DAY, closes_at=now + 9 * DAY) | changes


def test_a_new_consultation_is_a_draft_owned_by_its_creator(officer):
    consultation = services.consultation_create(by=officer, **new_fields())

    assert consultation.status == ConsultationStatus.DRAFT
    assert list(consultation.owners.all()) == [officer]
    assert consultation.history.first().history_user == officer


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        (dict(closes_at=timezone.now() + DAY / 2), "closes_at", "order"),
        (dict(opens_at=timezone.now() - 9 * DAY, closes_at=timezone.now() - DAY), "closes_at", "past"),
    ],
)
def test_dates_in_the_wrong_order_or_closing_in_the_past_are_refused(officer, changes, field, code):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(by=officer, **new_fields(**changes))

    assert field in refused.value.message_dict and refused.value.error_dict[field][0].code == code


def test_a_web_address_used_by_another_consultation_is_refused(officer):
    ConsultationFactory(slug="libraries")

    with pytest.raises(ValidationError) as refused:
        services.consultation_create(by=officer, **new_fields())

    assert "another consultation" in refused.value.message_dict["slug"][0].lower()


def test_a_future_publication_schedules_and_it_can_go_back_to_draft(officer, draft):
    services.consultation_publish(consultation=draft, by=officer, at=timezone.now() + DAY / 2)
    draft.refresh_from_db()
    assert draft.status == ConsultationStatus.SCHEDULED

    services.consultation_unpublish(consultation=draft, by=officer)
    draft.refresh_from_db()
    assert draft.status == ConsultationStatus.DRAFT


def test_publishing_after_the_closing_time_is_refused(officer, draft):
    with pytest.raises(ValidationError):
        services.consultation_publish(consultation=draft, by=officer, at=draft.closes_at + DAY)


def test_closing_now_and_starting_the_review(officer):
    consultation = ConsultationFactory()

    services.consultation_close_now(consultation=consultation, by=officer)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    services.consultation_review_start(consultation=consultation, by=officer)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.UNDER_REVIEW


def test_an_open_consultation_keeps_its_opening_time(officer):
    consultation = ConsultationFactory()

    with pytest.raises(ValidationError) as refused:
        services.consultation_update(consultation=consultation, by=officer, opens_at=timezone.now() + DAY)

    assert "opens_at" in refused.value.message_dict


def test_a_stale_page_is_refused_naming_who_changed_it_in_the_meantime(officer, draft):
    seen = version_of(draft)
    services.consultation_update(consultation=draft, by=UserFactory(username="alice"), title="Alice's title")

    with pytest.raises(ValidationError) as refused:
        services.consultation_update(consultation=draft, by=officer, version=seen, title="Mine")

    assert "alice changed this" in refused.value.messages[0]
    draft.refresh_from_db()
    assert draft.title == "Alice's title"


def add(consultation, officer, **fields):
    return q.question_add(consultation=consultation, by=officer, **({"kind": QuestionKind.FREE_TEXT} | fields))


def test_a_question_s_export_name_is_made_from_its_text_and_kept_unique(officer, draft):
    first = add(draft, officer, text="How often do you visit?")
    second = add(draft, officer, text="How often do you visit?")

    assert (first.slug, second.slug) == ("how_often_do_you_visit", "how_often_do_you_visit_2")
    assert (first.order, second.order) == (1, 2)


@pytest.mark.parametrize(
    ("options", "code"),
    [(["Yes", "", "No"], "empty_option"), (["Yes", "yes"], "duplicate_option"), (["Only"], "few_options")],
)
def test_empty_duplicate_or_too_few_options_are_refused(officer, draft, options, code):
    with pytest.raises(ValidationError) as refused:
        add(draft, officer, text="Pick", kind=QuestionKind.SINGLE, options=options)

    assert refused.value.error_dict["options"][0].code == code


def test_an_export_name_used_by_another_question_is_refused(officer, draft):
    add(draft, officer, text="One", slug="one")
    other = add(draft, officer, text="Two")

    with pytest.raises(ValidationError) as refused:
        q.question_update(question=other, by=officer, slug="one")

    assert refused.value.error_dict["slug"][0].code == "slug_clash"


def test_moving_questions_up_and_down_swaps_them_and_never_fails_at_the_ends(officer, draft):
    a, b, c = (add(draft, officer, text=t) for t in ("A", "B", "C"))

    q.question_move(question=c, by=officer, step=-1)
    q.question_move(question=a, by=officer, step=-1)
    q.question_move(question=b, by=officer, step=+1)
    q.question_move(question=b, by=officer, step=+1)

    assert [x.text for x in draft.questions.order_by("order")] == ["A", "C", "B"]
    assert list(draft.questions.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_removing_a_question_closes_the_gap(officer, draft):
    a, b, c = (add(draft, officer, text=t) for t in ("A", "B", "C"))

    q.question_remove(question=b, by=officer)

    assert list(draft.questions.values_list("text", "order")) == [("A", 1), ("C", 2)]


@pytest.fixture
def answered(officer):
    consultation = ConsultationFactory()
    question = add(consultation, officer, text="Pick", kind=QuestionKind.SINGLE, options=["Yes", "No"])
    ResponseFactory(consultation=consultation, answers={question.slug: "Yes"})
    return question


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(slug="renamed"), "slug"),
        (dict(kind=QuestionKind.MULTIPLE), "kind"),
        (dict(options=["Yes please", "No"]), "options"),
        (dict(options=["No", "Maybe"]), "options"),
    ],
)
def test_once_answered_slugs_kinds_and_existing_options_are_locked(officer, answered, changes, field):
    with pytest.raises(ValidationError) as refused:
        q.question_update(question=answered, by=officer, **changes)

    assert "responses" in refused.value.message_dict[field][0]
    answered.refresh_from_db()
    assert (answered.slug, answered.options) != ("renamed", ["Yes please", "No"])


def test_once_answered_text_hints_and_new_options_may_still_change(officer, answered):
    q.question_update(question=answered, by=officer, text="Pick one", hint="Any", options=["Yes", "No", "Maybe"])

    answered.refresh_from_db()
    assert (answered.text, answered.options) == ("Pick one", ["Yes", "No", "Maybe"])


def test_once_answered_a_question_cannot_be_removed(officer, answered):
    with pytest.raises(ValidationError) as refused:
        q.question_remove(question=answered, by=officer)

    assert "cannot be removed" in refused.value.messages[0]
    assert Question.objects.filter(pk=answered.pk).exists()


def test_a_document_of_the_wrong_type_or_too_large_is_refused(officer, draft, settings):
    page = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.document_save(consultation=draft, by=officer, title="Plan", file=page)
    assert refused.value.error_dict["file"][0].code == "format"

    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.document_save(consultation=draft, by=officer, title="Plan", file=big)
    assert refused.value.error_dict["file"][0].code == "too_big"


def test_an_uploaded_document_shows_its_format_and_size(officer, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("p.pdf", b"%PDF-1.4 " + b"0" * 1_250_000, content_type="application/pdf")

    document = services.document_save(consultation=draft, by=officer, title="Plan", file=pdf)

    assert document.format_label == "PDF, 1.2 MB"


def test_a_link_to_a_page_of_this_site_is_accepted(officer, draft):
    document = services.document_save(consultation=draft, by=officer, title="Register", url="/centres/")

    assert document.url == "/centres/" and document.format_label == ""
