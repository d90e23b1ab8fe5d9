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


@pytest.mark.parametrize(
    "email",
    ["jo\uff20example.org", "jo\ufe6bexample.org", "jo@example\uff0eorg", "\uff4a\uff4f@example.org"],
    ids=["full-width-at", "small-at", "full-width-dot", "full-width-letters"],
)
def test_an_email_address_typed_with_unicode_lookalikes_is_hidden_and_suggested(email):
    text = f"Write to {email} please."

    assert redaction.mask_contact_details(text) == "Write to [redacted] please."
    assert kinds(text) == [("email", email)]


@pytest.mark.parametrize(
    "phone",
    [
        "0 1 6 0 3 1 2 3 4 5 6",
        "0 7 7 0 0 9 0 0 1 2 3",
        "+4 4 7 7 0 0 9 0 0 1 2 3",
        "01603-1-2-3-4-5-6",
        "０１６０３ ２２２２２２",
    ],
    ids=["landline", "mobile", "international", "hyphens", "full-width-digits"],
)
def test_a_phone_number_typed_with_spaces_between_digits_is_hidden_and_suggested(phone):
    text = f"Ring {phone} after six."

    assert redaction.mask_contact_details(text) == "Ring [redacted] after six."
    assert kinds(text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "46 of 53 centres would close by 2018.",
        "In 2018, 2019 and 2020 the budget fell by 5 0 0 pounds.",
        "Sessions run 0 to 5 for under 5s, ages 0 1 2 3 4.",
        "Reference 1 2 3 4 5 6 7 8 9 0 1 is not a phone number.",
        "Between 09:00 and 17:30 on 01.02.2018, room 0 1 2.",
        "The scores were 0 1 6 0 3 1 2 3 4 5 6 7 8 in a row.",
    ],
)
def test_ordinary_numbers_and_years_are_not_masked(text):
    assert redaction.mask_contact_details(text) == text
    assert kinds(text) == []


def test_an_anonymous_respondents_own_name_is_hidden_as_whole_words_in_any_case():
    text = "I am SAM CARTER. The carter family likes Samphire Lane; sam goes to Carterton."

    public = redaction.public_text(text, [], names=["Sam Carter"])

    assert public == "I am [redacted]. The [redacted] family likes Samphire Lane; [redacted] goes to Carterton."


def test_name_parts_shorter_than_three_letters_are_not_hidden_alone():
    text = "Jo Li wrote this. Jo goes to the centre; Li too."

    public = redaction.mask_contact_details(text, names=["Jo Li"])

    assert public == "[redacted] wrote this. Jo goes to the centre; Li too."


def test_without_names_the_safety_net_leaves_names_alone():
    assert redaction.public_text("Sam Carter here.", []) == "Sam Carter here."
