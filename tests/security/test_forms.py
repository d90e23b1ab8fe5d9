"""Every page's forms are well formed: browsers drop a form inside a form, and its fields with it."""

from html.parser import HTMLParser

from django.urls import reverse

from tests.factories import ResponseFactory


class FormsOnPage(HTMLParser):
    """Collects each form's field names and notes a form opened inside another."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.nested = False
        self.forms: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.nested = self.nested or self.depth > 0
            self.depth += 1
            self.forms.append([])
        elif tag in ("input", "button", "select", "textarea") and self.depth:
            self.forms[-1].append(dict(attrs).get("name") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1


def forms_on(client, path) -> FormsOnPage:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = FormsOnPage()
    parser.feed(response.content.decode())
    return parser


def test_no_page_nests_a_form_or_repeats_its_token(client, demo_consultation, django_user_model, roles):
    officer = django_user_model.objects.create_user(username="all-roles", password="x" * 20, is_staff=True)
    officer.groups.add(*roles.values())
    response = ResponseFactory(consultation=demo_consultation)
    slug = demo_consultation.slug
    public = [
        "/centres/",
        reverse("published:list", kwargs={"slug": slug}),
        reverse("responses:who", kwargs={"slug": slug}),
        reverse("staff:login"),
    ]
    staff = [
        reverse("moderation:queue", kwargs={"slug": slug}),
        reverse("moderation:enter", kwargs={"slug": slug}),
        reverse("moderation:response", kwargs={"reference": response.reference}),
        reverse("exports:create"),
    ]

    problems = {}
    for path in public + staff:
        if path == staff[0]:
            client.force_login(officer)
        parser = forms_on(client, path)
        repeated = [
            fields.count("csrfmiddlewaretoken") for fields in parser.forms if fields.count("csrfmiddlewaretoken") > 1
        ]
        if parser.nested or repeated:
            problems[path] = {"nested": parser.nested, "tokens in one form": repeated}

    assert problems == {}


def test_sign_in_form_carries_its_fields_and_the_page_to_return_to(client, db):
    parser = forms_on(client, reverse("staff:login") + "?next=/staff/exports/")

    [sign_in] = [fields for fields in parser.forms if "username" in fields]
    assert {"username", "password", "next", "csrfmiddlewaretoken"} <= set(sign_in)
