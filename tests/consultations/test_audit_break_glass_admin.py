"""The admin shows case content only to 管理者, after a written reason, and logs each page."""

import time

import pytest
from django.test import Client

from consultations.models import AccessLog, Case, Category
from tests.conftest import client_for
from tests.consultations.factories import CaseFactory

LIST = "/admin/consultations/case/"
REASON = "漏えい事故の調査のため（事故番号 2026-07）"


@pytest.fixture
def case(staff_a) -> Case:
    return CaseFactory(primary_staff=staff_a, main_concern="借金の取り立てに怯えている")


@pytest.fixture
def admin_client(system_admin) -> Client:
    return client_for(system_admin)


@pytest.mark.django_db
def test_the_list_is_empty_and_asks_for_a_reason_first(admin_client, case) -> None:
    response = admin_client.get(LIST)

    assert response.status_code == 200
    text = response.content.decode()
    assert "理由" in text
    assert case.number not in text
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_a_vague_reason_is_refused(admin_client, case) -> None:
    response = admin_client.post(LIST, {"reason": "確認"})

    assert "文字以上で具体的に" in response.content.decode()
    assert case.number not in admin_client.get(LIST).content.decode()


@pytest.mark.django_db
def test_with_a_reason_cases_open_and_every_page_is_logged(system_admin, admin_client, case):
    response = admin_client.post(LIST, {"reason": REASON})
    assert response.status_code == 302

    listing = admin_client.get(LIST)
    page = admin_client.get(f"{LIST}{case.pk}/change/")

    assert case.number in listing.content.decode()
    assert "借金の取り立てに怯えている" in page.content.decode()
    rows = AccessLog.objects.filter(user=system_admin, action=AccessLog.Action.BREAK_GLASS)
    assert rows.count() == 3  # the reason, the list, the case page
    assert all(REASON in row.detail for row in rows)
    assert rows.filter(case=case).count() == 1


@pytest.mark.django_db
def test_the_window_closes_after_fifteen_minutes(admin_client, case, monkeypatch) -> None:
    admin_client.post(LIST, {"reason": REASON})
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)

    assert case.number not in admin_client.get(LIST).content.decode()
    assert admin_client.get(f"{LIST}{case.pk}/change/").status_code == 302


@pytest.mark.django_db
def test_nothing_can_be_changed_or_deleted_even_then(admin_client, case) -> None:
    admin_client.post(LIST, {"reason": REASON})

    assert admin_client.post(f"{LIST}{case.pk}/change/", {"status": "closed"}).status_code == 403
    assert admin_client.get(f"{LIST}{case.pk}/delete/").status_code == 403
    assert admin_client.get(f"{LIST}{case.pk}/history/").status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["staff_a", "supervisor_a", "coordinator", "administrator"])
def test_nobody_else_gets_the_break_glass_view(request, case, persona) -> None:
    # administrator: a superuser without a second factor
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code in (302, 403)
    assert client.post(LIST, {"reason": REASON}).status_code in (302, 403)
    assert case.number not in client.get(f"{LIST}{case.pk}/change/").content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.BREAK_GLASS).exists()


@pytest.mark.django_db
def test_system_admins_configure_categories_but_never_delete_them(admin_client) -> None:
    response = admin_client.post(
        "/admin/consultations/category/add/",
        {"name": "災害", "slug": "disaster", "order": 20, "is_active": "on"},
    )

    assert response.status_code == 302
    category = Category.objects.get(slug="disaster")
    assert (
        admin_client.get(f"/admin/consultations/category/{category.pk}/delete/").status_code == 403
    )
    assert admin_client.get("/admin/consultations/team/").status_code == 200
    assert admin_client.get("/admin/consultations/referraldestination/").status_code == 200
