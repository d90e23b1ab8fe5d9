from django.urls import reverse


def test_admin_edits_a_centre_with_its_statuses_inline(admin_client, centres):
    centre = centres.get(name="Attleborough Children's Centre")

    response = admin_client.get(reverse("admin:centres_centre_change", args=[centre.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="statuses-group"' in html
    assert "September 2018 proposal" in html


def test_admin_lists_the_stages_with_their_announced_figures(admin_client, db):
    response = admin_client.get(reverse("admin:centres_stage_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "January 2019 revision" in html
    assert "Final decision" in html


def test_admin_searches_centres_by_town(admin_client, centres):
    response = admin_client.get(reverse("admin:centres_centre_changelist"), {"q": "Thetford"})

    assert {centre.name for centre in response.context["cl"].result_list} == {
        "Kingsway Children's Centre",
        "Drake Children's Centre",
    }
