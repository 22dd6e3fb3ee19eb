"""Helpers for bench/cases.sh (the consultation workspace on 100,000 cases).

python -m bench.cases_probe dataset CASES ENTRIES   generate the data set once
                                                    (generate_case_bench_data), or reuse it
python -m bench.cases_probe urls                    print the pages to measure, one a line:
                                                    dashboard, case list, filtered list, kana
                                                    search (a token the login's session holds),
                                                    a case page of the supervisor
python -m bench.cases_probe login                   print a session cookie value for the bench
                                                    supervisor (TOTP enrolled), made directly
                                                    in the session store: wrk cannot log in
python -m bench.cases_probe pages SESSION URL...    JSON like bench.probe pages (status, size,
                                                    query count, in-process median/p95) as
                                                    that session
python -m bench.cases_probe serve-check BASE PID SESSION URL...
                                                    wait for BASE/healthz, then check that each
                                                    URL answers 200 to the session (no
                                                    redirect to the login or MFA page)
"""

import json
import os
import platform
import statistics
import sys
import time
import urllib.error
import urllib.request

from bench.probe import TIMED_REQUESTS, _db_version, _NoRedirect

SUPERVISOR = "bench-supervisor@example.jp"
# The kana search is POSTed and kept in the session under a token (staff.saved_search); the
# bench session holds one under this token, and the list is measured at ?search=<token>.
KANA_SEARCH_TOKEN = "bench-kana-search"  # noqa: S105 (an id, not a secret)


def _setup() -> None:
    import django

    django.setup()


def dataset(cases: int, entries: int) -> None:
    _setup()
    from django.core.management import call_command

    call_command("generate_case_bench_data", cases=cases, entries=entries)


def urls() -> None:
    _setup()
    from accounts.models import User
    from consultations.models import Case, Category

    supervisor = User.objects.get(email=SUPERVISOR)
    # Outside a request nobody has passed a second factor (accounts/second_factor.py); the
    # session `login` makes has, so this user stands for it.
    supervisor.second_factor_passed = True
    visible = Case.objects.visible_to(supervisor)
    case = visible.order_by("-received_on", "-pk").first()
    category = Category.objects.get(slug="hardship")
    for url in (
        "/staff/",
        "/staff/cases/",
        f"/staff/cases/?status=support&category={category.pk}",
        f"/staff/cases/?search={KANA_SEARCH_TOKEN}",  # q=やまだ, kept in the bench session
        f"/staff/cases/{case.number}/",
    ):
        print(url)


def login() -> None:
    _setup()
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.http import HttpRequest
    from django.utils.module_loading import import_string

    from accounts.models import User
    from staff import saved_search
    from staff.views import CASE_SEARCH

    user = User.objects.get(email=SUPERVISOR)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The TOTP code checked at this login, as allauth records it: the workspace asks for it.
    request = HttpRequest()
    request.session = store
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
    saved_search.remember(store, CASE_SEARCH, {"q": "やまだ"}, token=KANA_SEARCH_TOKEN)
    store.save()
    print(store.session_key)


def pages(session: str, page_urls: list[str]) -> None:
    _setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from consultations.models import Case, Entry

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    result: dict[str, object] = {
        "python": platform.python_version(),
        "django": __import__("django").get_version(),
        "db_vendor": connection.vendor,
        "db_version": _db_version(connection),
        "cases": Case.objects.count(),
        "entries": Entry.objects.count(),
        "timed_requests": TIMED_REQUESTS,
        "pages": {},
    }
    for url in page_urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)
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
            "inprocess_p95_ms": statistics.quantiles(timings, n=20)[18],
        }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()


def serve_check(base: str, pid: int, session: str, page_urls: list[str]) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = time.monotonic() + 30
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
            sys.exit(f"bench: {base}/healthz did not answer 200 within 30 s")
        time.sleep(0.2)
    for url in page_urls:
        request = urllib.request.Request(f"{base}{url}", headers={"Cookie": f"sessionid={session}"})
        try:
            with opener.open(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            sys.exit(f"bench: {base}{url} answered {status}, not 200; nothing to measure")


def main(argv: list[str]) -> None:
    if argv[:1] == ["dataset"] and len(argv) == 3:
        dataset(int(argv[1]), int(argv[2]))
    elif argv[:1] == ["urls"]:
        urls()
    elif argv[:1] == ["login"]:
        login()
    elif argv[:1] == ["pages"] and len(argv) > 2:
        pages(argv[1], argv[2:])
    elif argv[:1] == ["serve-check"] and len(argv) > 4:
        serve_check(argv[1], int(argv[2]), argv[3], argv[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
