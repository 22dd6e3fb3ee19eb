"""The content generation: renewed once per transaction after its commit, not at all when the
transaction rolls back, and remade when the shared cache lost it."""

import pytest
from django.core.cache import cache
from django.db import transaction

from core.pagecache import GENERATION_KEY, GenerationBump, current_generation
from tests.factories import HashtagFactory

pytestmark = pytest.mark.django_db


def test_many_writes_in_one_transaction_renew_it_once_after_the_commit(
    django_capture_on_commit_callbacks: object,
) -> None:
    before = current_generation()
    with (
        django_capture_on_commit_callbacks() as callbacks,  # type: ignore[operator]
        transaction.atomic(),
    ):
        for name in ("見守り", "居場所", "子ども食堂"):
            HashtagFactory(name=name)
        # not yet: a page rendered now, by another process, would show the old rows
        assert current_generation() == before

    assert len([c for c in callbacks if isinstance(c, GenerationBump)]) == 1
    assert current_generation() != before


def test_a_write_outside_a_transaction_renews_it_at_once() -> None:
    before = current_generation()

    HashtagFactory(name="見守り")

    assert current_generation() != before


def test_a_rolled_back_transaction_leaves_it_alone() -> None:
    before = current_generation()

    def write_then_fail() -> None:
        with transaction.atomic():
            HashtagFactory(name="見守り")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()

    assert current_generation() == before


def test_a_lost_generation_is_remade_as_a_new_one() -> None:
    before = current_generation()

    cache.delete(GENERATION_KEY)

    assert current_generation() not in ("", before)
