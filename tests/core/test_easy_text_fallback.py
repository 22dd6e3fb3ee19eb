"""A text without an easy version: a やさしい日本語 page shows the standard text with a short
note, never an empty place; the standard page never shows the note."""

import pytest
from django.test import Client

from networks.models import Activity
from pillars.models import ActionItem, DrivingForce, Pillar
from plan.models import Plan

NOTE = "この 説明は、やさしい日本語が まだ ありません。"

pytestmark = pytest.mark.django_db


def test_a_pillar_without_easy_text_shows_the_standard_text_and_the_note(
    plan: Plan, client: Client
) -> None:
    pillar = Pillar.objects.get(number=1)

    html = client.get("/easy/pillars/1/").content.decode()

    assert NOTE in html
    assert pillar.name in html
    assert pillar.statement in html
    assert pillar.body.split("\n")[0] in html


def test_a_pillar_with_every_easy_text_has_no_note(plan: Plan, client: Client) -> None:
    pillar = Pillar.objects.get(number=2)
    pillar.name_easy = "つながる"
    pillar.statement_easy = "人と 人が つながります。"
    pillar.body_easy = "となりの 人と 話を します。"
    pillar.save()

    html = client.get("/easy/pillars/2/").content.decode()

    assert NOTE not in html
    assert "人と 人が つながります。" in html
    assert "となりの 人と 話を します。" in html
    assert pillar.statement not in html


def test_a_partly_written_text_shows_easy_parts_and_the_note(plan: Plan, client: Client) -> None:
    force = DrivingForce.objects.get(slug="nerizu")
    force.lead_easy = "ネリーズは、地域の みなさんです。"
    force.save()

    html = client.get("/easy/forces/nerizu/").content.decode()

    assert "ネリーズは、地域の みなさんです。" in html
    assert NOTE in html  # the body has no easy version yet
    assert force.body.split("\n")[0] in html


def test_the_standard_page_never_shows_the_note(plan: Plan, client: Client) -> None:
    for url in ("/pillars/1/", "/forces/nerizu/", "/plan/"):
        assert NOTE not in client.get(url).content.decode()


def test_an_action_item_and_an_activity_fall_back_with_the_note(
    sample_data: Plan, client: Client
) -> None:
    item = ActionItem.objects.published().filter(title_easy="", body_easy="").first()
    activity = Activity.objects.public().exclude(description="").first()
    assert item
    assert activity

    for url, text in (
        (item.get_absolute_url(), item.title),
        (activity.get_absolute_url(), activity.title),
    ):
        easy_url = "/easy" + url
        html = client.get(easy_url).content.decode()
        assert text in html, easy_url
        assert NOTE in html, easy_url


def test_an_activity_with_an_easy_title_shows_it_in_the_lists(
    sample_data: Plan, client: Client
) -> None:
    activity = Activity.objects.public().first()
    assert activity
    activity.title_easy = "みんなで ごはんを 食べる 会（サンプル）"
    activity.save()

    assert "みんなで ごはんを 食べる 会" in client.get("/easy/activities/").content.decode()
    assert "みんなで ごはんを 食べる 会" not in client.get("/activities/").content.decode()


def test_the_plan_page_shows_easy_texts_of_the_plan(plan: Plan, client: Client) -> None:
    plan.background_easy = "まちの くらしが かわって きました。"
    plan.save()

    html = client.get("/easy/plan/").content.decode()

    assert "まちの くらしが かわって きました。" in html
    assert plan.philosophy in html  # no easy version: the standard one
