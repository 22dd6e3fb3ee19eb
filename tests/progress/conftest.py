"""Fixtures for the plan's progress: published action items in the real plan's pillars, and
small factories for milestones, indicators and evaluations."""

import datetime as dt
from decimal import Decimal

import factory
import pytest

from pillars.models import ActionItem, Pillar
from plan.models import Plan
from progress.models import Evaluation, Indicator, IndicatorValue, Milestone
from tests.factories import ActionItemFactory


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"マイルストーン{n}")
    order = factory.Sequence(int)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"指標{n}")
    unit = "か所"
    baseline = Decimal(0)
    target = Decimal(10)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    fiscal_year = 2025
    value = Decimal(5)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    fiscal_year = 2025
    grade = Evaluation.Grade.B
    done = "地区ごとに説明会を開きました。"
    issues = "参加者が固定しがちです。"
    next_direction = "学校や法人と組んで、若い世代にも広げます。"
    is_published = True


@pytest.fixture
def pillar(plan: Plan) -> Pillar:
    return Pillar.objects.get(plan=plan, number=1)


@pytest.fixture
def item(pillar: Pillar) -> ActionItem:
    return ActionItemFactory(pillar=pillar, title="見守りの輪を広げる")


@pytest.fixture
def done_day() -> dt.date:
    return dt.date(2025, 6, 1)
