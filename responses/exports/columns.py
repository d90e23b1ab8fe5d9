"""The export's columns: one table that both paths read, and the codebook read from it.

Each column says what it holds (for the codebook), how Python makes its cell from a
response record (``cell``), and how PostgreSQL makes the same cell (``sql``). A new
column is one entry here, in the tuple where it belongs; the byte-for-byte tests
(tests/responses/exports) then prove the two paths agree. The answers to the
questions sit between LEADING and TRAILING, one column a question.

Free text a moderator redacted is exported as published (``[redacted]``) unless the
export carries personal data: ``published`` below reads ``Response.published_fields``,
which moderation keeps up to date (docs/decisions/0015-analyst-exports.md).
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from responses.models import ORGANISATION_TYPES, Channel, Consent, RespondentType, State

LONDON = ZoneInfo("Europe/London")


SEPARATOR = "; "


YES, NO = "yes", "no"


# How the SQL path writes a cell: TEXT (a person typed it, or configured it) is guarded
# against formulas; CHOICE (the portal's own values) and MADE (text the query makes itself,
# "yes", a date) cannot start a formula. Empty cells are written as nothing in every case.
TEXT, CHOICE, MADE = "text", "choice", "made"


YES_NO = ((YES, _("Yes")), (NO, _("No")))


def _choices(choices) -> tuple[tuple[str, str], ...]:
    return tuple((value, label) for value, label in choices.choices)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    # The raw cell (before the formula guard) from a record and the export's layout.
    cell: Callable[[Mapping, "object"], str]
    # The same cell in SQL, over the response row "r", for layout.include_personal_data False
    # and True; the parameters it may use are made by sql.copy_select.
    sql: tuple[str, str]
    kind: str = TEXT
    codes: tuple[tuple[str, str], ...] = ()


def format_submitted_at(value: datetime.datetime) -> str:
    return value.astimezone(LONDON).isoformat(timespec="seconds")


def yes_no(value) -> str:
    return YES if value else NO


def published(record: Mapping, layout, field: str, original) -> str:
    """The text as the public sees it (moderator's redactions applied), or the original in
    a personal-data export."""
    if layout.include_personal_data or not record.get("published_fields"):
        return original
    return record["published_fields"].get(field, original)


def _same(sql: str) -> tuple[str, str]:
    return (sql, sql)


_ORGANISATION_TYPES_SQL = ", ".join(f"'{value}'" for value in ORGANISATION_TYPES)


# The theme codes (T01, T02 ... T100) of a response in code order: themes/export.py's twin.
# Looking for each response's codes costs about a fifth of the query, so it is skipped, by a
# check made once for the whole query, when no response of the consultation is coded (a
# coding's theme is always of its response's consultation: themes/services.py).
_THEMES = (
    "CASE WHEN (SELECT EXISTS (SELECT 1 FROM themes_theme t JOIN themes_coding tc ON tc.theme_id = t.id"
    " WHERE t.consultation_id = %(consultation)s)) THEN"
    " (SELECT string_agg('T' || CASE WHEN t.number < 10 THEN '0' ELSE '' END || t.number, '; ' ORDER BY t.number)"
    " FROM themes_coding tc JOIN themes_theme t ON t.id = tc.theme_id WHERE tc.response_id = r.id) END"
)


# The response's campaign group code (campaigns/); no row (NULL) when it is alone. Skipped in
# the same way when the consultation has no campaign group.
_CAMPAIGN_GROUP = (
    "CASE WHEN (SELECT EXISTS (SELECT 1 FROM campaigns_group g WHERE g.consultation_id = %(consultation)s)) THEN"
    " (SELECT g.code FROM campaigns_membership m JOIN campaigns_group g ON g.id = m.group_id"
    " WHERE m.response_id = r.id) END"
)


LEADING: tuple[Column, ...] = (
    Column(
        "reference",
        _("The response's reference, as the respondent's receipt gives it."),
        lambda r, layout: r["reference"],
        _same("r.reference"),
    ),
    Column(
        "submitted_at",
        _("When the response was sent: ISO 8601 in London time with its offset, to the second."),
        lambda r, layout: format_submitted_at(r["submitted_at"]),
        _same("to_char(r.submitted_at, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM')"),
        kind=MADE,
    ),
    Column(
        "channel",
        _("How the response came in."),
        lambda r, layout: r["channel"],
        _same("r.channel"),
        kind=CHOICE,
        codes=_choices(Channel),
    ),
    Column(
        "respondent_type",
        _("Who is responding."),
        lambda r, layout: r["respondent_type"],
        _same("r.respondent_type"),
        kind=CHOICE,
        codes=_choices(RespondentType),
    ),
    Column(
        "organisation_name",
        _("The organisation's name; empty for individuals. As published unless the export has personal data."),
        lambda r, layout: published(r, layout, "organisation_name", r["organisation_name"]),
        ("COALESCE(r.published_fields ->> 'organisation_name', r.organisation_name)", "r.organisation_name"),
    ),
    Column(
        "respondent_role",
        _("The respondent's role in the organisation; empty for individuals."),
        lambda r, layout: r["respondent_role"],
        _same("r.respondent_role"),
    ),
    Column(
        "authority_confirmed",
        _("Whether the respondent confirmed they may respond for the organisation; empty for individuals."),
        lambda r, layout: yes_no(r["authority_confirmed"]) if r["respondent_type"] in ORGANISATION_TYPES else "",
        _same(
            f"CASE WHEN r.respondent_type IN ({_ORGANISATION_TYPES_SQL})"
            " THEN CASE WHEN r.authority_confirmed THEN 'yes' ELSE 'no' END END"
        ),
        kind=MADE,
        codes=YES_NO,
    ),
    Column(
        "organisation_verified",
        _("Whether an officer verified the organisation."),
        lambda r, layout: yes_no(r["organisation_verified"]),
        _same("CASE WHEN r.organisation_verified THEN 'yes' ELSE 'no' END"),
        kind=MADE,
        codes=YES_NO,
    ),
    Column(
        "moderation_state",
        _("The moderation state when the export was made."),
        lambda r, layout: r["state"],
        _same("r.state"),
        kind=CHOICE,
        codes=_choices(State),
    ),
    Column(
        "consent",
        _("What the respondent agreed to about publishing their response."),
        lambda r, layout: r["consent"],
        _same("r.consent"),
        kind=CHOICE,
        codes=_choices(Consent),
    ),
)


TRAILING: tuple[Column, ...] = (
    Column(
        "centres_used",
        _("The names of the centres the respondent chose, A to Z, joined with “; ”."),
        # Stored with the response as the export writes it (responses/linked_centres.py).
        lambda r, layout: r["centre_names"],
        _same("r.centre_names"),
    ),
    Column(
        "district",
        _("The districts of the centres the respondent chose, each once, A to Z, joined with “; ”."),
        lambda r, layout: r["centre_districts"],
        _same("r.centre_districts"),
    ),
    Column(
        "has_attachment",
        _("Whether the respondent attached a letter."),
        lambda r, layout: yes_no(r["attachment"]),
        _same("CASE WHEN r.attachment <> '' THEN 'yes' ELSE 'no' END"),
        kind=MADE,
        codes=YES_NO,
    ),
    Column(
        "withdrawn",
        _("Whether the respondent withdrew the response (only in exports that include withdrawn responses)."),
        lambda r, layout: yes_no(r["withdrawn_at"]),
        _same("CASE WHEN r.withdrawn_at IS NOT NULL THEN 'yes' ELSE 'no' END"),
        kind=MADE,
        codes=YES_NO,
    ),
    Column(
        "themes",
        _(
            "The codes of the themes the response is coded with (T01, T02 ... as on the Themes pages), "
            "joined with “; ”."
        ),
        # Python's rows carry the codes in "themes" (write.py asks themes/export.py for each chunk).
        lambda r, layout: r.get("themes", ""),
        _same(_THEMES),
        kind=MADE,
    ),
    Column(
        "campaign_group",
        _("The campaign group of near-identical responses it belongs to (CAMP-XXXX-XXXX); empty when alone."),
        lambda r, layout: r.get("campaign_membership__group__code") or "",
        _same(_CAMPAIGN_GROUP),
    ),
)


# Only in exports with personal data (the responses.export_personal_data permission).
PERSONAL: tuple[Column, ...] = (
    Column("name", _("The respondent's name."), lambda r, layout: r["name"], _same("r.name")),
    Column("email", _("The respondent's email address."), lambda r, layout: r["email"], _same("r.email")),
    Column("postcode", _("The respondent's postcode."), lambda r, layout: r["postcode"], _same("r.postcode")),
)


# The response fields a Python row is built from.
RECORD_FIELDS = (
    "id",
    "reference",
    "submitted_at",
    "channel",
    "respondent_type",
    "organisation_name",
    "respondent_role",
    "authority_confirmed",
    "organisation_verified",
    "state",
    "consent",
    "answers",
    "published_fields",
    "attachment",
    "name",
    "email",
    "postcode",
    "withdrawn_at",
    "centre_names",
    "centre_districts",
    "campaign_membership__group__code",  # the response's campaign group, if it is in one
)
