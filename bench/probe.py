"""Helpers for bench/run.sh that need Python: the database and a per-page probe.

python -m bench.probe ensure-db      create the PostgreSQL database named in DATABASE_URL
                                     if it is missing (nothing to do for SQLite)
python -m bench.probe directory M F A  make sure the database holds the generated directory
                                     (`generate_bench_data --members M --facilities F
                                     --activities A`): generate it in one transaction, or
                                     reuse it if a previous run left it there
python -m bench.probe analyze        VACUUM ANALYZE on PostgreSQL after loading: planner
                                     statistics, and GIN indexes' pending lists merged and
                                     their statistics updated (autovacuum would in time, but
                                     it may be off or not have run yet; nothing to do for
                                     SQLite)
python -m bench.probe pages URL...   print JSON: database and data volume, and for each
                                     URL its status, body size, SQL query count and the
                                     median and p95 time of one request made in-process
                                     (PATH?q=@FILE: each query of FILE, the worst status,
                                     the most queries and the largest body)
python -m bench.probe quote URL...    print each URL percent-encoded, one a line (wrk and
                                     urllib send the request line as given; 相談 → %E7%9B%B8…)
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
import urllib.parse
import urllib.request
from pathlib import Path

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


# What generate_bench_data puts in every name and title it makes (「ベンチ」 and the number).
GENERATED_MARK = "（ベンチ"


def directory(members: int, facilities: int, activities: int) -> None:
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import transaction

    from networks.models import Activity, Facility, Member

    wanted = {"members": members, "facilities": facilities, "activities": activities}

    found = {
        "members": Member.objects.filter(is_sample=True, name__contains=GENERATED_MARK).count(),
        "facilities": Facility.objects.filter(
            is_sample=True, name__contains=GENERATED_MARK
        ).count(),
        "activities": Activity.objects.filter(
            is_sample=True, title__contains=GENERATED_MARK
        ).count(),
    }
    text = ", ".join(f"{count} {name}" for name, count in found.items())
    if found == wanted:
        print(f"bench: reusing the generated directory in the database ({text})", file=sys.stderr)
        return
    if any(found.values()):
        sys.exit(
            f"bench: the database holds another generated directory ({text}; this run wants "
            + ", ".join(f"{count} {name}" for name, count in wanted.items())
            + "). Remove it with `manage.py load_sample_data --delete` (all sample data) "
            "or point DATABASE_URL at another database."
        )
    started = time.monotonic()
    # One transaction: an interrupted run leaves nothing half-made for the next one to reuse.
    with transaction.atomic():
        call_command(
            "generate_bench_data",
            f"--members={members}",
            f"--facilities={facilities}",
            f"--activities={activities}",
            verbosity=0,
        )
    print(f"bench: generated the directory in {time.monotonic() - started:.0f} s", file=sys.stderr)


def analyze() -> None:
    import django

    django.setup()

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM, not only ANALYZE: rows inserted after a GIN index was created (the
            # trigram indexes are made by migrate, on empty tables) sit in its pending list,
            # which every index scan reads in full, and the planner costs the index from
            # statistics that only VACUUM updates. Autovacuum does both in production.
            cursor.execute("VACUUM ANALYZE")


def pages(urls: list[str]) -> None:
    import django

    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from networks.models import Activity, Facility, Member
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
        "members": Member.objects.filter(is_listed=True).count(),
        "facilities": Facility.objects.filter(is_listed=True).count(),
        "timed_requests": TIMED_REQUESTS,
        "pages": {},
    }
    for url in urls:
        # /search/?q=@FILE: each query of FILE once (after a warm-up pass); the most queries
        # and the largest page of them are shown
        variants = expand(url)
        for variant in variants if len(variants) > 1 else variants * 2:
            client.get(variant)  # warm up: first-use work (template loading, caches)
        statuses, sizes, query_counts = [], [], []
        for variant in variants:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(variant)
            query_counts.append(len(queries))  # now: the next request resets the log
            statuses.append(response.status_code)
            sizes.append(len(response.content))
        timings = []
        for n in range(max(TIMED_REQUESTS, len(variants))):
            start = time.perf_counter()
            client.get(variants[n % len(variants)])
            timings.append((time.perf_counter() - start) * 1000)
        result["pages"][url] = {
            "status": next((s for s in statuses if s != 200), 200),
            "bytes": max(sizes),
            "queries": max(query_counts),
            "inprocess_ms": statistics.median(timings),
            "inprocess_p95_ms": statistics.quantiles(timings, n=20)[18],
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
    for url in [variant for page in urls for variant in expand(page)]:
        try:
            with opener.open(f"{base}{url}", timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            sys.exit(f"bench: {base}{url} answered {status}, not 200; nothing to measure")


def expand(url: str) -> list[str]:
    """`url`, or for "PATH?q=@FILE" (site search over a list, bench/search_queries.lua) one
    URL per query of FILE, percent-encoded."""
    path, marker, name = url.partition("?q=@")
    if not marker:
        return [url]
    lines = Path(urllib.parse.unquote(name)).read_text(encoding="utf-8").splitlines()
    queries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return [f"{path}?{urllib.parse.urlencode({'q': query})}" for query in queries]


def quote(urls: list[str]) -> None:
    """Percent-encode what is not ASCII (or a space); reserved characters and existing
    escapes are kept, so an already-encoded URL comes out unchanged."""
    for url in urls:
        print(urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~"))


def main(argv: list[str]) -> None:
    if argv[:1] == ["ensure-db"]:
        ensure_db()
    elif argv[:1] == ["directory"] and len(argv) == 4:
        directory(*map(int, argv[1:]))
    elif argv[:1] == ["quote"]:
        quote(argv[1:])
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
