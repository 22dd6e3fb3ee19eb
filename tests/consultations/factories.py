"""Factories for the consultation record. Cases are made through the model (numbers from
the counter), not through services, so a test can set up any state and then exercise the
service or surface it is about."""

import datetime as dt

import factory

from consultations.models import (
    Case,
    CaseCounter,
    Category,
    Consent,
    Entry,
    Person,
    ReferralDestination,
    Team,
)
from core.fiscal_year import fiscal_year_of
from networks.models import District


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"練馬 太郎{n}")
    kana = factory.Sequence(lambda n: f"ねりま たろう{n}")
    phone = factory.Sequence(lambda n: f"03-5555-{n:04d}")
    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    address = "練馬区豊玉北6-12-1"
    notes = "近所づきあいがない。"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    received_on = factory.LazyFunction(lambda: dt.date(2025, 6, 1))
    number = factory.LazyAttribute(
        lambda case: CaseCounter.next_number(fiscal_year_of(case.received_on))
    )
    channel = Case.Channel.PHONE
    came_from = Case.CameFrom.SELF
    district = factory.LazyFunction(lambda: District.objects.get(slug="nerima"))
    main_concern = "家賃が払えず、住まいを失いそうです。"
    team = factory.LazyFunction(lambda: Team.objects.get(slug="jiritsu"))
    person = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def categories(self, create: bool, extracted: list[Category] | None, **kwargs: object) -> None:
        if create:
            self.categories.set(extracted or [Category.objects.get(slug="hardship")])


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    case = factory.SubFactory(CaseFactory)
    kind = Entry.Kind.MEETING
    summary = "初回面談"
    detail = "家計の状況を聞き取った。"


class ReferralDestinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralDestination

    name = factory.Sequence(lambda n: f"社会福祉法人 つなぎ先{n}")
    kana = factory.Sequence(lambda n: f"つなぎさき{n}")


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    scope = Consent.Scope.NAMED_ORGANISATIONS
    method = Consent.Method.WRITTEN
    given_on = factory.LazyFunction(lambda: dt.date(2025, 6, 1))
