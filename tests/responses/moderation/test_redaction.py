import pytest

from responses import redaction


def kinds(text, **kwargs):
    return [(s.kind, s.text) for s in redaction.suggest(text, **kwargs)]


@pytest.mark.parametrize(
    "email", ["jo.bloggs@example.org", "j+norfolk@mail.co.uk", "o'brien@example.com", "JANE@EXAMPLE.ORG"]
)
def test_email_addresses_are_suggested(email):
    assert kinds(f"Write to {email} if needed.") == [("email", email)]


@pytest.mark.parametrize(
    "phone",
    [
        "01603 222222",
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)1603 222 222",
        "(01603) 222222",
        "020 7946 0018",
    ],
)
def test_uk_phone_numbers_are_suggested(phone):
    assert kinds(f"Ring me on {phone} any time.") == [("phone", phone)]


@pytest.mark.parametrize("postcode", ["NR1 2DH", "nr12dh", "IP24 1AB", "PE30 5DD", "GIR 0AA"])
def test_uk_postcodes_are_suggested(postcode):
    assert kinds(f"We live at {postcode} near the centre.") == [("postcode", postcode)]


def test_ordinary_numbers_and_years_are_not_suggested():
    assert kinds("In 2018 the council planned 46 closures, saving £5 million by 2020.") == []


def test_the_respondents_own_name_is_suggested_wherever_it_appears():
    text = "I am Sam Carter. Carter family members use Drayton."

    assert kinds(text, names=["Sam Carter"]) == [("name", "Sam Carter"), ("name", "Carter")]


def test_names_given_for_family_members_are_suggested():
    assert kinds("My son Jack and our health visitor Priya Shah go there.") == [
        ("name", "Jack"),
        ("name", "Priya Shah"),
    ]


def test_spans_already_redacted_are_not_suggested_again():
    text = "Email a@b.org or c@d.org"

    assert kinds(text, existing=[(6, 13)]) == [("email", "c@d.org")]


def test_a_postcode_inside_an_email_address_is_one_suggestion():
    assert kinds("nr12dh@example.org") == [("email", "nr12dh@example.org")]


def test_typed_text_is_found_everywhere_it_appears_ignoring_case():
    assert redaction.find_text("Amy said amy's mum", "amy") == [(0, 3), (9, 12)]
    assert redaction.find_text("anything", "   ") == []


def test_apply_replaces_each_span_and_joins_overlapping_ones():
    text = "Jo Smith, 12 High Street, loves it"

    assert redaction.apply(text, [(0, 8), (10, 24), (3, 8)]) == "[redacted], [redacted], loves it"


def test_segments_mark_the_redacted_pieces():
    assert redaction.segments("call 07700 900123 now", [(5, 17)]) == [
        ("call ", False),
        ("07700 900123", True),
        (" now", False),
    ]


def test_public_text_hides_contact_details_a_moderator_missed():
    text = "Email jo@example.org, phone 01603 222222, postcode NR1 2DH. My son Jack."

    public = redaction.public_text(text, [(67, 71)])

    assert public == "Email [redacted], phone [redacted], postcode [redacted]. My son [redacted]."
