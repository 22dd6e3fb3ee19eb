"""Sample data gives やさしい日本語 versions to two sample action items only (marked サンプル
like every sample record); the plan's seeded texts get none: coordinators write those."""

import pytest
from django.core.management import call_command
from django.test import Client

from core.easy_text import EASY_MODELS, EasyStatus
from pillars.models import ActionItem

pytestmark = pytest.mark.django_db


def test_only_sample_records_get_easy_versions(sample_data: object) -> None:
    with_easy = [
        obj
        for model in EASY_MODELS
        for obj in model.objects.all()
        if any(obj.easy_version(field) for field in obj.EASY_FIELDS)
    ]

    assert len(with_easy) == 2
    assert all(isinstance(obj, ActionItem) and obj.is_sample for obj in with_easy)
    assert all(obj.easy_status == EasyStatus.CURRENT for obj in with_easy)


def test_a_sample_easy_item_shows_its_badge_and_easy_text(
    sample_data: object, client: Client
) -> None:
    item = ActionItem.objects.get(title="身近な相談窓口の案内")

    html = client.get("/easy" + item.get_absolute_url()).content.decode()

    assert "近くで そうだん できる ところの 案内" in html
    assert "badge--sample" in html
    assert "easy-note" not in html


def test_loading_twice_and_copies_add_no_more(sample_data: object) -> None:
    call_command("load_sample_data", "--copies", "2", verbosity=0)

    assert ActionItem.objects.exclude(title_easy="").count() == 2
