"""A user's permissions are their own and their groups', as Django's ModelBackend answers,
read in one query (accounts/backends.py): every request of the staff workspace asks."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cached yet


def test_a_user_holds_their_own_and_their_groups_permissions_in_one_query() -> None:
    sato = User.objects.create_user(email="sato@example.jp", password="x" * 12, name="佐藤")
    sato.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    sato.user_permissions.add(Permission.objects.get(codename="view_plan"))

    user = _fresh(sato)
    with CaptureQueriesContext(connection) as queries:
        held = user.get_all_permissions()
        assert user.has_perm("consultations.view_case")
        assert user.has_perm("plan.view_plan")
        assert not user.has_perm("consultations.export_case")

    assert len(queries) == 1
    assert held == ModelBackend().get_all_permissions(_fresh(sato))
    assert {"plan.view_plan", "consultations.view_case"} <= held


def test_an_inactive_user_holds_nothing_and_a_superuser_everything() -> None:
    gone = User.objects.create_user(email="gone@example.jp", password="x" * 12, is_active=False)
    gone.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    root = User.objects.create_superuser(email="root@example.jp", password="x" * 12)

    assert _fresh(gone).get_all_permissions() == set()
    assert not _fresh(gone).has_perm("consultations.view_case")
    assert _fresh(root).get_all_permissions() == ModelBackend().get_all_permissions(_fresh(root))
