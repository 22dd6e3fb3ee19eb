"""When the date changes (in Tokyo), pages that show "today" or next dates are rendered anew:
the date is part of every cached page's key."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ActivityFactory, at
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_the_next_day_gets_the_next_days_page(
    plan: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    ActivityFactory(title="きょうだけのサロン", sessions=[at(today, hour=10)])
    ActivityFactory(title="あしたのサロン", sessions=[at(today + dt.timedelta(days=1), hour=10)])
    before = cached("/activities/")
    assert "きょうだけのサロン" in before.decode()  # type: ignore[union-attr]

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + dt.timedelta(days=1))

    assert_shows_the_change("/activities/", before)
