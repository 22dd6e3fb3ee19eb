"""A coordinator types a member's website without its scheme in the admin: it is kept as an
https:// address, as the editors' form keeps it (and as Django 6 will assume)."""

import pytest
from django.test import Client

from tests.admin_forms import form_data
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_website_typed_without_a_scheme_is_kept_as_https(coordinator_client: Client) -> None:
    member = MemberFactory(website="")
    change = f"/admin/networks/member/{member.pk}/change/"
    data = form_data(coordinator_client.get(change))
    data["website"] = ["nerima-salon.example.jp"]

    response = coordinator_client.post(change, data)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.website == "https://nerima-salon.example.jp"
