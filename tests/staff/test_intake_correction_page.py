"""The correction page: the intake as it stands, a reason required (its message beside the
field, everything typed kept), the history page showing who, when, why and the old values;
a colleague who may see the case but not correct it is refused with 403."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultations.models import Case, Category, HouseholdMember, IntakeCorrection
from tests.conftest import client_for
from tests.html import visible_text

pytestmark = pytest.mark.django_db

REASON = "相談者は本人ではなく、別居の姉でした。"


@pytest.fixture
def supervisor_client(supervisor_a: User) -> Client:
    return client_for(supervisor_a)


def correction(case: Case, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "channel": case.channel,
        "came_from": case.came_from,
        "district": case.district_id or "",
        "categories": [c.pk for c in case.categories.all()],
        "main_concern": case.main_concern,
        "household_type": case.household_type,
        "reason": REASON,
        "household-TOTAL_FORMS": 0,
        "household-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_shows_the_intake_as_it_stands(a_case: Case, supervisor_client: Client) -> None:
    HouseholdMember.objects.create(case=a_case, relationship="parent", age_band="80plus")
    response = supervisor_client.get(f"/staff/cases/{a_case.number}/intake/correct/")

    assert response.status_code == 200
    form = response.context["form"]
    assert form["came_from"].value() == "self"
    assert form["main_concern"].value() == a_case.main_concern
    household = response.context["household"]
    assert household.forms[0]["relationship"].value() == "parent"
    assert len(household.forms) == 4  # the member and three empty rows


def test_a_supervisor_corrects_and_the_history_shows_who_when_why(
    a_case: Case, supervisor_a: User, supervisor_client: Client
) -> None:
    url = f"/staff/cases/{a_case.number}/intake/correct/"
    response = supervisor_client.post(
        url,
        correction(
            a_case,
            came_from="family",
            categories=[Category.objects.get(slug="8050").pk],
            **{
                "household-TOTAL_FORMS": 1,
                "household-0-relationship": "sibling",
                "household-0-age_band": "50s",
                "household-0-is_key_person": "on",
            },
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{a_case.number}/intake/history/"
    a_case.refresh_from_db()
    assert a_case.came_from == "family"
    assert IntakeCorrection.objects.get().user == supervisor_a
    history = visible_text(supervisor_client.get(response["Location"]))
    assert "主任A" in history
    assert REASON in history
    assert "相談者本人家族" in history  # field, before, after (visible_text drops spaces)
    assert "相談分類生活困窮8050問題" in history
    assert "世帯員を追加" in history
    assert timezone.localtime().strftime("%Y年%-m月%-d日") in history


def test_a_correction_without_a_reason_says_so_beside_the_field_and_keeps_the_input(
    a_case: Case, supervisor_client: Client
) -> None:
    response = supervisor_client.post(
        f"/staff/cases/{a_case.number}/intake/correct/",
        correction(a_case, reason="", main_concern="直した主訴の本文"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["訂正の理由を書いてください。"]
    assert "直した主訴の本文" in response.content.decode()
    a_case.refresh_from_db()
    assert a_case.main_concern != "直した主訴の本文"
    assert not IntakeCorrection.objects.exists()


def test_a_correction_that_changes_nothing_is_explained(
    a_case: Case, supervisor_client: Client
) -> None:
    response = supervisor_client.post(
        f"/staff/cases/{a_case.number}/intake/correct/", correction(a_case)
    )
    assert response.status_code == 400
    assert "訂正する項目がありません。" in response.content.decode()


def test_the_assigned_staff_sees_the_link_within_a_day_and_not_after(
    a_case: Case, staff_a_client: Client
) -> None:
    link = f"/staff/cases/{a_case.number}/intake/correct/"
    assert link in staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()

    Case.objects.filter(pk=a_case.pk)._sanctioned_update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    assert link not in staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    assert staff_a_client.get(link).status_code == 403
    assert staff_a_client.post(link, correction(a_case, came_from="family")).status_code == 403
    a_case.refresh_from_db()
    assert a_case.came_from == "self"


def test_a_colleague_is_refused_and_staff_of_another_team_get_404(
    a_case: Case, staff_a2: User, staff_b: User
) -> None:
    url = f"/staff/cases/{a_case.number}/intake/correct/"
    assert client_for(staff_a2).post(url, correction(a_case, came_from="family")).status_code == 403
    assert client_for(staff_b).get(url).status_code == 404
    assert (
        client_for(staff_b).get(f"/staff/cases/{a_case.number}/intake/history/").status_code == 404
    )
    a_case.refresh_from_db()
    assert a_case.came_from == "self"
