import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from networks.models import (
    Activity,
    ActivitySession,
    District,
    Facility,
    Member,
    Station,
    TargetGroup,
    Theme,
)
from networks.services import activity_refresh_occurrences
from pillars.models import ActionItem, Hashtag


class HashtagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hashtag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"タグ{n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"取組項目{n}")
    body = "取組の内容です。"
    status = ActionItem.Status.PUBLISHED
    order = factory.Sequence(int)

    @factory.post_generation
    def hashtags(self, create: bool, extracted: list[Hashtag] | None, **kwargs: object) -> None:
        if create and extracted:
            self.hashtags.set(extracted)


# --- The network's directory and activities --------------------------------------------------


class StationFactory(factory.django.DjangoModelFactory):
    """A station (a real name is fine: stations are facts), with a place near 練馬 by default."""

    class Meta:
        model = Station
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"駅{n}")
    lines = "西武池袋線"
    latitude = Decimal("35.737700")
    longitude = Decimal("139.654200")


def reference(model: type, slug: str) -> object:
    """A district, theme or target group made by the migrations (e.g. "nerima", "elderly")."""
    return model.objects.get(slug=slug)


class MemberFactory(factory.django.DjangoModelFactory):
    """A member; `districts`/`themes` take slugs (default: 練馬, no theme)."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"会員{n}")
    kind = Member.Kind.SOCIAL_WELFARE_CORPORATION

    @factory.post_generation
    def districts(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            self.districts.set(District.objects.filter(slug__in=extracted or ["nerima"]))

    @factory.post_generation
    def themes(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.themes.set(Theme.objects.filter(slug__in=extracted))


class FacilityFactory(factory.django.DjangoModelFactory):
    """A facility; `target_groups` takes slugs (default: 高齢者)."""

    class Meta:
        model = Facility
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"施設{n}")
    district = factory.LazyFunction(lambda: reference(District, "nerima"))

    @factory.post_generation
    def target_groups(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            self.target_groups.set(TargetGroup.objects.filter(slug__in=extracted or ["elderly"]))

    @factory.post_generation
    def stations(self, create: bool, extracted: list[Station] | None, **kwargs: object) -> None:
        if create and extracted:
            self.stations.set(extracted)


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity. `sessions` takes aware start datetimes (2 hours each), `audiences` slugs,
    `hashtags` Hashtag objects; the dates are derived afterwards, as the admin does."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"活動{n}")
    kind = Activity.Kind.PLACE_TO_BELONG
    theme = factory.LazyFunction(lambda: reference(Theme, "places-to-belong"))
    organiser = factory.SubFactory(MemberFactory)
    district = factory.LazyFunction(lambda: reference(District, "nerima"))

    @factory.post_generation
    def audiences(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.audiences.set(TargetGroup.objects.filter(slug__in=extracted))

    @factory.post_generation
    def hashtags(self, create: bool, extracted: list[Hashtag] | None, **kwargs: object) -> None:
        if create and extracted:
            self.hashtags.set(extracted)

    @factory.post_generation
    def stations(self, create: bool, extracted: list[Station] | None, **kwargs: object) -> None:
        if create and extracted:
            self.stations.set(extracted)

    @factory.post_generation
    def sessions(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if not create:
            return
        for starts_at in extracted or []:
            ActivitySession.objects.create(
                activity=self, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
            )
        activity_refresh_occurrences(activity=self)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime in Tokyo."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Tokyo"))
