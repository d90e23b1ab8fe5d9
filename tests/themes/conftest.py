import pytest

from themes import services


@pytest.fixture
def travel(demo_consultation, analyst):
    """A theme "Travel distance" with search terms, in the demonstration consultation's codebook."""
    return services.theme_create(
        consultation=demo_consultation,
        name="Travel distance",
        description="The next centre is too far away",
        search_terms=["bus", "too far"],
        actor=analyst,
    )


@pytest.fixture
def staffing(demo_consultation, analyst):
    """A theme "Staffing" without search terms."""
    return services.theme_create(consultation=demo_consultation, name="Staffing", actor=analyst)
