"""Tests that apply to one database only: shown as skipped, with the reason, on the others."""

import pytest
from django.db import connection


def postgresql_only(why: str) -> pytest.MarkDecorator:
    """Skip on SQLite, saying why; `make test` with DATABASE_URL=postgres://... (as .ci/run sets) runs it."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=f"PostgreSQL only: {why}")


# The paths an export can take. COPY is PostgreSQL's: on SQLite its cases show as skipped.
EXPORT_METHODS = ["chunked", pytest.param("copy", marks=postgresql_only("an export by COPY"))]
