"""A response keeps its centres' names and districts as the export writes them, whatever changes them."""

import csv
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from centres.models import Centre
from responses.exports.csv import ExportFilters
from responses.models import Consent, RespondentType, Response
from responses.respond.services import response_submit
from responses.rights.services import response_correct, response_withdraw
from tests.databases import EXPORT_METHODS
from tests.factories import ExportFactory, ResponseFactory, UserFactory
from tests.responses.exports.test_exports import build, parse

BUNDLED = Path(__file__).resolve().parents[2] / "centres" / "data" / "norfolk_childrens_centres_2018.csv"
DRAKE, CITY, NORTH = "drake-childrens-centre", "city-and-eaton-childrens-centre", "north-city-childrens-centre"


def stored(response) -> tuple[str, str]:
    response.refresh_from_db()
    return response.centre_names, response.centre_districts


def export_cells(consultation, method, *columns, include_withdrawn=False) -> list[tuple[str, ...]]:
    filters = ExportFilters(include_withdrawn=include_withdrawn).to_json()
    export = ExportFactory(consultation=consultation, requested_by=UserFactory(), filters=filters)
    header, *rows = parse(build(export, method))
    return [tuple(row[header.index(column)] for column in columns) for row in rows]


@pytest.fixture
def submitted(demo_consultation):
    """A response sent through the public journey's service, naming three centres in two districts."""
    return response_submit(
        consultation=demo_consultation,
        respondent_type=RespondentType.PARENT_CARER,
        consent=Consent.PUBLISH_ANONYMOUS,
        answers={"centres_you_use": [NORTH, DRAKE, CITY]},
    )


def test_a_submitted_response_stores_its_centres_a_to_z_and_each_district_once(submitted):
    assert stored(submitted) == (
        "City and Eaton Children's Centre; Drake Children's Centre; North City Children's Centre",
        "Breckland; Norwich",
    )


def test_a_response_naming_no_centre_stores_nothing(demo_consultation):
    response = response_submit(
        consultation=demo_consultation,
        respondent_type=RespondentType.PARENT_CARER,
        consent=Consent.PUBLISH_ANONYMOUS,
        answers={"centres_you_use": ["_other"], "centres_you_use:other": "The library"},
    )

    assert stored(response) == ("", "")


def test_a_correction_stores_the_centres_now_chosen(submitted):
    assert response_correct(response_id=submitted.pk, answers={"centres_you_use": [DRAKE]})

    assert stored(submitted) == ("Drake Children's Centre", "Breckland")

    response_correct(response_id=submitted.pk, answers={"proposal_agreement": "agree"})

    assert stored(submitted) == ("", "")


@pytest.mark.parametrize("method", EXPORT_METHODS)
def test_a_withdrawn_response_is_exported_with_its_centres_when_asked_for(submitted, method):
    response_withdraw(response_id=submitted.pk)

    cells = export_cells(submitted.consultation, method, "centres_used", "district", include_withdrawn=True)

    assert cells == [
        (
            "City and Eaton Children's Centre; Drake Children's Centre; North City Children's Centre",
            "Breckland; Norwich",
        )
    ]


def _change_form(admin_client, centre: Centre) -> dict:
    # The change page's own fields and inline forms, as a browser would send them back.
    page = admin_client.get(reverse("admin:centres_centre_change", args=[centre.pk]))
    data = {}
    for form in [page.context["adminform"].form, *page.context["inline_admin_formsets"][0].formset]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is not None:
                data[form.add_prefix(name)] = value
    management = page.context["inline_admin_formsets"][0].formset.management_form
    data |= {management.add_prefix(name): value for name, value in management.initial.items()}
    return data


@pytest.mark.parametrize("method", EXPORT_METHODS)
def test_a_centre_renamed_in_the_admin_is_exported_under_its_new_name(admin_client, submitted, method):
    drake = Centre.objects.get(slug=DRAKE)
    data = _change_form(admin_client, drake) | {"name": "Thetford Drake Children's Centre"}

    saved = admin_client.post(reverse("admin:centres_centre_change", args=[drake.pk]), data)

    assert saved.status_code == 302
    assert stored(submitted)[0] == (
        "City and Eaton Children's Centre; North City Children's Centre; Thetford Drake Children's Centre"
    )
    assert export_cells(submitted.consultation, method, "centres_used") == [(stored(submitted)[0],)]


def test_a_centre_deleted_in_the_admin_leaves_the_stored_names(admin_client, submitted):
    drake = Centre.objects.get(slug=DRAKE)

    admin_client.post(reverse("admin:centres_centre_delete", args=[drake.pk]), {"post": "yes"})

    assert stored(submitted) == ("City and Eaton Children's Centre; North City Children's Centre", "Norwich")


def test_a_centre_moved_to_another_district_by_the_import_moves_in_the_stored_districts(submitted, tmp_path):
    with BUNDLED.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    for row in rows[1:]:
        if row[0] == "Drake Children's Centre":
            row[2] = "South Norfolk"
    path = tmp_path / "centres.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)

    call_command("import_centres", str(path))

    assert stored(submitted)[1] == "Norwich; South Norfolk"


def test_the_migration_fills_in_the_centres_of_responses_stored_before_it(demo_consultation, centres):
    named = ResponseFactory(consultation=demo_consultation, centres=list(centres.filter(slug__in=[DRAKE, CITY])))
    alone = ResponseFactory(consultation=demo_consultation)
    Response.objects.update(centre_names="", centre_districts="")  # as they were before the migration
    backfill = importlib.import_module("responses.migrations.0013_response_centre_names_backfill").backfill

    backfill(apps, SimpleNamespace(connection=connection))  # all it reads of the schema editor

    assert stored(named) == ("City and Eaton Children's Centre; Drake Children's Centre", "Breckland; Norwich")
    assert stored(alone) == ("", "")
