"""The SQL that PostgreSQL turns into the export's CSV itself (COPY ... TO STDOUT WITH CSV).

Every rule of csv.py exists here once more, in SQL, and the tests compare the two paths
byte for byte. Names of tables are fixed by the models; every value from a user or a
question is a bound parameter.
"""

import datetime
import json

from responses.filters import day_ends, day_starts

from .columns import CHOICE, MADE, TEXT
from .csv import FORMULA_STARTS, ExportFilters, ExportLayout, QuestionColumn

# The first character by its code (ascii() gives 0 for empty text) costs less than left(v, 1),
# which makes a new string each time: about a tenth of the query.
_SAFE = (
    "CASE WHEN {v} = '' THEN NULL"  # COPY would write an empty string as ""; Python writes nothing
    " WHEN ascii({v}) IN (" + ", ".join(str(ord(start)) for start in FORMULA_STARTS) + ") THEN '''' || {v}"
    " ELSE {v} END"
)


# A choice value: empty becomes NULL, as for _SAFE; it cannot start a formula.
_CHOICE = "NULLIF({v}, '')"


# How a connection must be set for copy_select, inside its transaction: times are written
# in London time (to_char's TZH:TZM is then the London offset), and compiling the query
# just in time costs more than it saves (about 2 seconds). The caller sets the time zone
# back afterwards: Django reads times wrongly on a connection in any zone but its own.
COPY_SESSION = ("SET LOCAL TimeZone = 'Europe/London'", "SET LOCAL jit = off")


# How each kind of column (columns.py) is written out.
WRITTEN = {TEXT: _SAFE, CHOICE: _CHOICE, MADE: "{v}"}


# The answers a row is exported with: as published (the moderator's redactions applied, kept
# in published_fields by moderation) unless the export carries personal data.
_ANSWERS = "r.answers"
_ANSWERS_PUBLISHED = "(CASE WHEN r.published_fields IS NULL THEN r.answers ELSE r.answers || r.published_fields END)"


def _answer_sql(n: int, question: QuestionColumn, answers: str = _ANSWERS) -> str:
    """The cell of question n. Any JSON value is written as the Python path writes it;
    the SQL is quickest for the shape the question's kind usually gives."""
    if question.is_list:  # j.aN is the answer as JSON
        value, text = f"j.a{n}", f"(j.a{n} #>> '{{}}')"
    else:  # j.tN is the answer as text; a list would be its JSON text, so look again
        value, text = f"({answers} -> %(q{n})s)", f"j.t{n}"
    element = "e.t"
    if question.is_centre_picker:
        text = f"COALESCE(%(centre_names)s::jsonb ->> {text}, {text})"
        element = "COALESCE(%(centre_names)s::jsonb ->> e.t, e.t)"
    # A function scan hands its rows to the aggregate in the list's order, so no ORDER BY
    # (sorting each list cost about 2 seconds a question on a million rows). The tests
    # compare this with the Python path, which keeps the list's order, byte for byte.
    joined = f"(SELECT string_agg({element}, '; ') FROM jsonb_array_elements_text({value}) AS e(t))"
    if question.is_list:
        return f"CASE jsonb_typeof({value}) WHEN 'array' THEN {joined} ELSE {text} END"
    # ->> gives a string's own text at half the cost of -> and #>>; only text starting
    # with "[" (91) can be a list.
    return f"CASE WHEN ascii({text}) = 91 AND jsonb_typeof({value}) = 'array' THEN {joined} ELSE {text} END"


def _filter_sql(consultation_id: int, filters: ExportFilters) -> tuple[list[str], dict]:
    # The SQL twin of ResponseFilterSet's filters for EXPORT_FILTERS: the tests compare the rows.
    conditions, params = ["r.consultation_id = %(consultation)s"], {"consultation": consultation_id}
    for column in ("state", "respondent_type", "channel"):
        if getattr(filters, column):
            conditions.append(f"r.{column} = %({column})s")
            params[column] = getattr(filters, column)
    if filters.centre:
        conditions.append(
            "EXISTS (SELECT 1 FROM responses_response_centres fc JOIN centres_centre f ON f.id = fc.centre_id"
            " WHERE fc.response_id = r.id AND f.slug = %(centre)s)"
        )
        params["centre"] = filters.centre
    if filters.submitted_from:
        conditions.append("r.submitted_at >= %(after)s")
        params["after"] = day_starts(filters.submitted_from)
    if filters.submitted_to:
        conditions.append("r.submitted_at < %(before)s")
        params["before"] = day_ends(filters.submitted_to)
    if not filters.include_withdrawn:
        conditions.append("r.withdrawn_at IS NULL")
    return conditions, params


# A row's place in the export's order, (submitted_at, id): where one part of an export ends.
Position = tuple[datetime.datetime, int]


def _part_sql(start: Position | None, stop: Position | None) -> tuple[list[str], dict]:
    conditions, params = [], {}
    if start is not None:
        conditions.append("(r.submitted_at, r.id) >= (%(start_at)s, %(start_id)s)")
        params |= {"start_at": start[0], "start_id": start[1]}
    if stop is not None:
        conditions.append("(r.submitted_at, r.id) < (%(stop_at)s, %(stop_id)s)")
        params |= {"stop_at": stop[0], "stop_id": stop[1]}
    return conditions, params


def position_select(consultation_id: int, filters: ExportFilters) -> tuple[str, dict]:
    """The (submitted_at, id) of the exported row at %(offset)s places from the start."""
    conditions, params = _filter_sql(consultation_id, filters)
    sql = (
        f"SELECT r.submitted_at, r.id FROM responses_response r WHERE {' AND '.join(conditions)}"
        " ORDER BY r.submitted_at, r.id OFFSET %(offset)s LIMIT 1"
    )
    return sql, params


def copy_select(
    layout: ExportLayout,
    consultation_id: int,
    filters: ExportFilters,
    start: Position | None = None,
    stop: Position | None = None,
) -> tuple[str, dict]:
    """One SELECT giving the export's rows (no header) for COPY ... TO STDOUT WITH CSV:
    all of them, or the part from position ``start`` up to, not including, ``stop``.

    The raw cells are worked out once in a LATERAL subquery (OFFSET 0 stops the
    planner from inlining it and computing each cell twice), then neutralised.
    """
    personal = layout.include_personal_data
    answers = _ANSWERS if personal else _ANSWERS_PUBLISHED
    cells = [
        *((column.sql[personal], WRITTEN[column.kind]) for column in layout.leading),
        *((_answer_sql(n, q, answers), _SAFE) for n, q in enumerate(layout.questions)),
        *((column.sql[personal], WRITTEN[column.kind]) for column in layout.trailing),
    ]
    conditions, params = _filter_sql(consultation_id, filters)
    part_conditions, part_params = _part_sql(start, stop)
    conditions, params = conditions + part_conditions, params | part_params
    params |= {f"q{n}": q.slug for n, q in enumerate(layout.questions)}
    params["centre_names"] = json.dumps(dict(layout.centre_names))
    inner = ", ".join(f"{expression} AS c{n}" for n, (expression, _) in enumerate(cells))
    looked_up = ", ".join(
        f"{answers} -> %(q{n})s AS a{n}" if q.is_list else f"{answers} ->> %(q{n})s AS t{n}"
        for n, q in enumerate(layout.questions)
    )
    outer = ", ".join(written.format(v=f"v.c{n}") for n, (_, written) in enumerate(cells))
    sql = (
        f"SELECT {outer} FROM responses_response r"
        # Each answer is looked up once a row, rather than once for its type and again for its text.
        f" CROSS JOIN LATERAL (SELECT {looked_up or 'NULL'} OFFSET 0) j"
        f" CROSS JOIN LATERAL (SELECT {inner} OFFSET 0) v"
        f" WHERE {' AND '.join(conditions)}"
        " ORDER BY r.submitted_at, r.id"
    )
    return sql, params
