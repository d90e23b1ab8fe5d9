import django.db.models.deletion
from django.db import migrations, models

# The counts are kept by the database, so every way a response is stored, decided, withdrawn or
# deleted (a form, update(), bulk_create, COPY, a cascade) keeps them in its own transaction.
# PostgreSQL: statement-level triggers with transition tables, one row of changes per group and
# statement (a COPY of 10,000 rows adds a handful of rows). SQLite has only row-level triggers.
# Rows with a centre count the responses that chose it: its links' triggers add them, and a
# change of a response's group moves its centres' rows too. Django deletes a response's links
# before the response, so deleting a response needs no centre rows of its own.
TABLE = "responses_responsecount"
LINKS = "responses_response_centres"
COLUMNS = "consultation_id, centre_id, state, withdrawn, consent, respondent_type, n"
GROUP = "state, withdrawn_at IS NOT NULL, consent, respondent_type"
R_REST = "r.state, r.withdrawn_at IS NOT NULL, r.consent, r.respondent_type"
R_GROUP = f"r.consultation_id, {R_REST}"
MOVED = "(SELECT *, 1 AS n FROM changed UNION ALL SELECT *, -1 AS n FROM was) AS m"
M_GROUP = "m.state, m.withdrawn_at IS NOT NULL, m.consent, m.respondent_type"

POSTGRES = f"""
CREATE FUNCTION response_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT consultation_id, NULL, {GROUP}, COUNT(*) FROM added GROUP BY consultation_id, {GROUP};
    RETURN NULL;
END $$;
CREATE FUNCTION response_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT m.consultation_id, NULL, {M_GROUP}, SUM(m.n) FROM {MOVED}
    GROUP BY m.consultation_id, {M_GROUP} HAVING SUM(m.n) <> 0;
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT m.consultation_id, l.centre_id, {M_GROUP}, SUM(m.n) FROM {MOVED} JOIN {LINKS} AS l ON l.response_id = m.id
    GROUP BY m.consultation_id, l.centre_id, {M_GROUP} HAVING SUM(m.n) <> 0;
    RETURN NULL;
END $$;
CREATE FUNCTION response_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT consultation_id, NULL, {GROUP}, -COUNT(*) FROM gone GROUP BY consultation_id, {GROUP};
    RETURN NULL;
END $$;
CREATE FUNCTION response_count_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT r.consultation_id, a.centre_id, {R_REST}, COUNT(*)
        FROM added AS a JOIN responses_response AS r ON r.id = a.response_id
        GROUP BY a.centre_id, {R_GROUP};
    ELSE
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT r.consultation_id, g.centre_id, {R_REST}, -COUNT(*)
        FROM gone AS g JOIN responses_response AS r ON r.id = g.response_id
        GROUP BY g.centre_id, {R_GROUP};
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER response_count_insert AFTER INSERT ON responses_response
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION response_count_insert();
CREATE TRIGGER response_count_update AFTER UPDATE ON responses_response
    REFERENCING OLD TABLE AS was NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION response_count_update();
CREATE TRIGGER response_count_delete AFTER DELETE ON responses_response
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION response_count_delete();
CREATE TRIGGER response_count_link_insert AFTER INSERT ON {LINKS}
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION response_count_link();
CREATE TRIGGER response_count_link_delete AFTER DELETE ON {LINKS}
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION response_count_link();
"""

POSTGRES_DROP = f"""
DROP TRIGGER response_count_insert ON responses_response;
DROP TRIGGER response_count_update ON responses_response;
DROP TRIGGER response_count_delete ON responses_response;
DROP TRIGGER response_count_link_insert ON {LINKS};
DROP TRIGGER response_count_link_delete ON {LINKS};
DROP FUNCTION response_count_insert();
DROP FUNCTION response_count_update();
DROP FUNCTION response_count_delete();
DROP FUNCTION response_count_link();
"""


def _values(row: str, centre: str, n: int) -> str:
    return (
        f"{row}.consultation_id, {centre}, {row}.state, {row}.withdrawn_at IS NOT NULL, {row}.consent, "
        f"{row}.respondent_type, {n}"
    )


def _centres(row: str, n: int) -> str:
    """Rows for each centre the response ``row`` (OLD or NEW) chose."""
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {_values(row, 'l.centre_id', n)} "
        f"FROM {LINKS} AS l WHERE l.response_id = {row}.id;"
    )


def _link(row: str, n: int) -> str:
    """A row for the centre of the link ``row`` (OLD or NEW), in its response's group."""
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {_values('r', f'{row}.centre_id', n)} "
        f"FROM responses_response AS r WHERE r.id = {row}.response_id;"
    )


CHANGED = (
    "OLD.consultation_id IS NOT NEW.consultation_id OR OLD.state IS NOT NEW.state "
    "OR (OLD.withdrawn_at IS NULL) IS NOT (NEW.withdrawn_at IS NULL) OR OLD.consent IS NOT NEW.consent "
    "OR OLD.respondent_type IS NOT NEW.respondent_type"
)
SQLITE = [
    "CREATE TRIGGER response_count_insert AFTER INSERT ON responses_response "
    f"BEGIN INSERT INTO {TABLE} ({COLUMNS}) VALUES ({_values('NEW', 'NULL', 1)}); END",
    "CREATE TRIGGER response_count_update AFTER UPDATE OF consultation_id, state, withdrawn_at, consent, "
    f"respondent_type ON responses_response WHEN {CHANGED} BEGIN "
    f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({_values('OLD', 'NULL', -1)}); "
    f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({_values('NEW', 'NULL', 1)}); "
    f"{_centres('OLD', -1)} {_centres('NEW', 1)} END",
    "CREATE TRIGGER response_count_delete AFTER DELETE ON responses_response "
    f"BEGIN INSERT INTO {TABLE} ({COLUMNS}) VALUES ({_values('OLD', 'NULL', -1)}); END",
    f"CREATE TRIGGER response_count_link_insert AFTER INSERT ON {LINKS} BEGIN {_link('NEW', 1)} END",
    f"CREATE TRIGGER response_count_link_delete AFTER DELETE ON {LINKS} BEGIN {_link('OLD', -1)} END",
]
SQLITE_DROP = [
    f"DROP TRIGGER {name}"
    for name in ("response_count_insert", "response_count_update", "response_count_delete")
    + ("response_count_link_insert", "response_count_link_delete")
]

# The responses already stored, counted once; the triggers (created in the same transaction
# on PostgreSQL, which holds writes back until it commits) count every change after.
BACKFILL = [
    f"INSERT INTO {TABLE} ({COLUMNS}) SELECT consultation_id, NULL, {GROUP}, COUNT(*) FROM responses_response "
    f"GROUP BY consultation_id, {GROUP}",
    f"INSERT INTO {TABLE} ({COLUMNS}) SELECT r.consultation_id, l.centre_id, {R_REST}, COUNT(*) "
    f"FROM {LINKS} AS l JOIN responses_response AS r ON r.id = l.response_id GROUP BY l.centre_id, {R_GROUP}",
]


def triggers_create(apps, schema_editor):
    statements = [POSTGRES] if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in [*statements, *BACKFILL]:
        schema_editor.execute(statement)


def triggers_drop(apps, schema_editor):
    statements = [POSTGRES_DROP] if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0001_initial"),
        ("consultation", "0005_history_equality_monitoring"),
        ("responses", "0009_results_summary"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResponseCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("state", models.CharField(max_length=10)),
                ("withdrawn", models.BooleanField()),
                ("consent", models.CharField(max_length=10)),
                ("respondent_type", models.CharField(max_length=20)),
                ("n", models.BigIntegerField()),
                (
                    "consultation",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="consultation.consultation",
                    ),
                ),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="centres.centre",
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["consultation", "centre"], name="response_count_idx")]},
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
