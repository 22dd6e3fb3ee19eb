"""Who reaches the pages of messages to ネリーズ: coordinators with districts (a profile an
administrator linked to their account) and superusers; a message's log only its sender (and
superusers). Everyone else: 404 (or the login page when signed out). Unsubscribing needs no
account at all."""

import pytest
from django.test import Client

from accounts.models import User
from nerizu.models import Message
from networks.models import Coordinator, District
from tests.conftest import client_for
from tests.nerizu.factories import UserFactory

LOGIN = "login"


@pytest.fixture
def world(
    districts: list[District], coordinator: User, administrator: User, resident: User
) -> dict[str, object]:
    Coordinator.objects.create(name="光が丘", account=coordinator).districts.set([districts[1]])
    other = UserFactory(email="other-co@example.jp", is_staff=True)
    other.groups.set(coordinator.groups.all())
    Coordinator.objects.create(name="石神井", account=other).districts.set([districts[2]])
    no_remit = UserFactory(email="no-remit@example.jp", is_staff=True)
    no_remit.groups.set(coordinator.groups.all())
    own = Message.objects.create(
        sender=coordinator, audience="district", district=districts[1], subject="s", body="b"
    )
    return {
        "clients": {
            "anonymous": Client(),
            "resident": client_for(resident),
            "coordinator without districts": client_for(no_remit),
            "coordinator": client_for(coordinator),
            "other coordinator": client_for(other),
            "administrator": client_for(administrator),
        },
        "message": own,
    }


def expected(persona: str, name: str) -> int | str:
    if persona == "anonymous":
        return LOGIN
    if persona in ("resident", "coordinator without districts"):
        return 404
    if name == "log" and persona == "other coordinator":
        return 404
    return 200


@pytest.mark.django_db
def test_every_persona_against_every_message_url(world: dict) -> None:
    urls = {
        "list": "/nerizu/messages/",
        "new": "/nerizu/messages/new/",
        "log": f"/nerizu/messages/{world['message'].pk}/",
    }
    problems = []
    for persona, client in world["clients"].items():
        for name, path in urls.items():
            response = client.get(path)
            got: int | str = response.status_code
            if got == 302 and "/accounts/login/" in response["Location"]:
                got = LOGIN
            if got != expected(persona, name):
                problems.append(f"{persona} {path}: {got} ≠ {expected(persona, name)}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_following_is_for_any_signed_in_user_and_unsubscribe_for_anyone(world: dict) -> None:
    for persona, client in world["clients"].items():
        following = client.get("/nerizu/me/following/")
        assert following.status_code == (302 if persona == "anonymous" else 200), persona
        assert client.get("/nerizu/unsubscribe/not-a-token/").status_code == 200, persona
        assert client.post("/nerizu/unsubscribe/not-a-token/").status_code == 404, persona
