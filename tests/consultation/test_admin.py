"""The Django admin only shows consultations: they are built in the staff area's builder."""

from django.urls import reverse
from django.utils.html import escape


def test_consultation_manager_keeps_the_permission_to_manage_consultations(manager):
    assert manager.has_perm("consultation.manage_consultation")


def test_the_staff_home_leads_a_manager_to_the_builder_not_the_admin(client, manager):
    client.force_login(manager)

    page = client.get(reverse("staff:home")).content.decode()

    assert 'href="/staff/consultations/"' in page and 'href="/admin/"' not in page


def test_the_admin_shows_a_consultation_but_offers_no_way_to_change_it(client, manager, demo_consultation):
    client.force_login(manager)

    listing = client.get(reverse("admin:consultation_consultation_changelist"))
    change = client.get(reverse("admin:consultation_consultation_change", args=[demo_consultation.pk]))

    assert escape(demo_consultation.title) in listing.content.decode()
    assert client.get(reverse("admin:consultation_consultation_add")).status_code == 403
    assert 'name="_save"' not in change.content.decode()
    posted = client.post(reverse("admin:consultation_consultation_change", args=[demo_consultation.pk]), {"title": "X"})
    assert posted.status_code == 403


def test_consultation_manager_cannot_change_the_centres_register(client, manager, centres):
    client.force_login(manager)

    assert client.get(reverse("admin:centres_centre_changelist")).status_code == 403


def test_the_demo_is_built_by_the_builder_and_kept_as_edited_when_seeded_again(demo_consultation, django_user_model):
    from consultation.builder.questions import question_update
    from consultation.demo import demo_consultation_ensure

    manager = django_user_model.objects.create_user("m", password="x" * 20, is_staff=True)
    question = demo_consultation.questions.first()
    question_update(question=question, by=manager, text="Reworded by a manager")

    again = demo_consultation_ensure()

    assert again.pk == demo_consultation.pk and again.is_open and again.is_demo
    assert again.questions.get(pk=question.pk).text == "Reworded by a manager"
    assert again.questions.count() == 6 and again.documents.get().url == "/centres/"
