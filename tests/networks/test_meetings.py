"""The network's meetings: public ones for everyone, members-only ones for the network's
members (for now coordinators with the content role); the agenda before, the minutes after
(once published), PDFs handed out by a view that checks access; members register to attend;
a calendar feed of the public meetings; the network's force page links the published minutes."""

import datetime as dt

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import Meeting, MeetingAttendance, MeetingDocument
from pillars.models import DrivingForce
from plan.models import Plan
from tests.html import visible_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings: object, tmp_path: object) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # type: ignore[attr-defined, operator]


def meeting(**fields: object) -> Meeting:
    defaults: dict[str, object] = {
        "kind": Meeting.Kind.PLENARY,
        "title": "第1回全体会",
        "starts_at": timezone.now() + dt.timedelta(days=10),
        "place": "区民会館",
        "agenda": "活動報告",
    }
    return Meeting.objects.create(**(defaults | fields))


def document(of: Meeting, kind: str = MeetingDocument.Kind.MATERIAL) -> MeetingDocument:
    return MeetingDocument.objects.create(
        meeting=of, kind=kind, title="配布資料", file=SimpleUploadedFile("a.pdf", PDF)
    )


@pytest.mark.django_db
def test_a_public_meeting_is_listed_and_shown_to_everyone(client: Client) -> None:
    public = meeting(title="公開の全体会")

    listed = visible_text(client.get("/meetings/"))
    page = visible_text(client.get(public.get_absolute_url()))

    assert "公開の全体会" in listed
    assert "活動報告" in page
    assert "区民会館" in page
    assert "出席の登録" not in page


@pytest.mark.django_db
def test_a_members_only_meeting_is_hidden_from_residents_and_shown_to_coordinators(
    client: Client, resident_client: Client, coordinator_client: Client
) -> None:
    closed = meeting(title="第3回世話人会", kind=Meeting.Kind.ORGANISERS, audience="members")

    for visitor in (client, resident_client):
        assert "第3回世話人会" not in visible_text(visitor.get("/meetings/"))
        assert visitor.get(closed.get_absolute_url()).status_code == 404
    assert "第3回世話人会" in visible_text(coordinator_client.get("/meetings/"))
    assert coordinator_client.get(closed.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_coordinator_registers_and_cancels_attendance(
    coordinator_client: Client, coordinator: User
) -> None:
    upcoming = meeting()

    registered = coordinator_client.post(upcoming.get_absolute_url(), {"action": "register"})
    again = coordinator_client.post(upcoming.get_absolute_url(), {"action": "register"})
    page = visible_text(coordinator_client.get(upcoming.get_absolute_url()))

    assert registered.status_code == 302
    assert again.status_code == 302
    assert MeetingAttendance.objects.filter(meeting=upcoming, user=coordinator).count() == 1
    assert "あなたは出席を登録しています。" in page
    assert "登録している会員：1人" in page

    coordinator_client.post(upcoming.get_absolute_url(), {"action": "cancel"})
    assert not MeetingAttendance.objects.exists()


@pytest.mark.django_db
def test_residents_cannot_register_and_nobody_registers_for_a_past_meeting(
    resident_client: Client, coordinator_client: Client
) -> None:
    upcoming = meeting()
    past = meeting(starts_at=timezone.now() - dt.timedelta(days=1))

    refused = resident_client.post(upcoming.get_absolute_url(), {"action": "register"})
    late = coordinator_client.post(past.get_absolute_url(), {"action": "register"}, follow=True)

    assert refused.status_code == 403
    assert "この会議の出席は、もう登録できません。" in visible_text(late)
    assert not MeetingAttendance.objects.exists()


@pytest.mark.django_db
def test_minutes_appear_after_the_meeting_once_published(
    client: Client, coordinator_client: Client
) -> None:
    held = meeting(starts_at=timezone.now() - dt.timedelta(days=3), minutes="次回は3月です。")
    minutes = document(held, MeetingDocument.Kind.MINUTES)

    before = visible_text(client.get(held.get_absolute_url()))
    hidden_pdf = client.get(minutes.get_absolute_url())
    members_pdf = coordinator_client.get(minutes.get_absolute_url())
    held.publish_minutes()
    after = visible_text(client.get(held.get_absolute_url()))
    public_pdf = client.get(minutes.get_absolute_url())

    assert "次回は3月です。" not in before
    assert hidden_pdf.status_code == 404
    assert members_pdf.status_code == 200
    assert "次回は3月です。" in after
    assert public_pdf.status_code == 200
    assert public_pdf["Content-Type"] == "application/pdf"
    assert b"".join(public_pdf.streaming_content) == PDF


@pytest.mark.django_db
def test_minutes_are_not_published_before_the_meeting() -> None:
    from django.core.exceptions import ValidationError

    upcoming = meeting()

    with pytest.raises(ValidationError):
        upcoming.publish_minutes()
    upcoming.refresh_from_db()
    assert upcoming.minutes_published_at is None


@pytest.mark.django_db
def test_a_members_only_meetings_materials_are_refused_to_residents(
    client: Client, resident_client: Client, coordinator_client: Client
) -> None:
    material = document(meeting(audience="members"))

    assert client.get(material.get_absolute_url()).status_code == 404
    assert resident_client.get(material.get_absolute_url()).status_code == 404
    response = coordinator_client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_feed_has_the_public_meetings_only(client: Client) -> None:
    meeting(title="公開の全体会")
    meeting(title="世話人会", audience="members")

    response = client.get("/meetings/calendar.ics")
    events = icalendar.Calendar.from_ical(b"".join(response.streaming_content)).walk("VEVENT")

    assert [str(event["SUMMARY"]) for event in events] == ["全体会：公開の全体会"]
    assert str(events[0]["LOCATION"]) == "区民会館"


@pytest.mark.django_db
def test_the_network_force_page_links_the_published_minutes(plan: Plan, client: Client) -> None:
    network = DrivingForce.objects.get(plan=plan, slug="network")
    held = meeting(
        title="第2回全体会", starts_at=timezone.now() - dt.timedelta(days=3), driving_force=network
    )
    meeting(
        title="世話人会の記録",
        audience="members",
        driving_force=network,
        starts_at=timezone.now() - dt.timedelta(days=2),
    ).publish_minutes()

    before = visible_text(client.get("/forces/network/"))
    held.publish_minutes()
    response = client.get("/forces/network/")

    assert "第2回全体会" not in before
    assert "会議の議事録" in visible_text(response)
    assert f'href="{held.get_absolute_url()}#minutes-title"' in response.content.decode()
    assert "世話人会の記録" not in visible_text(response)


@pytest.mark.django_db
def test_the_meeting_pages_keep_their_query_count_with_ten_times_the_data(
    plan: Plan, client: Client, coordinator_client: Client
) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts() -> list[int]:
        held = Meeting.objects.get(title="全体会（サンプル）")
        closed = Meeting.objects.get(title="世話人会（サンプル）")
        found = []
        for visitor, url in (
            (client, "/meetings/"),
            (client, held.get_absolute_url()),
            (client, "/forces/network/"),
            (coordinator_client, "/meetings/"),
            (coordinator_client, closed.get_absolute_url()),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert visitor.get(url).status_code == 200
            found.append(len(queries))
        return found

    call_command("load_sample_data", verbosity=0)
    small = counts()
    call_command("load_sample_data", "--copies", "10", verbosity=0)
    large = counts()

    assert large == small
    assert max(large[:3]) <= 10


@pytest.mark.django_db
def test_a_meeting_at_a_contact_point_names_it_on_its_page_and_in_the_feed(
    client: Client,
) -> None:
    from networks.models import ContactPoint

    office = ContactPoint.objects.create(
        name="練馬地区事務所（会議テスト）", address="練馬区豊玉北（テスト）"
    )
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.NERIZU,
        title="ネリーズ懇談会（窓口テスト）",
        starts_at=timezone.now() + dt.timedelta(days=7),
        contact_point=office,
        audience=Meeting.Audience.PUBLIC,
    )

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert office.get_absolute_url() in page
    assert "練馬区豊玉北（テスト）" in page
    response = client.get("/meetings/calendar.ics")
    feed = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    locations = [str(event.get("location")) for event in feed.walk("VEVENT")]
    assert "練馬地区事務所（会議テスト） 練馬区豊玉北（テスト）" in locations
