"""`manage.py load_sample_data` (bulk inserts, no signals) and its `--delete` show on the next
anonymous request."""

import pytest
from django.core.management import call_command

from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/pillars/1/", "/network/", "/progress/"])
def test_loading_and_deleting_sample_data_show_at_once(plan: object, url: str) -> None:
    before = cached(url)
    call_command("load_sample_data", verbosity=0)
    assert_shows_the_change(url, before)

    loaded = cached(url)
    call_command("load_sample_data", "--delete", verbosity=0)
    assert_shows_the_change(url, loaded)
