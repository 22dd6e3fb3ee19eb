"""The login throttle holds across processes: 12 wrong passwords sent at once to two gunicorn
workers check at most 5 (ACCOUNT_RATE_LIMITS "5/5m/key"), and then the right password is
refused too. The counts live in the shared cache (a database table, or Redis with CACHE_URL).
"""

import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.servers import Browser, gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "throttle@example.jp"
PASSWORD = "correct-horse-battery-staple-42"
WRONG = "入力されたメールアドレスもしくはパスワードが正しくありません。"
LOCKED = "ログイン失敗が連続しています。"

CREATE_USER = f"""
from accounts.models import User
from allauth.account.models import EmailAddress
user = User.objects.create_user({EMAIL!r}, {PASSWORD!r}, name="スロットル")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


CACHES = [
    pytest.param({"CACHE_URL": ""}, id="database-cache"),
    pytest.param(
        {"CACHE_URL": "redis://127.0.0.1:6379/15"},
        id="redis",
        marks=pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379"),
    ),
]


def attempt(base_url: str, password: str) -> str:
    status, body = Browser(base_url).post_form(
        "/accounts/login/", {"login": EMAIL, "password": password}
    )
    if status == 302:
        return "signed in"
    if LOCKED in body:
        return "locked"
    if WRONG in body:
        return "checked"
    return f"unexpected {status}"


@pytest.mark.parametrize("cache_env", CACHES)
def test_twelve_wrong_passwords_at_once_are_checked_at_most_five_times(
    tmp_path: Path, cache_env: dict[str, str]
) -> None:
    with gunicorn(tmp_path, workers=2, extra_env=cache_env) as server:
        server.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
        server.manage("shell", "-c", CREATE_USER)

        with ThreadPoolExecutor(max_workers=12) as pool:
            outcomes = list(pool.map(lambda n: attempt(server.url, f"wrong-{n}"), range(12)))
        after = attempt(server.url, PASSWORD)

    assert outcomes.count("checked") <= 5, outcomes
    assert outcomes.count("checked") + outcomes.count("locked") == 12, outcomes
    assert after == "locked"
