"""Joining a date: places, the waiting list, refusals, cancelling and moving up."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import OccurrenceChange, Participation, ParticipationSettings

pytestmark = pytest.mark.django_db


def join(user: User, activity: Activity, date: dt.date | None, **kwargs: object) -> Participation:
    return services.participation_join(user=user, activity=activity, date=date, **kwargs)


def test_a_resident_takes_a_place_and_is_told(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        participation = join(resident, activity, day, answer="そばアレルギー")

    participation.refresh_from_db()
    assert participation.status == Participation.Status.CONFIRMED
    assert participation.answer == "そばアレルギー"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [resident.email]
    assert "参加の申込みを受け付けました" in mail.outbox[0].subject


def test_when_full_the_next_person_waits(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    day: dt.date,
) -> None:
    join(resident, activity, day)
    join(neighbour, activity, day)

    waiting = join(third, activity, day)

    assert waiting.status == Participation.Status.WAITING
    assert Participation.objects.confirmed().count() == 2


def test_a_full_date_is_refused_to_someone_who_does_not_want_to_wait(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    day: dt.date,
) -> None:
    offer.capacity = 1
    offer.save()
    join(resident, activity, day)

    with pytest.raises(ValidationError, match="定員に達しました"):
        join(neighbour, activity, day, wait_if_full=False)


def test_joining_twice_is_refused(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> None:
    join(resident, activity, day)

    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        join(resident, activity, day)
    assert Participation.objects.count() == 1


def test_a_past_date_is_refused(
    offer: ParticipationSettings, activity: Activity, resident: User
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    with pytest.raises(ValidationError, match="終わった開催日"):
        join(resident, activity, yesterday)


def test_a_date_that_is_not_one_is_refused(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> None:
    with pytest.raises(ValidationError, match="開催日ではありません"):
        join(resident, activity, day + dt.timedelta(days=1))


def test_a_called_off_date_is_refused(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> None:
    services.occurrence_cancel(activity=activity, date=day, reason="会場の点検")

    with pytest.raises(ValidationError, match="中止"):
        join(resident, activity, day)


def test_joining_closes_before_the_start(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> None:
    just_too_late = offer.closes_at(day) + dt.timedelta(minutes=1)

    with pytest.raises(ValidationError, match="締め切りました"):
        join(resident, activity, day, now=just_too_late)


def test_an_activity_without_sign_ups_is_refused(
    activity: Activity, resident: User, day: dt.date
) -> None:
    with pytest.raises(ValidationError, match="受け付けていません"):
        join(resident, activity, day)


def test_a_cancellation_moves_the_first_waiting_person_up_and_tells_them(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    mine = join(resident, activity, day)
    join(neighbour, activity, day)
    waiting = join(third, activity, day)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.participation_cancel(participation=mine)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Participation.Status.CANCELLED
    assert moved == waiting
    assert waiting.status == Participation.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert "キャンセル待ちから参加が決まりました" in mail.outbox[0].subject


def test_cancelling_a_waiting_place_moves_nobody(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    day: dt.date,
) -> None:
    join(resident, activity, day)
    join(neighbour, activity, day)
    waiting = join(third, activity, day)

    assert services.participation_cancel(participation=waiting) is None
    assert Participation.objects.confirmed().count() == 2


def test_one_can_join_again_after_cancelling(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> None:
    services.participation_cancel(participation=join(resident, activity, day))

    again = join(resident, activity, day)

    assert again.status == Participation.Status.CONFIRMED


def test_the_whole_series_is_joined_without_a_date(
    offer: ParticipationSettings, activity: Activity, resident: User
) -> None:
    offer.scope = ParticipationSettings.Scope.SERIES
    offer.save()

    participation = join(resident, activity, None)

    assert participation.date is None
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        join(resident, activity, None)


def test_calling_a_date_off_tells_everyone_who_joined(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    join(resident, activity, day)
    join(neighbour, activity, day)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        told = services.occurrence_cancel(activity=activity, date=day, reason="台風のため")

    assert told == 2
    assert set(Participation.objects.values_list("status", flat=True)) == {"called_off"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, neighbour.email])
    assert "台風のため" in mail.outbox[0].body
    assert OccurrenceChange.objects.get().kind == OccurrenceChange.Kind.CANCELLED


def test_moving_a_date_moves_the_places_and_tells_them(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    participation = join(resident, activity, day)
    mail.outbox.clear()
    later = day + dt.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        services.occurrence_move(activity=activity, date=day, to=later, reason="会場の都合")

    participation.refresh_from_db()
    assert participation.date == later
    assert "開催日変更" in mail.outbox[0].subject
