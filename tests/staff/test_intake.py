"""Fast intake: one page, defaults filled in, the person searched for before one is created,
and nothing typed lost when something is missing."""

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultations.models import Case, Category, Person
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.html import visible_text
from tests.staff.conftest import team
from tests.staff.searches import find_person

pytestmark = pytest.mark.django_db

CONCERN = "母（82歳）と同居の兄（54歳）がひきこもり。家賃の滞納が3か月。"


def intake(**changes: object) -> dict[str, object]:
    data = {
        "received_on": timezone.localdate().isoformat(),
        "channel": Case.Channel.PHONE,
        "came_from": Case.CameFrom.FAMILY,
        "district": "",
        "categories": [Category.objects.get(slug="8050").pk],
        "main_concern": CONCERN,
        "urgency": Case.Urgency.NORMAL,
        "confidentiality": Case.Confidentiality.NORMAL,
        "team": team("jiritsu").pk,
        "primary_staff": "",
        "secondary_staff": "",
        "person_name": "谷原 一郎",
        "person_kana": "たにはら いちろう",
        "person_phone": "090-1234-5678",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_fills_in_today_me_and_my_team(staff_a: User, staff_a_client: Client) -> None:
    form = staff_a_client.get("/staff/cases/new/").context["form"]

    assert form["received_on"].value() == timezone.localdate()
    assert form["primary_staff"].value() == staff_a.pk
    assert form["team"].value() == team("jiritsu").pk


def test_it_records_a_case_and_a_new_person(staff_a: User, staff_a_client: Client) -> None:
    response = staff_a_client.post("/staff/cases/new/", intake(primary_staff=staff_a.pk))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{case.number}/"
    assert case.main_concern == CONCERN
    assert case.person.name == "谷原 一郎"
    assert case.person.kana == "たにはら いちろう"
    assert list(case.categories.values_list("slug", flat=True)) == ["8050"]
    assert case.primary_staff == staff_a


def test_it_records_an_anonymous_case_when_no_person_field_is_filled(
    staff_a_client: Client,
) -> None:
    staff_a_client.post(
        "/staff/cases/new/", intake(person_name=None, person_kana=None, person_phone=None)
    )
    assert Case.objects.get().person is None
    assert not Person.objects.exists()


def test_it_keeps_everything_typed_when_a_required_field_is_missing(
    staff_a_client: Client,
) -> None:
    response = staff_a_client.post("/staff/cases/new/", intake(channel=""))

    assert response.status_code == 400
    assert not Case.objects.exists()
    html = response.content.decode()
    assert CONCERN in html
    assert 'value="谷原 一郎"' in html
    assert 'value="090-1234-5678"' in html
    # The message sits next to the field and is tied to it; the summary links to it.
    assert 'id="id_channel_error"' in html
    assert 'aria-describedby="id_channel_error"' in html
    assert 'href="#id_channel"' in html
    assert "このフィールドは必須です。" in visible_text(response)


def test_it_finds_an_existing_person_by_kana_phone_or_birth_date(
    staff_a: User, staff_a_client: Client
) -> None:
    known = CaseFactory(
        primary_staff=staff_a,
        person=PersonFactory(kana="ヤマダ ハナコ", phone="03-1111-2222", birth_date="1950-04-01"),
    ).person

    for terms in ({"kana": "やまだ"}, {"phone": "0311112222"}, {"birth_date": "1950-04-01"}):
        response = find_person(staff_a_client, **terms)
        assert [person.pk for person in response.context["matches"]] == [known.pk], terms


def test_it_does_not_find_persons_of_cases_the_user_may_not_see(
    staff_b: User, staff_a_client: Client
) -> None:
    CaseFactory(
        primary_staff=staff_b, team=team("shikin"), person=PersonFactory(kana="ひみつ たろう")
    )

    response = find_person(staff_a_client, kana="ひみつ")

    assert response.context["matches"] == []
    assert "ひみつ たろう" not in visible_text(response)


def test_it_opens_the_case_for_the_person_chosen_from_the_results(
    staff_a: User, staff_a_client: Client
) -> None:
    known = CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="やまだ はなこ")).person

    results = find_person(staff_a_client, kana="やまだ")
    chosen = f"{results.request['PATH_INFO']}?{results.request['QUERY_STRING']}&person={known.pk}"
    page = staff_a_client.get(chosen)
    assert "やまだ はなこ" in page.content.decode()
    response = staff_a_client.post(
        chosen,
        intake(person=known.pk, person_name=None, person_kana=None, person_phone=None),
    )

    assert response.status_code == 302
    assert Case.objects.order_by("-pk").first().person == known
    assert Person.objects.count() == 1
