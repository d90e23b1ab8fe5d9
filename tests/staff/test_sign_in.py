from django.urls import reverse


def test_an_officer_signs_in_and_lands_on_the_page_they_asked_for(client, moderator):
    wanted = reverse("staff:home")

    response = client.post(
        reverse("staff:login"), {"username": "mod", "password": "a-long-test-password", "next": wanted}
    )

    assert response.status_code == 302
    assert response.url == wanted
