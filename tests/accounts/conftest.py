import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth counts sign-ups, logins and e-mails per address in the cache (e.g. one
    confirmation e-mail per address every three minutes); each test starts from zero."""
    cache.clear()
