"""Walk the public response journey with the test client."""

from django.urls import reverse

INDIVIDUAL = {"respondent_type": "resident"}
ABOUT_YOU = {"name": "Sam Resident", "email": "sam@example.org", "postcode": "nr1 2dh", "consent": "anonymous"}
PARISH = {"respondent_type": "parish_council"}
ABOUT_PARISH = {
    "organisation_name": "Aylsham Town Council",
    "respondent_role": "Clerk",
    "authority_confirmed": "on",
    "name": "Pat Clerk",
    "email": "clerk@example.org",
    "consent": "named",
}
ANSWERS = {
    "q_proposal_agreement": "strongly_disagree",
    "q_services_used": ["Stay and play sessions", "Parenting courses"],
    "q_visit_frequency": "Every week",
    "q_impact": "We would have to travel 20 miles.",
}


def url(consultation, step: str) -> str:
    return reverse(f"responses:{step}", kwargs={"slug": consultation.slug})


def fill_in(client, consultation, *, who=INDIVIDUAL, about=ABOUT_YOU, answers=ANSWERS):
    """Start the journey and fill in every page up to "Check your answers"; return the last response."""
    client.get(url(consultation, "start"))
    client.post(url(consultation, "who"), who)
    client.post(url(consultation, "about"), about)
    return client.post(url(consultation, "questions"), answers)


def send(client, consultation):
    return client.post(url(consultation, "check"))
