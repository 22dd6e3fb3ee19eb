"""The lists' filter forms are drawn once per process for what they are made of
(networks.filters.RenderedOnceForm): a resident still sees the choices as they are now and the
values they asked for, never another request's."""

import re

import pytest
from django.test import Client

from networks.models import District


def selected(response: object, name: str) -> list[str]:
    html = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/activities/", "/network/", "/network/facilities/"])
def test_a_district_added_in_the_admin_is_a_choice_on_the_next_request(
    client: Client, path: str
) -> None:
    before = client.get(path).content.decode()
    District.objects.create(name="新しい地区", slug="new-district", order=99)

    after = client.get(path).content.decode()

    assert "新しい地区" not in before
    assert '<option value="new-district">新しい地区</option>' in after


@pytest.mark.django_db
def test_each_request_shows_its_own_choice_selected(client: Client) -> None:
    nerima = client.get("/activities/", {"district": "nerima"})
    none = client.get("/activities/")
    nerima_again = client.get("/activities/", {"district": "nerima"})

    assert selected(nerima, "district") == ["nerima"]
    assert selected(none, "district") == [""]
    assert nerima_again.content == nerima.content


@pytest.mark.django_db
def test_a_bad_date_keeps_its_message_next_to_the_field_on_every_request(client: Client) -> None:
    backwards = {"date_from": "2030-01-10", "date_to": "2030-01-01"}
    message = "「この日まで」は「この日から」と同じ日か、後の日にしてください。"

    first = client.get("/activities/", backwards).content.decode()
    fine = client.get("/activities/", {"date_from": "2030-01-01"}).content.decode()
    again = client.get("/activities/", backwards).content.decode()

    assert message in first
    assert message not in fine
    assert message in again
