"""The database's counts equal a plain Python count of the same responses, whatever they are."""

from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centres.models import Centre, District
from consultation.models import AGREEMENT_CHOICES
from responses.models import Channel, RespondentType, Response, State
from responses.results import aggregation as sql
from responses.results import counting
from responses.results.services import results
from tests.factories import make_reference

pytestmark = pytest.mark.django_db

SERVICES = ["Stay and play sessions", "Health visitor clinics", "Parenting courses"]
FREQUENCY = ["Every week", "Never"]

one_response = st.fixed_dictionaries(
    {
        "respondent_type": st.sampled_from(RespondentType.values),
        "channel": st.sampled_from(Channel.values),
        "state": st.sampled_from(State.values),
        "agreement": st.none() | st.sampled_from([value for value, _ in AGREEMENT_CHOICES]),
        "services": st.none() | st.lists(st.sampled_from(SERVICES), unique=True, max_size=3),
        "frequency": st.none() | st.sampled_from(FREQUENCY),
        "centres": st.lists(st.integers(0, 2), unique=True, max_size=3),
    }
)


def _store(consultation, specs, centres):
    for spec in specs:
        answers = {}
        if spec["agreement"] is not None:
            answers["proposal_agreement"] = spec["agreement"]
        if spec["services"] is not None:
            answers["services_used"] = spec["services"]
        if spec["frequency"] is not None:
            answers["visit_frequency"] = spec["frequency"]
        response = Response.objects.create(
            consultation=consultation,
            reference=make_reference(),
            respondent_type=spec["respondent_type"],
            channel=spec["channel"],
            state=spec["state"],
            consent="anonymous",
            answers=answers,
        )
        response.centres.set([centres[i] for i in spec["centres"]])


@pytest.fixture
def three_centres(demo_consultation):
    norwich = list(Centre.objects.filter(district=District.NORWICH).order_by("name")[:2])
    breckland = Centre.objects.filter(district=District.BRECKLAND).order_by("name").first()
    return [*norwich, breckland]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(one_response, max_size=25))
def test_sql_counts_equal_python_counts(demo_consultation, three_centres, specs):
    with transaction.atomic():
        _store(demo_consultation, specs, three_centres)
        chosen = demo_consultation.responses.filter(state=State.APPROVED)
        approved = [spec for spec in specs if spec["state"] == State.APPROVED]

        questions = list(demo_consultation.questions.all())
        counted = counting.live(questions, chosen, demo_consultation.responses.all())
        ahead = counting.from_summary(counting.summary_count(demo_consultation), State.APPROVED, [("", 1)])
        aliases = sql.Aliases.of(questions)
        districts = sql.district_cube(chosen, aliases)
        for counts in (counted, ahead):
            _compare(results(demo_consultation, counts), specs, approved, three_centres)

        # Per district: a response counts once in each district of the centres it chose.
        district_of = {i: centre.district for i, centre in enumerate(three_centres)}
        by_district = Counter()
        for row in districts:
            by_district[(row["district"], row[aliases.grouped["proposal_agreement"]])] += row["n"]
        expected = Counter()
        for spec in approved:
            for district in {district_of[i] for i in spec["centres"]} or {None}:
                expected[(district, spec["agreement"])] += 1
        assert +by_district == +expected
        transaction.set_rollback(True)


def _compare(found, specs, approved, three_centres):
    assert found.total == len(approved)
    state_rows = {row[0]: row[1] for row in found.tables["state"].rows}
    assert state_rows == {label: sum(s["state"] == v for s in specs) for v, label in State.choices}
    channels = {row[0]: row[1] for row in found.tables["channel"].rows}
    assert channels == {label: sum(s["channel"] == v for s in approved) for v, label in Channel.choices}
    agreement = {row[0]: row[1] for row in found.tables["q-proposal_agreement"].rows}
    expected = Counter(spec["agreement"] for spec in approved)
    assert agreement == {label: expected[v] for v, label in AGREEMENT_CHOICES} | {"No answer": expected[None]}
    services = {row[0]: row[1] for row in found.tables["q-services_used"].rows}
    for option in SERVICES:
        assert services[option] == sum(option in (spec["services"] or []) for spec in approved)
    assert services["No answer"] == sum(not spec["services"] for spec in approved)
    centres = {row[0]: row[2] for row in found.tables["centres"].rows}
    for i, centre in enumerate(three_centres):
        assert centres[centre.name] == sum(i in spec["centres"] for spec in approved)
