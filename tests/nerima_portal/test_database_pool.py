"""The database settings from the environment: PostgreSQL through psycopg's connection pool
(sizes from DATABASE_POOL_*, persistent connections off as Django requires), health checks on;
no pool for SQLite or with DATABASE_POOL_MAX_SIZE=0. Read in a fresh process, as at start-up."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.db import connection

PRINT_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'], default=str))"
)
POSTGRES = "postgres://portal@db.internal:5432/portal"


def database_settings(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASE],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
            "DJANGO_SETTINGS_MODULE": "nerima_portal.settings",
            "DEBUG": "true",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_postgresql_gets_a_pool_sized_from_the_environment_instead_of_persistent_connections() -> (
    None
):
    database = database_settings(
        DATABASE_URL=POSTGRES, DATABASE_POOL_MIN_SIZE="2", DATABASE_POOL_MAX_SIZE="6"
    )

    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 6, "timeout": 10}
    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_pool_is_on_by_default_for_postgresql() -> None:
    database = database_settings(DATABASE_URL=POSTGRES)

    assert database["OPTIONS"]["pool"]["max_size"] == 4
    assert database["OPTIONS"]["pool"]["min_size"] == 1


def test_a_pool_size_of_zero_keeps_persistent_health_checked_connections() -> None:
    database = database_settings(DATABASE_URL=POSTGRES, DATABASE_POOL_MAX_SIZE="0")

    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_has_no_pool() -> None:
    database = database_settings(DATABASE_URL="sqlite:///db.sqlite3", DATABASE_POOL_MAX_SIZE="6")

    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 60


def test_the_test_database_connection_comes_from_the_pool_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        assert connection.settings_dict.get("OPTIONS", {}).get("pool") is None
        return
    assert connection.pool is not None
