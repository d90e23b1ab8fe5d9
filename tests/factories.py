"""factory_boy factories shared by every test module."""

import datetime
import secrets

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from centres.models import Centre, District
from consultation.models import Consultation, Question, QuestionKind
from responses.linked_centres import stored_centres
from responses.models import Channel, Consent, Export, RespondentType, Response, State


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"officer{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Test Centre {n}")
    slug = factory.Sequence(lambda n: f"test-centre-{n}")
    town = "Norwich"
    district = District.NORWICH


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open, published consultation (override the dates for other states)."""

    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    summary = "What we propose and why."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    # Published by the time it opens: a publication time after that would hold its opening back.
    published_at = factory.LazyAttribute(lambda o: min(o.opens_at, timezone.now() - datetime.timedelta(days=1)))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"question_{n}")
    kind = QuestionKind.FREE_TEXT
    text = factory.Sequence(lambda n: f"Question {n}?")
    required = False


def make_reference() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    body = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"NCC-{body[:4]}-{body[4:]}"


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationFactory)
    reference = factory.LazyFunction(make_reference)
    respondent_type = RespondentType.PARENT_CARER
    consent = Consent.PUBLISH_ANONYMOUS
    channel = Channel.ONLINE
    state = State.PENDING
    answers = factory.LazyFunction(dict)

    @factory.post_generation
    def centres(self, create, extracted, **kwargs):
        if create and extracted:
            self.centres.set(extracted)
            # Stored with the response as the export writes them, as the services do.
            for field, value in stored_centres(extracted).items():
                setattr(self, field, value)
            self.save(update_fields=["centre_names", "centre_districts"])


class ExportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Export

    consultation = factory.SubFactory(ConsultationFactory)
    requested_by = factory.SubFactory(UserFactory)
    filters = factory.LazyFunction(dict)
