"""The hand-built set of responses the results tests count by hand."""

import pytest
from django.utils import timezone

from centres.models import Centre, District
from responses.models import Channel, RespondentType, State
from tests.factories import ResponseFactory


@pytest.fixture
def hand_built(demo_consultation):
    """Nine approved responses, one rejected, one waiting and one withdrawn, with every awkward case."""
    norwich = Centre.objects.filter(district=District.NORWICH).order_by("name").first()
    breckland = Centre.objects.filter(district=District.BRECKLAND).order_by("name").first()
    made = []

    def make(**kw):
        made.append(ResponseFactory(consultation=demo_consultation, **kw))

    make(
        state=State.APPROVED,
        answers={
            "proposal_agreement": "strongly_disagree",
            "centres_you_use": [norwich.slug],
            "services_used": ["Stay and play sessions", "Parenting courses"],
            "visit_frequency": "Every week",
            "impact": "We would lose our group.",
        },
        centres=[norwich],
    )
    make(
        state=State.APPROVED,
        respondent_type=RespondentType.RESIDENT,
        channel=Channel.PAPER,
        answers={
            "proposal_agreement": "disagree",
            "centres_you_use": [norwich.slug, breckland.slug],
            "services_used": ["Stay and play sessions"],
            "impact": "A long bus ride.",
        },
        centres=[norwich, breckland],
    )
    make(
        state=State.APPROVED,
        respondent_type=RespondentType.PARISH_COUNCIL,
        organisation_name="Acle Parish Council",
        channel=Channel.EMAIL,
        answers={"proposal_agreement": "agree", "impact": "Outreach may work."},
    )
    make(state=State.APPROVED, answers={})  # answered nothing
    for _ in range(5):
        make(state=State.APPROVED, answers={"proposal_agreement": "strongly_disagree"}, centres=[norwich])
    make(state=State.REJECTED, answers={"proposal_agreement": "strongly_agree"})
    # Approved, then withdrawn by the respondent: in no count at all.
    make(
        state=State.APPROVED,
        withdrawn_at=timezone.now(),
        channel=Channel.PAPER,
        answers={"proposal_agreement": "agree"},
    )
    make(state=State.PENDING, respondent_type=RespondentType.RESIDENT, answers={"proposal_agreement": "agree"})
    # made: 0-8 approved (4-8 the five alike), 9 rejected, 10 withdrawn, 11 waiting.
    return {"norwich": norwich, "breckland": breckland, "consultation": demo_consultation, "made": made}
