"""Coordinators keep the contact points (窓口) in the admin: weekly hours and closed days as
inline rows; residents see an edit on the very next request."""

import pytest
from django.test import Client

from accounts.models import User
from networks.models import ContactPoint, District
from tests.admin_forms import form_data
from tests.conftest import client_for
from tests.html import visible_text
from tests.pagecache import assert_shows_the_change, cached

pytestmark = pytest.mark.django_db
ADD = "/admin/networks/contactpoint/add/"


def new_contact_point(**changes: str) -> dict[str, list[str]]:
    data = {
        "name": ["大泉地区事務所"],
        "district": [str(District.objects.get(slug="oizumi").pk)],
        "postal_code": ["178-0000"],
        "address": ["練馬区（テスト）"],
        "phone": ["03-0000-0140"],
        "fax": ["03-0000-0141"],
        "email": [""],
        "closed_on_holidays": ["on"],
        "order": ["1"],
        "is_listed": ["on"],
        "opening_hours-TOTAL_FORMS": ["1"],
        "opening_hours-INITIAL_FORMS": ["0"],
        "opening_hours-0-weekday": ["0"],
        "opening_hours-0-opens": ["08:30"],
        "opening_hours-0-closes": ["17:15"],
        "closures-TOTAL_FORMS": ["1"],
        "closures-INITIAL_FORMS": ["0"],
        "closures-0-label": ["年末年始"],
        "closures-0-starts_on": ["2026-12-29"],
        "closures-0-ends_on": ["2027-01-03"],
    }
    data.update({key: [value] for key, value in changes.items()})
    return data


def test_a_coordinator_adds_a_contact_point_with_its_hours_and_closures(
    coordinator: User,
) -> None:
    editor = client_for(coordinator)
    assert editor.get(ADD).status_code == 200

    response = editor.post(ADD, new_contact_point())

    assert response.status_code == 302, response.content.decode()[:2000]
    point = ContactPoint.objects.get(name="大泉地区事務所")
    assert not point.is_sample
    assert [(h.weekday, str(h.opens)) for h in point.opening_hours.all()] == [(0, "08:30:00")]
    assert point.closures.get().label == "年末年始"
    assert "03-0000-0140" in Client().get("/").content.decode()


def test_hours_that_close_before_they_open_are_refused_in_japanese(coordinator: User) -> None:
    editor = client_for(coordinator)

    response = editor.post(
        ADD,
        new_contact_point(
            **{"opening_hours-0-closes": "08:00", "closures-0-ends_on": "2026-12-01"}
        ),
    )

    assert response.status_code == 200
    text = visible_text(response)
    assert "終了は開始より後の時刻にしてください。" in text
    assert "最終日は初日と同じか後の日付にしてください。" in text
    assert not ContactPoint.objects.exists()


def test_a_bad_phone_number_is_refused_and_what_was_typed_stays(coordinator: User) -> None:
    response = client_for(coordinator).post(ADD, new_contact_point(phone="でんわ"))

    assert response.status_code == 200
    assert "電話番号は数字とハイフンで入力してください" in visible_text(response)
    assert 'value="でんわ"' in response.content.decode()


def test_an_inline_change_of_the_hours_shows_on_the_next_anonymous_request(
    sample_data: object, coordinator: User
) -> None:
    point = ContactPoint.objects.get(district__slug="oizumi")
    url = point.get_absolute_url()
    before = cached(url)
    editor = client_for(coordinator)
    change = f"/admin/networks/contactpoint/{point.pk}/change/"
    data = form_data(editor.get(change))
    monday = next(
        key.removesuffix("-weekday")
        for key, value in data.items()
        if key.startswith("opening_hours-") and key.endswith("-weekday") and value == ["0"]
    )
    data[f"{monday}-closes"] = ["16:00"]
    data["_save"] = ["1"]

    assert editor.post(change, data).status_code == 302

    assert_shows_the_change(url, before)
    assert "8:30〜16:00" in visible_text(Client().get(url))


def test_residents_and_anonymous_visitors_cannot_open_the_admin(resident: User) -> None:
    assert client_for(resident).get(ADD).status_code == 302
    assert Client().get(ADD).status_code == 302
