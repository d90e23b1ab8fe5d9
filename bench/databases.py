"""The benchmarks' own PostgreSQL databases: made when missing, made afresh, or dropped.

Every connection here is in autocommit, so no transaction is left open holding a lock that a
child process (manage.py) would wait on.
"""

from urllib.parse import urlsplit


def _server(database_url: str):
    import psycopg2

    parts = urlsplit(database_url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def ensure(database_url: str) -> None:
    """Create the database if it does not exist (its rows are kept between runs)."""
    connection, name = _server(database_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def drop(database_url: str) -> None:
    connection, name = _server(database_url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def recreate(database_url: str) -> None:
    """An empty database of that name, whatever was there."""
    drop(database_url)
    ensure(database_url)
