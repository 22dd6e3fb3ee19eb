"""Fixtures of the networks tests: the editor personas (tests/networks/editors.py)."""

import pytest

from accounts.models import User
from tests.networks.editors import Organisation, make_coordinator, make_organisation


@pytest.fixture
def org_a(db: None) -> Organisation:
    return make_organisation("A")


@pytest.fixture
def org_b(db: None) -> Organisation:
    return make_organisation("B")


@pytest.fixture
def reviewer(db: None) -> User:
    return make_coordinator()
