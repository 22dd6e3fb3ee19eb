"""A change to a many-to-many link (an action item's hashtags) shows on the next anonymous
request, in autocommit and inside a transaction."""

import pytest
from django.db import transaction

from pillars.models import ActionItem
from tests.factories import HashtagFactory
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
@pytest.mark.parametrize("atomic", [False, True])
def test_a_new_hashtag_on_an_item_shows_at_once(sample_data: object, atomic: bool) -> None:
    item = ActionItem.objects.published().first()
    assert item is not None
    before = cached(item.get_absolute_url())
    tag = HashtagFactory(name="キャッシュ確認")

    if atomic:
        with transaction.atomic():
            item.hashtags.add(tag)
    else:
        item.hashtags.add(tag)

    assert_shows_the_change(item.get_absolute_url(), before)
