"""The second Norfolk demonstration: the 2018 consultation as it happened, closed, with its outcome.

Dates, figures and the decision come from the public record
(docs and ../shared/data/norfolk_consultation_timeline.csv): open 17 September to 12 November
2018, 1,576 responses (1,401 from residents, 175 from people linked to organisations), revised
in January 2019 to 15 bases, decided on 22 January 2019. The responses are made up by
`seed_responses`, and every page says so.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import transaction

from centres.models import Centre, Stage
from consultation.demo import QUESTIONS
from consultation.models import Consultation, Question
from responses.models import State

from . import services
from .models import Outcome

CLOSED_SLUG = "norfolk-childrens-centres-2018"
LONDON = ZoneInfo("Europe/London")
RECORDED_RESPONSES = 1576

BODY = """\
In September 2018 Norfolk County Council proposed to keep 7 of its 53 children's centres as district bases, \
one in each district, and close the other 46. Staff would reach families through outreach: home visits and \
sessions in libraries, schools and community buildings. The budget would fall from about £10.2 million to about \
£5.2 million a year.

The consultation ran for eight weeks, from 17 September to 12 November 2018.

This is a demonstration built from the public record. The dates, the proposal, the number of responses and the \
decision are real; the individual responses are made up."""

THEMES = """\
This summary is a demonstration: it follows what was reported at the time, not the made-up responses below.

The council received 1,576 responses: 1,401 from residents and 175 from people linked to organisations \
(reported as "more than 1,600"). Most disagreed with the proposal.

People told us that outreach cannot replace a place families can walk into, that rural families without a car \
would find a single district base hard to reach, and that health visitor clinics, breastfeeding support and stay \
and play sessions matter most to them. Norwich City Council's cabinet formally opposed the closures on \
14 November 2018. Parish and town councils asked that buildings stay open for community use."""

DECISION = """\
On 14 January 2019 the council published revised proposals: 15 centres kept as bases (two in each district, \
three in Norwich) and 38 to close, twice as many bases as first proposed.

On 22 January 2019 the Children's Services Committee approved the revised plan without amendment. From \
1 October 2019 the new Early Childhood and Family Service, run by Action for Children, has worked from the \
15 bases."""


def _london(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, tzinfo=LONDON)


@transaction.atomic
def _consultation() -> Consultation:
    consultation, _ = Consultation.objects.update_or_create(
        slug=CLOSED_SLUG,
        defaults=dict(
            title="Future of children's centres in Norfolk, 2018 (closed demonstration)",
            summary="We asked what you thought of keeping 7 of Norfolk's 53 children's centres as district bases "
            "and closing 46.",
            body=BODY,
            opens_at=_london(2018, 9, 17),
            closes_at=_london(2018, 11, 12) + datetime.timedelta(hours=23, minutes=59),  # the end of 12 November
            published_at=_london(2018, 9, 17),
            is_demo=True,
            proposal_stage=Stage.objects.filter(slug="sept-2018").first(),
        ),
    )
    consultation.centres.set(Centre.objects.all())
    for order, question in enumerate(QUESTIONS, start=1):
        fields = {"options": [], "hint": "", "max_length": 2000} | question
        slug = fields.pop("slug")
        Question.objects.update_or_create(consultation=consultation, slug=slug, defaults={"order": order, **fields})
    return consultation


def closed_demo_ensure(*, responses: int = RECORDED_RESPONSES, stdout=None) -> Consultation:
    """Create the closed consultation with ``responses`` made-up responses (once) and publish its outcome."""
    consultation = _consultation()
    if responses > 0 and not consultation.responses.exists():
        call_command("seed_responses", consultation=CLOSED_SLUG, count=responses, seed=2019, stdout=stdout)
        # The consultation closed long ago: every made-up response has been moderated.
        consultation.responses.filter(state__in=[State.PENDING, State.FLAGGED]).update(state=State.APPROVED)
    outcome, _ = Outcome.objects.update_or_create(
        consultation=consultation,
        defaults=dict(
            themes=THEMES,
            decision=DECISION,
            charts=["respondent-type", "channel", "q-proposal_agreement"],
            decision_stage=Stage.objects.filter(slug="final").first(),
        ),
    )
    if not outcome.is_published:
        services.outcome_publish(outcome=outcome, user=None)
        Outcome.objects.filter(pk=outcome.pk).update(published_at=_london(2019, 1, 23))
        Consultation.objects.filter(pk=consultation.pk).update(outcome_published_at=_london(2019, 1, 23))
    return consultation
