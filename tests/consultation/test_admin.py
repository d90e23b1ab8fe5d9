import pytest
from django.urls import reverse
from django.utils.html import escape


def test_consultation_manager_keeps_the_permission_to_manage_consultations(manager):
    assert manager.has_perm("consultation.manage_consultation")


@pytest.mark.parametrize("model", ["consultation", "question", "document"])
def test_consultation_manager_may_add_change_and_view_but_not_delete(manager, model):
    for action in ("add", "change", "view"):
        assert manager.has_perm(f"consultation.{action}_{model}")
    assert not manager.has_perm(f"consultation.delete_{model}")


def test_admin_home_lists_consultations_for_a_consultation_manager(client, manager):
    client.force_login(manager)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:consultation_consultation_changelist") in response.content.decode()


def test_consultation_manager_can_open_the_list_and_the_add_form(client, manager, demo_consultation):
    client.force_login(manager)

    listing = client.get(reverse("admin:consultation_consultation_changelist"))
    adding = client.get(reverse("admin:consultation_consultation_add"))

    assert listing.status_code == 200
    assert escape(demo_consultation.title) in listing.content.decode()
    assert adding.status_code == 200


def test_consultation_manager_edits_a_consultation_with_its_questions_and_documents_inline(
    client, manager, demo_consultation
):
    client.force_login(manager)

    response = client.get(reverse("admin:consultation_consultation_change", args=[demo_consultation.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="questions-group"' in html
    assert 'id="documents-group"' in html
    assert escape(demo_consultation.questions.first().text) in html


def test_consultation_manager_cannot_change_the_centres_register(client, manager, centres):
    client.force_login(manager)

    response = client.get(reverse("admin:centres_centre_changelist"))

    assert response.status_code == 403


def test_staff_without_a_role_cannot_open_the_consultations_admin(client, staff_without_role):
    client.force_login(staff_without_role)

    response = client.get(reverse("admin:consultation_consultation_changelist"))

    assert response.status_code == 403
