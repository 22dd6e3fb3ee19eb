"""Helpers for bench/run.sh that need Python: the database and a per-page probe.

python -m bench.probe ensure-db      create the PostgreSQL database named in DATABASE_URL
                                     if it is missing (nothing to do for SQLite)
python -m bench.probe analyze        refresh PostgreSQL's planner statistics after loading
                                     (autovacuum would in time, but it may be off or not
                                     have run yet; nothing to do for SQLite)
python -m bench.probe pages URL...   print JSON: database and data volume, and for each
                                     URL its status, body size, SQL query count and the
                                     median time of one request made in-process
python -m bench.probe serve-check BASE PID URL...
                                     wait (30 s at most) for BASE/healthz while process PID
                                     lives, then check that each URL answers 200 over HTTP
"""

import json
import os
import platform
import statistics
import sys
import time
import urllib.error
import urllib.request

import dj_database_url

# In-process requests timed per URL (after the warm-up and the counted one).
TIMED_REQUESTS = 20

# Databases the benchmark must never migrate and fill with sample data.
PROTECTED_DATABASES = {"test", "postgres", "template0", "template1"}


def ensure_db() -> None:
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    name = config["NAME"]
    if name in PROTECTED_DATABASES:
        sys.exit(
            f"bench: refusing to use the database {name!r}: the benchmark migrates it and "
            "adds sample data. Point DATABASE_URL at a dedicated one, e.g. …/bench."
        )
    import psycopg
    from psycopg import sql

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"bench: created PostgreSQL database {name!r}")


def analyze() -> None:
    import django

    django.setup()

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def pages(urls: list[str]) -> None:
    import django

    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from networks.models import Activity
    from pillars.models import ActionItem, Hashtag

    client = Client()
    result: dict[str, object] = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "db_vendor": connection.vendor,
        "db_version": _db_version(connection),
        "action_items": ActionItem.objects.published().count(),
        "hashtags": Hashtag.objects.count(),
        "activities": Activity.objects.filter(is_listed=True).count(),
        "pages": {},
    }
    for url in urls:
        client.get(url)  # warm up: first-use work (template loading, caches) is not counted
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # now: the next request's request_started resets the log
        timings = []
        for _ in range(TIMED_REQUESTS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        result["pages"][url] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": query_count,
            "inprocess_ms": statistics.median(timings),
        }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()


def _db_version(connection: object) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return connection.display_name


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """wrk does not follow redirects, so a page that redirects must not pass the check."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def serve_check(base: str, pid: int, urls: list[str], timeout: float = 30.0) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            sys.exit("bench: gunicorn exited before it answered /healthz (log below)")
        try:
            with opener.open(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"bench: {base}/healthz did not answer 200 within {timeout:.0f} s")
        time.sleep(0.2)
    for url in urls:
        try:
            with opener.open(f"{base}{url}", timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            sys.exit(f"bench: {base}{url} answered {status}, not 200; nothing to measure")


def main(argv: list[str]) -> None:
    if argv[:1] == ["ensure-db"]:
        ensure_db()
    elif argv[:1] == ["analyze"]:
        analyze()
    elif argv[:1] == ["pages"] and len(argv) > 1:
        pages(argv[1:])
    elif argv[:1] == ["serve-check"] and len(argv) > 3:
        serve_check(argv[1], int(argv[2]), argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
