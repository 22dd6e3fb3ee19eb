import pytest
from django.test import Client

from tests.factories import ActionItemFactory
from tests.html import visible_text


@pytest.mark.django_db
def test_each_driving_force_has_its_own_page(plan: object, client: Client) -> None:
    response = client.get("/forces/network/")

    text = visible_text(response)
    assert response.status_code == 200
    assert "推進力2" in text
    assert "「ねりま社会福祉法人等のネット」" in text
    assert "区内には、65の社会福祉法人が運営する100か所を超える" in text


@pytest.mark.django_db
def test_it_lists_the_action_items_the_force_takes_part_in(plan: object, client: Client) -> None:
    nerizu = plan.driving_forces.get(slug="nerizu")
    mine = ActionItemFactory(pillar=plan.pillars.get(number=3), title="見守り活動")
    mine.driving_forces.add(nerizu)
    ActionItemFactory(pillar=plan.pillars.get(number=3), title="ほかの推進力の取組")

    text = visible_text(client.get("/forces/nerizu/"))

    assert "見守り活動" in text
    assert "ほかの推進力の取組" not in text


@pytest.mark.django_db
def test_an_unknown_driving_force_is_a_404(plan: object, client: Client) -> None:
    assert client.get("/forces/unknown/").status_code == 404


@pytest.mark.django_db
def test_the_list_page_introduces_the_three_forces(plan: object, client: Client) -> None:
    text = visible_text(client.get("/forces/"))

    assert "これらを地域福祉活動計画の「3つの推進力」と位置づけ" in text
    for name in ("ネリーズ", "ねりま社会福祉法人等のネット", "地域福祉コーディネーター"):
        assert name in text
