"""A coordinator writes to the ネリーズ of their district (or of a hashtag): a preview, a test
send to themselves, then one e-mail per recipient who opted in, each with a one-click
unsubscribe (RFC 8058) and a link to their settings; the log shows names and states only."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from nerizu.models import Following, Message, MessageDelivery, Nerizu
from networks.models import Coordinator, District
from tests.conftest import client_for
from tests.factories import HashtagFactory
from tests.html import visible_text
from tests.nerizu.factories import NerizuFactory, UserFactory

NEW = "/nerizu/messages/new/"


def opted_in(nerizu: Nerizu, **choices: object) -> Nerizu:
    following, _ = Following.objects.get_or_create(user=nerizu.user)
    for name, value in {"district_messages": True, **choices}.items():
        if name == "hashtags":
            following.hashtags.set(value)  # type: ignore[arg-type]
        else:
            setattr(following, name, value)
    following.save()
    return nerizu


@pytest.fixture
def hikarigaoka(districts: list[District]) -> District:
    return districts[1]


@pytest.fixture
def coordinator_for_hikarigaoka(coordinator: User, hikarigaoka: District) -> Client:
    Coordinator.objects.create(name="光が丘 担当", account=coordinator).districts.set([hikarigaoka])
    return client_for(coordinator)


@pytest.fixture
def people(districts: list[District], hikarigaoka: District) -> dict[str, Nerizu]:
    def nerizu(email: str, name: str, district: District) -> Nerizu:
        return NerizuFactory(user=UserFactory(email=email), display_name=name, district=district)

    return {
        "in": opted_in(nerizu("in@example.jp", "ひかり", hikarigaoka)),
        "silent": nerizu("silent@example.jp", "しずか", hikarigaoka),
        "elsewhere": opted_in(nerizu("far@example.jp", "とおく", districts[2])),
    }


def fields(district: District, **extra: str) -> dict[str, str]:
    return {
        "audience": "district",
        "district": str(district.pk),
        "subject": "懇談会のご案内",
        "body": "6月の懇談会にお越しください。",
        **extra,
    }


def send(client: Client, district: District) -> object:
    preview = client.post(NEW, fields(district, action="test"))
    tested = re.search(r'name="tested" value="([^"]+)"', preview.content.decode()).group(1)
    return client.post(NEW, fields(district, action="send", tested=tested), follow=True)


@pytest.mark.django_db
def test_the_preview_says_how_many_it_reaches_and_sends_nothing(
    coordinator_for_hikarigaoka: Client, people: dict, hikarigaoka: District
) -> None:
    page = coordinator_for_hikarigaoka.post(NEW, fields(hikarigaoka, action="preview"))

    text = visible_text(page)
    assert re.search(r"届く人数\s*1人", text)
    assert "6月の懇談会にお越しください。" in text
    assert not mail.outbox
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_sending_needs_a_test_send_of_the_same_content_first(
    coordinator_for_hikarigaoka: Client, coordinator: User, people: dict, hikarigaoka: District
) -> None:
    refused = coordinator_for_hikarigaoka.post(NEW, fields(hikarigaoka, action="send"))
    assert "送信する前に、自分あてにテスト送信してください。" in visible_text(refused)

    test = coordinator_for_hikarigaoka.post(NEW, fields(hikarigaoka, action="test"))
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert message.subject.startswith("【テスト】")
    tested = re.search(r'name="tested" value="([^"]+)"', test.content.decode()).group(1)

    changed = fields(hikarigaoka, action="send", tested=tested, body="別の本文")
    again = coordinator_for_hikarigaoka.post(NEW, changed)
    assert "送信する前に、自分あてにテスト送信してください。" in visible_text(again)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_only_opted_in_nerizu_of_the_district_receive_it_each_their_own(
    coordinator_for_hikarigaoka: Client, people: dict, hikarigaoka: District
) -> None:
    mail.outbox.clear()
    log = send(coordinator_for_hikarigaoka, hikarigaoka)

    delivered = [m for m in mail.outbox if not m.subject.startswith("【テスト】")]
    (message,) = delivered
    assert message.to == ["in@example.jp"]
    assert message.subject == "【練馬区社協】懇談会のご案内"
    assert "ひかりさん" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http[s]?://[^>]+/nerizu/unsubscribe/[^/>]+/>", unsubscribe)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/nerizu/me/following/" in message.body
    # The log: names and states, no address
    text = visible_text(log)
    assert "1人に送りました。" in text
    assert "ひかり" in text
    assert "送信済み" in text
    assert "@" not in log.content.decode().split("<main", 1)[1].split("</main>")[0]


@pytest.mark.django_db
def test_one_click_unsubscribe_works_without_login_or_csrf_token(
    coordinator_for_hikarigaoka: Client, people: dict, hikarigaoka: District
) -> None:
    send(coordinator_for_hikarigaoka, hikarigaoka)
    message = next(m for m in mail.outbox if m.to == ["in@example.jp"])
    path = re.search(r"/nerizu/unsubscribe/[^/>]+/", message.extra_headers["List-Unsubscribe"])[0]

    mail_program = Client(enforce_csrf_checks=True)
    asked = mail_program.get(path)
    assert asked.status_code == 200  # asks first: link scanners only GET
    assert "no-store" in asked["Cache-Control"]  # a personal link: never cached
    assert Following.objects.get(user=people["in"].user).district_messages is True
    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "配信を停止しました" in visible_text(response)
    assert Following.objects.get(user=people["in"].user).district_messages is False
    assert MessageDelivery.objects.get().unsubscribed_at is not None
    log = coordinator_for_hikarigaoka.get(f"/nerizu/messages/{Message.objects.get().pk}/")
    assert "配信停止" in visible_text(log)


@pytest.mark.django_db
def test_a_forged_unsubscribe_link_is_refused(client: Client, people: dict) -> None:
    assert client.post("/nerizu/unsubscribe/not-a-token/").status_code == 404
    assert Following.objects.get(user=people["in"].user).district_messages is True


@pytest.mark.django_db
def test_a_hashtag_message_reaches_its_followers_in_the_coordinators_districts(
    coordinator_for_hikarigaoka: Client, people: dict, hikarigaoka: District
) -> None:
    tag = HashtagFactory(name="防災")
    opted_in(people["in"], hashtag_messages=True, hashtags=[tag])
    opted_in(people["elsewhere"], hashtag_messages=True, hashtags=[tag])
    data = {"audience": "hashtag", "hashtag": str(tag.pk), "subject": "防災", "body": "訓練"}

    test = coordinator_for_hikarigaoka.post(NEW, {**data, "action": "test"})
    tested = re.search(r'name="tested" value="([^"]+)"', test.content.decode()).group(1)
    coordinator_for_hikarigaoka.post(NEW, {**data, "action": "send", "tested": tested})

    assert sorted(m.to[0] for m in mail.outbox if "テスト" not in m.subject) == ["in@example.jp"]


@pytest.mark.django_db
def test_a_district_outside_the_remit_is_refused_with_a_message(
    coordinator_for_hikarigaoka: Client, people: dict, districts: list[District]
) -> None:
    page = coordinator_for_hikarigaoka.post(NEW, fields(districts[2], action="preview"))

    assert page.status_code == 200
    assert "担当している地区から選んでください。" in visible_text(page)
    assert "懇談会のご案内" in page.content.decode()  # what was typed is kept
    assert not mail.outbox


@pytest.mark.django_db
def test_a_missing_subject_is_explained_next_to_the_field(
    coordinator_for_hikarigaoka: Client, hikarigaoka: District
) -> None:
    page = coordinator_for_hikarigaoka.post(NEW, fields(hikarigaoka, subject="", action="preview"))

    assert "件名を入力してください。" in visible_text(page)
    assert "6月の懇談会にお越しください。" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/nerizu/messages/", NEW])
def test_residents_and_coordinators_without_districts_do_not_see_it(
    resident_client: Client, coordinator_client: Client, path: str
) -> None:
    assert resident_client.get(path).status_code == 404
    assert coordinator_client.get(path).status_code == 404  # no profile linked: no remit


@pytest.mark.django_db
def test_another_coordinators_log_is_not_shown(
    coordinator_for_hikarigaoka: Client, people: dict, hikarigaoka: District
) -> None:
    send(coordinator_for_hikarigaoka, hikarigaoka)
    other = UserFactory(email="other-co@example.jp", is_staff=True)
    Coordinator.objects.create(name="他", account=other).districts.set([hikarigaoka])

    path = f"/nerizu/messages/{Message.objects.get().pk}/"
    assert client_for(other).get(path).status_code == 404


@pytest.mark.django_db
def test_a_resident_chooses_what_to_follow_on_their_page(
    resident_client: Client, hikarigaoka: District
) -> None:
    page = resident_client.get("/nerizu/me/following/")
    assert page.status_code == 200

    resident_client.post(
        "/nerizu/me/following/",
        {"districts": [hikarigaoka.pk], "district_messages": "on", "weekly_digest": "on"},
    )

    following = Following.objects.get()
    assert list(following.districts.all()) == [hikarigaoka]
    assert (following.district_messages, following.weekly_digest) == (True, True)
    assert following.hashtag_messages is False
