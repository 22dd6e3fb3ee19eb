"""An indicator that counts what the portal holds follows the data: add an activity, register
a ネリーズ, list a member, and the actual value (and the progress) changes. Past years come
from the snapshot `record_indicator_snapshots` takes on 31 March."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from core.fiscal_year import current_fiscal_year
from networks.models import District, Member, Theme
from pillars.models import ActionItem
from progress.computation import item_progress, with_progress_data
from progress.models import Indicator, IndicatorSnapshot
from tests.factories import ActivityFactory, MemberFactory
from tests.html import visible_text
from tests.nerizu.factories import NerizuFactory
from tests.progress.conftest import IndicatorFactory


def reading(item: ActionItem) -> object:
    loaded = with_progress_data(ActionItem.objects.filter(pk=item.pk), series=True).get()
    return item_progress(loaded, years=[current_fiscal_year() - 1, current_fiscal_year()])


@pytest.mark.django_db
def test_adding_an_activity_changes_the_value(item: ActionItem, client: Client) -> None:
    places = Theme.objects.get(slug="places-to-belong")
    IndicatorFactory(
        action_item=item,
        name="居場所の活動の数",
        source=Indicator.Source.ACTIVITIES,
        theme=places,
        baseline=Decimal(0),
        target=Decimal(4),
    )
    ActivityFactory(theme=places)
    ActivityFactory(theme=Theme.objects.get(slug="work-experience"))  # another theme
    ActivityFactory(theme=places, is_listed=False)  # not public

    before = reading(item).indicators[0]
    assert before.actual == 1
    assert before.percent == 25

    ActivityFactory(theme=places)

    after = reading(item).indicators[0]
    assert after.actual == 2
    assert after.percent == 50
    assert "実績2か所" in visible_text(client.get(f"/progress/items/{item.pk}/"))


@pytest.mark.django_db
def test_nerizu_are_counted_in_the_indicators_district(item: ActionItem) -> None:
    nerima = District.objects.get(slug="nerima")
    IndicatorFactory(action_item=item, source=Indicator.Source.NERIZU, district=nerima)
    IndicatorFactory(action_item=item, source=Indicator.Source.NERIZU)  # the whole ward
    NerizuFactory(district=nerima)
    NerizuFactory(district=District.objects.get(slug="oizumi"))

    in_nerima, ward = reading(item).indicators

    assert in_nerima.actual == 1
    assert ward.actual == 2


@pytest.mark.django_db
def test_members_are_counted_once_by_kind(item: ActionItem) -> None:
    IndicatorFactory(
        action_item=item,
        source=Indicator.Source.MEMBERS,
        member_kind=Member.Kind.SOCIAL_WELFARE_CORPORATION,
    )
    MemberFactory(districts=["nerima", "oizumi"])  # two districts, one member
    MemberFactory(kind=Member.Kind.NPO)
    MemberFactory(is_listed=False)

    assert reading(item).indicators[0].actual == 1


@pytest.mark.django_db
def test_past_years_come_from_the_yearly_snapshot(item: ActionItem) -> None:
    places = Theme.objects.get(slug="places-to-belong")
    indicator = IndicatorFactory(action_item=item, source=Indicator.Source.ACTIVITIES, theme=places)
    ActivityFactory(theme=places)
    last_year = current_fiscal_year() - 1

    call_command("record_indicator_snapshots", "--fiscal-year", str(last_year), verbosity=0)
    ActivityFactory(theme=places)
    ActivityFactory(theme=places)

    snapshot = IndicatorSnapshot.objects.get(indicator=indicator)
    assert (snapshot.fiscal_year, snapshot.value) == (last_year, 1)
    assert reading(item).indicators[0].series == [(last_year, 1), (current_fiscal_year(), 3)]

    call_command("record_indicator_snapshots", "--fiscal-year", str(last_year), verbosity=0)
    assert IndicatorSnapshot.objects.get(indicator=indicator).value == 3  # replaced, not added


@pytest.mark.django_db
def test_a_computed_indicator_refuses_typed_values(item: ActionItem) -> None:
    from django.core.exceptions import ValidationError

    from progress.models import IndicatorValue

    indicator = IndicatorFactory(action_item=item, source=Indicator.Source.NERIZU)

    with pytest.raises(ValidationError) as error:
        IndicatorValue(indicator=indicator, fiscal_year=2025, value=3).full_clean()

    assert "自動で数える" in error.value.message_dict["indicator"][0]
