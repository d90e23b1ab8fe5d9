"""Demonstration data: the 2018 Norfolk children's centres consultation, open now."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from centres.models import Centre, Stage
from staff.roles import ANALYST, CONSULTATION_MANAGER, MODERATOR, SENIOR_MODERATOR, SERVICE_ADMINISTRATOR, roles_ensure

from .builder import questions, services
from .builder.history import saved_by
from .models import Consultation, ConsultationStatus, QuestionKind

DEMO_SLUG = "norfolk-childrens-centres"

BODY = """\
In September 2018 Norfolk County Council proposed to change how it supports families with young children. \
Instead of 53 children's centres, the council would keep 7 as district bases, one in each district, and close the other 46. \
Staff would work from the bases and reach families through outreach: home visits and sessions in libraries, schools and community buildings. \
The budget for the service would be about £5 million.

The consultation ran for eight weeks, from 17 September to 12 November 2018. About 1,600 residents and organisations responded, \
among them Norwich City Council's cabinet and many parish councils. A revised plan kept 15 bases; 38 centres closed.

This page recreates that consultation so you can try the service. Tell us what you think of the proposal, \
which centres your family uses and how the changes would affect you."""

QUESTIONS = [
    dict(
        slug="proposal_agreement",
        kind=QuestionKind.AGREEMENT,
        required=True,
        text="How much do you agree or disagree with the proposal to keep 7 children's centres as district bases and close 46?",
    ),
    dict(
        slug="centres_you_use",
        kind=QuestionKind.CENTRES,
        required=False,
        text="Which children's centres do you or your family use?",
        hint="Select all that apply. Leave blank if you do not use any.",
    ),
    dict(
        slug="services_used",
        kind=QuestionKind.MULTIPLE,
        required=False,
        text="Which services do you use at children's centres?",
        hint="Select all that apply.",
        options=[
            "Stay and play sessions",
            "Health visitor clinics",
            "Parenting courses",
            "Breastfeeding support",
            "Speech and language sessions",
            "Advice on money, housing or work",
        ],
    ),
    dict(
        slug="visit_frequency",
        kind=QuestionKind.SINGLE,
        required=False,
        text="How often do you visit a children's centre?",
        options=["Every week", "Every month", "A few times a year", "Never"],
    ),
    dict(
        slug="impact",
        kind=QuestionKind.FREE_TEXT,
        required=True,
        max_length=2000,
        text="How would the changes affect you, your family or the families you work with?",
        hint="Do not include personal details such as phone numbers or other people's names.",
    ),
    dict(
        slug="anything_else",
        kind=QuestionKind.FREE_TEXT,
        required=False,
        max_length=2000,
        text="Is there anything else the council should consider?",
    ),
]

DEMO_STAFF = [
    # user name, role
    ("moderator", MODERATOR),
    ("senior", SENIOR_MODERATOR),
    ("analyst", ANALYST),
    ("manager", CONSULTATION_MANAGER),
    ("admin", SERVICE_ADMINISTRATOR),
]
DEMO_PASSWORD = "demo-password-local-only"


DEMO_DOCUMENT = "Children's centres: the register of the 53 centres and each stage of the proposal"


@transaction.atomic
def demo_consultation_ensure() -> Consultation:
    """Create the demonstration consultation through the builder's services, or reopen it.

    Run again, it keeps what managers changed in the builder: missing questions and the
    document come back, and a demo that has closed opens again for eight weeks.
    """
    now = timezone.now().replace(second=0, microsecond=0)
    consultation = Consultation.objects.filter(slug=DEMO_SLUG).first()
    if consultation is None:
        consultation = services.consultation_create(
            by=None,
            title="Future of children's centres in Norfolk (demonstration)",
            slug=DEMO_SLUG,
            summary="Have your say on the proposal to keep 7 of Norfolk's 53 children's centres as district bases "
            "and close 46.",
            body=BODY,
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(weeks=8),
            proposal_stage=Stage.objects.filter(slug="sept-2018").first(),
            centres=Centre.objects.all(),
        )
        consultation.is_demo = True
        consultation.equality_monitoring = True
        saved_by(consultation, None)
    elif consultation.status != ConsultationStatus.OPEN:
        # Only the demonstration is ever reopened like this, so that `make run` always shows an open one.
        consultation.opens_at, consultation.closes_at = now - timedelta(days=7), now + timedelta(weeks=8)
        consultation.published_at = min(consultation.published_at or now, now)
        consultation.review_started_at = consultation.outcome_published_at = None
        saved_by(consultation, None)
    if consultation.published_at is None:
        services.consultation_publish(consultation=consultation, by=None, at=now)
    if not consultation.centres.exists():
        consultation.centres.set(Centre.objects.all())
    if not consultation.documents.filter(title=DEMO_DOCUMENT).exists():
        services.document_save(consultation=consultation, by=None, title=DEMO_DOCUMENT, url="/centres/")
    existing = set(consultation.questions.values_list("slug", flat=True))
    for question in QUESTIONS:
        if question["slug"] not in existing:
            questions.question_add(consultation=consultation, by=None, **question)
    consultation.refresh_from_db()
    return consultation


@transaction.atomic
def demo_staff_ensure() -> list[tuple[str, str]]:
    """Create the local demo staff accounts, one per role. Never for production."""
    groups = roles_ensure()
    User = get_user_model()
    accounts = []
    for username, role in DEMO_STAFF:
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[role]])
        accounts.append((username, role))
    return accounts
