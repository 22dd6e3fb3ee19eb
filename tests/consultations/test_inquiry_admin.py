"""Inquiries are visible to consultation staff only, and nobody rewrites what a resident sent."""

import pytest
from django.test import Client

from consultations.models import Inquiry
from consultations.permissions import can_view_inquiries, forget_cached
from tests.consultations.conftest import PERSONAL, enrol_totp

LIST = "/admin/consultations/inquiry/"


def detail(inquiry: Inquiry) -> str:
    return f"/admin/consultations/inquiry/{inquiry.pk}/change/"


def assert_no_personal_data(html: str) -> None:
    for key, typed in PERSONAL.items():
        assert typed not in html, key


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client: Client, an_inquiry: Inquiry) -> None:
    for url in (LIST, detail(an_inquiry)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert_no_personal_data(response.content.decode())


@pytest.mark.django_db
def test_residents_are_sent_to_the_login(resident_client: Client, an_inquiry: Inquiry) -> None:
    for url in (LIST, detail(an_inquiry)):
        response = resident_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_coordinators_are_refused_and_do_not_see_the_module(
    coordinator_client: Client, an_inquiry: Inquiry
) -> None:
    for url in (LIST, detail(an_inquiry), f"{LIST}?q={an_inquiry.reference}"):
        response = coordinator_client.get(url)
        assert response.status_code == 403, url
        assert_no_personal_data(response.content.decode())
    index = coordinator_client.get("/admin/").content.decode()
    assert "/admin/consultations/" not in index
    assert coordinator_client.get("/admin/consultations/").status_code == 404


@pytest.mark.django_db
def test_consultation_staff_see_the_list(staff_client: Client, an_inquiry: Inquiry) -> None:
    response = staff_client.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert an_inquiry.reference in html
    assert "孤立・ひきこもりのこと" in html  # topic
    assert "未対応" in html  # status
    assert "/admin/consultations/" in staff_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_consultation_staff_read_the_inquiry_without_being_able_to_edit_it(
    staff_client: Client, an_inquiry: Inquiry
) -> None:
    response = staff_client.get(detail(an_inquiry))

    assert response.status_code == 200
    html = response.content.decode()
    for typed in PERSONAL.values():
        assert typed in html
    for field in ("name", "phone", "email", "message", "topic", "district"):
        assert f'name="{field}"' not in html, field
    assert 'name="status"' in html


@pytest.mark.django_db
def test_staff_change_the_status_and_nothing_else(
    staff_client: Client, an_inquiry: Inquiry
) -> None:
    response = staff_client.post(
        detail(an_inquiry),
        {"status": "taken", "message": "書き換え", "name": "別人", "reference": "AAAA-AAAA"},
    )

    assert response.status_code == 302
    an_inquiry.refresh_from_db()
    assert an_inquiry.status == Inquiry.Status.TAKEN
    assert an_inquiry.message == PERSONAL["message"]
    assert an_inquiry.name == PERSONAL["name"]
    assert an_inquiry.reference != "AAAA-AAAA"


@pytest.mark.django_db
def test_nobody_adds_inquiries_in_the_admin(
    staff_client: Client, administrator: object, an_inquiry: Inquiry
) -> None:
    from tests.conftest import client_for

    assert staff_client.get(f"{LIST}add/").status_code == 403
    assert client_for(administrator).get(f"{LIST}add/").status_code == 403


@pytest.mark.django_db
def test_staff_cannot_delete_inquiries(staff_client: Client, an_inquiry: Inquiry) -> None:
    assert staff_client.get(f"{LIST}{an_inquiry.pk}/delete/").status_code == 403
    response = staff_client.post(
        LIST, {"action": "delete_selected", "_selected_action": [an_inquiry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Inquiry.objects.filter(pk=an_inquiry.pk).exists()


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "{bare}", " {lower} "])
@pytest.mark.django_db
def test_staff_find_an_inquiry_by_its_reference_as_read_out(
    staff_client: Client, an_inquiry: Inquiry, typed: str
) -> None:
    other = Inquiry.objects.create(
        contact_method="none",
        topic="other",
        message="別の相談",
        consented_at=an_inquiry.consented_at,
    )
    reference = an_inquiry.reference
    query = typed.format(
        ref=reference, lower=reference.lower(), bare=reference.replace("-", "").lower()
    )

    response = staff_client.get(LIST, {"q": query})

    assert list(response.context["cl"].result_list) == [an_inquiry]
    assert detail(other) not in response.content.decode()


@pytest.mark.django_db
def test_the_permission_helper_answers_for_every_persona(
    resident: object, coordinator: object, consultation_staff: object, administrator: object
) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_inquiries(AnonymousUser())
    assert not can_view_inquiries(resident)
    assert not can_view_inquiries(coordinator)
    assert can_view_inquiries(consultation_staff)
    # Personal data needs a second factor, superuser or not.
    assert not can_view_inquiries(administrator)
    enrol_totp(administrator)
    forget_cached(administrator)
    assert can_view_inquiries(administrator)

    consultation_staff.is_staff = False
    assert not can_view_inquiries(consultation_staff)


@pytest.mark.django_db
def test_the_queryset_hides_inquiries_from_those_who_may_not_see_them(
    resident: object, coordinator: object, consultation_staff: object, an_inquiry: Inquiry
) -> None:
    assert not Inquiry.objects.visible_to(resident).exists()
    assert not Inquiry.objects.visible_to(coordinator).exists()
    assert list(Inquiry.objects.visible_to(consultation_staff)) == [an_inquiry]
