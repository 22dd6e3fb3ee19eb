"""The invitation's pages and the admin's staff pages answer in a fixed number of queries:
more staff and more invitations cost not one query more."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.conftest import PASSWORD, client_for
from tests.consultations.conftest import TEAM_A, TEAM_B, make_staff
from tests.consultations.invitations import invite, link_in_last_mail

pytestmark = pytest.mark.django_db

BUDGET = 20
# Creating the account writes it, its role, team, address, the invitation, the access log and
# the signed-in session (savepoints included): a one-off, bounded all the same.
ACCOUNT_BUDGET = 40


def queries(client: Client, path: str, method: str = "get", data: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(captured)


def test_each_step_of_the_invitation_fits_the_budget(system_admin: User) -> None:
    invite(client_for(system_admin), email="shinjin@example.jp", name="新人", team=TEAM_A)
    client = Client()
    link = link_in_last_mail("shinjin@example.jp")

    counts = {
        "link": queries(client, link),
        "password": queries(client, "/invitation/step/password/"),
    }
    account = queries(
        client, "/invitation/step/password/", "post", {"password1": PASSWORD, "password2": PASSWORD}
    )
    counts |= {
        "choice": queries(client, "/invitation/step/second-factor/"),
        "app": queries(client, "/invitation/step/second-factor/app/"),
        "key": queries(client, "/invitation/step/second-factor/security-key/"),
    }

    assert max(counts.values()) <= BUDGET, counts
    assert account <= ACCOUNT_BUDGET


@pytest.mark.parametrize(
    "path", ["/admin/consultations/staffmember/", "/admin/consultations/staffinvitation/"]
)
def test_the_admins_staff_lists_do_not_grow_with_the_staff(system_admin: User, path: str) -> None:
    admin = client_for(system_admin)

    def add(n: int) -> None:
        for i in range(n):
            make_staff(f"q{n}-{i}@example.jp", f"職員{i}", team=TEAM_A, mfa=False)
            invite(admin, email=f"inv{n}-{i}@example.jp", name=f"招待{i}", team=TEAM_B)

    add(2)
    few = queries(admin, path)
    add(20)
    many = queries(admin, path)

    assert many == few
    assert many <= BUDGET
