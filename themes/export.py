"""The export's ``themes`` column on the Python path: each response's theme codes, in code order.

The PostgreSQL COPY path has its SQL twin in ``responses/exports/sql.py`` (``_THEMES``); the
tests compare the two byte for byte."""

from collections.abc import Iterable

from .models import Coding, theme_code

SEPARATOR = "; "


def theme_codes(response_ids: Iterable[int]) -> dict[int, str]:
    """Each coded response's codes joined with "; " (``T01; T04``); uncoded responses are absent."""
    codes: dict[int, list[str]] = {}
    rows = Coding.objects.filter(response_id__in=list(response_ids)).order_by("theme__number")
    for response_id, number in rows.values_list("response_id", "theme__number"):
        codes.setdefault(response_id, []).append(theme_code(number))
    return {response_id: SEPARATOR.join(items) for response_id, items in codes.items()}
