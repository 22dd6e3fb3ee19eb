"""Fixtures for ネリーズ: districts, registered Nerizu, stories, and a private photo directory."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from nerizu.models import Nerizu
from networks.models import District
from tests.conftest import client_for
from tests.nerizu.factories import NerizuFactory, UserFactory

# The same four districts as networks' migration; recreated here because browser tests
# (transactional) empty every table, rows made by migrations included.
DISTRICTS = [
    ("練馬", "nerima"),
    ("光が丘", "hikarigaoka"),
    ("石神井", "shakujii"),
    ("大泉", "oizumi"),
]


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def districts(db: None) -> list[District]:
    return [
        District.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})[0]
        for order, (name, slug) in enumerate(DISTRICTS, start=1)
    ]


@pytest.fixture
def nerizu(districts: list[District], resident: User) -> Nerizu:
    """The resident persona, registered as ネリーズ in 光が丘."""
    return NerizuFactory(user=resident, display_name="ひかりん", district=districts[1])


@pytest.fixture
def other_nerizu(districts: list[District]) -> Nerizu:
    """Someone else, registered too."""
    return NerizuFactory(
        user=UserFactory(email="other@example.jp", name="石神井 次郎"),
        display_name="しゃくじい",
        district=districts[2],
    )


@pytest.fixture
def other_client(other_nerizu: Nerizu) -> Client:
    return client_for(other_nerizu.user)


@pytest.fixture
def as_committed(django_capture_on_commit_callbacks: Callable) -> Callable:
    """Runs on-commit callbacks (file deletions) as a real request's commit would."""

    def run() -> object:
        return django_capture_on_commit_callbacks(execute=True)

    return run
