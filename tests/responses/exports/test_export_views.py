"""The analysts' export pages: request, follow, try again, download, list."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from responses.models import Export, ExportDownload, ExportStatus
from tests.factories import ExportFactory, UserFactory


def done_export(consultation, user, *, personal=False, content=b"\xef\xbb\xbfreference\r\nNCC-AAAA-1111\r\n"):
    export = ExportFactory(
        consultation=consultation, requested_by=user, include_personal_data=personal, status=ExportStatus.DONE
    )
    export.file.name = storages["private"].save(f"exports/{export.pk}/file.csv", ContentFile(content))
    export.rows_written = export.rows_expected = 1
    export.save()
    return export


def request_data(consultation, **extra):
    return {"consultation": consultation.slug} | extra


# Requesting


def test_analyst_requests_an_export_and_lands_on_its_page(client, analyst, demo_consultation):
    client.force_login(analyst)

    response = client.post(
        reverse("exports:create"),
        request_data(
            demo_consultation,
            state="approved",
            channel="paper",
            submitted_from_0="17",
            submitted_from_1="9",
            submitted_from_2="2018",
        ),
    )

    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", kwargs={"pk": export.pk})
    assert export.requested_by == analyst
    assert export.status == ExportStatus.QUEUED
    assert export.include_personal_data is False
    assert export.filters | {} == {
        "state": "approved",
        "respondent_type": "",
        "channel": "paper",
        "centre": "",
        "submitted_from": "2018-09-17",
        "submitted_to": None,
        "include_withdrawn": False,
    }


def test_analyst_does_not_see_the_personal_data_checkbox_and_cannot_post_it(client, analyst, demo_consultation):
    client.force_login(analyst)

    page = client.get(reverse("exports:create"))
    refused = client.post(reverse("exports:create"), request_data(demo_consultation, include_personal_data="on"))

    assert 'name="include_personal_data"' not in page.content.decode()
    assert "does not include names, email addresses or postcodes" in page.content.decode()
    assert refused.status_code == 200
    assert "You cannot export personal data" in refused.content.decode()
    assert not Export.objects.exists()


def test_senior_officer_may_include_personal_data(client, senior, demo_consultation):
    client.force_login(senior)

    page = client.get(reverse("exports:create"))
    client.post(reverse("exports:create"), request_data(demo_consultation, include_personal_data="on"))

    assert 'name="include_personal_data"' in page.content.decode()
    assert Export.objects.get().include_personal_data is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"consultation": ""}, "Choose the consultation to export"),
        ({"consultation": "no-such-consultation"}, "Choose a consultation from the list"),
        ({"state": "deleted"}, "Choose a moderation state from the list"),
        ({"respondent_type": "robot"}, "Choose a type of respondent from the list"),
        ({"channel": "pigeon"}, "Choose how they responded from the list"),
        ({"centre": "nowhere"}, "Choose a centre from the list"),
        ({"submitted_from_0": "31", "submitted_from_1": "2", "submitted_from_2": "2019"}, "Enter a real date"),
        ({"submitted_from_0": "1", "submitted_from_1": "1", "submitted_from_2": "99999"}, "Enter a real date"),
        ({"submitted_from_0": "1", "submitted_from_1": "1", "submitted_from_2": "1900"}, "Enter a year between"),
        ({"submitted_from_0": "x", "submitted_from_1": "1", "submitted_from_2": "2018"}, "Enter a valid date"),
        ({"submitted_from_0": "1", "submitted_from_2": "2018"}, "Enter the month"),
        (
            {
                **{"submitted_from_0": "12", "submitted_from_1": "11", "submitted_from_2": "2018"},
                **{"submitted_to_0": "17", "submitted_to_1": "9", "submitted_to_2": "2018"},
            },
            "The last day must be the same as or after the first day",
        ),
    ],
)
def test_a_request_with_a_wrong_choice_says_what_to_fix(client, analyst, demo_consultation, data, message):
    client.force_login(analyst)

    response = client.post(reverse("exports:create"), request_data(demo_consultation) | data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Export.objects.exists()


def test_staff_without_the_analyst_role_cannot_request_exports(client, staff_without_role, moderator):
    for user in (staff_without_role, moderator):
        client.force_login(user)
        assert client.get(reverse("exports:create")).status_code == 403
        assert client.get(reverse("exports:list")).status_code == 403


# Following


def test_job_page_shows_a_progress_bar_and_a_refresh_link_while_running(client, analyst, demo_consultation):
    export = ExportFactory(
        consultation=demo_consultation,
        requested_by=analyst,
        status=ExportStatus.RUNNING,
        rows_expected=12000,
        rows_written=3000,
    )
    client.force_login(analyst)

    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk})).content.decode()

    assert "3,000 of 12,000 rows written" in page
    assert '<progress id="export-progress" class="council-progress" max="12000" value="3000">' in page
    assert f'<a class="govuk-link" href="/staff/exports/{export.pk}/">Refresh</a>' in page
    assert 'src="/static/js/export-status.mjs"' in page
    assert "<script>" not in page  # no inline script: the CSP forbids it


def test_done_job_page_offers_the_download(client, analyst, demo_consultation):
    export = done_export(demo_consultation, analyst)
    client.force_login(analyst)

    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk})).content.decode()

    assert reverse("exports:download", kwargs={"pk": export.pk}) in page
    assert "Refresh" not in page


def test_failed_job_shows_its_reason_and_try_again_starts_a_new_job(client, analyst, demo_consultation):
    failed = ExportFactory(
        consultation=demo_consultation,
        requested_by=analyst,
        status=ExportStatus.FAILED,
        filters={"state": "approved"},
        error="The database or the file store did not answer, even after several tries.",
    )
    client.force_login(analyst)

    page = client.get(reverse("exports:detail", kwargs={"pk": failed.pk})).content.decode()
    response = client.post(reverse("exports:retry", kwargs={"pk": failed.pk}))

    assert "The database or the file store did not answer" in page
    assert "Try again" in page
    again = Export.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("exports:detail", kwargs={"pk": again.pk})
    assert (again.status, again.filters["state"]) == (ExportStatus.QUEUED, "approved")


def test_try_again_on_a_job_that_did_not_fail_starts_nothing(client, analyst, demo_consultation):
    export = done_export(demo_consultation, analyst)
    client.force_login(analyst)

    client.post(reverse("exports:retry", kwargs={"pk": export.pk}))

    assert Export.objects.count() == 1


def test_expired_job_says_the_file_was_deleted(client, analyst, demo_consultation):
    export = ExportFactory(
        consultation=demo_consultation,
        requested_by=analyst,
        status=ExportStatus.EXPIRED,
        expires_at=datetime.datetime(2018, 11, 20, tzinfo=datetime.UTC),
    )
    client.force_login(analyst)

    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk})).content.decode()
    download = client.get(reverse("exports:download", kwargs={"pk": export.pk}))

    assert "The file was deleted 20 November 2018" in page
    assert download["Location"] == reverse("exports:detail", kwargs={"pk": export.pk})
    assert not ExportDownload.objects.exists()


# Downloading


@pytest.fixture
def other_analyst(django_user_model, roles):
    """A second analyst."""
    from staff.roles import ANALYST

    user = UserFactory(username="other-analyst")
    user.groups.add(roles[ANALYST])
    return user


@pytest.fixture
def viewer_without_personal_data(roles):
    """An officer who sees everyone's exports but may not export personal data."""
    from staff.roles import ANALYST

    user = UserFactory(username="viewer")
    user.groups.add(roles[ANALYST])
    user.user_permissions.add(Permission.objects.get(codename="view_all_exports"))
    return user


@pytest.mark.parametrize(
    ("who", "personal", "status"),
    [
        ("owner", False, 200),
        ("other_analyst", False, 404),
        ("senior", False, 200),
        ("viewer_without_personal_data", False, 200),
        ("viewer_without_personal_data", True, 404),
        ("senior", True, 200),
        ("staff_without_role", False, 403),
        ("moderator", False, 403),
        ("anonymous", False, 302),
    ],
)
def test_only_the_owner_and_officers_who_see_all_exports_may_download(
    client, request, analyst, demo_consultation, who, personal, status
):
    owner = request.getfixturevalue("senior") if personal else analyst
    export = done_export(demo_consultation, owner, personal=personal)
    if who == "owner":
        client.force_login(owner)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("exports:download", kwargs={"pk": export.pk}))

    assert response.status_code == status
    assert ExportDownload.objects.count() == (1 if status == 200 else 0)
    if status == 302:
        assert response["Location"].startswith(reverse("staff:login"))


def test_download_streams_the_file_as_an_attachment_and_records_who_downloaded_it(client, analyst, demo_consultation):
    content = b"\xef\xbb\xbfreference,impact\r\nNCC-AAAA-1111,Keep it open\r\n"
    export = done_export(demo_consultation, analyst, content=content)
    client.force_login(analyst)

    response = client.get(reverse("exports:download", kwargs={"pk": export.pk}))

    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="norfolk-childrens-centres-responses-')
    download = ExportDownload.objects.get()
    assert (download.export, download.user) == (export, analyst)


def test_download_of_a_file_gone_from_storage_explains_instead_of_failing(client, analyst, demo_consultation):
    export = done_export(demo_consultation, analyst)
    storages["private"].delete(export.file.name)
    client.force_login(analyst)

    response = client.get(reverse("exports:download", kwargs={"pk": export.pk}), follow=True)

    assert response.status_code == 200
    assert "The file is no longer there" in response.content.decode()


def test_unknown_export_ids_are_not_found(client, analyst):
    client.force_login(analyst)

    assert client.get("/staff/exports/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/staff/exports/not-a-uuid/download/").status_code == 404


# Listing


def test_analyst_sees_only_their_exports_and_a_senior_officer_sees_everyone_s(
    client, analyst, other_analyst, senior, demo_consultation, django_assert_num_queries
):
    for _ in range(3):
        ExportFactory(consultation=demo_consultation, requested_by=analyst, filters={"centre": "acle-childrens-centre"})
    ExportFactory(consultation=demo_consultation, requested_by=other_analyst)

    client.force_login(analyst)
    mine = client.get(reverse("exports:list")).context["exports"]
    client.force_login(senior)
    # Session, user, the second factor's device, permissions (two), count, the page of exports, centre
    # names, and saving the session (one UPDATE): the same however many exports there are.
    with django_assert_num_queries(9):
        everyone = client.get(reverse("exports:list"))

    assert {export.requested_by for export in mine} == {analyst}
    assert len(mine) == 3
    assert len(everyone.context["exports"]) == 4
    assert "other-analyst" in everyone.content.decode()


def test_export_list_page_numbers_that_do_not_exist_are_not_found(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("exports:list") + "?page=9").status_code == 404
    assert client.get(reverse("exports:list") + "?page=x").status_code == 404


def test_with_one_consultation_the_request_form_has_it_chosen_already(client, analyst, demo_consultation):
    client.force_login(analyst)

    page = client.get(reverse("exports:create")).content.decode()

    assert f'<option value="{demo_consultation.slug}" selected>' in page
