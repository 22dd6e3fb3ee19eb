"""Deleting one's account leaves no personal data behind."""

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User
from nerizu import services
from nerizu.models import Nerizu, Story
from nerizu.storage import private_storage
from tests.conftest import PASSWORD
from tests.nerizu.factories import image_bytes, upload

URL = "/nerizu/me/delete-account/"


@pytest.mark.django_db
def test_deleting_my_account_removes_me_my_registration_stories_and_photos(
    resident_client: Client, resident: User, nerizu: Nerizu, as_committed: Callable
) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    photos = [
        services.story_submit(
            nerizu=nerizu,
            title=f"t{i}",
            body="b",
            photo=upload("a.png", image_bytes()),
            photo_alt="a",
        ).photo.name
        for i in range(2)
    ]

    with as_committed():
        response = resident_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(email="resident@example.jp").exists()
    assert not Nerizu.objects.exists()
    assert not Story.objects.exists()
    assert not EmailAddress.objects.filter(email="resident@example.jp").exists()
    assert not any(private_storage.exists(name) for name in photos)
    # Signed out: マイページ now asks for a login.
    assert resident_client.get("/nerizu/me/").status_code == 302


@pytest.mark.django_db
def test_it_asks_for_the_password_first(
    resident_client: Client, resident: User, nerizu: Nerizu
) -> None:
    response = resident_client.post(URL, {"password": "not-my-password"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["パスワードが正しくありません。"]
    assert User.objects.filter(pk=resident.pk).exists()
    assert Nerizu.objects.filter(pk=nerizu.pk).exists()


@pytest.mark.django_db
def test_the_other_residents_data_stays(
    resident_client: Client, nerizu: Nerizu, other_nerizu: Nerizu
) -> None:
    resident_client.post(URL, {"password": PASSWORD})

    assert Nerizu.objects.get() == other_nerizu
    assert User.objects.filter(pk=other_nerizu.user_id).exists()


@pytest.mark.django_db
def test_a_staff_account_cannot_delete_itself_here(
    coordinator_client: Client, coordinator: User
) -> None:
    page = coordinator_client.get(URL)
    response = coordinator_client.post(URL, {"password": PASSWORD})

    assert "職員のアカウントは、ここでは削除できません。" in page.content.decode()
    assert response.status_code == 403
    assert User.objects.filter(pk=coordinator.pk).exists()


@pytest.mark.django_db
def test_it_requires_login(client: Client) -> None:
    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
