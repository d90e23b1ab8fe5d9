"""The builder's pages, as a consultation manager uses them (Django client)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation.models import Consultation, ConsultationStatus, Question, QuestionKind
from tests.factories import ConsultationFactory, ResponseFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def dates(prefix: str, moment: datetime.datetime, time: str) -> dict:
    return {f"{prefix}_date_0": moment.day, f"{prefix}_date_1": moment.month, f"{prefix}_date_2": moment.year} | {
        f"{prefix}_time": time
    }


def create_form(**changes) -> dict:
    soon, later = timezone.now() + 3 * DAY, timezone.now() + 40 * DAY
    return (
        {"title": "Library opening hours", "slug": "", "summary": "Shorter hours in four libraries.", "body": ""}
        | dates("opens", soon, "9:00am")
        | dates("closes", later, "23:59")
        | changes
    )


def test_a_manager_creates_a_draft_in_london_time(signed_in, manager):
    response = signed_in.post(
        "/staff/consultations/new/",
        create_form(
            **dates("opens", datetime.date(2030, 7, 1), "9:00"), **dates("closes", datetime.date(2030, 9, 1), "9:00")
        ),
    )

    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/consultations/{consultation.pk}/"
    assert consultation.slug == "library-opening-hours"
    assert consultation.opens_at == datetime.datetime(2030, 7, 1, 8, 0, tzinfo=datetime.UTC)  # BST
    assert consultation.status == ConsultationStatus.DRAFT
    page = signed_in.get(response["Location"]).content.decode()
    assert "9:00 a.m. on Monday 1 July 2030" in page and "Draft" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dates("closes", timezone.now() + DAY, "9:00"), "The closing time must be after the opening time"),
        (dates("opens", datetime.date(2031, 3, 30), "1:30am"), "The clocks change at this time"),
        ({"opens_time": "25:00"}, "Enter a time such as 9:00am or 23:59"),
        ({"opens_date_1": "13"}, "Enter a real date"),
        ({"title": ""}, "Enter a title"),
    ],
)
def test_bad_input_is_explained_on_the_page_and_kept(signed_in, changes, message):
    response = signed_in.post("/staff/consultations/new/", create_form(**changes))

    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert message in page
    assert "Shorter hours in four libraries." in page
    assert not Consultation.objects.exists()


def test_a_stale_edit_says_who_changed_it_and_keeps_what_was_typed(signed_in, client, manager, django_user_model):
    consultation = ConsultationFactory(published_at=None, opens_at=timezone.now() + DAY)
    page = signed_in.get(f"/staff/consultations/{consultation.pk}/edit/")
    version = page.context["form"].initial["version"]
    from consultation.builder.services import consultation_update

    other = django_user_model.objects.create_user("alice", password="x" * 20, is_staff=True)
    consultation_update(consultation=consultation, by=other, title="Alice's title")
    form = create_form(title="My title", slug=consultation.slug, version=version)

    response = signed_in.post(f"/staff/consultations/{consultation.pk}/edit/", form)

    text = response.content.decode()
    assert "alice changed this" in text and 'value="My title"' in text
    consultation.refresh_from_db()
    assert consultation.title == "Alice's title"


def question_form(**changes) -> dict:
    return {
        "text": "How often do you visit?",
        "kind": "single",
        "options": "Weekly\r\nMonthly\r\n",
        "max_length": 2000,
    } | changes


@pytest.fixture
def draft():
    return ConsultationFactory(published_at=None, opens_at=timezone.now() + DAY, closes_at=timezone.now() + 30 * DAY)


def test_questions_are_added_with_options_one_per_line_and_moved_without_errors(signed_in, draft):
    url = f"/staff/consultations/{draft.pk}/questions/new/"
    signed_in.post(url, question_form(allow_other="on"))
    signed_in.post(url, question_form(text="What else?", kind="text", options=""))
    first, second = draft.questions.order_by("order")
    assert first.options == ["Weekly", "Monthly"] and first.allow_other and first.slug == "how_often_do_you_visit"

    for _ in range(3):
        signed_in.post(f"/staff/consultations/{draft.pk}/questions/{second.pk}/move/", {"direction": "up"})

    assert list(draft.questions.order_by("order").values_list("text", flat=True)) == [
        "What else?",
        "How often do you visit?",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"options": "Weekly\r\nweekly"}, "is given twice"),
        ({"options": "Weekly\r\n\r\nMonthly"}, "Remove the empty option"),
        ({"options": "Weekly"}, "at least two options"),
    ],
)
def test_bad_options_are_explained(signed_in, draft, changes, message):
    response = signed_in.post(f"/staff/consultations/{draft.pk}/questions/new/", question_form(**changes))

    assert message in response.content.decode()
    assert not draft.questions.exists()


def test_renaming_a_locked_question_s_column_is_refused_on_the_page(signed_in):
    consultation = ConsultationFactory()
    question = Question.objects.create(
        consultation=consultation, order=1, slug="visits", kind=QuestionKind.SINGLE, text="Visits?", options=["A", "B"]
    )
    ResponseFactory(consultation=consultation, answers={"visits": "A"})
    url = f"/staff/consultations/{consultation.pk}/questions/{question.pk}/"

    page = signed_in.get(url).content.decode()
    assert "This consultation has responses" in page
    response = signed_in.post(url, question_form(text="Visits now?", options="B\r\nC", slug="renamed"))

    assert "cannot be changed or removed" in response.content.decode()
    question.refresh_from_db()
    assert (question.slug, question.options, question.text) == ("visits", ["A", "B"], "Visits?")
    removed = signed_in.post(f"{url}remove/", follow=True)
    assert "cannot be removed" in removed.content.decode()


def test_a_document_is_uploaded_and_its_format_and_size_shown_in_the_preview(signed_in, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("anything.exe", b"%PDF-1.4 " + b"0" * 300_000, content_type="text/html")
    signed_in.post(
        f"/staff/consultations/{draft.pk}/documents/new/", {"title": "Full proposal", "file": pdf, "url": ""}
    )
    signed_in.post(
        f"/staff/consultations/{draft.pk}/documents/new/",
        {"title": "Easy read", "url": "/centres/", "alternative_format": "easy_read"},
    )

    page = signed_in.get(f"/staff/consultations/{draft.pk}/preview/").content.decode()

    assert "Preview" in page and "Full proposal (PDF, 0.3 MB)" in page and "Easy read" in page


def test_a_wrong_document_is_refused_with_a_message(signed_in, draft):
    page = SimpleUploadedFile("plan.pdf", b"<script>alert(1)</script>", content_type="application/pdf")

    response = signed_in.post(f"/staff/consultations/{draft.pk}/documents/new/", {"title": "Plan", "file": page})

    assert "The file must be a PDF" in response.content.decode()
    assert not draft.documents.exists()


def test_the_preview_shows_the_response_form_and_stores_nothing(signed_in, draft, centres):
    draft.centres.set(centres[:3])
    Question.objects.create(consultation=draft, order=1, slug="where", kind=QuestionKind.CENTRES, text="Which?")
    url = f"/staff/consultations/{draft.pk}/preview/questions/"

    assert "My centre is not listed" in signed_in.get(url).content.decode()
    response = signed_in.post(url, {"q_where": ["_other"], "q_where__other": "Sprowston Children's Centre"})

    page = response.content.decode()
    assert "nothing was stored" in page and "My centre is not listed: Sprowston" in page
    assert not draft.responses.exists()


def test_publishing_later_schedules_and_the_public_cannot_see_it(signed_in, client, draft):
    when = timezone.now() + 2 * DAY / 3
    local = timezone.localtime(when)
    form = {"when": "later"} | {"at_date_0": local.day, "at_date_1": local.month, "at_date_2": local.year}
    signed_in.post(f"/staff/consultations/{draft.pk}/publish/", form | {"at_time": f"{local:%H:%M}"})

    draft.refresh_from_db()
    assert draft.status == ConsultationStatus.SCHEDULED
    signed_in.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_other_staff_cannot_use_the_builder(client, moderator, draft):
    client.force_login(moderator)

    assert client.get("/staff/consultations/").status_code == 403
    assert client.get(f"/staff/consultations/{draft.pk}/preview/").status_code == 403


def test_the_history_says_who_changed_what_and_when(signed_in, manager, draft):
    from consultation.builder.questions import question_add, question_update
    from consultation.builder.services import consultation_update

    consultation_update(consultation=draft, by=manager, title="Library hours")
    question = question_add(consultation=draft, by=manager, text="Why?", kind="text")
    question_update(question=question, by=manager, hint="Tell us")

    overview = signed_in.get(f"/staff/consultations/{draft.pk}/").content.decode()
    question_page = signed_in.get(f"/staff/consultations/{draft.pk}/questions/{question.pk}/").content.decode()

    assert "Changed consultation: title" in overview and "manager" in overview
    assert "Changed question: hint" in question_page and "Created question" in question_page


def test_the_open_demo_can_be_edited_in_the_builder(signed_in, demo_consultation):
    url = f"/staff/consultations/{demo_consultation.pk}/edit/"
    form = signed_in.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    opens, closes = data.pop("opens_date"), data.pop("closes_date")
    data |= dates("opens", opens, data.pop("opens_time")) | dates("closes", closes, data.pop("closes_time"))
    data |= {"title": "Children's centres (demo, edited)", "centres": [c.pk for c in data["centres"]]}
    data |= {"proposal_stage": demo_consultation.proposal_stage_id, "owners": []}

    response = signed_in.post(url, data)

    assert response.status_code == 302, response.content.decode()
    demo_consultation.refresh_from_db()
    assert demo_consultation.title == "Children's centres (demo, edited)" and demo_consultation.is_open


def test_a_draft_s_uploaded_document_opens_for_a_manager_previewing_and_for_no_one_else(
    client, manager, draft, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from consultation.models import Document

    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}
    }
    document = Document(consultation=draft, title="Plan", file_format="pdf")
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    url = f"/consultations/{draft.slug}/documents/{document.pk}/"

    assert client.get(url).status_code == 404
    client.force_login(manager)
    assert client.get(url).status_code == 200
