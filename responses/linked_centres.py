"""The names and districts of a response's centres, stored with the response for the export.

Every row of an export names the response's centres (``centres_used``) and their districts
(``district``). Looking them up through the links, for each of a million responses, was
the export's largest single cost, so they are kept on the row as the export writes them
(docs/decisions/0022-centre-names-stored-with-the-response.md). Whatever sets or changes a
response's centres stores them with ``stored_centres``; a centre renamed, moved to another
district or deleted is followed by ``linked_centres_refresh``.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from .exports.columns import SEPARATOR
from .models import Response

# Responses refreshed a query at a time where the database cannot do it in one statement.
BATCH = 500


def stored_centres(centres: Iterable) -> dict[str, str]:
    """The stored fields for these centres (anything with ``name`` and ``district``): the names
    A to Z, and the districts each once A to Z, joined with "; "; empty when there are none."""
    centres = list(centres)
    return {
        "centre_names": SEPARATOR.join(sorted(centre.name for centre in centres)),
        "centre_districts": SEPARATOR.join(sorted({centre.district for centre in centres})),
    }


def responses_linked_to(centre_ids: Iterable[int]) -> list[int]:
    """The ids of the responses that chose any of these centres."""
    links = Response.centres.through.objects.filter(centre_id__in=list(centre_ids))
    return sorted(set(links.values_list("response_id", flat=True)))


# The same text as stored_centres, worked out by PostgreSQL ("C" order is Python's), for
# the responses in %(ids)s: those left with no centre get empty text.
_REFRESH_SQL = """
UPDATE responses_response r SET centre_names = COALESCE(x.names, ''), centre_districts = COALESCE(x.districts, '')
FROM unnest(%(ids)s::bigint[]) AS u(id) LEFT JOIN (
  SELECT rc.response_id,
    string_agg(c.name::text COLLATE "C", '; ' ORDER BY c.name::text COLLATE "C") AS names,
    string_agg(DISTINCT c.district::text COLLATE "C", '; ' ORDER BY c.district::text COLLATE "C") AS districts
  FROM responses_response_centres rc JOIN centres_centre c ON c.id = rc.centre_id
  WHERE rc.response_id = ANY(%(ids)s::bigint[])
  GROUP BY rc.response_id
) x ON x.response_id = u.id
WHERE r.id = u.id
"""


def linked_centres_refresh(*, response_ids: Iterable[int]) -> int:
    """Store again the centre names and districts of these responses, from their links as they
    are now (after a centre was renamed, moved or deleted). Returns how many were refreshed."""
    ids = list(response_ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_REFRESH_SQL, {"ids": ids})
        return len(ids)
    links = Response.centres.through.objects.select_related("centre")
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        linked = defaultdict(list)
        for link in links.filter(response_id__in=batch):
            linked[link.response_id].append(link.centre)
        responses = [Response(pk=pk, **stored_centres(linked[pk])) for pk in batch]
        Response.objects.bulk_update(responses, ["centre_names", "centre_districts"])
    return len(ids)
