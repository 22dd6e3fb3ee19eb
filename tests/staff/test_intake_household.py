"""The intake page records the household: rows without JavaScript (empty rows are skipped,
another row on request), a row's mistake beside its field with everything typed kept."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, HouseholdMember
from tests.html import visible_text
from tests.staff.test_intake import intake

pytestmark = pytest.mark.django_db


def rows(*members: dict[str, object], total: int = 3) -> dict[str, object]:
    data: dict[str, object] = {"household-TOTAL_FORMS": total, "household-INITIAL_FORMS": 0}
    for index in range(total):
        data[f"household-{index}-lives_together"] = "on"  # as drawn: ticked by default
    for index, member in enumerate(members):
        for name, value in member.items():
            data[f"household-{index}-{name}"] = value
        if not member.get("lives_together", True):
            del data[f"household-{index}-lives_together"]
    return data


MOTHER = {"relationship": "parent", "age_band": "80plus", "name": "谷原 ハナ"}
SISTER = {"relationship": "sibling", "age_band": "50s", "lives_together": False}


def test_it_offers_three_empty_household_rows(staff_a_client: Client) -> None:
    household = staff_a_client.get("/staff/cases/new/").context["household"]
    assert len(household.forms) == 3


def test_it_records_an_8050_household_and_skips_empty_rows(staff_a_client: Client) -> None:
    data = intake(person_age_band="50s", household_type="derive") | rows(
        MOTHER, {**SISTER, "is_key_person": "on"}
    )
    response = staff_a_client.post("/staff/cases/new/", data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.household_type == Case.HouseholdType.EIGHTY_FIFTY
    members = list(case.household_members.all())
    assert [(m.relationship, m.lives_together, m.is_key_person) for m in members] == [
        ("parent", True, False),
        ("sibling", False, True),
    ]
    assert members[0].name == "谷原 ハナ"
    page = visible_text(staff_a_client.get(f"/staff/cases/{case.number}/"))
    assert "8050世帯（高齢の親と中高年の子）" in page
    assert "谷原ハナ" in page  # (visible_text drops spaces)
    assert "キーパーソン" in page


def test_a_row_without_a_relationship_is_refused_beside_it_with_everything_kept(
    staff_a_client: Client,
) -> None:
    data = intake() | rows({"age_band": "80plus", "name": "谷原 ハナ"})
    response = staff_a_client.post("/staff/cases/new/", data)

    assert response.status_code == 400
    assert not Case.objects.exists()
    assert not HouseholdMember.objects.exists()
    row = response.context["household"].forms[0]
    assert row.errors["relationship"] == [
        "続柄を選んでください（この行を使わないときは、すべて空にしてください）。"
    ]
    html = response.content.decode()
    assert 'value="谷原 ハナ"' in html
    assert "母（82歳）と同居の兄（54歳）" in html


def test_another_row_is_added_without_javascript_and_nothing_typed_is_lost(
    staff_a_client: Client,
) -> None:
    data = intake() | rows(MOTHER, SISTER, {"relationship": "child"}) | {"add_member_row": "1"}
    response = staff_a_client.post("/staff/cases/new/", data)

    assert response.status_code == 200
    assert not Case.objects.exists()
    household = response.context["household"]
    assert len(household.forms) == 4
    assert household.forms[0]["name"].value() == "谷原 ハナ"
    assert household.forms[1]["lives_together"].value() in (False, None, "")
    form = response.context["form"]
    assert not form.errors  # nothing is checked yet: the intake is not being saved
    assert form["main_concern"].value().startswith("母（82歳）")

    # …and the page posted again with the fourth row filled in saves all four.
    data = data | rows(MOTHER, SISTER, {"relationship": "child"}, MOTHER, total=4)
    del data["add_member_row"]
    staff_a_client.post("/staff/cases/new/", data)
    assert Case.objects.get().household_members.count() == 4


def test_an_intake_posted_without_household_rows_records_none(
    staff_a: User, staff_a_client: Client
) -> None:
    response = staff_a_client.post("/staff/cases/new/", intake())
    assert response.status_code == 302
    assert not HouseholdMember.objects.exists()
    assert Case.objects.get().household_type == ""
