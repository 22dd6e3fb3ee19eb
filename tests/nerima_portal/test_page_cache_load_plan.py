"""`manage.py load_plan` shows on the next anonymous request."""

import pytest
from django.core.management import call_command

from pillars.models import Pillar
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_a_forced_reload_shows_at_once(plan: object) -> None:
    # An edit made behind the portal's back (no signal), then cached as it is
    Pillar.objects.filter(number=1).update(statement="手で書き換えた説明")
    before = cached("/pillars/1/")
    assert "手で書き換えた説明" in before.decode()  # type: ignore[union-attr]

    call_command("load_plan", "--force", verbosity=0)

    assert_shows_the_change("/pillars/1/", before)
