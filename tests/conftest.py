"""Shared fixtures: the plan's real content, sample data and named personas.

Personas: `anonymous` is simply the unauthenticated client; `resident` has an account and no
rights; `coordinator` edits content in the admin (group コーディネーター); `administrator` is a
superuser.
"""

import importlib
import os
import re
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
from django.db.transaction import Atomic
from django.test import Client, override_settings
from django.utils import translation

from accounts.models import User
from accounts.roles import COORDINATOR
from accounts.services import user_email_vouch
from core.pagecache import PAGES, GenerationBump
from plan.models import Plan

# Fixtures of their own modules: an S3-compatible server and its buckets; the task queue; a
# local SMTP server.
pytest_plugins = ["tests.object_storage", "tests.tasks", "tests.smtp_sink"]

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object) -> None:
    """Hashing with PBKDF2's million rounds costs a second per persona; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request under /en/ leaves English active in the thread (LocaleMiddleware activates
    it and nothing resets it): without this, a later test's reverse() would build /en/ URLs."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The redis backend, counted for the metrics (core/cache.py; the settings choose it)
REDIS_CACHE = "core.cache.RedisCache"


@pytest.fixture(scope="session", autouse=True)
def _shared_cache_per_worker() -> Iterator[None]:
    """With CACHE_URL=redis://…/N, xdist worker gwK uses database N+K of that Redis (and so do
    the app servers it starts, tests/servers.py): a cache.clear() in one worker, which empties
    the whole database, never touches another's. The database cache needs nothing: its table
    is in each worker's own test database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    if settings.CACHES["default"]["BACKEND"] != REDIS_CACHE or not worker.startswith("gw"):
        yield
        return
    match = re.fullmatch(r"(redis://[^/]*)(?:/(\d*))?", location)
    if not match:
        raise pytest.UsageError(f"CACHE_URL for the tests: redis://host:port/N, not {location}")
    number = int(match.group(2) or 0) + int(worker.removeprefix("gw"))
    if number > 15:
        raise pytest.UsageError(f"Redis has databases 0-15: too many xdist workers for {location}")
    os.environ["CACHE_URL"] = f"{match.group(1)}/{number}"
    with override_settings(
        CACHES={
            alias: {**config, "LOCATION": os.environ["CACHE_URL"]}
            if config["BACKEND"] == REDIS_CACHE
            else config
            for alias, config in settings.CACHES.items()
        }
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_shared_cache(_shared_cache_per_worker: None) -> None:
    """Each test starts with an empty cache, as it does with the database cache (whose rows
    roll back with the test): Redis keeps login throttles, locks and pages across tests."""
    if settings.CACHES["default"]["BACKEND"] == REDIS_CACHE:
        cache.clear()
    caches[PAGES].clear()  # the page cache in this process's memory (Redis: cleared above)


@pytest.fixture(autouse=True)
def _query_budgets_count_the_page_alone(request: pytest.FixtureRequest, settings: object) -> None:
    """Query budget tests (modules named *query_budget*) count what the page itself costs: the
    page cache, off there, adds one read of the content generation to every anonymous
    request (a query with the database cache; tests/core/test_page_cache_queries.py)."""
    if "query_budget" in getattr(request.module, "__name__", ""):
        settings.PAGE_CACHE_ENABLED = False  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def _page_cache_bumps_where_production_commits() -> Iterator[None]:
    """A test runs inside a transaction that never commits, so the page cache's on-commit
    bump (core.pagecache.content_changed) would never run after the app's own atomic blocks
    (an admin save, a command, an import). Production commits when the app's outermost block
    ends: run the pending bump there. Nothing else about on_commit changes."""
    original_exit = Atomic.__exit__

    def exit_and_bump(self: Atomic, *args: object) -> None:
        original_exit(self, *args)
        connection = transaction.get_connection(self.using)
        if self._from_testcase or not all(b._from_testcase for b in connection.atomic_blocks):
            return
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, GenerationBump):
                callback()  # runs once: a captured on_commit run later does nothing

    Atomic.__exit__ = exit_and_bump  # type: ignore[method-assign]
    yield
    Atomic.__exit__ = original_exit  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Production static storage (manifest) needs collectstatic; do it once per run."""
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def migration_rows(transactional_db: None) -> None:
    """Rows that data migrations make (districts and themes, teams and categories), back for a
    transactional test: those tests empty every table afterwards, migration rows included, and
    pytest-django runs them after all others, so each one brings back what it needs."""
    from django.apps import apps

    for module, function in (
        ("networks.migrations.0003_reference_data", "create"),
        ("consultations.migrations.0004_teams_and_categories", "seed"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def plan(db: None) -> Plan:
    """The 6th plan loaded from pillars/data/plan6.toml, exactly as `make run` loads it."""
    call_command("load_plan", verbosity=0)
    return Plan.objects.get(number=6)


@pytest.fixture
def sample_data(plan: Plan) -> Plan:
    call_command("load_sample_data", verbosity=0)
    return plan


@pytest.fixture
def resident(db: None) -> User:
    return User.objects.create_user("resident@example.jp", PASSWORD, name="練馬 花子")


@pytest.fixture
def coordinator(db: None) -> User:
    """Made in the admin by an administrator, who vouches for the address."""
    user = User.objects.create_user(
        "coordinator@example.jp", PASSWORD, name="光が丘 太郎", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATOR))
    user_email_vouch(user=user)
    return user


@pytest.fixture
def administrator(db: None) -> User:
    user = User.objects.create_superuser("admin@example.jp", PASSWORD, name="管理者")
    user_email_vouch(user=user)
    return user


def client_for(user: User, *, second_factor: bool = True) -> Client:
    """A browser signed in as `user`, as after a real login: where the user has an enrolled
    TOTP authenticator or security key, the session has checked it too (allauth's records),
    unless `second_factor=False` (a session that came in without it)."""
    client = Client()
    client.force_login(user)
    if second_factor:
        record_second_factor(client, user)
    return client


def record_second_factor(client: Client, user: User) -> None:
    """Write allauth's record of a passed second factor into the client's session, exactly
    as its MFA stage does after a correct code (tests/test_login_paths.py does it for real)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
    from allauth.mfa.models import Authenticator

    authenticator = (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .first()
    )
    if authenticator is None:
        return
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def coordinator_client(coordinator: User) -> Client:
    return client_for(coordinator)


@pytest.fixture
def resident_client(resident: User) -> Client:
    return client_for(resident)
