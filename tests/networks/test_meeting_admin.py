"""Coordinators keep the meetings in the admin: PDFs only (checked, not just by name), minutes
published after the meeting by an action."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from networks.models import Meeting, MeetingDocument
from tests.html import visible_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings: object, tmp_path: object) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # type: ignore[attr-defined, operator]


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "plenary",
        "title": "第1回全体会",
        "audience": "public",
        "driving_force": "",
        "starts_at_0": "2027-01-20",
        "starts_at_1": "14:00",
        "ends_at_0": "2027-01-20",
        "ends_at_1": "16:00",
        "facility": "",
        "place": "区民会館",
        "district": "",
        "agenda": "活動報告",
        "minutes": "",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-kind": "material",
        "documents-0-title": "配布資料",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
    }
    return data | changes


@pytest.mark.django_db
def test_a_coordinator_adds_a_meeting_with_a_pdf(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/admin/networks/meeting/add/",
        form(**{"documents-0-file": SimpleUploadedFile("shiryo.pdf", PDF)}),
    )

    assert response.status_code == 302, visible_text(response)[:2000]
    meeting = Meeting.objects.get()
    document = meeting.documents.get()
    assert document.kind == MeetingDocument.Kind.MATERIAL
    assert document.file.read() == PDF


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("shiryo.docx", PDF, "PDFファイル（.pdf）を選んでください。"),
        ("shiryo.pdf", b"PK\x03\x04 not a pdf", "PDFファイルとして読めませんでした。"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_next_to_the_field(
    coordinator_client: Client, name: str, content: bytes, message: str
) -> None:
    response = coordinator_client.post(
        "/admin/networks/meeting/add/",
        form(**{"documents-0-file": SimpleUploadedFile(name, content)}),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="第1回全体会"' in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_district_meeting_needs_its_district(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/admin/networks/meeting/add/", form(kind="district", **{"documents-TOTAL_FORMS": "0"})
    )

    assert response.status_code == 200
    assert "地区連絡会は地区を選んでください。" in response.content.decode()


@pytest.mark.django_db
def test_the_action_publishes_minutes_of_past_meetings_only(coordinator_client: Client) -> None:
    held = Meeting.objects.create(
        kind="plenary", title="済んだ会議", starts_at=timezone.now() - dt.timedelta(days=1)
    )
    upcoming = Meeting.objects.create(
        kind="plenary", title="これからの会議", starts_at=timezone.now() + dt.timedelta(days=1)
    )

    response = coordinator_client.post(
        "/admin/networks/meeting/",
        {"action": "publish_minutes", "_selected_action": [held.pk, upcoming.pk]},
        follow=True,
    )

    assert "1件の議事録を公開しました" in visible_text(response)
    held.refresh_from_db()
    upcoming.refresh_from_db()
    assert held.minutes_are_published
    assert not upcoming.minutes_are_published


@pytest.mark.django_db
def test_a_resident_cannot_reach_the_meeting_admin(resident_client: Client) -> None:
    response = resident_client.get("/admin/networks/meeting/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
