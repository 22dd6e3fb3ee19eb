"""Off-boarding in the admin takes effect on the staff member's very next request — their open
session keeps nothing — and the access log records it: leaving a team, deactivation, and
losing the case role."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, Case, Team, TeamMembership
from tests.conftest import client_for
from tests.consultations.factories import CaseFactory
from tests.consultations.invitations import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_case(staff_a2: User) -> Case:
    """A 通常 case of team A, assigned to a colleague: staff_a sees it as a team member."""
    return CaseFactory(primary_staff=staff_a2, main_concern="チームのケース")


@pytest.fixture
def admin_client(system_admin: User) -> Client:
    """管理者: teams and their members."""
    return client_for(system_admin)


@pytest.fixture
def superuser_client(administrator: User) -> Client:
    """The superuser: accounts (管理者 do not edit users: the user page sets superuser rights)."""
    return client_for(administrator)


def test_leaving_the_team_closes_its_cases_on_the_next_request(
    admin_client: Client, staff_a: User, system_admin: User, team_case: Case
) -> None:
    session = client_for(staff_a)
    case_page = f"/staff/cases/{team_case.number}/"
    assert session.get(case_page).status_code == 200

    team = Team.objects.get(slug="jiritsu")
    url = f"/admin/consultations/team/{team.pk}/change/"
    form = admin_client.get(url)
    memberships = list(TeamMembership.objects.filter(team=team).order_by("pk"))
    data = admin_form_data(form)
    data.update(_inline_data(memberships, delete=staff_a))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    assert not TeamMembership.objects.filter(user=staff_a, team=team).exists()
    assert session.get(case_page).status_code == 404  # the same session, the next request
    log = AccessLog.objects.get(action=AccessLog.Action.STAFF_TEAM_LEAVE)
    assert log.user == system_admin
    assert staff_a.email in log.detail
    assert "自立相談支援" in log.detail


def test_the_admin_is_told_of_cases_still_assigned_to_the_leaver(
    admin_client: Client, staff_a2: User, team_case: Case
) -> None:
    team = Team.objects.get(slug="jiritsu")
    url = f"/admin/consultations/team/{team.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data.update(_inline_data(list(TeamMembership.objects.filter(team=team)), delete=staff_a2))

    response = admin_client.post(url, data, follow=True)

    text = response.content.decode()
    assert "ケース1件の担当のままです" in text
    assert team_case.number not in text  # a number of cases, never which


def test_deactivation_ends_the_session_on_the_next_request(
    superuser_client: Client, staff_a: User, administrator: User, team_case: Case
) -> None:
    session = client_for(staff_a)
    assert session.get("/staff/").status_code == 200

    url = f"/admin/accounts/user/{staff_a.pk}/change/"
    data = admin_form_data(superuser_client.get(url), is_active=None)
    response = superuser_client.post(url, data)
    assert response.status_code == 302

    staff_a.refresh_from_db()
    assert not staff_a.is_active
    answer = session.get(f"/staff/cases/{team_case.number}/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")
    assert session.get("/staff/inquiries/").status_code == 302
    log = AccessLog.objects.get(action=AccessLog.Action.STAFF_DEACTIVATE)
    assert log.user == administrator
    assert staff_a.email in log.detail
    assert "利用停止" in log.detail


def test_taking_the_role_away_closes_the_workspace_on_the_next_request(
    superuser_client: Client, staff_a: User
) -> None:
    session = client_for(staff_a)
    assert session.get("/staff/").status_code == 200

    url = f"/admin/accounts/user/{staff_a.pk}/change/"
    data = admin_form_data(superuser_client.get(url), groups=[])
    assert superuser_client.post(url, data).status_code == 302

    assert not staff_a.groups.exists()
    assert session.get("/staff/").status_code == 404
    log = AccessLog.objects.get(action=AccessLog.Action.STAFF_DEACTIVATE)
    assert "役割を外した" in log.detail


def test_an_ordinary_edit_writes_no_off_boarding_row(
    superuser_client: Client, staff_a: User
) -> None:
    url = f"/admin/accounts/user/{staff_a.pk}/change/"
    data = admin_form_data(superuser_client.get(url), name="相談員 A（改姓）")

    assert superuser_client.post(url, data).status_code == 302
    assert not AccessLog.objects.filter(action=AccessLog.Action.STAFF_DEACTIVATE).exists()
    staff_a.refresh_from_db()
    assert staff_a.name == "相談員 A（改姓）"
    assert staff_a.groups.filter(name="相談員").exists()


def _inline_data(memberships: list[TeamMembership], *, delete: User) -> dict[str, object]:
    prefix = "memberships"
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(memberships),
        f"{prefix}-INITIAL_FORMS": len(memberships),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, membership in enumerate(memberships):
        row = f"{prefix}-{index}"
        data[f"{row}-id"] = membership.pk
        data[f"{row}-team"] = membership.team_id
        data[f"{row}-user"] = membership.user_id
        if membership.is_supervisor:
            data[f"{row}-is_supervisor"] = "on"
        if membership.user_id == delete.pk:
            data[f"{row}-DELETE"] = "on"
    return data


def test_a_system_admin_stops_a_staff_members_access_from_the_staff_list(
    admin_client: Client, staff_a: User, system_admin: User
) -> None:
    session = client_for(staff_a)
    assert session.get("/staff/").status_code == 200
    listing = admin_client.get("/admin/consultations/staffmember/")
    assert staff_a.email in listing.content.decode()
    assert "自立相談支援" in listing.content.decode()

    response = admin_client.post(
        "/admin/consultations/staffmember/",
        {"action": "deactivate", "_selected_action": [staff_a.pk]},
    )

    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert not staff_a.is_active
    assert session.get("/staff/")["Location"].startswith("/accounts/login/")
    log = AccessLog.objects.get(action=AccessLog.Action.STAFF_DEACTIVATE)
    assert log.user == system_admin
    assert staff_a.email in log.detail


@pytest.mark.parametrize("who", ["staff_a2", "supervisor_a"])
def test_only_a_system_admin_stops_access(
    who: str, request: pytest.FixtureRequest, staff_a: User
) -> None:
    client = client_for(request.getfixturevalue(who))

    response = client.post(
        "/admin/consultations/staffmember/",
        {"action": "deactivate", "_selected_action": [staff_a.pk]},
    )

    assert response.status_code == 403
    staff_a.refresh_from_db()
    assert staff_a.is_active
    assert not AccessLog.objects.filter(action=AccessLog.Action.STAFF_DEACTIVATE).exists()


def test_a_staff_members_page_shows_their_off_boarding(admin_client: Client, staff_a: User) -> None:
    admin_client.post(
        "/admin/consultations/staffmember/",
        {"action": "deactivate", "_selected_action": [staff_a.pk]},
    )

    page = admin_client.get(f"/admin/consultations/staffmember/{staff_a.pk}/change/")

    assert page.status_code == 200
    assert "利用停止・役割の解除（管理 者）" in page.content.decode()
