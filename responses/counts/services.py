"""How many of a consultation's responses are in each state, and how many are published.

The database keeps the counts itself (``responses.counts.models``, triggers in migration
responses/0010): every insert, change and delete of a response adds a row of +n or -n, in the
same transaction, whichever way it was made (a form, a decision, ``update()``, COPY). Reading
sums a consultation's rows, so it costs the same at ten thousand responses as at a million.
When a consultation has more than ``FOLD_AT`` rows, the read folds them into their sums.
``counts_recount`` counts from scratch, to repair (``manage.py recount_responses``).

Withdrawn responses are left out of every state and of "all", and counted on their own.
"""

from django.db import connections, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from consultation.models import Consultation
from responses.counts.models import ResponseCount
from responses.models import Consent, Response, State

# Past this many rows of changes, a read folds a consultation's rows into one per group.
FOLD_AT = 200

# pg_advisory_xact_lock(FOLD_LOCK, consultation id): one fold or recount of a consultation at a time.
FOLD_LOCK = 17_0010

TABLE = ResponseCount._meta.db_table
GROUP = ("state", "withdrawn", "consent", "respondent_type")


def state_counts(consultation) -> dict[str, int]:
    """How many of the consultation's responses are in each state, in all, and withdrawn."""
    counts = dict.fromkeys(State.values, 0)
    withdrawn = 0
    for row in _groups(consultation.pk):
        if row["withdrawn"]:
            withdrawn += row["n"]
        else:
            counts[row["state"]] = counts.get(row["state"], 0) + row["n"]
    counts["all"] = sum(counts.values())
    counts["withdrawn"] = withdrawn
    return counts


def published_count(consultation, *, respondent_type: str = "", centre_id: int | None = None) -> int:
    """How many responses the public page shows (approved, not withdrawn, consent to publish),
    of one respondent type and of those that chose one centre if asked."""
    return sum(
        row["n"]
        for row in _groups(consultation.pk, centre_id)
        if row["state"] == State.APPROVED
        and not row["withdrawn"]
        and row["consent"] != Consent.DO_NOT_PUBLISH
        and (not respondent_type or row["respondent_type"] == respondent_type)
    )


def _groups(consultation_id: int, centre_id: int | None = None) -> list[dict]:
    rows = list(
        ResponseCount.objects.filter(consultation_id=consultation_id, centre_id=centre_id)
        .values(*GROUP)
        .annotate(n=Sum("n"), rows=Count("pk"))
        .order_by()
    )
    if sum(row["rows"] for row in rows) > FOLD_AT:
        counts_fold(consultation_id, centre_id)
    return rows


def counts_fold(consultation_id: int, centre_id: int | None = None) -> None:
    """Replace the rows of changes of a consultation (or of a centre in it) by one row per group.

    On PostgreSQL one statement deletes the rows it sees and inserts their sums, so a change
    committed meanwhile keeps its own row; a fold already under way elsewhere is left to finish.
    """
    with transaction.atomic(using="default"), connections["default"].cursor() as cursor:
        if connections["default"].vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [FOLD_LOCK, consultation_id])
            if not cursor.fetchone()[0]:
                return
            columns = ", ".join(GROUP)
            cursor.execute(
                f"WITH gone AS (DELETE FROM {TABLE} WHERE consultation_id = %s AND centre_id IS NOT DISTINCT FROM %s "
                f"RETURNING {columns}, n) INSERT INTO {TABLE} (consultation_id, centre_id, {columns}, n) "
                f"SELECT %s, %s, {columns}, SUM(n) FROM gone GROUP BY {columns} HAVING SUM(n) <> 0",
                [consultation_id, centre_id, consultation_id, centre_id],
            )
            return
        # SQLite: the transaction holds the one write lock from its start (IMMEDIATE).
        rows = ResponseCount.objects.filter(consultation_id=consultation_id, centre_id=centre_id)
        sums = list(rows.values(*GROUP).annotate(s=Sum("n")).order_by())
        rows.delete()
        ResponseCount.objects.bulk_create(
            ResponseCount(consultation_id=consultation_id, centre_id=centre_id, n=row.pop("s"), **row)
            for row in sums
            if row["s"]
        )


def counts_recount(*, consultation_id: int | None = None) -> None:
    """Count every response again from scratch and keep that (one consultation, or all): a repair."""
    ids = [consultation_id] if consultation_id else _consultations_with_counts_or_responses()
    for pk in ids:
        with transaction.atomic(using="default"):
            if connections["default"].vendor == "postgresql":
                with connections["default"].cursor() as cursor:
                    # Wait for a fold of the same consultation; responses keep arriving meanwhile.
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FOLD_LOCK, pk])
            _recount_one(pk)


def _recount_one(consultation_id: int) -> None:
    columns = ", ".join(GROUP)
    group = "r.state, r.withdrawn_at IS NOT NULL, r.consent, r.respondent_type"
    live = (
        f"SELECT r.consultation_id, NULL, {group}, COUNT(*) FROM {Response._meta.db_table} AS r "
        f"WHERE r.consultation_id = %s GROUP BY r.consultation_id, {group} "
        f"UNION ALL SELECT r.consultation_id, l.centre_id, {group}, COUNT(*) "
        f"FROM {Response._meta.db_table} AS r JOIN {Response.centres.through._meta.db_table} AS l "
        f"ON l.response_id = r.id WHERE r.consultation_id = %s GROUP BY r.consultation_id, l.centre_id, {group}"
    )
    with connections["default"].cursor() as cursor:
        if connections["default"].vendor == "postgresql":
            # One statement, one snapshot: the rows of changes it deletes are exactly those of the
            # responses it counts; a change committed after it began keeps its row.
            cursor.execute(
                f"WITH gone AS (DELETE FROM {TABLE} WHERE consultation_id = %s) "
                f"INSERT INTO {TABLE} (consultation_id, centre_id, {columns}, n) {live}",
                [consultation_id, consultation_id, consultation_id],
            )
        else:
            cursor.execute(f"DELETE FROM {TABLE} WHERE consultation_id = %s", [consultation_id])
            cursor.execute(
                f"INSERT INTO {TABLE} (consultation_id, centre_id, {columns}, n) {live}", [consultation_id] * 2
            )


def _consultations_with_counts_or_responses() -> list[int]:
    with_any = Q(pk__in=Response.objects.values("consultation_id")) | Q(
        pk__in=ResponseCount.objects.values("consultation_id")
    )
    return list(Consultation.objects.filter(with_any).values_list("pk", flat=True))


def counts_fold_all() -> int:
    """Fold every consultation's (and centre's) rows of changes that have grown past ``FOLD_AT``; return how many."""
    grown = (
        ResponseCount.objects.values("consultation_id", "centre_id")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=FOLD_AT)
        .order_by()
    )
    slices = list(grown.values_list("consultation_id", "centre_id"))
    for consultation_id, centre_id in slices:
        counts_fold(consultation_id, centre_id)
    return len(slices)


def waiting_counts() -> Coalesce:
    """For ``Consultation.objects.annotate()``: how many of its responses wait for a decision (or are flagged)."""
    rows = ResponseCount.objects.filter(
        consultation_id=OuterRef("pk"), centre__isnull=True, withdrawn=False, state__in=[State.PENDING, State.FLAGGED]
    )
    total = rows.order_by().values("consultation_id").annotate(total=Sum("n")).values("total")
    return Coalesce(Subquery(total), 0)
