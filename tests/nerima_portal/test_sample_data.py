"""Sample data: explorable pages, every record visibly 「サンプル」, never in production loading."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pillars.models import ActionItem, Hashtag
from tests.html import visible_text


@pytest.mark.django_db
def test_loading_the_plan_alone_adds_no_sample_records(plan: object) -> None:
    assert not ActionItem.objects.exists()
    assert not Hashtag.objects.exists()


@pytest.mark.django_db
def test_every_sample_record_shows_a_sample_badge(sample_data: object, client: Client) -> None:
    items = ActionItem.objects.filter(is_sample=True)
    assert items.count() == 9
    assert set(Hashtag.objects.values_list("is_sample", flat=True)) == {True}

    for pillar in (1, 2, 3):
        html = client.get(f"/pillars/{pillar}/").content.decode()
        cards = re.findall(r'<article class="card".*?</article>', html, re.S)
        assert len(cards) == 3
        for card in cards:
            assert 'class="badge badge--sample">サンプル<' in card
    tags_page = client.get("/tags/").content.decode()
    main = tags_page.split('<main id="main"')[1].split("</main>")[0]  # not the footer's 窓口
    assert main.count("badge--sample") == Hashtag.objects.count()
    for item in items:
        assert "サンプル" in visible_text(client.get(item.get_absolute_url()))


@pytest.mark.django_db
def test_it_is_idempotent_and_scales(plan: object) -> None:
    call_command("load_sample_data")
    call_command("load_sample_data")
    assert ActionItem.objects.count() == 9

    call_command("load_sample_data", "--copies", "3")
    assert ActionItem.objects.count() == 27


@pytest.mark.django_db
def test_delete_removes_only_sample_records(sample_data: object) -> None:
    real = ActionItem.objects.create(pillar=sample_data.pillars.first(), title="本物")

    call_command("load_sample_data", "--delete")

    assert list(ActionItem.objects.all()) == [real]
    assert not Hashtag.objects.filter(is_sample=True).exists()


@pytest.mark.django_db
def test_it_needs_the_plan_first() -> None:
    with pytest.raises(CommandError, match="load_plan"):
        call_command("load_sample_data")
