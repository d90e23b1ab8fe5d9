"""Reading the moderation queue: search and keyset pagination (the published page's too).

Pages are cut by keyset on (submitted_at, id), never by OFFSET, so the thousandth
page costs what the first does; and the page never counts the filtered rows. The
counts per state are kept by the database (responses/counts/), so a moderator
paging through the queue does not count a million rows on every page."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from responses.models import Response

logger = logging.getLogger(__name__)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


MICROSECOND = timedelta(microseconds=1)


# Must match the expression of the GIN index in migration 0002 exactly, or
# PostgreSQL will not use the index. Only string values of the answers are indexed
# (not the question slugs used as keys).
SEARCH_DOCUMENT = (
    '(jsonb_to_tsvector(\'english\'::regconfig, "responses_response"."answers", \'["string"]\')'
    ' || to_tsvector(\'english\'::regconfig, "responses_response"."organisation_name"))'
)


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Responses whose free-text answers or organisation name match ``query``.

    PostgreSQL uses full-text search (stemmed English, web-search syntax) over the
    indexed expression; other databases fall back to a plain substring match.
    """
    if connection.vendor == "postgresql":
        condition = RawSQL(
            f"{SEARCH_DOCUMENT} @@ websearch_to_tsquery('english'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
        return queryset.filter(condition)
    return queryset.filter(Q(answers__icontains=query) | Q(organisation_name__icontains=query))


# A filter may name another column holding the same instants as submitted_at, with an index
# that reads the filtered rows in keyset order: the pages are then cut on that column.
KEYSET_AT = "keyset_submitted_at"


def in_campaign_group(queryset: QuerySet, group_id: int) -> QuerySet:
    """The responses of one campaign group, paged through the memberships' copy of submitted_at.

    The index on (group, submitted_at, response) gives the page's members in order, so the
    page reads about as many rows as it shows, however many responses the consultation has."""
    return queryset.filter(campaign_membership__group_id=group_id).alias(
        **{KEYSET_AT: F("campaign_membership__submitted_at")}
    )


@dataclass(frozen=True)
class Cursor:
    """A position in the queue: the (submitted_at, id) of a row."""

    submitted_at: datetime
    pk: int

    def __str__(self) -> str:
        # Whole microseconds, exactly: a float timestamp would round.
        micros = (self.submitted_at - EPOCH) // MICROSECOND
        return f"{micros}.{self.pk}"

    @classmethod
    def parse(cls, value: str) -> "Cursor":
        """Raise ValueError for anything that is not a cursor this module wrote."""
        micros, pk = value.split(".")
        if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18 or len(pk) > 18:
            raise ValueError(value)
        return cls(EPOCH + int(micros) * MICROSECOND, int(pk))

    @classmethod
    def of(cls, response: Response) -> "Cursor":
        return cls(response.submitted_at, response.pk)


@dataclass
class Page:
    rows: list
    next_cursor: Cursor | None
    previous_cursor: Cursor | None


def keyset_page(
    queryset: QuerySet, *, size: int, newest_first: bool, after: Cursor | None = None, before: Cursor | None = None
) -> Page:
    """One page of ``queryset`` in (submitted_at, id) order, after or before a cursor.

    Fetches one row more than the page to know whether another page follows.
    """
    backwards = before is not None
    # Walking backwards reads the rows in the opposite order, then flips them.
    descending = newest_first != backwards
    at = KEYSET_AT if KEYSET_AT in queryset.query.annotations else "submitted_at"
    order = [f"-{at}", "-pk"] if descending else [at, "pk"]
    cursor = before or after
    if cursor:
        lookup = "lt" if descending else "gt"
        # The first condition is implied by the second; it gives PostgreSQL a range
        # on the index to start from instead of filtering from the top.
        queryset = queryset.filter(**{f"{at}__{lookup}e": cursor.submitted_at}).filter(
            Q(**{f"{at}__{lookup}": cursor.submitted_at}) | Q(**{at: cursor.submitted_at, f"pk__{lookup}": cursor.pk})
        )
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = after is not None, more
    return Page(
        rows=rows,
        next_cursor=Cursor.of(rows[-1]) if rows and has_next else None,
        previous_cursor=Cursor.of(rows[0]) if rows and has_previous else None,
    )
