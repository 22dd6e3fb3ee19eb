"""Every way in, for every persona, with and without the second factor of this session.

The access matrix (tests/test_access_matrix.py) holds every URL against sessions that did or
did not check a second factor. This file shows how sessions come about through each login
path — allauth's form, the admin's login form, enrolling an authenticator — and that only a
session that checked the code reaches case data:

    path                               | staff with TOTP     | staff without TOTP | others
    /accounts/login/ password only     | not signed in       | signed in, no data | as usual
    /accounts/login/ password + code   | case data (if rule) | —                  | —
    /admin/login/ POST password        | not signed in (the admin form hands over to allauth)
    enrol TOTP through allauth's page  | —                   | case data (rule)   | —
"""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import User
from accounts.roles import COORDINATOR, SUPERVISOR, SYSTEM_ADMIN
from consultations.models import Case
from tests.conftest import PASSWORD
from tests.consultations.conftest import TEAM_A, TOTP_SECRET, make_staff
from tests.consultations.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

MARKER = "LOGINPATH主訴"


def totp_code(secret: str, *, ahead: int = 0) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + ahead))


@pytest.fixture
def people(sample_data: object) -> dict[str, User]:
    coordinator = User.objects.create_user(
        "lp-coordinator@example.jp", PASSWORD, name="コーディネーター", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    users = {
        "staff": make_staff("lp-staff@example.jp", "担当", team=TEAM_A),
        "supervisor": make_staff(
            "lp-super@example.jp", "主任", role=SUPERVISOR, team=TEAM_A, supervisor=True
        ),
        "system_admin": make_staff("lp-admin@example.jp", "管理", role=SYSTEM_ADMIN),
        "staff_without_totp": make_staff("lp-nototp@example.jp", "未設定", team=TEAM_A, mfa=False),
        "coordinator": coordinator,
        "resident": User.objects.create_user("lp-resident@example.jp", PASSWORD, name="住民"),
    }
    for user in users.values():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return users


@pytest.fixture
def case(people: dict[str, User]) -> Case:
    return CaseFactory(
        confidentiality=Case.Confidentiality.RESTRICTED,
        primary_staff=people["staff"],
        main_concern=f"{MARKER} の本文",
        person=PersonFactory(name="LOGINPATH氏名"),
    )


def case_data_reached(client: Client, case: Case) -> bool:
    """Any of the doors to case data opens: the workspace, the inquiries, the case admin."""
    doors = [
        f"/staff/cases/{case.number}/",
        "/staff/cases/",
        "/admin/consultations/inquiry/",
        "/admin/consultations/case/",
        f"/admin/consultations/case/{case.pk}/change/",
    ]
    reached = False
    for door in doors:
        response = client.get(door)
        body = response.content.decode() + response.get("Location", "")
        assert response.status_code != 500, door
        number_shown = case.number in body and case.number not in door
        if MARKER in body or "LOGINPATH氏名" in body or number_shown:
            reached = True
    return reached


def password_login(client: Client, user: User, path: str = "/accounts/login/"):
    return client.post(path, {"login": user.email, "password": PASSWORD})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("persona", ["staff", "supervisor", "system_admin"])
def test_a_password_alone_stops_at_the_second_factor(
    people: dict[str, User], case: Case, persona: str
) -> None:
    client = Client()

    response = password_login(client, people[persona])

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert not signed_in(client)
    assert not case_data_reached(client, case)


@pytest.mark.parametrize(
    ("persona", "reaches"), [("staff", True), ("supervisor", True), ("system_admin", False)]
)
def test_the_password_and_the_code_open_what_the_rule_allows(
    people: dict[str, User], case: Case, persona: str, reaches: bool
) -> None:
    client = Client()
    password_login(client, people[persona])

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})

    assert response.status_code == 302
    assert signed_in(client)
    # 管理者 sees cases only through the break-glass reason form, never straight away.
    assert case_data_reached(client, case) is reaches


@pytest.mark.parametrize(
    "persona",
    ["staff", "supervisor", "system_admin", "staff_without_totp", "coordinator", "resident"],
)
def test_the_admin_login_form_checks_no_password_and_hands_over_to_allauth(
    people: dict[str, User], case: Case, persona: str
) -> None:
    client = Client()

    page = client.get("/admin/login/?next=/admin/")
    response = password_login(client, people[persona], path="/admin/login/?next=/admin/")

    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/?next=")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not signed_in(client)
    assert not case_data_reached(client, case)


def test_many_wrong_passwords_on_the_admin_form_never_sign_in(
    people: dict[str, User], case: Case
) -> None:
    client = Client()
    for attempt in range(15):
        password_login(client, people["staff"], path="/admin/login/")
        client.post("/admin/login/", {"username": people["staff"].email, "password": f"x{attempt}"})

    assert not signed_in(client)
    assert not case_data_reached(client, case)


def test_wrong_passwords_through_the_admin_count_toward_the_one_lockout(
    people: dict[str, User],
) -> None:
    """The admin's login is allauth's: five failures there lock the account everywhere."""
    client = Client()
    login_page = client.get("/admin/login/", follow=True)
    form_url = login_page.redirect_chain[-1][0]
    for attempt in range(5):
        client.post(form_url, {"login": people["staff"].email, "password": f"wrong-{attempt}"})

    response = client.post(form_url, {"login": people["staff"].email, "password": PASSWORD})

    assert response.status_code in (200, 429)
    assert "ログイン失敗が連続しています" in response.content.decode()
    assert not signed_in(client)


def test_staff_without_totp_signs_in_but_reaches_no_case_data(
    people: dict[str, User], case: Case
) -> None:
    client = Client()

    response = password_login(client, people["staff_without_totp"])

    assert response.status_code == 302
    assert signed_in(client)
    assert client.get("/staff/")["Location"].startswith("/accounts/2fa/")
    assert not case_data_reached(client, case)


@pytest.mark.django_db(transaction=True)  # allauth signals the enrolment on commit
def test_enrolling_totp_through_allauth_counts_as_passing_it_in_that_session(
    migration_rows: None, people: dict[str, User], case: Case
) -> None:
    user = people["staff_without_totp"]
    case.primary_staff = user
    case.save()
    client = Client()
    password_login(client, user)
    # allauth asks for the password once more before an authenticator is added.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    activate = client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert activate.status_code == 200
    assert response.status_code == 302
    assert case_data_reached(client, case)


def test_a_session_from_before_the_enrolment_must_enter_the_code(
    people: dict[str, User], case: Case
) -> None:
    """Signed in in one browser, enrolled in another: the first session has proved nothing."""
    from tests.consultations.conftest import enrol_totp

    user = people["staff_without_totp"]
    case.primary_staff = user
    case.save()
    old_session = Client()
    password_login(old_session, user)
    enrol_totp(user)

    response = old_session.get("/staff/")

    assert re.match(r"^/accounts/2fa/reauthenticate/", response["Location"])
    assert not case_data_reached(old_session, case)

    code = old_session.post("/accounts/2fa/reauthenticate/", {"code": totp_code(TOTP_SECRET)})
    assert code.status_code == 302
    assert case_data_reached(old_session, case)
