"""PostgreSQL plans a statement the portal runs again and again once per connection: parameters
are bound on the server and psycopg prepares a statement after five runs (Django leaves that
off unless asked). DATABASE_SERVER_SIDE_BINDING=false turns both off, for a PgBouncer in
transaction mode. Settings are read in a fresh process, as at start-up."""

import pytest
from django.db import connection

from accounts.models import User
from tests.nerima_portal.test_database_pool import POSTGRES, database_settings


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements() -> None:
    options = database_settings(DATABASE_URL=POSTGRES)["OPTIONS"]

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_both_can_be_turned_off_for_a_pooler_in_transaction_mode() -> None:
    options = database_settings(DATABASE_URL=POSTGRES, DATABASE_SERVER_SIDE_BINDING="false")[
        "OPTIONS"
    ]

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_sqlite_has_neither() -> None:
    options = database_settings(DATABASE_URL="sqlite:///db.sqlite3").get("OPTIONS", {})

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.django_db
def test_a_statement_run_six_times_is_prepared_on_the_connection() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    user = User.objects.create_user(email="prepared@example.jp", password="x-unused-9")
    for _ in range(6):
        assert User.objects.filter(email="prepared@example.jp").get() == user

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]

    assert any('"accounts_user"."email" = $1' in statement for statement in prepared)
