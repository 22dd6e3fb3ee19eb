"""The progress pages: by pillar, by driving force, by district, and an action item's page with
its milestones, an SVG chart per indicator with a text alternative, and its timeline."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from networks.models import District
from pillars.models import ActionItem, DrivingForce
from progress.models import Indicator, TimelineEntry
from tests.factories import ActionItemFactory
from tests.html import parse, visible_text
from tests.progress.conftest import IndicatorFactory, IndicatorValueFactory, MilestoneFactory


@pytest.mark.django_db
def test_the_header_and_footer_lead_to_the_progress_pages(client: Client, plan: object) -> None:
    links = parse(client.get("/")).links

    assert links.count("/progress/") == 2


@pytest.mark.django_db
def test_the_bars_are_numbers_for_screen_readers(client: Client, item: ActionItem) -> None:
    MilestoneFactory(action_item=item, done_on=dt.date(2025, 5, 1))
    MilestoneFactory(action_item=item)

    html = client.get("/progress/").content.decode()

    assert re.search(r'<meter min="0" max="100"[^>]* value="50" aria-hidden="true">', html)
    assert '<span class="visually-hidden">進み具合 </span>50%' in html
    assert "<img" not in html


@pytest.mark.django_db
def test_the_force_view_groups_items_by_driving_force(client: Client, item: ActionItem) -> None:
    network = DrivingForce.objects.get(slug="network")
    item.driving_forces.set([network])

    response = client.get("/progress/forces/")

    text = visible_text(response)
    section = text[text.index("推進力2") : text.index("推進力3")]
    assert "見守りの輪を広げる" in section
    assert 'aria-current="page">推進力ごと' in response.content.decode()


@pytest.mark.django_db
def test_the_district_view_shows_each_districts_indicators(
    client: Client, item: ActionItem
) -> None:
    oizumi = District.objects.get(slug="oizumi")
    indicator = IndicatorFactory(action_item=item, name="大泉のサロンの数", district=oizumi)
    IndicatorValueFactory(indicator=indicator, fiscal_year=2025, value=4)
    IndicatorFactory(action_item=item, name="区内の講座の数")

    text = visible_text(client.get("/progress/districts/"))

    oizumi_part = text[text.index("大泉地区") : text.index("区全体")]
    assert "大泉のサロンの数" in oizumi_part
    assert "実績4か所（目標10か所）" in oizumi_part
    assert "指標の平均の進み具合40%" in oizumi_part
    assert "区内の講座の数" in text[text.index("区全体") :]


@pytest.mark.django_db
def test_an_item_page_has_a_chart_with_a_text_alternative_and_a_table(
    client: Client, item: ActionItem
) -> None:
    indicator = IndicatorFactory(
        action_item=item, name="サロンの数", baseline=Decimal(3), target=Decimal(12)
    )
    IndicatorValueFactory(indicator=indicator, fiscal_year=2025, value=Decimal(5))

    response = client.get(f"/progress/items/{item.pk}/")

    html = response.content.decode()
    chart = f"chart-{indicator.pk}"
    assert f'role="img" aria-labelledby="{chart}-title" aria-describedby="{chart}-desc"' in html
    assert f'<title id="{chart}-title">「サロンの数」の年度ごとの実績</title>' in html
    desc = re.search(rf'<desc id="{chart}-desc">(.*?)</desc>', html, re.S).group(1)
    assert "基準値 3か所、目標 12か所。" in desc
    assert "2025年度（令和7年度）：5か所。" in desc
    assert "2028年度（令和10年度）：記録なし。" in desc
    text = visible_text(response)
    assert "「サロンの数」の実績（単位：か所）" in text  # the table's caption
    assert "2025年度（令和7年度）5" in text
    assert "目標（2028年度）12" in text


@pytest.mark.django_db
def test_an_item_page_shows_milestones_and_timeline(client: Client, item: ActionItem) -> None:
    MilestoneFactory(action_item=item, title="説明会を開く", done_on=dt.date(2025, 6, 1))
    MilestoneFactory(action_item=item, title="担い手を募る", target_date=dt.date(2026, 9, 1))
    TimelineEntry.objects.create(
        action_item=item, date=dt.date(2025, 6, 1), title="第1回説明会", text="30人が参加。"
    )

    text = visible_text(client.get(f"/progress/items/{item.pk}/"))

    assert "達成説明会を開く2025年6月1日に達成" in text
    assert "これから担い手を募る目標：2026年9月1日" in text
    assert "2025年6月1日第1回説明会" in text
    assert "30人が参加。" in text


@pytest.mark.django_db
def test_draft_items_are_hidden_from_residents_and_shown_to_coordinators(
    client: Client, coordinator_client: Client, pillar: object
) -> None:
    draft = ActionItemFactory(pillar=pillar, status=ActionItem.Status.DRAFT, title="準備中の取組")

    assert client.get(f"/progress/items/{draft.pk}/").status_code == 404
    assert "準備中の取組" not in visible_text(client.get("/progress/"))
    assert coordinator_client.get(f"/progress/items/{draft.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_computed_indicator_says_what_it_counts(client: Client, item: ActionItem) -> None:
    IndicatorFactory(action_item=item, source=Indicator.Source.NERIZU)

    text = visible_text(client.get(f"/progress/items/{item.pk}/"))

    assert "自動で数えています：ネリーズの登録人数（地区別）" in text


def _statistics_url() -> str | None:
    try:
        return reverse("consultations:statistics")
    except NoReverseMatch:
        return None


@pytest.mark.django_db
@pytest.mark.skipif(
    _statistics_url() is None, reason="consultations:statistics has not landed in this tree"
)
def test_pillar_1_links_the_anonymised_consultation_statistics(
    client: Client, item: ActionItem
) -> None:
    response = client.get("/progress/")

    html = response.content.decode()
    pillar_1 = html[html.index('id="pillar-1-title"') : html.index('id="pillar-2-title"')]
    assert f'href="{_statistics_url()}"' in pillar_1
    pillar_2 = html[html.index('id="pillar-2-title"') :]
    assert f'href="{_statistics_url()}"' not in pillar_2


@pytest.mark.django_db
def test_without_the_statistics_page_pillar_1_has_no_dead_link(
    client: Client, item: ActionItem
) -> None:
    if _statistics_url() is not None:
        pytest.skip("the statistics page exists: the test above checks the link")

    assert "相談の傾向" not in visible_text(client.get("/progress/"))


@pytest.mark.django_db
def test_an_action_items_page_links_its_progress(client: Client, item: ActionItem) -> None:
    links = parse(client.get(item.get_absolute_url())).links

    assert f"/progress/items/{item.pk}/" in links
