"""Marking a milestone done moves the action item's progress and its pillar's roll-up exactly as
progress/computation.py specifies: the equally weighted mean of the milestone share and each
indicator's (actual − baseline) ÷ (target − baseline), clamped to 0–100 %."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from core.fiscal_year import current_fiscal_year
from pillars.models import ActionItem, Pillar
from progress.computation import indicator_percent, item_progress, pillar_roll_up
from progress.models import Status
from tests.factories import ActionItemFactory
from tests.html import visible_text
from tests.progress.conftest import IndicatorFactory, IndicatorValueFactory, MilestoneFactory


def progress_of(item: ActionItem) -> object:
    from progress.computation import with_progress_data

    return item_progress(with_progress_data(ActionItem.objects.filter(pk=item.pk)).get())


@pytest.mark.django_db
def test_a_milestone_marked_done_moves_the_item_and_the_pillar_roll_up(
    pillar: Pillar, item: ActionItem, client: Client
) -> None:
    first, second = MilestoneFactory(action_item=item), MilestoneFactory(action_item=item)
    indicator = IndicatorFactory(action_item=item, baseline=Decimal(10), target=Decimal(30))
    IndicatorValueFactory(indicator=indicator, fiscal_year=current_fiscal_year(), value=15)
    other = ActionItemFactory(pillar=pillar)  # no milestones or indicators: 0 %
    MilestoneFactory(action_item=other)

    before = progress_of(item)
    # parts: milestones 0/2 = 0 %, indicator (15 − 10) ÷ (30 − 10) = 25 % → mean 12.5 %
    assert before.percent == pytest.approx(12.5)
    assert before.rounded == 13  # half up
    assert before.status == Status.IN_PROGRESS  # the indicator has an actual value
    assert pillar_roll_up(pillar).percent == pytest.approx((12.5 + 0) / 2)

    first.done_on = dt.date(2025, 6, 1)
    first.save()

    after = progress_of(item)
    # milestones 1/2 = 50 %, indicator 25 % → 37.5 %
    assert after.percent == pytest.approx(37.5)
    assert after.rounded == 38
    roll_up = pillar_roll_up(pillar)
    assert roll_up.percent == pytest.approx((37.5 + 0) / 2)
    assert dict(roll_up.status_counts)[Status.IN_PROGRESS] == 1
    assert dict(roll_up.status_counts)[Status.NOT_STARTED] == 1

    second.done_on = dt.date(2025, 7, 1)
    second.save()
    IndicatorValueFactory(indicator=indicator, fiscal_year=current_fiscal_year() - 1, value=99)

    # milestones 100 %, indicator still 25 % (the latest year counts, not the highest value)
    assert progress_of(item).percent == pytest.approx(62.5)
    page = visible_text(client.get("/progress/"))
    assert "見守りの輪を広げる" in page
    assert "進み具合63%" in page
    assert "平均の進み具合31%" in page  # (62.5 + 0) ÷ 2 = 31.25


@pytest.mark.django_db
def test_an_item_is_achieved_at_exactly_100_percent(item: ActionItem) -> None:
    MilestoneFactory(action_item=item, done_on=dt.date(2025, 5, 1))
    indicator = IndicatorFactory(action_item=item, baseline=Decimal(0), target=Decimal(4))
    IndicatorValueFactory(indicator=indicator, fiscal_year=current_fiscal_year(), value=Decimal(4))

    progress = progress_of(item)

    assert progress.percent == 100
    assert progress.status == Status.ACHIEVED


@pytest.mark.django_db
def test_nothing_done_and_no_actual_value_is_not_started(item: ActionItem) -> None:
    MilestoneFactory(action_item=item)
    IndicatorFactory(action_item=item)  # manual, no value yet

    progress = progress_of(item)

    assert progress.percent == 0
    assert progress.status == Status.NOT_STARTED


@pytest.mark.django_db
def test_an_item_without_measures_is_not_started_at_zero(item: ActionItem) -> None:
    progress = progress_of(item)

    assert not progress.has_measures
    assert progress.percent == 0
    assert progress.status == Status.NOT_STARTED


def test_an_indicator_part_is_clamped_and_handles_a_falling_target() -> None:
    assert indicator_percent(baseline=Decimal(0), target=Decimal(10), actual=Decimal(15)) == 100
    assert indicator_percent(baseline=Decimal(10), target=Decimal(20), actual=Decimal(5)) == 0
    # Fewer is better: from 40 down to 20, now 30 → half way
    assert indicator_percent(baseline=Decimal(40), target=Decimal(20), actual=Decimal(30)) == 50
    assert indicator_percent(baseline=Decimal(5), target=Decimal(5), actual=Decimal(5)) == 100
    assert indicator_percent(baseline=Decimal(5), target=Decimal(5), actual=Decimal(4)) == 0
    assert indicator_percent(baseline=Decimal(0), target=Decimal(5), actual=None) is None


@pytest.mark.django_db
def test_the_roll_up_counts_only_published_items(pillar: Pillar, item: ActionItem) -> None:
    MilestoneFactory(action_item=item, done_on=dt.date(2025, 5, 1))
    draft = ActionItemFactory(pillar=pillar, status=ActionItem.Status.DRAFT)
    MilestoneFactory(action_item=draft)

    roll_up = pillar_roll_up(pillar)

    assert [p.item for p in roll_up.progresses] == [item]
    assert roll_up.percent == 100


@pytest.mark.django_db
def test_the_admin_action_marks_milestones_done_today(
    coordinator_client: Client, item: ActionItem
) -> None:
    from django.utils import timezone

    milestone = MilestoneFactory(action_item=item)
    already = MilestoneFactory(action_item=item, done_on=dt.date(2025, 5, 1))

    response = coordinator_client.post(
        "/admin/progress/milestone/",
        {"action": "mark_done_today", "_selected_action": [milestone.pk, already.pk]},
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    already.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    assert already.done_on == dt.date(2025, 5, 1)
    assert progress_of(item).percent == 100
