"""The weekly digest: what is new in the districts and hashtags a resident follows, once a
week, only to those who chose it, with a one-click unsubscribe; nothing when nothing is new."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from nerizu.models import Following, Story
from networks.models import District
from tests.nerizu.factories import NerizuFactory, StoryFactory, UserFactory

DISTRICTS = [("練馬", "nerima"), ("光が丘", "hikarigaoka")]


@pytest.fixture
def hikarigaoka(db: None) -> District:
    for order, (name, slug) in enumerate(DISTRICTS, start=1):
        District.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    return District.objects.get(slug="hikarigaoka")


@pytest.fixture
def follower(resident: User, hikarigaoka: District) -> User:
    following = Following.objects.create(user=resident, weekly_digest=True)
    following.districts.set([hikarigaoka])
    return resident


def approved_story(district: District, title: str) -> Story:
    story = StoryFactory(nerizu=NerizuFactory(user=UserFactory(), district=district), title=title)
    Story.objects.filter(pk=story.pk).update(
        status=Story.Status.APPROVED, reviewed_at=timezone.now()
    )
    return story


@pytest.mark.django_db
def test_a_follower_gets_the_weeks_stories_of_their_district_once(
    follower: User, hikarigaoka: District
) -> None:
    approved_story(hikarigaoka, "光が丘の防災訓練")
    approved_story(District.objects.get(slug="nerima"), "練馬の子ども食堂")

    call_command("send_weekly_digest", verbosity=0)
    call_command("send_weekly_digest", verbosity=0)  # a repeated run sends nothing more

    (message,) = mail.outbox
    assert message.to == [follower.email]
    assert "光が丘の防災訓練" in message.body
    assert "練馬の子ども食堂" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_nothing_new_sends_nothing_and_not_choosing_it_sends_nothing(
    follower: User, hikarigaoka: District
) -> None:
    call_command("send_weekly_digest", verbosity=0)
    assert not mail.outbox

    Following.objects.update(weekly_digest=False, last_digest_at=None)
    approved_story(hikarigaoka, "光が丘の防災訓練")
    call_command("send_weekly_digest", verbosity=0)
    assert not mail.outbox


@pytest.mark.django_db
def test_next_week_it_comes_again_with_only_the_new(follower: User, hikarigaoka: District) -> None:
    approved_story(hikarigaoka, "先週の話")
    call_command("send_weekly_digest", verbosity=0)
    Following.objects.update(last_digest_at=timezone.now() - dt.timedelta(days=7))
    Story.objects.update(reviewed_at=timezone.now() - dt.timedelta(days=8))
    approved_story(hikarigaoka, "今週の話")

    call_command("send_weekly_digest", verbosity=0)

    assert len(mail.outbox) == 2
    assert "今週の話" in mail.outbox[1].body
    assert "先週の話" not in mail.outbox[1].body


@pytest.mark.django_db
def test_its_unsubscribe_link_stops_the_digest(
    follower: User, hikarigaoka: District, client: Client
) -> None:
    approved_story(hikarigaoka, "光が丘の防災訓練")
    call_command("send_weekly_digest", verbosity=0)
    path = re.search(
        r"/nerizu/unsubscribe/[^/>]+/", mail.outbox[0].extra_headers["List-Unsubscribe"]
    )[0]

    assert client.post(path).status_code == 200

    assert Following.objects.get(user=follower).weekly_digest is False


@pytest.mark.django_db
def test_the_networks_public_meetings_of_their_district_are_in_it(
    follower: User, hikarigaoka: District
) -> None:
    from networks.models import Meeting

    starts = timezone.now() + dt.timedelta(days=10)
    for title, district, audience in (
        ("光が丘地区連絡会", hikarigaoka, Meeting.Audience.PUBLIC),
        ("全体会", None, Meeting.Audience.PUBLIC),
        ("練馬地区連絡会", District.objects.get(slug="nerima"), Meeting.Audience.PUBLIC),
        ("世話人会", None, Meeting.Audience.MEMBERS),
    ):
        Meeting.objects.create(
            kind=Meeting.Kind.DISTRICT if district else Meeting.Kind.PLENARY,
            title=title,
            starts_at=starts,
            district=district,
            audience=audience,
        )

    call_command("send_weekly_digest", verbosity=0)

    (message,) = mail.outbox
    assert "地区連絡会：光が丘地区連絡会" in message.body
    assert "全体会：全体会" in message.body
    assert "練馬地区連絡会" not in message.body
    assert "世話人会" not in message.body  # members only
