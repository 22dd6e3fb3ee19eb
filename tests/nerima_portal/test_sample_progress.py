"""`load_sample_data` adds sample milestones, indicators, values, timeline entries and
evaluations to the sample action items: every one marked 「サンプル」, never real content."""

import pytest
from django.core.management import call_command
from django.test import Client

from pillars.models import ActionItem
from progress.computation import progress_of_items, with_progress_data
from progress.models import (
    Evaluation,
    Indicator,
    IndicatorValue,
    Milestone,
    PillarComment,
    Status,
    TimelineEntry,
)
from tests.html import visible_text

MODELS = (Milestone, Indicator, IndicatorValue, TimelineEntry, Evaluation, PillarComment)


@pytest.mark.django_db
def test_the_production_steps_add_no_progress_records(plan: object) -> None:
    for model in MODELS:
        assert not model.objects.exists(), model


@pytest.mark.django_db
def test_every_sample_progress_record_is_marked(sample_data: object) -> None:
    for model in MODELS:
        assert model.objects.exists(), model
        assert not model.objects.filter(is_sample=False).exists(), model
    assert not Milestone.objects.exclude(title__contains="（サンプル）").exists()
    assert not TimelineEntry.objects.exclude(title__contains="（サンプル）").exists()
    assert not Evaluation.objects.exclude(done__startswith="表示確認用のサンプルです。").exists()


@pytest.mark.django_db
def test_the_sample_shows_every_status(sample_data: object) -> None:
    items = with_progress_data(ActionItem.objects.filter(is_sample=True))
    statuses = {progress.status for progress in progress_of_items(items)}

    assert statuses == set(Status)


@pytest.mark.django_db
def test_loading_twice_adds_nothing_and_copies_add_sets(sample_data: object) -> None:
    counts = [model.objects.count() for model in MODELS]
    call_command("load_sample_data", verbosity=0)
    assert [model.objects.count() for model in MODELS] == counts

    call_command("load_sample_data", "--copies", "2", verbosity=0)
    assert Milestone.objects.count() == 2 * counts[0]


@pytest.mark.django_db
def test_delete_removes_every_sample_progress_record(sample_data: object) -> None:
    call_command("load_sample_data", "--delete", verbosity=0)

    for model in MODELS:
        assert not model.objects.exists(), model


@pytest.mark.django_db
def test_the_pages_show_the_sample_badge(sample_data: object, client: Client) -> None:
    item = ActionItem.objects.filter(is_sample=True).order_by("pk").first()

    text = visible_text(client.get(f"/progress/items/{item.pk}/"))

    assert text.count("サンプル") >= 4
    assert "サンプル" in visible_text(client.get("/progress/evaluation/2025/"))
